"""Notices: what a referral's step owner is told by the sweep (a stall, a deadline near), kept from the events that
say so (ces.referral.stalled, ces.referral.due_soon) for the owner to see in the web app.

A read model in the ces service, not a service of its own: a notice speaks CES's language (a referral, its step,
whose step it is, which agency must act), and when it stops mattering is a CES rule too: it is current while its
referral is still at the step it is about (active, its last activity unchanged), so taking the step answers it,
and the referral's own row says so. Fed by the events rather than written by the sweep, it is one consumer among
others (the reports service keeps every event; an e-mail or SMS sender would bind to the same ones), and it can be
rebuilt from the event log. Notices carry ids, codes and dates, never client data; who has seen one is kept per
user."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ces.contract.rules import ACTIVE_STATUSES
from ces.models import notice_seen, notices, referrals
from hmis_kit.errors import NotFound
from hmis_kit.events import Event


def note(session: Session, kind: str, event: Event) -> None:
    """Keep the notice an event tells (once: a second event of the same referral, kind and step changes nothing)."""
    data = event.data
    session.execute(insert(notices).values(
        id=uuid.uuid4(), referral_id=data["referral_id"], kind=kind, step_owner=data["step_owner"],
        owner_agency_id=data["owner_agency_id"], step_since=data["last_activity_at"], due_at=data.get("due_at"),
        noticed_at=event.occurred_at).on_conflict_do_nothing(index_elements=["referral_id", "kind", "step_since"]))


def _current(agency_id: uuid.UUID | None):
    """Notices whose referral is still at the step they are about, for one agency (None: every agency's)."""
    query = (sa.select(notices, referrals.c.status)
             .join(referrals, referrals.c.id == notices.c.referral_id)
             .where(referrals.c.status.in_(ACTIVE_STATUSES), referrals.c.last_activity_at == notices.c.step_since))
    return query if agency_id is None else query.where(notices.c.owner_agency_id == agency_id)


def current(session: Session, agency_id: uuid.UUID | None, user_id: uuid.UUID) -> list[dict]:
    """The current notices for one agency's users (None: the CES team's, every agency's), newest first, each
    saying whether `user_id` has seen it."""
    seen = sa.exists().where(notice_seen.c.notice_id == notices.c.id, notice_seen.c.user_id == user_id)
    query = _current(agency_id).add_columns(seen.label("seen")).order_by(notices.c.noticed_at.desc())
    return [dict(row._mapping) for row in session.execute(query)]


def notice_agency(session: Session, notice_id: uuid.UUID) -> uuid.UUID:
    """The agency a notice is addressed to, for the policy input."""
    found = session.execute(sa.select(notices.c.owner_agency_id).where(notices.c.id == notice_id)).scalar()
    if found is None:
        raise NotFound("no such notice", {"notice_id": ["not found"]})
    return found


def mark_seen(session: Session, notice_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """The user has seen the notice (again: no change). The gateway's decision made sure it is addressed to them."""
    notice_agency(session, notice_id)
    session.execute(insert(notice_seen).values(notice_id=notice_id, user_id=user_id).on_conflict_do_nothing())
