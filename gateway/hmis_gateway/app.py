"""The Flask app factory."""
from __future__ import annotations

import logging
import time

from flask import Flask, g, jsonify, request
from kombu import Connection

from consent.contract.rules import MAX_FORM_BYTES
from hmis_gateway import errors, headers, openapi, routes, web_app
from hmis_gateway.client_address import trusted_networks
from hmis_gateway.guard import Gateway, current_gateway, public
from hmis_gateway.parameters import refuse_unstorable_text
from hmis_gateway.policy import engine_from_env
from hmis_gateway.schemas import HealthSchema, ReadinessSchema
from hmis_gateway.rpc import RpcPool
from hmis_kit import config, logs
from hmis_kit.db import make_engine

log = logging.getLogger("gateway.access")
CORRELATION_HEADER = "X-Correlation-ID"
# The largest JSON body taken: room for a signed form (base64, 4/3 of its bytes) several times over the
# consent rule's limit, so a form too large is told so by that rule (422, naming it), and a body no form
# explains is refused (413) before it is read.
JSON_BODY_LIMIT = 8 * MAX_FORM_BYTES
PROBE_INPUT = {"principal": None, "action": "system:probe", "resource": {}, "purpose": None, "break_glass_reason": None}


def create_app(settings: config.Settings | None = None, collaborators: Gateway | None = None,
               clients_url: str | None = None) -> Flask:
    """Build the gateway. Tests may pass their own collaborators (a real engine on a test database).
    `clients_url`: where the clients service's own HTTP port answers, for uploads (hmis_gateway.uploads)."""
    settings = settings or config.load()
    app = Flask(__name__, static_folder=None)  # the web app's files: web_app.py
    app.json.sort_keys = False
    app.config["CLIENTS_URL"] = clients_url
    app.config["MAX_CONTENT_LENGTH"] = JSON_BODY_LIMIT  # 413 past it; a route may take more (RouteDoc.body_limit)
    app.extensions["hmis"] = collaborators or Gateway(
        engine=make_engine(settings.database_url("gateway"), settings.db_pool("gateway")),
        rpc=RpcPool(settings.nameko_config()),
        policy=engine_from_env(),
        trusted_proxies=trusted_networks(settings.trusted_proxies),
    )
    routes.register(app)
    errors.register(app)
    _register_operations(app)
    web_app.register(app)

    @app.before_request
    def start_request():
        g.started = time.perf_counter()
        logs.bind_correlation_id(request.headers.get(CORRELATION_HEADER))
        refuse_unstorable_text()

    @app.after_request
    def finish_request(response):
        response.headers[CORRELATION_HEADER] = logs.current_correlation_id() or ""
        headers.secure(response, current_gateway().trusted_proxies)
        # The route pattern, not the URL: ids in paths stay out of the logs.
        log.info("request", extra={"method": request.method, "route": str(request.url_rule or "-"),
                                   "status": response.status_code,
                                   "ms": round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 1)})
        return response

    return app


def _register_operations(app: Flask) -> None:
    @app.get("/health")
    @public("The gateway process answers", returns=HealthSchema, tags=("operations",))
    def health():
        return jsonify({"status": "ok", "service": "gateway"})

    @app.get("/ready")
    @public("The gateway's database, the broker and the policy engine answer", returns=ReadinessSchema,
            answers={503: ReadinessSchema}, tags=("operations",))
    def ready():
        gw = current_gateway()
        checks = {}
        for name, check in (("database", lambda: gw.engine.connect().close()),
                            ("broker", lambda: _broker_ping(gw)),
                            ("policy_engine", lambda: gw.policy.decide(PROBE_INPUT))):
            try:
                check()
                checks[name] = "ok"
            except Exception as error:  # noqa: BLE001 - any failure means not ready
                checks[name] = type(error).__name__
        ok = all(value == "ok" for value in checks.values())
        return jsonify({"status": "ready" if ok else "not_ready", "checks": checks}), 200 if ok else 503

    @app.get("/openapi.json")
    @public("This API's OpenAPI 3 document", returns={"type": "object"}, tags=("operations",))
    def openapi_document():
        return jsonify(openapi.build(app))


def _broker_ping(gw: Gateway) -> None:
    with Connection(gw.rpc.amqp_uri, connect_timeout=2) as connection:
        connection.ensure_connection(max_retries=1)
