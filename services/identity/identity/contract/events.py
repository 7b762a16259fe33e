"""Events identity publishes, each with its versioned payload schema (hmis_kit.events.EventType).

Payloads carry ids, statuses, roles and scopes: never a name, a free-text reason, a secret or a password
hash.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from hmis_kit.events import EventType
from identity.contract.schemas import AGENCY_STATUSES, API_KEY_SCOPES, ROLES


class AgencyPayload(Schema):
    agency_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(AGENCY_STATUSES))
    status_changed_at = fields.AwareDateTime(required=True)


class UserPayload(Schema):
    user_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    roles = fields.List(fields.String(validate=validate.OneOf(ROLES)), required=True)
    active = fields.Boolean(required=True)


class UserOfAgencyPayload(Schema):
    user_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)


class UserIdPayload(Schema):
    user_id = fields.UUID(required=True)


class LicensePayload(Schema):
    user_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    status = fields.String(required=True)


class ApiKeyPayload(Schema):
    api_key_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    scopes = fields.List(fields.String(validate=validate.OneOf(API_KEY_SCOPES)), required=True)


AGENCY_CREATED = EventType("identity.agency.created", AgencyPayload, "an agency joined the trust network")
AGENCY_STATUS_CHANGED = EventType("identity.agency.status_changed", AgencyPayload,
                                  "an agency's status changed (active, suspended, ...)")
USER_CREATED = EventType("identity.user.created", UserPayload, "a user was created")
USER_DEACTIVATED = EventType("identity.user.deactivated", UserOfAgencyPayload, "a user was deactivated")
USER_REACTIVATED = EventType("identity.user.reactivated", UserPayload,
                             "a user was made active again (break-glass recovery of a system administrator)")
USER_MFA_ENABLED = EventType("identity.user.mfa_enabled", UserIdPayload, "a user turned on TOTP")
LICENSE_CHANGED = EventType("identity.license.changed", LicensePayload, "a user's license changed status")
API_KEY_CREATED = EventType("identity.api_key.created", ApiKeyPayload, "a partner API key was issued")
API_KEY_ROTATED = EventType("identity.api_key.rotated", ApiKeyPayload, "a partner API key was rotated")
API_KEY_REVOKED = EventType("identity.api_key.revoked", ApiKeyPayload, "a partner API key was revoked")


def agency_payload(agency: dict) -> dict:
    return {"agency_id": str(agency["id"]), "status": agency["status"],
            "status_changed_at": agency["status_changed_at"].isoformat()}


def user_payload(user: dict) -> dict:
    return {"user_id": str(user["id"]), "agency_id": str(user["agency_id"]), "roles": user["roles"],
            "active": user["active"]}


def api_key_payload(key: dict) -> dict:
    return {"api_key_id": str(key["id"]), "agency_id": str(key["agency_id"]), "scopes": list(key["scopes"])}
