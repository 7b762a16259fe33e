"""Identity's request and response schemas: its contract with the gateway (and the OpenAPI document)."""
from marshmallow import Schema, fields, validate

from hmis_kit.inputs import Input
from hmis_kit.purposes import PURPOSES

ROLES = ("system_admin", "agency_admin", "case_manager", "ces_user", "report_viewer", "compliance_officer")
# Which status an agency may move to from each status. Ended is final.
TRANSITIONS = {
    "pending": {"active", "ended"},
    "active": {"suspended", "ended"},
    "suspended": {"active", "ended"},
    "ended": set(),
}
AGENCY_STATUSES = tuple(TRANSITIONS)
# Actions a partner system may be granted; the policy decides which of them each call needs.
API_KEY_SCOPES = ("clients:read", "clients:create", "reports:read")
PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 128


class LoginSchema(Input):
    username = fields.String(required=True, validate=validate.Length(min=1, max=150))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=PASSWORD_MAX_LENGTH))
    totp = fields.String(load_only=True, load_default=None, validate=validate.Regexp(r"^\d{6}$", error="6 digits"),
                         metadata={"description": "the one-time code, for accounts with a second factor"})


class SessionSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.AwareDateTime(required=True, metadata={"description": "absolute end of the session"})
    idle_timeout_minutes = fields.Integer(required=True)
    user_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    roles = fields.List(fields.String(), required=True)
    mfa = fields.Boolean(required=True, metadata={"description": "this session passed a second factor"})


class AgencyApplicationSchema(Input):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))


class AgencyCreateSchema(AgencyApplicationSchema):
    status = fields.String(load_default="active", validate=validate.OneOf(("pending", "active")))


class AgencyStatusChangeSchema(Input):
    status = fields.String(required=True, validate=validate.OneOf(AGENCY_STATUSES))
    reason = fields.String(required=True, validate=validate.Length(min=3, max=500))


class AgencySchema(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True)
    status_reason = fields.String(allow_none=True)
    status_changed_at = fields.AwareDateTime(required=True)
    contacts_complete = fields.Boolean(metadata={"description": "all four key HMIS contacts are named"})


class ContactSchema(Input):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    email = fields.Email(required=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))


class ContactOutSchema(ContactSchema):
    role = fields.String(required=True)


class FeeCreateSchema(Input):
    quarter = fields.String(required=True, validate=validate.Regexp(r"^\d{4}Q[1-4]$", error="like 2026Q4"))
    amount_cents = fields.Integer(required=True, validate=validate.Range(min=0))
    due_date = fields.Date(required=True)


class FeeSchema(Schema):
    quarter = fields.String()
    amount_cents = fields.Integer()
    due_date = fields.Date()
    paid_at = fields.AwareDateTime(allow_none=True)
    status = fields.String(metadata={"description": "paid, due or overdue"})


class StatusChangeSchema(Schema):
    from_status = fields.String(allow_none=True)
    to_status = fields.String()
    reason = fields.String()
    changed_by = fields.UUID(allow_none=True)
    changed_at = fields.AwareDateTime()


class AgencyDetailSchema(AgencySchema):
    contacts = fields.List(fields.Nested(ContactOutSchema))
    missing_contacts = fields.List(fields.String())
    fees = fields.List(fields.Nested(FeeSchema))
    status_history = fields.List(fields.Nested(StatusChangeSchema))


class UserCreateSchema(Input):
    username = fields.String(required=True, validate=validate.Regexp(
        r"^[A-Za-z0-9._@-]{3,150}$", error="3 to 150 letters, digits or . _ @ -"))
    password = fields.String(required=True, load_only=True, validate=validate.Length(
        min=PASSWORD_MIN_LENGTH, max=PASSWORD_MAX_LENGTH))
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True,
                        validate=validate.Length(min=1))
    agency_id = fields.UUID(required=True, metadata={"description": "the agency the user works for"})


class UserSchema(Schema):
    id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    username = fields.String(required=True)
    roles = fields.List(fields.String(), required=True)
    active = fields.Boolean(required=True)
    license_status = fields.String(metadata={"description": "none, requested, active or deactivated"})
    locked = fields.Boolean()
    last_login_at = fields.AwareDateTime(allow_none=True)
    totp_enabled = fields.Boolean()


class LicenseSchema(Schema):
    user_id = fields.UUID()
    status = fields.String(metadata={"description": "requested, active or deactivated"})
    fee_approved = fields.Boolean()
    training_complete = fields.Boolean()
    requested_at = fields.AwareDateTime()
    status_changed_at = fields.AwareDateTime()


class TotpEnrollmentSchema(Schema):
    secret = fields.String(metadata={"description": "base32 secret for the authenticator app; shown once"})
    provisioning_uri = fields.String()


class TotpConfirmSchema(Input):
    code = fields.String(required=True, validate=validate.Regexp(r"^\d{6}$", error="6 digits"))


class ApiKeyCreateSchema(Input):
    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    scopes = fields.List(fields.String(validate=validate.OneOf(API_KEY_SCOPES)), required=True,
                         validate=validate.Length(min=1))
    purpose = fields.String(required=True, validate=validate.OneOf(list(PURPOSES)),
                            metadata={"description": "why the partner system may use these scopes: a purpose code ("
                                                     + ", ".join(PURPOSES) + ")"})


class ApiKeySchema(Schema):
    id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    name = fields.String(required=True)
    key_prefix = fields.String(required=True)
    scopes = fields.List(fields.String(), required=True)
    purpose = fields.String(required=True)
    rotated_at = fields.AwareDateTime(allow_none=True, metadata={"description": "when the secret was last replaced"})
    revoked_at = fields.AwareDateTime(allow_none=True)
    key = fields.String(metadata={"description": "the secret; returned once, at creation or rotation"})


class PrincipalIdsSchema(Input):
    ids = fields.List(fields.UUID(), required=True, validate=validate.Length(max=10000))


class PrincipalNameSchema(Schema):
    """Who a principal is, for compliance views (names of staff and partner systems, not of clients)."""
    id = fields.UUID(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(("user", "api_key")))
    name = fields.String(required=True, metadata={"description": "a user's username, an API key's name"})
    agency_id = fields.UUID(required=True)
    agency_name = fields.String(required=True)


class PrincipalLookupQuerySchema(Input):
    """Users and API keys looked up by name (a compliance officer's picker)."""
    name = fields.String(required=True, validate=validate.Length(min=2, max=200), metadata={
        "description": "part of a username or an API key's name (any case), or a whole user or key id"})
    agency_id = fields.UUID(load_default=None, allow_none=True, metadata={
        "description": "one agency's users and keys; by default every agency's"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class AgencyNameSchema(Schema):
    """An agency as a case worker names one (the agencies a release of information goes to): its id and name, never
    its contacts, fees, status or users."""
    id = fields.UUID(required=True)
    name = fields.String(required=True)


class AgencyLookupQuerySchema(Input):
    """Active agencies looked up by name (a case worker's picker of the agencies a release of information goes to)."""
    name = fields.String(required=True, validate=validate.Length(min=1, max=100), metadata={
        "description": "part of the agency's name (any case), or its whole id"})
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=50))


class PrincipalSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("user", "api_key")))
    id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    roles = fields.List(fields.String(), required=True)
    scopes = fields.List(fields.String(), required=True)
    username = fields.String(allow_none=True)
    mfa = fields.Boolean(required=True)
    purpose = fields.String(allow_none=True)


# The authentication log's kinds of event and outcomes (identity/auth_log.py writes them).
AUTH_EVENT_KINDS = ("login", "session", "api_key", "recovery")
AUTH_EVENT_OUTCOMES = ("succeeded", "refused")


class AuthEventQuerySchema(Input):
    kind = fields.String(validate=validate.OneOf(AUTH_EVENT_KINDS))
    outcome = fields.String(validate=validate.OneOf(AUTH_EVENT_OUTCOMES))
    reason = fields.String(validate=validate.Length(max=100))
    username = fields.String(validate=validate.Length(max=150))
    user_id = fields.UUID()
    client_address = fields.String(validate=validate.Length(max=100))
    since = fields.AwareDateTime()
    until = fields.AwareDateTime()
    limit = fields.Integer(load_default=100, validate=validate.Range(min=1, max=1000))


class AuthEventSchema(Schema):
    """One row of the authentication log: never a password, token or key."""
    id = fields.Integer()
    occurred_at = fields.AwareDateTime()
    kind = fields.String(metadata={"description": "login, session (a session token), api_key or recovery"})
    outcome = fields.String(metadata={"description": "succeeded or refused"})
    reason = fields.String(allow_none=True, metadata={"description": "why it was refused (a code; docs/security.md)"})
    username = fields.String(allow_none=True, metadata={"description": "as tried at login; the user's otherwise"})
    user_id = fields.UUID(allow_none=True, metadata={"description": "the user, when known"})
    api_key_id = fields.UUID(allow_none=True)
    client_address = fields.String(allow_none=True)
    operator = fields.String(allow_none=True, metadata={"description": "who ran a command-line recovery"})
    correlation_id = fields.String(allow_none=True)
