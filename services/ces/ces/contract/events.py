"""Events the ces service publishes, each with its versioned payload schema (hmis_kit.events.EventType).

Payloads carry ids, codes and dates only: never an answer, a fact about the client or a reason's words.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ces.contract.rules import (ACTIONS, OPENING_CHANGEABLE, OPENING_STATUSES, SIDES, STATUSES, SYSTEM,
                                WITHDRAWAL_REASONS)
from hmis_kit.events import EventType


class AssessmentPayload(Schema):
    assessment_id = fields.UUID(required=True)
    client_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    instrument_id = fields.UUID(required=True)
    assessed_on = fields.Date(required=True)
    recommendation = fields.String(required=True, allow_none=True)


class OpeningPayload(Schema):
    opening_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    project_id = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(OPENING_STATUSES))
    changed = fields.List(fields.String(validate=validate.OneOf(OPENING_CHANGEABLE)), metadata={
        "description": "an edit of an open opening: the names of the fields changed (never their values)"})


class OpeningWithdrawnPayload(Schema):
    opening_id = fields.UUID(required=True)
    agency_id = fields.UUID(required=True)
    project_id = fields.String(required=True)
    withdrawal = fields.String(required=True, validate=validate.OneOf(WITHDRAWAL_REASONS),
                               metadata={"description": "why: one of the withdrawal reason codes"})


class ReferralPayload(Schema):
    referral_id = fields.UUID(required=True)
    opening_id = fields.UUID(required=True)
    client_id = fields.UUID(required=True)
    client_agency_id = fields.UUID(required=True)
    provider_agency_id = fields.UUID(required=True)
    action = fields.String(required=True, validate=validate.OneOf(("propose", "expire", *ACTIONS)))
    side = fields.String(required=True, validate=validate.OneOf((*SIDES, SYSTEM)))
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    step_owner = fields.String(required=True, allow_none=True)
    due_at = fields.DateTime(required=True, allow_none=True)
    referral_result = fields.Integer(required=True, allow_none=True)


class StalledPayload(Schema):
    referral_id = fields.UUID(required=True)
    step_owner = fields.String(required=True)
    owner_agency_id = fields.UUID(required=True, metadata={"description": "the agency that must act"})
    last_activity_at = fields.DateTime(required=True)


class DueSoonPayload(Schema):
    referral_id = fields.UUID(required=True)
    step_owner = fields.String(required=True)
    owner_agency_id = fields.UUID(required=True, metadata={"description": "the agency that must act"})
    last_activity_at = fields.DateTime(required=True, metadata={"description": "when the step began"})
    due_at = fields.DateTime(required=True)


ASSESSMENT_RECORDED = EventType("ces.assessment.recorded", AssessmentPayload,
                                "a client was assessed with an instrument (placed on the prioritization list)")
OPENING_CHANGED = EventType("ces.opening.changed", OpeningPayload,
                            "a housing opening was posted, locked by a referral, reopened, filled or edited")
OPENING_WITHDRAWN = EventType("ces.opening.withdrawn", OpeningWithdrawnPayload,
                              "an open housing opening was withdrawn by its provider or the CES team (it leaves "
                              "matching)")
REFERRAL_CHANGED = EventType("ces.referral.changed", ReferralPayload,
                             "a referral was proposed or took a step (started, accepted, declined, expired, cancelled)")
REFERRAL_STALLED = EventType("ces.referral.stalled", StalledPayload,
                             "an active referral had no activity for the policy's stall limit (tells the step's owner)")
REFERRAL_DUE_SOON = EventType("ces.referral.due_soon", DueSoonPayload,
                              "an active referral's step is within the policy's days of its deadline (tells the "
                              "step's owner)")
