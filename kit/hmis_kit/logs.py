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


class WithheldError(Exception):
    """Stands in for a database error in logs: PostgreSQL puts offending values (a name, a DOB, an SSN)
    into its messages, so only the error's type and the traceback's frames are logged."""


def _is_database_error(error: BaseException | None) -> bool:
    seen = 0
    while error is not None and seen < 10:  # walk the cause chain, bounded
        if type(error).__module__.split(".")[0] in ("sqlalchemy", "psycopg2"):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


class _WithholdDatabaseErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if _is_database_error(error):
            withheld = WithheldError(f"{type(error).__module__}.{type(error).__name__}: message withheld")
            record.exc_info, record.exc_text = (WithheldError, withheld, record.exc_info[2]), None
        if record.args and any(isinstance(a, BaseException) and _is_database_error(a) for a in record.args):
            record.args = tuple(f"{type(a).__name__} (message withheld)" if isinstance(a, BaseException) else a
                                for a in record.args)
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
    handler.addFilter(_WithholdDatabaseErrors())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # Library chatter at INFO would drown the services' own lines.
    for noisy in ("pika", "kombu", "amqp", "nameko", "werkzeug", "alembic", "urllib3"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    # nameko logs a domain error it was told to expect (a 404, a 422) as a warning with a traceback.
    logging.getLogger("nameko.containers").setLevel(logging.ERROR)
