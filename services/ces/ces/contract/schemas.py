"""Coordinated Entry response schemas."""
from marshmallow import Schema, fields


class QueueEntrySchema(Schema):
    id = fields.UUID()
    client_id = fields.UUID()
    agency_id = fields.UUID()
    priority_score = fields.Integer()
    status = fields.String()
    added_at = fields.AwareDateTime()
