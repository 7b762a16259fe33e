"""The one event envelope every service publishes and consumes.

Routing key = event type = `<service>.<entity>.<verb>` (e.g. `clients.client.created`). Payload
schemas are versioned by `schema_version`; consumers ignore fields they do not know.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from marshmallow import EXCLUDE, Schema, fields, validate

EVENT_TYPE_PATTERN = r"^[a-z_]+\.[a-z_]+\.[a-z_]+$"


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
        return cls(uuid.uuid4(), type, datetime.now(timezone.utc), source, schema_version, data, correlation_id)

    @classmethod
    def load(cls, body: dict) -> "Event":
        return cls(**EnvelopeSchema().load(body))

    def dump(self) -> dict:
        return EnvelopeSchema().dump(self)
