"""Serve the gateway on eventlet's WSGI server (the process is monkey-patched by hmis_platform.serve)."""
import eventlet
import eventlet.wsgi

from hmis_gateway.app import create_app
from hmis_kit import config, logs


def serve(port: int) -> None:
    """Answer the API on `port` (the platform's, shifted by HMIS_PORT_OFFSET) until the process ends."""
    settings = config.load()
    logs.configure("gateway", settings.log_level)
    app = create_app(settings)
    listener = eventlet.listen((settings.http_host, settings.http_port(port)))
    # eventlet's own access log would print full URLs; the app logs route patterns instead.
    eventlet.wsgi.server(listener, app, log_output=False, max_size=1000)
