"""Helpers the tests share."""
import time
import uuid

# How many clients the shared generated HMIS CSV export holds.
GENERATED_CLIENTS = 60


def eventually(check, timeout: float = 15.0, interval: float = 0.05):
    """Call `check` until it returns a truthy value (returned) or the time is up (AssertionError)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s: {check}")
        time.sleep(interval)


def flask_caller(client):
    """hmis_kit.onboarding's `call` over Flask's test client."""
    def call(method: str, path: str, headers: dict | None = None, json: dict | None = None):
        response = client.open(path, method=method, headers=headers or {}, json=json)
        return response.status_code, response.get_json(silent=True)
    return call


def access_for(agency_id: str, decision_id: str | None = None) -> dict:
    """The `access` context the gateway hands a service, for calling one directly."""
    return {"principal": {"kind": "user", "id": str(uuid.uuid4()), "agency_id": agency_id, "roles": ["case_manager"]},
            "action": "clients:read", "decision_id": decision_id or str(uuid.uuid4()), "purpose": None,
            "break_glass_reason": None, "consent": None}
