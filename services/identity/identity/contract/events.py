"""Events identity publishes. Payloads carry ids, statuses and roles, never secrets or password hashes."""

AGENCY_CREATED = "identity.agency.created"
AGENCY_STATUS_CHANGED = "identity.agency.status_changed"
USER_CREATED = "identity.user.created"
USER_DEACTIVATED = "identity.user.deactivated"
# A user made active again (break-glass recovery of a system administrator); the payload is user_payload's.
USER_REACTIVATED = "identity.user.reactivated"
USER_MFA_ENABLED = "identity.user.mfa_enabled"
LICENSE_CHANGED = "identity.license.changed"
API_KEY_CREATED = "identity.api_key.created"
API_KEY_ROTATED = "identity.api_key.rotated"
API_KEY_REVOKED = "identity.api_key.revoked"


def agency_payload(agency: dict) -> dict:
    return {"agency_id": str(agency["id"]), "name": agency["name"], "status": agency["status"],
            "reason": agency.get("status_reason"), "status_changed_at": agency["status_changed_at"].isoformat()}


def user_payload(user: dict) -> dict:
    return {"user_id": str(user["id"]), "agency_id": str(user["agency_id"]), "roles": user["roles"],
            "active": user["active"]}


def api_key_payload(key: dict) -> dict:
    return {"api_key_id": str(key["id"]), "agency_id": str(key["agency_id"]), "scopes": list(key["scopes"])}
