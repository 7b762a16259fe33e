"""What every nameko service has: its `rpc` entrypoint, health endpoints, a status RPC, the correlation id,
the runner."""
from __future__ import annotations

import json
import logging

import sqlalchemy as sa
from kombu import Connection
from nameko.extensions import DependencyProvider
from nameko.rpc import Rpc as NamekoRpc
from nameko.web.handlers import http

from hmis_kit import config, logs
from hmis_kit.errors import EXPECTED_ERRORS, HTTP_STATUS, INFRASTRUCTURE_ERRORS, HmisError, Unavailable
from hmis_kit.outbox import unpublished_count

log = logging.getLogger(__name__)


class Rpc(NamekoRpc):
    """nameko's RPC entrypoint expecting the kit's domain errors (`expected_exceptions` still overrides).

    Either way the caller gets the error back (the gateway maps it to 4xx); an expected one is a caller's
    mistake, which nameko logs as a warning instead of as a failure of the service.
    """

    def __init__(self, expected_exceptions=EXPECTED_ERRORS, **kwargs):
        super().__init__(expected_exceptions=expected_exceptions, **kwargs)

    def handle_result(self, message, worker_ctx, result, exc_info):
        # The service's database or broker failed: the caller hears Unavailable (the gateway's 503 with
        # Retry-After), not a RemoteError it could only answer as a crash. Its type alone is logged: a
        # failed statement's text may name the data it was about.
        if exc_info is not None and isinstance(exc_info[1], INFRASTRUCTURE_ERRORS):
            log.warning("dependency unavailable", extra={"error_type": type(exc_info[1]).__name__,
                                                         "method": worker_ctx.entrypoint.method_name})
            error = Unavailable("a database or broker this service needs is not answering; retry shortly")
            exc_info = (Unavailable, error, exc_info[2])
        return super().handle_result(message, worker_ctx, result, exc_info)


rpc = Rpc.decorator  # `@rpc` or `@rpc(...)` on a service method, as nameko's own


class CorrelationId(DependencyProvider):
    """Binds the caller's correlation id (or a new one) to each worker and passes it on."""

    def get_dependency(self, worker_ctx) -> str:
        # nameko injects dependencies in the worker's own greenthread, before the entrypoint runs.
        correlation_id = logs.bind_correlation_id(worker_ctx.data.get(logs.CORRELATION_KEY))
        worker_ctx.data[logs.CORRELATION_KEY] = correlation_id
        return correlation_id


def _json(status: int, body: dict):
    return status, {"Content-Type": "application/json"}, json.dumps(body)


def error_answer(error: HmisError):
    """A domain error as a service's own HTTP entrypoint answers it (`hmis_kit.errors.from_answer` reads it)."""
    return _json(HTTP_STATUS.get(type(error), 400), error.to_dict())


class ServiceBase:
    """Mixed into every service: `GET /health`, `GET /ready` on the service's own port, `status` RPC.

    Subclasses define `name` and `db = Database()` (hmis_kit.db), the database named like the service.
    """

    correlation_id = CorrelationId()

    @http("GET", "/health")
    def health(self, request):
        """Alive: the process answers."""
        return _json(200, {"status": "ok", "service": self.name})

    @http("GET", "/ready")
    def ready(self, request):
        """Ready: its database and the broker answer."""
        checks = {"database": "ok", "broker": "ok"}
        try:
            self.db.ping()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            checks["database"] = type(error).__name__
        try:
            with Connection(config.load().amqp_uri, connect_timeout=2) as connection:
                connection.ensure_connection(max_retries=1)
        except Exception as error:  # noqa: BLE001
            checks["broker"] = type(error).__name__
        ready = all(value == "ok" for value in checks.values())
        return _json(200 if ready else 503, {"status": "ready" if ready else "not_ready",
                                             "service": self.name, "checks": checks})

    @rpc
    def status(self) -> dict:
        """For operators through the gateway: schema revision and events not yet published."""
        with self.db.transaction() as session:
            revision = session.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            backlog = unpublished_count(session)
        return {"service": self.name, "schema_revision": revision, "outbox_backlog": backlog}


def run(service_cls, component: str, port: int) -> None:
    """Run one nameko service in this process until SIGTERM or Ctrl-C, its health endpoints on `port` (the
    platform's table names both)."""
    from nameko.cli.run import run as nameko_run

    settings = config.load()
    logs.configure(component, settings.log_level)
    log.info("starting", extra={"http": settings.http_port(port)})
    nameko_run([service_cls], settings.nameko_config(port))
