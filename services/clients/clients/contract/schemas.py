"""Client request and response schemas: the clients service's contract (and its OpenAPI shapes)."""
import uuid
from datetime import date, timezone

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from clients.contract.records import DESCRIPTORS, KINDS, answer_key, defaulted
from hmis_kit.inputs import Input
from hud.fy2026 import catalogue
from hud.fy2026.rules import BED_NIGHT
from hud.fy2026.spec import FILES, LISTS, Column

EARLIEST_DOB = date(1900, 1, 1)
COC_CODE = validate.Regexp(r"^[A-Z]{2}-\d{3}$", error="must look like CA-601")
# Columns whose text HUD gives a form: a CoC code, a six-digit geocode, a ZIP code, a state's abbreviation.
PATTERNS = {"coc_code": COC_CODE, "geocode": validate.Regexp(r"^\d{6}$", error="must be six digits"),
            "zip": validate.Regexp(r"^\d{5}$", error="must be five digits"),
            "state": validate.Regexp(r"^[A-Z]{2}$", error="must be a state's two capital letters")}


def _not_future(value: date) -> None:
    if value > date.today():
        raise ValidationError("must not be in the future")


def _plausible_birth_date(value: date) -> None:
    _not_future(value)
    if value < EARLIEST_DOB:
        raise ValidationError(f"must be on or after {EARLIEST_DOB.isoformat()}")


class HudDateTime(fields.DateTime):
    """A HUD date-time, kept without a zone (hud.fy2026.tables) and answered with one: UTC, the zone this
    HMIS stamps its own records in (an imported record's stamp is taken as its export gave it)."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return super()._serialize(value, attr, obj, **kwargs)


def _hud_field(file: str, column: Column, required: bool) -> fields.Field:
    """A HUD column as a marshmallow field: a coded answer must be in its HUD list."""
    common = {"required": required, "allow_none": not required, "metadata": {"description": f"HUD {file}.{column.name}"}}
    if column.kind == "integer":
        allowed = validate.OneOf(sorted(LISTS[column.list_name])) if column.list_name else validate.Range(min=0)
        return fields.Integer(validate=allowed, **common)
    if column.kind == "date":
        return fields.Date(**common)
    if column.kind == "datetime":
        return HudDateTime(**common)
    if column.kind == "money":
        return fields.Decimal(places=2, as_string=True, validate=validate.Range(min=0), **common)
    checks = [validate.Length(min=1, max=column.max_length)] + ([PATTERNS[column.db_name]]
                                                                if column.db_name in PATTERNS else [])
    return fields.String(validate=checks, **common)


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


IDENTIFYING = ("first_name", "last_name", "dob", "ssn")
# The Client columns HUD requires in every record (its universal data elements), as the API names them.
UNIVERSAL_ANSWERS = tuple(column.db_name for column in FILES["Client"].columns
                          if column.required and column.db_name in HUD_CLIENT_FIELDS)


class _ClientBody(Input):
    # No agency_id: a client belongs to the agency of whoever records it.
    # Whether a name is required depends on NameDataQuality (hud/rules.py), checked on the whole record.
    first_name = fields.String(allow_none=True, validate=validate.Length(min=1, max=50))
    last_name = fields.String(allow_none=True, validate=validate.Length(min=1, max=50))
    dob = fields.Date(allow_none=True, validate=_plausible_birth_date,
                      metadata={"description": "date of birth, YYYY-MM-DD"})
    ssn = fields.String(allow_none=True, load_only=True, validate=validate.Regexp(
        r"^[0-9xX]{9}$", error="must be nine digits (x for a digit the client does not know)"),
        metadata={"description": "stored encrypted; answers show the last four digits at most"})

    @validates_schema
    def _says_something(self, data: dict, partial=None, **kwargs) -> None:
        # A new record must identify the client or answer one of HUD's universal data elements about them
        # (3.01-3.07: the name, SSN and DOB data quality, sex, race and ethnicity, veteran status; each an
        # answer even when it is 8, 9 or 99): `{}` would be a record nobody can find, match nor count. An
        # edit (partial) keeps what the record has.
        if not partial and not any(data.get(name) is not None for name in (*IDENTIFYING, *UNIVERSAL_ANSWERS)):
            raise ValidationError(f"a new client needs one of {', '.join(IDENTIFYING)} or an answer to one of "
                                  f"HUD's universal data elements ({', '.join(UNIVERSAL_ANSWERS)})", "_body")


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


class ClientSearchSchema(Input):
    """Search before create: any of a name, a date of birth and the SSN's last four digits."""
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


# The review list of possible duplicates (clients/dedup.py): a review is pending until a person resolves it
# as the same person (the records are linked) or different people (never linked).
PENDING, RESOLVED = "pending", "resolved"
REVIEW_STATUSES = (PENDING, RESOLVED)
SAME_PERSON, DIFFERENT_PEOPLE = "same_person", "different_people"
MATCH_DECISIONS = (SAME_PERSON, DIFFERENT_PEOPLE)


class MatchReviewQuerySchema(Input):
    status = fields.String(load_default=PENDING, validate=validate.OneOf(REVIEW_STATUSES))
    agency_id = fields.UUID(metadata={"description": "only pairs whose two records this agency holds; without it "
                                                    "every agency's (the HMIS lead's view)"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class MatchReviewSchema(Schema):
    """A pair of client records that may be one person: ids and what matched, never names, SSNs or DOBs."""
    id = fields.UUID(required=True)
    client_id = fields.UUID(required=True, metadata={"description": "the record whose match made the review"})
    candidate_id = fields.UUID(required=True, metadata={"description": "the record it matched"})
    matched_on = fields.List(fields.String(), required=True,
                             metadata={"description": "what agreed: [\"ssn\"] or [\"dob\", \"last_name\"]"})
    status = fields.String(required=True, metadata={"description": "pending or resolved"})
    decision = fields.String(allow_none=True,
                             metadata={"description": "same_person or different_people, once resolved"})
    resolved_by = fields.UUID(allow_none=True)
    resolved_at = fields.AwareDateTime(allow_none=True)
    created_at = fields.AwareDateTime(required=True)


class MatchResolutionSchema(Input):
    decision = fields.String(required=True, validate=validate.OneOf(MATCH_DECISIONS), metadata={
        "description": "same_person: link the two records to one person; different_people: never link them"})


class ClientSplitSchema(Input):
    client_id = fields.UUID(dump_only=True, metadata={"description": "the record given back its own person"})
    other_client_id = fields.UUID(required=True, metadata={
        "description": "a record of the same person, which the client must stay apart from"})
    split_by = fields.UUID(dump_only=True)
    split_at = fields.AwareDateTime(dump_only=True)


class VictimServiceProviderSchema(Input):
    agency_id = fields.UUID(dump_only=True)
    victim_service_provider = fields.Boolean(required=True, metadata={
        "description": "true: the agency is a victim service provider and may store no client PII in HMIS"})


# 3.15, 3.917 and 3.08 for each member of the household at project start.
_MemberBody = Input.from_dict({
    "client_id": fields.UUID(required=True, metadata={"description": "a client of your agency"}),
    **hud_fields("Enrollment", "relationship_to_hoh", "living_situation", "rental_subsidy_type", "length_of_stay",
                 "los_under_threshold", "previous_street_essh", "date_to_street_essh",
                 "times_homeless_past_three_years", "months_homeless_past_three_years", "disabling_condition",
                 required=("relationship_to_hoh",)),
}, name="EnrollmentMemberSchema")


class EnrollmentCreateSchema(Input):
    project_id = fields.String(required=True, validate=validate.Length(min=1, max=32),
                               metadata={"description": "HUD ProjectID of one of your agency's projects"})
    entry_date = fields.Date(required=True, validate=_not_future)
    enrollment_coc = fields.String(allow_none=True, validate=COC_CODE)
    members = fields.List(fields.Nested(_MemberBody), required=True, validate=validate.Length(min=1, max=30))


def hud_record_fields(file: str, dated: str | None = None, exclude: tuple[str, ...] = ()) -> dict[str, fields.Field]:
    """A HUD record as sent: what HUD requires must be sent, but for a coded answer HUD lets be 99 (the
    service fills it in, records.with_not_collected); `dated` is a date not in the future."""
    required = tuple(column.db_name for column in FILES[file].columns
                     if column.required and column.db_name not in defaulted(file))
    body = hud_fields(file, exclude=exclude + ((dated,) if dated else ()), required=required)
    if dated:
        body[dated] = fields.Date(required=True, validate=_not_future)
    return body




class _ServiceBody(Input):
    @validates_schema
    def _bed_night(self, data: dict, **kwargs) -> None:
        if data.get("record_type") == BED_NIGHT and data.get("type_provided") != BED_NIGHT:
            raise ValidationError(f"must be {BED_NIGHT} for a bed night", "type_provided")


def _service_fields() -> dict[str, fields.Field]:
    # Services may be planned (a date in the future), so its date is not checked as the others are.
    return {**hud_fields("Services", "record_type", "type_provided", "other_type_provided", "sub_type_provided",
                         "fa_amount", "fa_start_date", "fa_end_date", "referral_outcome",
                         required=("record_type", "type_provided")),
            "date_provided": fields.Date(required=True)}


ServiceCreateSchema = _ServiceBody.from_dict(_service_fields(), name="ServiceCreateSchema")
# A batch of services (POST /services/batch): each names its enrollment. A shelter records a night's bed nights in
# one; a batch the size of a large shelter's night, or a year of one client's nights, is within the limit.
SERVICES_AT_ONCE = 400
ServiceBatchItemSchema = _ServiceBody.from_dict({
    "enrollment_id": fields.String(required=True, validate=validate.Length(min=1, max=32),
                                   metadata={"description": "the enrollment the service is recorded on"}),
    **_service_fields()}, name="ServiceBatchItemSchema")


class ServiceBatchSchema(Input):
    services = fields.List(fields.Nested(ServiceBatchItemSchema), required=True,
                           validate=validate.Length(min=1, max=SERVICES_AT_ONCE))

# HUD 4.19: the questions asked and the results (scores, prioritization) come with their assessment.
_AssessmentQuestionBody = Input.from_dict(hud_record_fields("AssessmentQuestions", exclude=("assessment_id",)),
                                             name="AssessmentQuestionSchema")
_AssessmentResultBody = Input.from_dict(hud_record_fields("AssessmentResults", exclude=("assessment_id",)),
                                           name="AssessmentResultSchema")
CHILD_SCHEMAS = {"AssessmentQuestions": _AssessmentQuestionBody, "AssessmentResults": _AssessmentResultBody}


def _record_body(kind) -> type[Schema]:
    if kind.name == "service":
        return ServiceCreateSchema
    body = hud_record_fields(kind.file, kind.dated)
    for key, file in kind.children:
        body[key] = fields.List(fields.Nested(CHILD_SCHEMAS[file]), load_default=list, validate=validate.Length(max=200))
    return Input.from_dict(body, name=f"{kind.file}CreateSchema")


# The body of each record an enrollment carries, by kind (records.KINDS).
RECORD_SCHEMAS = {kind.name: _record_body(kind) for kind in KINDS}


def hud_answer_fields(file: str) -> dict[str, fields.Field]:
    """A stored HUD record as answered: every column but who keyed it and where it was exported from."""
    return {column.db_name: _hud_field(file, column, False) for column in FILES[file].columns
            if column.db_name not in ("user_id", "date_deleted", "export_id")}


def _record_answer(kind) -> type[Schema]:
    answer = hud_answer_fields(kind.file)
    for key, file in kind.children:
        answer[key] = fields.List(fields.Nested(Schema.from_dict(hud_answer_fields(file), name=f"{file}Schema")))
    return Schema.from_dict(answer, name=f"{kind.file}Schema")


EnrollmentRecordSchema = Schema.from_dict({
    **hud_answer_fields("Enrollment"), "client_id": fields.UUID(required=True),
    **{answer_key(kind): fields.Nested(_record_answer(kind), allow_none=True) if kind.once else
       fields.List(fields.Nested(_record_answer(kind)), metadata={
           "description": f"absent when the consent read under does not cover {kind.part}"})
       for kind in KINDS}}, name="EnrollmentRecordSchema")

ClientEnrollmentSchema = Schema.from_dict({
    **hud_answer_fields("Enrollment"), "client_id": fields.UUID(required=True),
    "project_name": fields.String(allow_none=True, metadata={"description": "its project's (2.02)"}),
    **hud_fields("Exit", "exit_date", "destination")}, name="ClientEnrollmentSchema")


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


class EventResultSchema(Input):
    """The result of the referral a coordinated entry Event (4.20) records, once known: set on the Event."""
    referral_result = fields.Integer(required=True, validate=validate.OneOf(sorted(LISTS["ReferralResult"])),
                                     metadata={"description": "HUD ReferralResult: 1 accepted, 2 client rejected, 3 provider rejected"})
    result_date = fields.Date(required=True, metadata={"description": "HUD ResultDate"})


class HouseholdMemberSchema(EnrollmentSchema):
    exit_date = fields.Date(allow_none=True, metadata={"description": "none while the member is in the project"})


class RosterQuerySchema(Input):
    on = fields.Date(required=True, metadata={"description": "the night: those entered by then and not exited by it"})


class RosterEntrySchema(HouseholdMemberSchema):
    """A client in a project on a date, named, with whether their bed night of that date is recorded."""
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    bed_night = fields.Boolean(required=True, metadata={"description": "a bed night (4.14) recorded on the date"})


class HouseholdStaySchema(Schema):
    """An enrollment's household as it stands: each member's enrollment, the head first, with its exit date."""
    household_id = fields.String(required=True)
    enrollments = fields.List(fields.Nested(HouseholdMemberSchema), required=True)


class RecordedSchema(Schema):
    """What recording one of an enrollment's records answers: its ids."""
    id = fields.String(required=True, metadata={"description": "the HUD id of the new record"})
    enrollment_id = fields.String(required=True)
    client_id = fields.UUID(required=True)


class ServicesRecordedSchema(Schema):
    """What a batch of services answers: each record's ids, in the order of the batch."""
    services = fields.List(fields.Nested(RecordedSchema), required=True)


# Project descriptors (HUD 2.01-2.09): the body of each (an edit loads it with partial=True), and its answer
# with the descriptors under it.
def _descriptor_body(descriptor) -> type[Schema]:
    parent = (FILES[descriptor.parent].key.db_name,) if descriptor.parent else ()
    return Input.from_dict(hud_record_fields(descriptor.file, exclude=parent), name=f"{descriptor.file}BodySchema")


def _descriptor_answer(descriptor) -> type[Schema]:
    answer = hud_answer_fields(descriptor.file)
    for child in descriptor.children:
        answer[child.name] = fields.List(fields.Nested(DESCRIPTOR_ANSWERS[child.name]))
    if descriptor.file == "Organization":
        answer["agency_id"] = fields.UUID(allow_none=True, metadata={"description": "the agency running it"})
    return Schema.from_dict(answer, name=f"{descriptor.file}Schema")


DESCRIPTOR_BODIES = {name: _descriptor_body(descriptor) for name, descriptor in DESCRIPTORS.items()}
DESCRIPTOR_ANSWERS: dict[str, type[Schema]] = {}
# Children first: an answer nests the answers of the descriptors under it.
for _name in reversed(DESCRIPTORS):
    DESCRIPTOR_ANSWERS[_name] = _descriptor_answer(DESCRIPTORS[_name])


class OrganizationAgencySchema(Input):
    organization_id = fields.String(dump_only=True)
    agency_id = fields.UUID(required=True, metadata={"description": "the trust-network agency running the organization"})


# An HMIS CSV export is uploaded in parts of at most this many bytes (the gateway reads the request's body
# in parts of this size and PUTs each to the clients service's own HTTP port).
PART_BYTES = 1 << 20
# Owner of clients imported without a named agency (`hmis csv import` without --agency-id) until the
# agency running the organization they are enrolled with is known (csv.importer.assign_unassigned_clients);
# the policy treats it as any other agency's, so only the HMIS lead reaches them meanwhile.
IMPORT_AGENCY = uuid.UUID("00000000-0000-0000-0000-000000000000")


class CsvImportRequestSchema(Input):
    strictness = fields.String(load_default="reject", validate=validate.OneOf(("reject", "warn", "repair")),
                               metadata={"description": "reject: any broken rule fails the import; warn: such rows "
                                                        "are left out and reported; repair: HUD's fallbacks applied"})
    agency_id = fields.UUID(required=True, metadata={"description": "the agency the imported clients belong to"})


class CsvImportReportQuerySchema(Input):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=2**31 - 1))
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class CsvImportReportEntrySchema(Schema):
    """A row an import rejected, left out, repaired or flagged (no name, SSN or date of birth as a value)."""
    file = fields.String(required=True, metadata={"description": "e.g. Client.csv"})
    line = fields.Integer(allow_none=True, metadata={"description": "the row's line in its file (1: the header); "
                                                                    "none for the file as a whole"})
    record_id = fields.String(allow_none=True, metadata={"description": "the row's HUD id (e.g. its PersonalID)"})
    field = fields.String(allow_none=True, metadata={"description": "the HUD field the rule reads"})
    rule_id = fields.String(allow_none=True, metadata={"description": "the rule's id in the rule catalogue"})
    value = fields.String(allow_none=True, metadata={"description": "the value as the file has it"})
    message = fields.String(required=True)
    outcome = fields.String(required=True, validate=validate.OneOf(("rejected", "left_out", "repaired", "flagged")),
                            metadata={"description": "rejected: failed the import; left_out: not written; "
                                                     "repaired: written with HUD's fallback; flagged: written "
                                                     "as given, with a finding"})


class CsvImportReportPageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "entries in the whole report"})
    pages = fields.Integer(required=True)
    entries = fields.List(fields.Nested(CsvImportReportEntrySchema), required=True)


class CsvImportSchema(Schema):
    id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    strictness = fields.String(required=True)
    status = fields.String(required=True, metadata={"description": "uploading, queued, running, succeeded, failed, cancelled"})
    bytes_total = fields.Integer(required=True, metadata={"description": "size of the export's CSV files"})
    bytes_read = fields.Integer(required=True)
    progress = fields.Float(required=True, metadata={"description": "0 to 1: how much of the export was read"})
    report = fields.Dict(allow_none=True, metadata={
        "description": "the summary: rows, inserted, updated, left out, repaired, flagged and errors per file, "
                       "entries per rule and outcome, the first entries, and `full_report`, where the whole "
                       "report is served"})
    created_at = fields.AwareDateTime(required=True)
    started_at = fields.AwareDateTime(allow_none=True)
    finished_at = fields.AwareDateTime(allow_none=True)


# Data-quality findings (clients/findings.py): one per data-quality rule a stored record breaks, per field, listed
# and counted per agency, project, rule, file and period. A finding belongs to the agency owning its record, as the
# record itself does for the policy: a client's its owning agency, an enrollment's (and every record under one) and a
# project descriptor's the agency running its organization, IMPORT_AGENCY when no agency is linked yet.
FINDING_GROUPS = ("rule", "project", "agency", "file")


class _FindingFilters(Input):
    agency_id = fields.UUID(metadata={"description": "only the findings of this agency's records; without it every "
                                                     "agency's (the HMIS lead's view)"})
    project_id = fields.String(validate=validate.Length(min=1, max=100),
                               metadata={"description": "only findings of this project's records (HUD ProjectID), its "
                                                        "enrollments and every record under them included"})
    rule_id = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "the catalogue's rule id"})
    file = fields.String(validate=validate.OneOf(list(FILES)), metadata={"description": "HUD file, e.g. Enrollment"})
    client_id = fields.UUID(metadata={"description": "only findings about this client's records (its Client record, "
                                                     "its enrollments and every record under them)"})
    since = fields.AwareDateTime(metadata={"description": "found at or after (the finding's `found_at`)"})
    until = fields.AwareDateTime(metadata={"description": "found before (the finding's `found_at`)"})

    @validates_schema
    def _period_forwards(self, data: dict, **kwargs) -> None:
        if data.get("since") and data.get("until") and data["until"] <= data["since"]:
            raise ValidationError("must be after since", "until")


class FindingQuerySchema(_FindingFilters):
    after = fields.Integer(validate=validate.Range(min=0), metadata={
        "description": "the next page: the `id` of the last finding of the page before"})
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class FindingCountQuerySchema(_FindingFilters):
    group_by = fields.String(load_default="rule", validate=validate.OneOf(FINDING_GROUPS),
                             metadata={"description": "count per rule, project, agency or file"})


class FindingSchema(Schema):
    """A data-quality finding: which rule a record breaks, on which field, with which value (never an SSN, a
    name or a date of birth), since when."""
    id = fields.Integer(required=True, metadata={"description": "the finding's own id, in the order found"})
    file = fields.String(required=True, metadata={"description": "the record's HUD file, e.g. Enrollment"})
    record_id = fields.String(required=True, metadata={"description": "the record's HUD id in its file"})
    source = fields.Integer(required=True, metadata={"description": "the system the record came from (its ids' scope)"})
    personal_id = fields.String(allow_none=True)
    enrollment_id = fields.String(allow_none=True)
    project_id = fields.String(allow_none=True, metadata={"description": "the project of the record (an enrollment's "
                                                                         "for a record under one)"})
    agency_id = fields.UUID(required=True, metadata={"description": "the agency owning the record"})
    client_id = fields.UUID(allow_none=True, metadata={"description": "the client the record is about, if any"})
    rule_id = fields.String(required=True)
    rule = fields.Function(lambda finding: getattr(catalogue.BY_ID.get(finding["rule_id"]), "message", None),
                           allow_none=True, metadata={"type": "string", "description": "what the rule says, in the words of HUD's "
                                     "rule catalogue (docs/clients.md); none for a rule it no longer holds"})
    field = fields.String(required=True, metadata={"description": "the HUD column (CSV name) the finding is about"})
    value = fields.String(allow_none=True, metadata={"description": "as stored; none when blank or withheld"})
    found_at = fields.AwareDateTime(required=True, metadata={"description": "since when the record breaks the rule"})


class FindingCountSchema(Schema):
    """How many findings one group has: the group's key (the field or fields of `group_by`), and counts."""
    rule_id = fields.String(metadata={"description": "group_by=rule"})
    project_id = fields.String(allow_none=True, metadata={"description": "group_by=project (none: findings of no "
                                                                         "project, such as a client's or an "
                                                                         "organization's)"})
    source = fields.Integer(allow_none=True, metadata={"description": "group_by=project: the project's source"})
    agency_id = fields.UUID(metadata={"description": "group_by=agency"})
    file = fields.String(metadata={"description": "group_by=file"})
    findings = fields.Integer(required=True, metadata={"description": "findings in the group"})
    records = fields.Integer(required=True, metadata={"description": "distinct records with a finding in the group"})


# A HUD report's drill-down (the reports service's): an agency's projects, its scope, and the records a page of a
# report's cell showed, whose clients are audited as read.

class AgencyProjectSchema(Schema):
    project_id = fields.String(required=True, metadata={"description": "the project's HUD ProjectID"})
    source = fields.Integer(required=True, metadata={"description": "the project's source"})


class ReportReadSchema(Input):
    personal_id = fields.String(required=True, validate=validate.Length(min=1, max=32))
    source = fields.Integer(required=True, validate=validate.Range(min=1))


REPORT_READS_AT_ONCE = 1000  # records one call audits; a larger file is audited in several calls


class ReportReadsSchema(Input):
    records = fields.List(fields.Nested(ReportReadSchema), required=True,
                          validate=validate.Length(max=REPORT_READS_AT_ONCE))


# A drill-down that shows names: first what the policy weighs about each member's client (`report_member_facts`:
# ids, the owning agency, whether a victim service provider holds it; no client data), then the names of the
# clients the gateway's policy let the caller read (`report_member_names`), each read audited under its own decision.

class ReportMemberFactsSchema(Schema):
    personal_id = fields.String(required=True)
    source = fields.Integer(required=True)
    client_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    victim_service_provider = fields.Boolean(required=True)


class ReportNameReadSchema(Input):
    client_id = fields.UUID(required=True)
    access = fields.Dict(required=True, metadata={"description": "the gateway's access context of this read"})


class ReportNameReadsSchema(Input):
    reads = fields.List(fields.Nested(ReportNameReadSchema), required=True,
                        validate=validate.Length(max=REPORT_READS_AT_ONCE))


class ReportMemberNameSchema(Schema):
    client_id = fields.UUID(required=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
