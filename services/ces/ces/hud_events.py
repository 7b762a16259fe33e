"""HUD 4.20 Coordinated Entry Events of referrals: what the ces service has the clients service write on the client's
coordinated entry enrollment (the one they were assessed on). A referral is one Event, written when it is made (its
EventType the opening's, its date the referral's); its result (ReferralResult and ResultDate) is set on that Event
when the referral resolves with one: accepted, declined, or expired where the policy counts an expiry as a refusal.
A cancelled referral, and a step that is not a resolution, change nothing HUD records. Plain Python."""
from __future__ import annotations

from datetime import date


def referral_event(referral: dict, opening: dict) -> dict:
    """The Event of a referral, as the clients service's `add_record("event", ...)` takes it."""
    place = opening["project_id"] if opening["unit"] is None else f"{opening['project_id']} {opening['unit']}"
    return {"event_date": referral["created_at"].date().isoformat(), "event": opening["event_type"],
            "location_crisis_or_ph_housing": f"project {place}"}


def referral_result(referral: dict, on: date) -> dict | None:
    """The result to set on the referral's Event now (None: nothing to set: no Event, or no result yet)."""
    if referral["hud_event_id"] is None or referral["referral_result"] is None:
        return None
    return {"referral_result": referral["referral_result"], "result_date": on.isoformat()}
