"""Identity's request and response schemas: its contract with the gateway (and the OpenAPI document)."""
from marshmallow import EXCLUDE, Schema, fields, validate

ROLES = ("system_admin", "agency_admin", "case_manager", "ces_user", "report_viewer", "compliance_officer")
AGENCY_STATUSES = ("pending", "active", "suspended", "ended")
# Actions a partner system may be granted; the policy decides which of them each call needs.
API_KEY_SCOPES = ("clients:read", "clients:create", "reports:read")
PASSWORD_MIN_LENGTH = 12
PASSWORD_MAX_LENGTH = 128


class LoginSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    username = fields.String(required=True, validate=validate.Length(min=1, max=150))
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=PASSWORD_MAX_LENGTH))


class SessionSchema(Schema):
    token = fields.String(required=True)
    expires_at = fields.AwareDateTime(required=True, metadata={"description": "absolute end of the session"})
    idle_timeout_minutes = fields.Integer(required=True)
    user_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    roles = fields.List(fields.String(), required=True)


class AgencyCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    status = fields.String(load_default="active", validate=validate.OneOf(AGENCY_STATUSES))


class AgencySchema(Schema):
    id = fields.UUID(required=True)
    name = fields.String(required=True)
    status = fields.String(required=True)
    status_changed_at = fields.AwareDateTime(required=True)


class UserCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

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


class ApiKeyCreateSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    name = fields.String(required=True, validate=validate.Length(min=2, max=200))
    scopes = fields.List(fields.String(validate=validate.OneOf(API_KEY_SCOPES)), required=True,
                         validate=validate.Length(min=1))


class ApiKeySchema(Schema):
    id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    name = fields.String(required=True)
    key_prefix = fields.String(required=True)
    scopes = fields.List(fields.String(), required=True)
    key = fields.String(metadata={"description": "the secret; returned once, at creation, never again"})


class PrincipalSchema(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(("user", "api_key")))
    id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    roles = fields.List(fields.String(), required=True)
    scopes = fields.List(fields.String(), required=True)
    username = fields.String(allow_none=True)
