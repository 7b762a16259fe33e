"""Client request and response schemas: the clients service's contract (and its OpenAPI shapes)."""
from datetime import date

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

EARLIEST_DOB = date(1900, 1, 1)


def _plausible_birth_date(value: date) -> None:
    if value > date.today():
        raise ValidationError("must not be in the future")
    if value < EARLIEST_DOB:
        raise ValidationError(f"must be on or after {EARLIEST_DOB.isoformat()}")


class ClientCreateSchema(Schema):
    # An agency_id in the body is dropped: a client belongs to the agency of whoever records it.
    class Meta:
        unknown = EXCLUDE

    first_name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    last_name = fields.String(required=True, validate=validate.Length(min=1, max=50))
    dob = fields.Date(allow_none=True, load_default=None, validate=_plausible_birth_date,
                      metadata={"description": "date of birth, YYYY-MM-DD"})


class ClientSchema(Schema):
    id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    dob = fields.Date(allow_none=True)
    created_at = fields.AwareDateTime(required=True)
