"""Report response schemas."""
from marshmallow import Schema, fields


class AgencyClientCountSchema(Schema):
    agency_id = fields.UUID(required=True)
    clients = fields.Integer(required=True)
