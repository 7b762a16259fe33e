"""Structured JSON logs that carry a correlation id from the gateway to services and events.

The correlation id lives in a context variable (greenlet- and thread-local), set by the gateway per
request, by `CorrelationId` per nameko worker, and carried across RPC and events in nameko's context
data. Log calls pass identifiers only: never names, SSNs, DOBs or free text about a client.
"""
from __future__ import annotations

import contextvars
import logging
import sys
import uuid

from pythonjsonlogger.json import JsonFormatter

CORRELATION_KEY = "correlation_id"
_correlation_id: contextvars.ContextVar[str | None] = contextvars.ContextVar(CORRELATION_KEY, default=None)


def current_correlation_id() -> str | None:
    return _correlation_id.get()


def bind_correlation_id(value: str | None) -> str:
    """Make `value` (or a fresh id) the correlation id of the current request or worker."""
    value = value or uuid.uuid4().hex
    _correlation_id.set(value)
    return value


class _CorrelationFilter(logging.Filter):
    def __init__(self, component: str):
        super().__init__()
        self.component = component

    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = _correlation_id.get()
        record.component = self.component
        return True


def configure(component: str, level: str = "INFO") -> None:
    """Send every log record to stdout as one JSON object a line."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(
        JsonFormatter(
            "%(asctime)s %(levelname)s %(name)s %(message)s %(component)s %(correlation_id)s",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    )
    handler.addFilter(_CorrelationFilter(component))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Library chatter at INFO would drown the services' own lines.
    for noisy in ("pika", "kombu", "amqp", "nameko", "werkzeug", "alembic", "urllib3"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # nameko logs a domain error it was told to expect (a 404, a 422) as a warning with a traceback.
    logging.getLogger("nameko.containers").setLevel(logging.ERROR)
