"""Events identity publishes. Payloads carry ids and statuses, never secrets or password hashes."""

AGENCY_CREATED = "identity.agency.created"
USER_CREATED = "identity.user.created"
API_KEY_CREATED = "identity.api_key.created"


def agency_payload(agency: dict) -> dict:
    return {"agency_id": str(agency["id"]), "name": agency["name"], "status": agency["status"],
            "status_changed_at": agency["status_changed_at"].isoformat()}


def user_payload(user: dict) -> dict:
    return {"user_id": str(user["id"]), "agency_id": str(user["agency_id"]), "roles": user["roles"],
            "active": user["active"]}


def api_key_payload(key: dict) -> dict:
    return {"api_key_id": str(key["id"]), "agency_id": str(key["agency_id"]), "scopes": key["scopes"]}
