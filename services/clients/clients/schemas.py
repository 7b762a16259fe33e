"""Client request and response schemas: the clients service's contract (and its OpenAPI shapes)."""
from datetime import date

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate, validates_schema

from clients.hud.spec import FILES, LISTS, Column

EARLIEST_DOB = date(1900, 1, 1)


def _not_future(value: date) -> None:
    if value > date.today():
        raise ValidationError("must not be in the future")


def _plausible_birth_date(value: date) -> None:
    _not_future(value)
    if value < EARLIEST_DOB:
        raise ValidationError(f"must be on or after {EARLIEST_DOB.isoformat()}")


def _hud_field(file: str, column: Column, required: bool) -> fields.Field:
    """A HUD column as a marshmallow field: a coded answer must be in its HUD list."""
    common = {"required": required, "allow_none": not required, "metadata": {"description": f"HUD {file}.{column.name}"}}
    if column.kind == "integer":
        allowed = validate.OneOf(sorted(LISTS[column.list_name])) if column.list_name else validate.Range(min=0)
        return fields.Integer(validate=allowed, **common)
    if column.kind == "date":
        return fields.Date(**common)
    if column.kind == "money":
        return fields.Decimal(places=2, as_string=True, validate=validate.Range(min=0), **common)
    return fields.String(validate=validate.Length(min=1, max=column.max_length), **common)


# Columns the service fills in itself: ids, owners and bookkeeping.
BOOKKEEPING = ("personal_id", "enrollment_id", "date_created", "date_updated", "user_id", "date_deleted", "export_id")


def hud_fields(file: str, *names: str, exclude: tuple[str, ...] = (),
               required: tuple[str, ...] = ()) -> dict[str, fields.Field]:
    """Fields for a HUD file's columns (api names are the snake-case column names): the ones named, or
    all but the ids, bookkeeping and `exclude`; those in `required` must be sent."""
    columns = FILES[file].columns
    chosen = [c for c in columns if c.db_name in names] if names else [
        c for c in columns if c is not FILES[file].key and c.db_name not in BOOKKEEPING + exclude]
    return {column.db_name: _hud_field(file, column, column.db_name in required) for column in chosen}


# The HUD Client columns a caller may send beside the names, DOB and SSN (which have fields of their own).
HUD_CLIENT_FIELDS = hud_fields("Client", exclude=("first_name", "last_name", "dob", "ssn"))


class _ClientBody(Schema):
    # An agency_id in the body is dropped: a client belongs to the agency of whoever records it.
    class Meta:
        unknown = EXCLUDE

    # Whether a name is required depends on NameDataQuality (hud/rules.py), checked on the whole record.
    first_name = fields.String(allow_none=True, validate=validate.Length(min=1, max=50))
    last_name = fields.String(allow_none=True, validate=validate.Length(min=1, max=50))
    dob = fields.Date(allow_none=True, validate=_plausible_birth_date,
                      metadata={"description": "date of birth, YYYY-MM-DD"})
    ssn = fields.String(allow_none=True, load_only=True, validate=validate.Regexp(
        r"^[0-9xX]{9}$", error="must be nine digits (x for a digit the client does not know)"),
        metadata={"description": "stored encrypted; answers show the last four digits at most"})


# One schema for creating and editing (an edit loads it with partial=True: only the fields sent change).
ClientCreateSchema = _ClientBody.from_dict(HUD_CLIENT_FIELDS, name="ClientCreateSchema")


class _ClientAnswer(Schema):
    id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    dob = fields.Date(allow_none=True)
    ssn_last4 = fields.String(allow_none=True, metadata={"description": "the SSN's last four digits, never more"})
    created_at = fields.AwareDateTime(required=True)


ClientSchema = _ClientAnswer.from_dict(HUD_CLIENT_FIELDS, name="ClientSchema")


SEARCH_CRITERIA = ("first_name", "last_name", "dob", "ssn_last4")


class ClientSearchSchema(Schema):
    """Search before create: any of a name, a date of birth and the SSN's last four digits."""
    class Meta:
        unknown = EXCLUDE

    first_name = fields.String(validate=validate.Length(min=1, max=50))
    last_name = fields.String(validate=validate.Length(min=1, max=50))
    dob = fields.Date(metadata={"description": "date of birth, YYYY-MM-DD"})
    ssn_last4 = fields.String(validate=validate.Regexp(r"^\d{4}$", error="must be four digits"))
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))

    @validates_schema
    def _some_criterion(self, data: dict, **kwargs) -> None:
        # Without a criterion a search would list the agency's clients, which is not what it is for.
        if not any(data.get(name) for name in SEARCH_CRITERIA):
            raise ValidationError(f"give at least one of {', '.join(SEARCH_CRITERIA)}", "_query")


class ClientCandidateSchema(Schema):
    id = fields.UUID(required=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    dob = fields.Date(allow_none=True)
    score = fields.Float(required=True, metadata={"description": "0 to 1, how well the criteria given match"})
    matched_on = fields.List(fields.String(), required=True,
                             metadata={"description": "the criteria that matched in full or sounded alike"})


class VictimServiceProviderSchema(Schema):
    agency_id = fields.UUID(dump_only=True)
    victim_service_provider = fields.Boolean(required=True, metadata={
        "description": "true: the agency is a victim service provider and may store no client PII in HMIS"})


class _HudBody(Schema):
    class Meta:
        unknown = EXCLUDE


# 3.15, 3.917 and 3.08 for each member of the household at project start.
_MemberBody = _HudBody.from_dict({
    "client_id": fields.UUID(required=True, metadata={"description": "a client of your agency"}),
    **hud_fields("Enrollment", "relationship_to_hoh", "living_situation", "rental_subsidy_type", "length_of_stay",
                 "los_under_threshold", "previous_street_essh", "date_to_street_essh",
                 "times_homeless_past_three_years", "months_homeless_past_three_years", "disabling_condition",
                 required=("relationship_to_hoh",)),
}, name="EnrollmentMemberSchema")


class EnrollmentCreateSchema(_HudBody):
    project_id = fields.String(required=True, validate=validate.Length(min=1, max=32),
                               metadata={"description": "HUD ProjectID of one of your agency's projects"})
    entry_date = fields.Date(required=True, validate=_not_future)
    enrollment_coc = fields.String(allow_none=True, validate=validate.Regexp(r"^[A-Z]{2}-\d{3}$",
                                                                             error="must look like CA-601"))
    members = fields.List(fields.Nested(_MemberBody), required=True, validate=validate.Length(min=1, max=30))


ExitCreateSchema = _HudBody.from_dict({**hud_fields("Exit", exclude=("exit_date",), required=("destination",)),
                                       "exit_date": fields.Date(required=True, validate=_not_future)},
                                      name="ExitCreateSchema")

ServiceCreateSchema = _HudBody.from_dict({**hud_fields("Services", "record_type", "type_provided",
                                                       "other_type_provided", "sub_type_provided", "fa_amount",
                                                       "fa_start_date", "fa_end_date", "referral_outcome",
                                                       required=("record_type", "type_provided")),
                                          "date_provided": fields.Date(required=True)},
                                         name="ServiceCreateSchema")

IncomeBenefitsCreateSchema = _HudBody.from_dict({
    **hud_fields("IncomeBenefits", exclude=("information_date",), required=("data_collection_stage",)),
    "information_date": fields.Date(required=True, validate=_not_future)}, name="IncomeBenefitsCreateSchema")


class EnrollmentSchema(Schema):
    enrollment_id = fields.String(required=True)
    client_id = fields.UUID(required=True)
    project_id = fields.String(required=True)
    household_id = fields.String(required=True)
    relationship_to_hoh = fields.Integer(required=True)
    entry_date = fields.Date(required=True)
    living_situation = fields.Integer(allow_none=True)
    disabling_condition = fields.Integer(required=True)


class HouseholdSchema(Schema):
    household_id = fields.String(required=True)
    enrollments = fields.List(fields.Nested(EnrollmentSchema), required=True)


class RecordedSchema(Schema):
    """What recording an exit, a service or an income and benefits record answers: its ids."""
    id = fields.String(required=True, metadata={"description": "the HUD id of the new record"})
    enrollment_id = fields.String(required=True)
    client_id = fields.UUID(required=True)
