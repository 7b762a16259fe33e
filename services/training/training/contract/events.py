"""Events the training service publishes: each user's compliance, whenever it changes."""

COMPLIANCE_CHANGED = "training.compliance.changed"


def compliance_payload(user_id, agency_id, status: dict) -> dict:
    return {"user_id": str(user_id), "agency_id": str(agency_id), **status}
