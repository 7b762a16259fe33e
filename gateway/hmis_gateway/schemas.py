"""Schemas the gateway itself owns: decision-log queries and answers, and error bodies."""
from marshmallow import Schema, fields, validate

from hmis_kit.inputs import Input


class DecisionQuerySchema(Input):
    principal_id = fields.UUID()
    agency_id = fields.UUID()
    resource_id = fields.String(validate=validate.Length(max=100))
    action = fields.String(validate=validate.Length(max=100))
    allowed = fields.Boolean()
    since = fields.AwareDateTime()
    until = fields.AwareDateTime()
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class DecisionSchema(Schema):
    decision_id = fields.UUID()
    timestamp = fields.AwareDateTime()
    path = fields.String()
    input = fields.Dict()
    result = fields.Dict()
    revision = fields.String()
    allowed = fields.Boolean()
    reasons = fields.List(fields.String())
    action = fields.String()
    correlation_id = fields.String(allow_none=True)
    principal_kind = fields.String(allow_none=True)
    principal_id = fields.UUID(allow_none=True)
    agency_id = fields.UUID(allow_none=True)
    principal_name = fields.String(allow_none=True, metadata={"description": "the user's username or the API key's name"})
    agency_name = fields.String(allow_none=True)


class ErrorSchema(Schema):
    error = fields.String(required=True, metadata={"description": "machine-readable code"})
    message = fields.String()
    offending_fields = fields.Dict(data_key="fields", metadata={"description": "each offending field and the rules it broke"})
    reasons = fields.List(fields.String(), metadata={"description": "policy reason codes, on 403"})
    decision_id = fields.String()


class ClientRecordSchema(Schema):
    client = fields.Dict(metadata={"description": "the client record"})
    access_history = fields.List(fields.Dict(), metadata={"description": "every audited access, oldest first"})
