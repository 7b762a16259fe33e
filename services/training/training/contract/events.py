"""Events the training service publishes, each with its versioned payload schema
(hmis_kit.events.EventType): each user's compliance, whenever it changes."""
from __future__ import annotations

from marshmallow import Schema, fields

from hmis_kit.events import EventType


class CompliancePayload(Schema):
    user_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    license_training_complete = fields.Boolean(required=True)
    mandatory_current = fields.Boolean(required=True)
    ces_workflow_complete = fields.Boolean(required=True)
    overdue = fields.List(fields.String(), required=True)   # course codes
    due_soon = fields.List(fields.String(), required=True)  # course codes


COMPLIANCE_CHANGED = EventType("training.compliance.changed", CompliancePayload,
                               "a user's training compliance changed (license trainings, mandatory, CES workflow)")


def compliance_payload(user_id, agency_id, status: dict) -> dict:
    return {"user_id": str(user_id), "agency_id": str(agency_id), **status}
