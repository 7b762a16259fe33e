"""HTTP routes, one blueprint per area, all under /api/v1."""
from flask import Flask

from hmis_gateway.routes import auth, ces, clients, compliance, consent, data_quality, duplicates, hud, hud_forms, \
    imports, network, projects, reports, system, training

# hud before clients: /clients/search must not be taken for a client id.
BLUEPRINTS = (auth.bp, network.bp, hud.bp, clients.bp, consent.bp, reports.bp, compliance.bp, system.bp,
              training.bp, ces.bp, projects.bp, imports.bp, duplicates.bp, data_quality.bp, hud_forms.bp)
API_PREFIX = "/api/v1"


def register(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint, url_prefix=API_PREFIX)
