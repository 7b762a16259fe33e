"""Events the consent service publishes, each with its versioned payload schema (hmis_kit.events.EventType);
the gateway's policy feed keeps its consent data from them.

Payloads carry ids, dates and codes only: never a signer's name, a reason or a signed form.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from consent.contract.rules import SCOPES, TYPES
from hmis_kit.events import EventType


class ConsentPayload(Schema):
    """A consent's fixed facts and one version's terms."""

    consent_id = fields.UUID(required=True)
    version = fields.Integer(required=True, validate=validate.Range(min=1))
    client_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    scope = fields.List(fields.String(validate=validate.OneOf(SCOPES)), required=True)
    released_to = fields.List(fields.UUID(), required=True)
    start_date = fields.Date(required=True)
    end_date = fields.Date(required=True)
    revoked_on = fields.Date(required=True, allow_none=True)


RECORDED = EventType("consent.consent.recorded", ConsentPayload, "a new consent, or a new version of one")
REVOKED = EventType("consent.consent.revoked", ConsentPayload, "a consent was revoked")


def consent_payload(consent: dict) -> dict:
    """`consent` holds a consent's fixed facts and one version's terms."""
    revoked_on = consent["revoked_on"]
    return {
        "consent_id": str(consent["id"]),
        "version": consent["version"],
        "client_id": str(consent["client_id"]),
        "agency_id": str(consent["agency_id"]),
        "type": consent["type"],
        "scope": list(consent["scope"]),
        "released_to": [str(agency_id) for agency_id in consent["released_to"]],
        "start_date": consent["start_date"].isoformat(),
        "end_date": consent["end_date"].isoformat(),
        "revoked_on": revoked_on.isoformat() if revoked_on else None,
    }
