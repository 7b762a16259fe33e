"""The referral's state machine: who may take each step, its deadline, a decline's HUD result, and parks.

pending (the case worker's: reach the client, gather documents) -> in process (the provider's: decide) ->
accepted | declined | expired | cancelled. Deadlines, parks, stall limits and the decline reasons are the
policy's (its `workflow`, ces.contract.schemas.WorkflowSchema). Plain Python: the caller reads and writes.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from ces.contract.rules import (ACCEPTED, ACTIVE_STATUSES, CASE_WORKER, CES_TEAM, DECLINED, EXPIRED, MAY_ACT,
                                PENDING, PROVIDER, REFERRAL_ACCEPTED, REFERRAL_RESULTS, STEP_OWNERS, SYSTEM,
                                TRANSITIONS)
from hmis_kit.errors import Conflict, ValidationFailed


def step_due(status: str, workflow: dict, now: datetime) -> datetime | None:
    """When the step a referral has reached must be done (None: it is resolved)."""
    days = workflow["deadline_days"].get(status)
    return None if status not in ACTIVE_STATUSES or days is None else now + timedelta(days=days)


def opened(workflow: dict, now: datetime) -> dict:
    """A new referral's state."""
    return {"status": PENDING, "step_owner": STEP_OWNERS[PENDING], "due_at": step_due(PENDING, workflow, now),
            "last_activity_at": now, "stalled": False, "due_soon_sent": False}


def decline_result(workflow: dict, declined_by: str | None, reason: str | None) -> int:
    """HUD's ReferralResult of a decline, checking that the reason is one of the policy's for that decliner."""
    problems = {}
    if declined_by not in REFERRAL_RESULTS:
        problems["declined_by"] = [f"must be one of: {', '.join(REFERRAL_RESULTS)}"]
    reasons = [r["code"] for r in workflow["decline_reasons"] if r["by"] == declined_by]
    if reason not in reasons:
        problems["reason"] = [f"must be one of the policy's reasons for a decline by the {declined_by}: "
                              f"{', '.join(reasons) or 'none'}"]
    if problems:
        raise ValidationFailed("the decline is not complete", problems)
    return REFERRAL_RESULTS[declined_by]


def expiry_result(workflow: dict, status: str) -> int | None:
    """HUD's ReferralResult of a step that expired, when the policy counts it as the client's or the provider's
    refusal (`expiry_results`; a policy written before it had none: no result)."""
    by = (workflow.get("expiry_results") or {}).get(status)
    return None if by is None else REFERRAL_RESULTS[by]


def park_until(workflow: dict, resolution: str, today: date) -> date | None:
    """Until when a resolution (a decline by the client or provider, or an expiry) parks the client off the list;
    None: the client keeps their place at once."""
    days = workflow["park_days"].get(resolution)
    return None if days is None else today + timedelta(days=days)


def step(referral: dict, action: str, sides: set[str], workflow: dict, now: datetime,
         declined_by: str | None = None, reason: str | None = None) -> dict:
    """The changes one action makes to a referral, taken by someone acting as `sides` (ces_team, provider,
    case_worker; the sweep acts as system). Raises Conflict when the referral's state has no such step and
    ValidationFailed when the actor may not take it. The answer's `park_until` (a decline or expiry that parks the
    client) and `referral_result` are for the caller to apply."""
    to = TRANSITIONS.get((referral["status"], action))
    if to is None:
        raise Conflict(f"a {referral['status']} referral cannot be {action}ed",
                       {"action": [f"not a step from {referral['status']}"]})
    if action == "expire":
        if SYSTEM not in sides:
            raise ValidationFailed("only the sweep expires a referral", {"action": ["expire is the sweep's"]})
    elif not sides & MAY_ACT[action]:
        raise ValidationFailed(f"you may not {action} this referral",
                               {"action": [f"{action} is for: {', '.join(sorted(MAY_ACT[action]))}"]})
    changes = {"status": to, "step_owner": STEP_OWNERS.get(to), "due_at": step_due(to, workflow, now),
               "last_activity_at": now, "stalled": False, "due_soon_sent": False, "referral_result": None,
               "park_until": None}
    if action == "decline":
        changes["referral_result"] = decline_result(workflow, declined_by, reason)
        changes.update(declined_by=declined_by, decline_reason=reason)
        changes["park_until"] = park_until(workflow, declined_by, now.date())
    elif action == "cancel":
        if reason not in workflow["override_reasons"]:
            raise ValidationFailed("a cancellation needs one of the policy's reasons",
                                   {"reason": [f"must be one of: {', '.join(workflow['override_reasons']) or 'none'}"]})
        changes["decline_reason"] = reason
    elif to == ACCEPTED:
        changes["referral_result"] = REFERRAL_ACCEPTED
    elif to == EXPIRED:
        changes["park_until"] = park_until(workflow, EXPIRED, now.date())
        changes["referral_result"] = expiry_result(workflow, referral["status"])
    return changes


def acting_side(action: str, sides: set[str]) -> str:
    """The side a step is recorded under: the provider or case worker when the step is theirs to take, else the
    CES team (taking another's step is an override); the sweep is the system."""
    if SYSTEM in sides:
        return SYSTEM
    for side in (PROVIDER, CASE_WORKER):
        if side in sides and side in MAY_ACT[action]:
            return side
    return CES_TEAM


def overdue(referral: dict, now: datetime) -> bool:
    return referral["status"] in ACTIVE_STATUSES and referral["due_at"] is not None and referral["due_at"] < now


def stalled(referral: dict, workflow: dict, now: datetime) -> bool:
    """Active and untouched for the policy's stall limit (flagged once; any step clears it)."""
    return (referral["status"] in ACTIVE_STATUSES and not referral["stalled"]
            and referral["last_activity_at"] < now - timedelta(days=workflow["stall_days"]))


def due_soon(referral: dict, workflow: dict, now: datetime) -> bool:
    """Active, not yet past its deadline but within the policy's `due_soon_days` of it, and its owner not told yet
    (told once a step; any step clears it). 0 days: never told."""
    days = workflow["due_soon_days"]
    return (referral["status"] in ACTIVE_STATUSES and not referral["due_soon_sent"] and days > 0
            and referral["due_at"] is not None and now <= referral["due_at"] <= now + timedelta(days=days))


def resolved_as(status: str) -> str | None:
    """What a resolution does to the opening: an accepted referral fills it, any other end reopens it."""
    return {ACCEPTED: "filled", DECLINED: "open", EXPIRED: "open", "cancelled": "open"}.get(status)
