"""Domain errors that cross nameko RPC intact, each with a machine-readable code.

`deserialize_to_instance` makes the gateway's RPC proxy raise the same class the service raised, so
the gateway maps them to HTTP in one table (gateway/errors.py) instead of parsing strings.
"""
from __future__ import annotations

import uuid

import sqlalchemy.exc
from kombu.exceptions import OperationalError as BrokerError
from nameko.exceptions import deserialize_to_instance
from pika.exceptions import AMQPConnectionError


class HmisError(Exception):
    code = "error"

    def __init__(self, message: str = "", fields: dict | None = None):
        super().__init__(message, fields or {})
        self.message = message
        self.fields = fields or {}

    def to_dict(self) -> dict:
        body: dict = {"error": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        return body


@deserialize_to_instance
class ValidationFailed(HmisError):
    """Input broke a rule; `fields` maps each offending field to the rules it broke."""

    code = "validation"


@deserialize_to_instance
class NotFound(HmisError):
    code = "not_found"


@deserialize_to_instance
class Conflict(HmisError):
    code = "conflict"


@deserialize_to_instance
class AuthenticationFailed(HmisError):
    code = "unauthenticated"


@deserialize_to_instance
class AgencyNotActive(HmisError):
    """The caller proved who they are, but their agency is not active in the trust network: refused at
    login and on every request. `reasons` holds the policy's code for the same rule, so every 403 names
    its reasons in one place."""

    code = "agency_not_active"

    def to_dict(self) -> dict:
        return {**super().to_dict(), "reasons": [self.code]}


@deserialize_to_instance
class TooManyAttempts(HmisError):
    """Refused unevaluated: too many failed attempts from where this one came; retry after the given seconds."""

    code = "too_many_attempts"

    def __init__(self, message: str = "", fields: dict | None = None, retry_after_seconds: int = 1):
        super().__init__(message, fields)
        self.retry_after_seconds = retry_after_seconds
        self.args = (message, self.fields, retry_after_seconds)  # what crosses RPC rebuilds the same error


@deserialize_to_instance
class Unavailable(HmisError):
    """A dependency (policy engine, broker, database, service) did not answer: retry later."""

    code = "unavailable"


# The database or the broker failing (down, unreachable, or every pooled connection busy past the pool's
# timeout): the request was not wrong and may succeed later, so its caller hears Unavailable, never a crash.
# psycopg2's own OperationalError reaches us wrapped in SQLAlchemy's.
INFRASTRUCTURE_ERRORS = (sqlalchemy.exc.OperationalError, sqlalchemy.exc.InterfaceError, sqlalchemy.exc.TimeoutError,
                         BrokerError, AMQPConnectionError, ConnectionError, TimeoutError)

EXPECTED_ERRORS = (ValidationFailed, NotFound, Conflict, AuthenticationFailed, AgencyNotActive, TooManyAttempts)
# Each as an HTTP answer: the gateway's, and a service's own HTTP entrypoints' (an upload streamed to one).
HTTP_STATUS = {ValidationFailed: 422, NotFound: 404, Conflict: 409, AuthenticationFailed: 401, AgencyNotActive: 403,
               TooManyAttempts: 429}


def from_answer(body: dict) -> HmisError:
    """The error an HTTP answer's body (`to_dict`) describes, to raise again where it was asked for."""
    error = next((kind for kind in EXPECTED_ERRORS if kind.code == body.get("error")), HmisError)
    return error(body.get("message", ""), body.get("fields"))


def load_or_fail(schema, data) -> dict:
    """Validate `data` with a marshmallow schema; on failure raise ValidationFailed naming each field."""
    from marshmallow import ValidationError

    if not isinstance(data, dict):
        raise ValidationFailed("request body must be a JSON object", {"_schema": ["must be an object"]})
    try:
        return schema.load(data)
    except ValidationError as error:
        raise ValidationFailed("input breaks the rules named in fields", error.messages) from None


def parse_id(value, field: str) -> uuid.UUID:
    """An id from outside; a malformed one cannot name any record, so it is simply not found."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise NotFound("no such record", {field: ["not a valid id"]}) from None
