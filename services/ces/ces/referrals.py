"""Openings and referrals: an opening posted by its provider, a referral proposed by matching (or by the CES team's
override) that locks it, and each step of the referral (workflow.py) applied to the referral, its opening and
the client's place on the list, with a line in its history and an event."""
from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ces import catalogue, eligibility, matching, workflow
from ces.contract import events
from ces.contract.rules import (ACCEPTED, ACTIVE_STATUSES, CASE_WORKER, CES_TEAM, CES_TEAM_ROLES, HOUSED, LOCKED, OPEN,
                                PROVIDER, SYSTEM, WITHDRAWN)
from ces.models import list_entries, openings, referral_history, referrals
from hmis_kit.errors import Conflict, NotFound, ValidationFailed
from hmis_kit.outbox import record_event


def sides_of(principal: dict, referral: dict) -> set[str]:
    """Who the caller is to a referral: the CES team, its provider, the client's case worker (or several)."""
    sides = set()
    if set(principal["roles"]) & set(CES_TEAM_ROLES):
        sides.add(CES_TEAM)
    if principal["agency_id"] == str(referral["provider_agency_id"]):
        sides.add(PROVIDER)
    if principal["agency_id"] == str(referral["client_agency_id"]):
        sides.add(CASE_WORKER)
    return sides


def post_opening(session: Session, data: dict, agency_id: uuid.UUID, actor: uuid.UUID | None) -> dict:
    row = {**data, "id": uuid.uuid4(), "agency_id": agency_id, "status": OPEN, "created_by": actor}
    opening = dict(session.execute(openings.insert().values(row).returning(openings)).one()._mapping)
    _opening_event(session, opening)
    return opening


def _opening_event(session: Session, opening: dict, changed: list[str] | None = None) -> None:
    payload = {"opening_id": str(opening["id"]), "agency_id": str(opening["agency_id"]),
               "project_id": opening["project_id"], "status": opening["status"]}
    record_event(session, events.OPENING_CHANGED, payload if changed is None else {**payload, "changed": changed})


def require_open(opening: dict, doing: str) -> None:
    """An opening is edited or withdrawn only while open: a referral holding it (locked) must be resolved first, and
    a filled or withdrawn one is history. 409 naming its state."""
    if opening["status"] != OPEN:
        raise Conflict(f"the opening is {opening['status']}: only an open opening can be {doing}",
                       {"opening_id": [f"is {opening['status']}, not open"]})


def change_opening(session: Session, opening_id: uuid.UUID, changes: dict) -> dict:
    """Change what may be changed of an open opening (schemas.OpeningChangeSchema); an event names the fields that
    changed, never their values. Nothing different: the opening as it is, no event."""
    opening = get_opening(session, opening_id, lock=True)
    require_open(opening, "edited")
    changed = sorted(field for field, value in changes.items() if opening[field] != value)
    if not changed:
        return opening
    updated = dict(session.execute(openings.update().where(openings.c.id == opening_id)
                                   .values({field: changes[field] for field in changed}).returning(openings))
                   .one()._mapping)
    _opening_event(session, updated, changed)
    return updated


def withdraw_opening(session: Session, opening_id: uuid.UUID, reason: str, actor: uuid.UUID | None,
                     now: datetime) -> dict:
    """Withdraw an open opening (a unit gone offline, a voucher pulled): it leaves matching for good."""
    opening = get_opening(session, opening_id, lock=True)
    require_open(opening, "withdrawn")
    updated = dict(session.execute(openings.update().where(openings.c.id == opening_id).values(
        status=WITHDRAWN, withdrawal_reason=reason, withdrawn_at=now, withdrawn_by=actor).returning(openings))
        .one()._mapping)
    record_event(session, events.OPENING_WITHDRAWN, {
        "opening_id": str(opening_id), "agency_id": str(updated["agency_id"]), "project_id": updated["project_id"],
        "withdrawal": reason})
    return updated


def get_opening(session: Session, opening_id: uuid.UUID, lock: bool = False) -> dict:
    query = sa.select(openings).where(openings.c.id == opening_id)
    row = session.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("no such opening", {"opening_id": ["not found"]})
    return dict(row._mapping)


def list_openings(session: Session, agency_id: uuid.UUID | None) -> list[dict]:
    query = sa.select(openings).order_by(openings.c.created_at.desc())
    if agency_id is not None:
        query = query.where(openings.c.agency_id == agency_id)
    return [dict(row._mapping) for row in session.execute(query)]


def opening_agency(session: Session, opening_id: uuid.UUID) -> uuid.UUID:
    return get_opening(session, opening_id)["agency_id"]


def propose(session: Session, opening_id: uuid.UUID, override: dict, all_requirements: list[dict],
            actor: uuid.UUID | None, now: datetime) -> dict:
    """Refer the best eligible client to an open opening (or, on the CES team's override, the client it names, who
    must still be eligible and free), locking it."""
    opening = get_opening(session, opening_id, lock=True)
    if opening["status"] != OPEN:
        raise Conflict(f"the opening is {opening['status']}", {"opening_id": ["not open"]})
    policy = catalogue.policy_in_force(session, now.date())
    requirements = eligibility.applicable(all_requirements, opening)
    if override["client_id"] is None:
        match = matching.best_match(session, policy, opening, requirements, now.date())
        if match is None:
            raise Conflict("no eligible client is waiting for this opening", {"opening_id": ["no match"]})
    else:
        if override["override_reason"] not in policy["workflow"]["override_reasons"]:
            raise ValidationFailed("an override needs one of the policy's reasons", {"override_reason": [
                f"must be one of: {', '.join(policy['workflow']['override_reasons'])}"]})
        match = matching.candidate(session, policy, opening, requirements, now.date(), override["client_id"])
        if match is None:
            raise Conflict("that client cannot be matched to this opening (not on the list, not eligible, in another "
                           "referral, or declined from it)", {"client_id": ["not a candidate"]})
    row = {"id": uuid.uuid4(), "opening_id": opening["id"], "client_id": match["client_id"],
           "client_agency_id": match["agency_id"], "provider_agency_id": opening["agency_id"],
           "enrollment_id": match["enrollment_id"], "policy_id": policy["id"], "rank": match["rank"],
           "requirements": eligibility.snapshot(requirements), "override_reason": override["override_reason"],
           "created_by": actor, **workflow.opened(policy["workflow"], now)}
    referral = dict(session.execute(referrals.insert().values(row).returning(referrals)).one()._mapping)
    session.execute(openings.update().where(openings.c.id == opening["id"]).values(status=LOCKED))
    _opening_event(session, {**opening, "status": LOCKED})
    _history(session, referral, None, "propose", CES_TEAM, actor, override["override_reason"], now)
    return referral


def set_hud_event(session: Session, referral_id: uuid.UUID, hud_event_id: str) -> dict:
    """Keep the HUD id of the 4.20 Event the referral wrote on the client's enrollment."""
    return dict(session.execute(referrals.update().where(referrals.c.id == referral_id).values(hud_event_id=hud_event_id)
                                .returning(referrals)).one()._mapping)


def _history(session: Session, referral: dict, from_status: str | None, action: str, side: str,
             actor: uuid.UUID | None, reason: str | None, now: datetime) -> None:
    session.execute(referral_history.insert().values(
        referral_id=referral["id"], at=now, from_status=from_status, to_status=referral["status"], action=action,
        side=side, actor_id=actor, reason=reason))
    record_event(session, events.REFERRAL_CHANGED, {
        "referral_id": str(referral["id"]), "opening_id": str(referral["opening_id"]),
        "client_id": str(referral["client_id"]), "client_agency_id": str(referral["client_agency_id"]),
        "provider_agency_id": str(referral["provider_agency_id"]), "action": action, "side": side,
        "status": referral["status"], "step_owner": referral["step_owner"],
        "due_at": referral["due_at"].isoformat() if referral["due_at"] else None,
        "referral_result": referral["referral_result"]})


def get_referral(session: Session, referral_id: uuid.UUID, lock: bool = False) -> dict:
    query = sa.select(referrals).where(referrals.c.id == referral_id)
    row = session.execute(query.with_for_update() if lock else query).first()
    if row is None:
        raise NotFound("no such referral", {"referral_id": ["not found"]})
    return dict(row._mapping)


def with_history(session: Session, referral: dict) -> dict:
    lines = session.execute(sa.select(referral_history).where(referral_history.c.referral_id == referral["id"])
                            .order_by(referral_history.c.id))
    return {**referral, "history": [dict(line._mapping) for line in lines]}


def take_step(session: Session, referral_id: uuid.UUID, action: str, sides: set[str], actor: uuid.UUID | None,
              now: datetime, declined_by: str | None = None, reason: str | None = None) -> dict:
    """One step of a referral, under the workflow of the policy it was made under; the opening is filled or
    reopened on resolution, an accepted client is housed (off the list) and a park applies."""
    referral = get_referral(session, referral_id, lock=True)
    policy = catalogue.get_policy(session, referral["policy_id"])
    changes = workflow.step(referral, action, sides, policy["workflow"], now, declined_by, reason)
    park_until = changes.pop("park_until")
    updated = dict(session.execute(referrals.update().where(referrals.c.id == referral_id).values(**changes)
                                   .returning(referrals)).one()._mapping)
    opening_status = workflow.resolved_as(updated["status"])
    if opening_status:
        opening = get_opening(session, updated["opening_id"])
        session.execute(openings.update().where(openings.c.id == opening["id"]).values(status=opening_status))
        _opening_event(session, {**opening, "status": opening_status})
    entry_changes = {}
    if updated["status"] == ACCEPTED:
        entry_changes["status"] = HOUSED
    if park_until is not None:
        entry_changes["parked_until"] = park_until
    if entry_changes:
        session.execute(list_entries.update().where(list_entries.c.client_id == updated["client_id"])
                        .values(**entry_changes, updated_at=sa.func.now()))
    _history(session, updated, referral["status"], action, workflow.acting_side(action, sides), actor, reason, now)
    return updated


def list_referrals(session: Session, agency_id: uuid.UUID | None, status: str | None) -> list[dict]:
    """Referrals newest first; `agency_id`: those where that agency is the provider or holds the client."""
    query = sa.select(referrals).order_by(referrals.c.created_at.desc())
    if agency_id is not None:
        query = query.where(sa.or_(referrals.c.provider_agency_id == agency_id,
                                   referrals.c.client_agency_id == agency_id))
    if status is not None:
        query = query.where(referrals.c.status == status)
    return [dict(row._mapping) for row in session.execute(query)]


def sweep(session: Session, now: datetime) -> dict:
    """The scheduled job: expire overdue steps, tell each step's owner of a stalled referral and of a deadline near
    (an event each, once a step: ces.notices keeps them for the owner to see), and end parks that ran out. Each
    referral is locked as it is handled; one that moved meanwhile is left as it is. The answer's
    `expired_referrals` are the referrals it expired, as they are now."""
    expired_referrals = []
    overdue = session.execute(sa.select(referrals.c.id).where(referrals.c.status.in_(ACTIVE_STATUSES),
                                                              referrals.c.due_at < now)).scalars().all()
    for referral_id in overdue:
        if workflow.overdue(get_referral(session, referral_id, lock=True), now):
            expired_referrals.append(take_step(session, referral_id, "expire", {SYSTEM}, None, now))
    told = {"stalled": 0, "due_soon": 0}
    untold = session.execute(sa.select(referrals.c.id).where(
        referrals.c.status.in_(ACTIVE_STATUSES),
        sa.or_(referrals.c.stalled.is_(False), referrals.c.due_soon_sent.is_(False)))).scalars().all()
    workflows: dict = {}
    for referral_id in untold:
        referral = get_referral(session, referral_id, lock=True)
        if referral["policy_id"] not in workflows:
            workflows[referral["policy_id"]] = catalogue.get_policy(session, referral["policy_id"])["workflow"]
        rules = workflows[referral["policy_id"]]
        if workflow.stalled(referral, rules, now):
            _tell_owner(session, referral, {"stalled": True}, events.REFERRAL_STALLED, {})
            told["stalled"] += 1
        if workflow.due_soon(referral, rules, now):
            _tell_owner(session, referral, {"due_soon_sent": True}, events.REFERRAL_DUE_SOON,
                        {"due_at": referral["due_at"].isoformat()})
            told["due_soon"] += 1
    unparked = session.execute(list_entries.update().where(list_entries.c.parked_until <= now.date())
                               .values(parked_until=None, updated_at=sa.func.now())).rowcount
    return {"expired": len(expired_referrals), **told, "unparked": unparked, "expired_referrals": expired_referrals}


def owner_agency(referral: dict) -> uuid.UUID:
    """The agency that must take a referral's step: the provider's for theirs, else the one holding the client."""
    return referral["provider_agency_id" if referral["step_owner"] == PROVIDER else "client_agency_id"]


def _tell_owner(session: Session, referral: dict, flag: dict, event_type, extra: dict) -> None:
    """Flag the referral as told (once a step) and tell the step's owner: ids, a code and dates, no client data."""
    session.execute(referrals.update().where(referrals.c.id == referral["id"]).values(**flag))
    record_event(session, event_type, {
        "referral_id": str(referral["id"]), "step_owner": referral["step_owner"],
        "owner_agency_id": str(owner_agency(referral)), "last_activity_at": referral["last_activity_at"].isoformat(),
        **extra})
