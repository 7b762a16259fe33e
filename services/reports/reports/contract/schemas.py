"""Report request and response schemas."""
from marshmallow import Schema, fields

from hmis_kit.inputs import Input


class ClientCountQuerySchema(Input):
    agency_id = fields.UUID(load_default=None, allow_none=True,
                            metadata={"description": "the agency counted; default the caller's own"})


class AgencyClientCountSchema(Schema):
    agency_id = fields.UUID(required=True)
    clients = fields.Integer(required=True)
