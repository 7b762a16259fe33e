"""The one event envelope every service publishes and consumes, and the event types that fill it.

Routing key = event type = `<service>.<entity>.<verb>` (e.g. `clients.client.changed`). Each type carries
the marshmallow schema of its payload and that schema's version, the envelope's `schema_version`
(`EventType`); a service's contract (`<service>/contract/events.py`) declares the types it publishes, and
`hmis_platform.catalogue` lists them all. Consumers ignore fields they do not know.

The envelope is built here, in Python (`Event`) and in SQL (`envelope_sql`, for events a bulk write
builds in the database), so both carry the same fields.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from marshmallow import EXCLUDE, Schema, fields, validate

EVENT_TYPE_PATTERN = r"^[a-z_]+\.[a-z_]+\.[a-z_]+$"
# The bound parameter an envelope built in SQL reads its correlation id from.
CORRELATION_PARAM = "correlation"


class EventType(str):
    """An event type: its routing key, with the schema of its payload (`payload`, a marshmallow Schema
    class), that schema's version and when it is published (`doc`, for the catalogue). It is the routing
    key itself (a str), so consumers bind to it and compare it as before."""

    payload: type[Schema]
    version: int
    doc: str

    def __new__(cls, name: str, payload: type[Schema], doc: str, version: int = 1) -> EventType:
        event_type = super().__new__(cls, name)
        event_type.payload, event_type.version, event_type.doc = payload, version, doc
        return event_type

    @property
    def source(self) -> str:
        """The service that publishes it."""
        return self.split(".", 1)[0]

    def check(self, data: dict) -> None:
        """Raise ValueError unless `data` is a payload its schema loads (no field it does not name)."""
        problems = self.payload().validate(data)
        if problems:
            raise ValueError(f"a {self} payload breaks its schema (version {self.version}): {problems}")


class EnvelopeSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    event_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.Regexp(EVENT_TYPE_PATTERN))
    occurred_at = fields.AwareDateTime(required=True, default_timezone=timezone.utc)
    source = fields.String(required=True)
    schema_version = fields.Integer(required=True, validate=validate.Range(min=1))
    correlation_id = fields.String(allow_none=True, load_default=None)
    data = fields.Dict(required=True)


@dataclass(frozen=True)
class Event:
    event_id: uuid.UUID
    type: str
    occurred_at: datetime
    source: str
    schema_version: int
    data: dict
    correlation_id: str | None = None

    @classmethod
    def new(cls, type: str, source: str, data: dict, schema_version: int = 1,
            correlation_id: str | None = None) -> "Event":
        return cls(uuid.uuid4(), str(type), datetime.now(timezone.utc), source, schema_version, data, correlation_id)

    @classmethod
    def of(cls, event_type: EventType, data: dict, correlation_id: str | None = None) -> "Event":
        """A new event of a declared type, its payload checked against the type's schema."""
        event_type.check(data)
        return cls.new(event_type, event_type.source, data, event_type.version, correlation_id)

    @classmethod
    def load(cls, body: dict) -> "Event":
        return cls(**EnvelopeSchema().load(body))

    def dump(self) -> dict:
        return EnvelopeSchema().dump(self)


def envelope_sql(event_type: EventType, data_sql: str, event_id_sql: str = "event_id",
                 occurred_at_sql: str = "clock_timestamp()") -> str:
    """A PostgreSQL expression of the envelope `Event.of(event_type, data).dump()` would give, as json:
    `data_sql` is the payload's json expression, `event_id_sql` the event's uuid, `occurred_at_sql` when it
    occurred (a timestamptz; by default now), and the correlation id is the bound parameter
    CORRELATION_PARAM. Built as json text, which the outbox stores as it is (several times faster than
    building jsonb field by field, and than parsing it). The payload is not checked: tests load such
    envelopes through their schemas."""
    return f"""json_build_object(
        'event_id', {event_id_sql}, 'type', '{event_type}', 'source', '{event_type.source}',
        'schema_version', {event_type.version},
        'occurred_at', to_char(({occurred_at_sql}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
        'correlation_id', %({CORRELATION_PARAM})s::text, 'data', {data_sql})"""


def published(module) -> list[EventType]:
    """The event types a contract's events module declares (as constants, or in a dict of them), in the
    order it declares them."""
    found: list[EventType] = []
    for value in vars(module).values():
        for candidate in value.values() if isinstance(value, dict) else (value,):
            if isinstance(candidate, EventType) and candidate not in found:
                found.append(candidate)
    return found
