"""Schemas the gateway itself owns: decision-log queries and answers, error bodies, and the answers the
gateway composes itself (readiness, permissions, a client's access trail)."""
from marshmallow import Schema, fields, validate

from hmis_kit.inputs import Input

from hmis_kit.audit import AccessSchema
from clients.contract.schemas import ClientEnrollmentSchema, ClientSchema, FindingSchema
from consent.contract.schemas import ConsentSchema, ConsentStatusSchema
from reports.contract.schemas import ReportMemberSchema, ReportMembersPageSchema


class AgencyQuerySchema(Input):
    """A list of one agency's resources (guard.listed_agency)."""
    agency_id = fields.UUID(metadata={"description": "the agency listed; default your own"})


class SessionQuerySchema(Input):
    course_code = fields.String(validate=validate.Length(min=1, max=60), metadata={"description": "one course's"})


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
    """Every error answer (errors.py): a domain error's `to_dict`, or an HTTP error's name and description."""
    error = fields.String(required=True, metadata={"description": "machine-readable code"})
    message = fields.String(required=True)
    # A field of a nested object or a list's item answers the same map one level down (marshmallow's shape):
    # `{"answers": {"0": ["must be between ..."]}}`.
    offending_fields = fields.Dict(keys=fields.String(), values=fields.Raw(), data_key="fields", metadata={
        "description": "each offending field and the rules it broke (a list of rules; for a nested object or a "
                       "list's items, the same map one level down, keyed by field name or item index)"})
    reasons = fields.List(fields.String(), metadata={"description": "policy reason codes, on 403"})
    decision_id = fields.String(metadata={"description": "the logged decision that denied, on 403"})


class ClientRecordSchema(Schema):
    client = fields.Dict(metadata={"description": "the client record"})
    access_history = fields.List(fields.Dict(), metadata={"description": "every audited access, oldest first"})


class HealthSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ok"]))
    service = fields.String(required=True)


class ReadinessSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ready", "not_ready"]))
    checks = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                         metadata={"description": "each dependency: ok, or the name of the error it gave"})


class HudOptionSchema(Schema):
    code = fields.Integer(required=True)
    label = fields.String(required=True)


class HudFieldRuleSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(["only", "required", "empty", "options"]), metadata={
        "description": "only: answered only when a parent holds one of `answers` (hide it otherwise); required: "
                       "must be answered then; empty: must be left empty then; options: answered from `options` then"})
    parents = fields.List(fields.String(), required=True, metadata={"description": "the fields it depends on (any)"})
    answers = fields.List(fields.Integer(), required=True)
    message = fields.String(required=True)
    rule_id = fields.String(required=True, metadata={"description": "the rule catalogue's id (docs/clients.md)"})
    options = fields.List(fields.Nested(HudOptionSchema), metadata={"description": "an `options` rule's value list"})


class HudElementSchema(Schema):
    number = fields.String(required=True, metadata={"description": "as HUD's Data Standards number it: 4.02, R7"})
    name = fields.String(required=True)
    collected_for = fields.String(required=True, validate=validate.OneOf(["all_clients", "head_and_adults"]),
                                  metadata={"description": "whom HUD collects it for: every member, or the head of "
                                                           "household and each member of `adult_age` or older"})
    adult_age = fields.Integer(required=True, metadata={
        "description": "HUD's age of an adult: a member is asked as one from their birthday on (their age on the "
                       "record's information date; HUD wants an update as of an 18th birthday)"})
    stages = fields.List(fields.Integer(), required=True, metadata={
        "description": "the data-collection stages (DataCollectionStage codes) at which HUD collects it"})


class HudFieldSchema(Schema):
    name = fields.String(required=True, metadata={"description": "as the API names it (snake case)"})
    hud_name = fields.String(required=True, metadata={"description": "as HUD's CSV names it"})
    label = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["text", "integer", "choice", "date", "datetime",
                                                                 "money"]))
    max_length = fields.Integer(allow_none=True)
    required = fields.Boolean(required=True, metadata={"description": "the API needs it sent (no 99 stands in)"})
    not_future = fields.Boolean(required=True, metadata={"description": "a date that may not lie in the future"})
    options = fields.List(fields.Nested(HudOptionSchema), allow_none=True, metadata={"description": "a choice's "
                                                                                    "value list, in HUD's order"})
    rules = fields.List(fields.Nested(HudFieldRuleSchema), required=True)
    element = fields.Nested(HudElementSchema, allow_none=True, metadata={
        "description": "the HUD data element it belongs to (hud.fy2026.elements), or null: asked of everyone"})


class HudFormSchema(Schema):
    record = fields.String(required=True, metadata={"description": "the HUD record (its CSV file's name)"})
    fields_ = fields.List(fields.Nested(HudFieldSchema), required=True, data_key="fields")


class ClientConsentsSchema(Schema):
    status = fields.Nested(ConsentStatusSchema, required=True, metadata={"description": "a badge per consent type"})
    list_ = fields.List(fields.Nested(ConsentSchema), required=True, data_key="list")


class ClientSummarySchema(Schema):
    client = fields.Nested(ClientSchema, required=True)
    consents = fields.Nested(ClientConsentsSchema, allow_none=True)
    enrollments = fields.List(fields.Nested(ClientEnrollmentSchema), allow_none=True)
    findings = fields.List(fields.Nested(FindingSchema), allow_none=True,
                           metadata={"description": "your agency's data-quality findings about the client"})
    withheld = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True, metadata={
        "description": "each part left out (null), with the policy's reason codes"})


class PermissionQuerySchema(Input):
    actions = fields.String(required=True, metadata={"description": "the policy actions to check, comma-separated "
                                                                     "(1 to 50), e.g. `clients:read,clients:create`"})


class PermissionSchema(Schema):
    allow = fields.Boolean(required=True)
    reasons = fields.List(fields.String(), required=True, metadata={"description": "policy reason codes"})


class SessionsEndedSchema(Schema):
    ended = fields.Integer(required=True, metadata={"description": "how many sessions ended"})


class FeeEnforcementSchema(Schema):
    suspended = fields.List(fields.UUID(), required=True, metadata={"description": "the agencies suspended now"})


class ServiceStatusSchema(Schema):
    service = fields.String(required=True)
    schema_revision = fields.String(required=True, allow_none=True)
    outbox_backlog = fields.Integer(required=True, metadata={"description": "events not yet published"})


class ClientAccessSchema(Schema):
    accesses = fields.List(fields.Nested(AccessSchema), required=True)
    denials = fields.List(fields.Nested(DecisionSchema), required=True)


class NamedReportMemberSchema(ReportMemberSchema):
    """A person behind a cell with a name, where the caller may read that client's record (never the SSN or date
    of birth): hmis_gateway/member_names.py."""
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    name_withheld = fields.List(fields.String(), allow_none=True, metadata={
        "description": "why the name is not shown (the policy's reasons, not_in_this_hmis, no_client_record); "
                       "none when it is"})


class NamedReportMembersPageSchema(ReportMembersPageSchema):
    members = fields.List(fields.Nested(NamedReportMemberSchema), required=True)
