"""The trust network: agencies apply, the HMIS lead approves them, and they keep their place by paying
quarterly license fees and naming their four key HMIS contacts (San Diego's rules).

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hmis_kit.db import first_or_not_found
from hmis_kit.errors import Conflict, NotFound, ValidationFailed
from hmis_kit.outbox import record_event
from identity import safeguards
from identity.contract import events
from identity.contract.schemas import TRANSITIONS
from identity.models import agencies, agency_contacts, agency_fees, agency_status_changes

# The four key HMIS contacts every participating agency names (liaisons with the HMIS lead).
CONTACT_ROLES = ("executive_director", "agency_administrator", "security_officer", "billing_contact")
FEES_OVERDUE = "fees_overdue"
FEES_PAID = "fees_paid"
# Statuses whose agency's users cannot act.
INACTIVE_STATUSES = ("suspended", "ended")


def now() -> datetime:
    return datetime.now(timezone.utc)


def agency_row(session: Session, agency_id: uuid.UUID, lock: bool = False):
    return first_or_not_found(session, sa.select(agencies).where(agencies.c.id == agency_id), "agency_id", "agency",
                              lock)


def create_agency(session: Session, name: str, status: str, actor: uuid.UUID | None, reason: str) -> dict:
    agency = {"id": uuid.uuid4(), "name": name, "status": status, "status_changed_at": now(), "status_reason": reason}
    try:
        with session.begin_nested():
            session.execute(agencies.insert().values(**agency))
    except IntegrityError:
        raise Conflict("an agency with that name exists", {"name": ["already taken"]}) from None
    _record_change(session, agency["id"], None, status, reason, actor)
    record_event(session, events.AGENCY_CREATED, events.agency_payload(agency))
    return agency


def _record_change(session: Session, agency_id, from_status, to_status: str, reason: str, actor) -> None:
    session.execute(agency_status_changes.insert().values(
        agency_id=agency_id, from_status=from_status, to_status=to_status, reason=reason, changed_by=actor,
        changed_at=now()))


def change_status(session: Session, agency_id: uuid.UUID, to_status: str, reason: str,
                  actor: uuid.UUID | None) -> dict:
    agency = agency_row(session, agency_id, lock=True)
    if to_status not in TRANSITIONS[agency.status]:
        allowed = sorted(TRANSITIONS[agency.status]) or ["none: ended is final"]
        raise ValidationFailed("that status change is not allowed",
                               {"status": [f"from {agency.status} only to: {', '.join(allowed)}"]})
    if to_status in INACTIVE_STATUSES:
        safeguards.refuse_suspending_the_lead(session, agency_id)
    changed = {"status": to_status, "status_changed_at": now(), "status_reason": reason}
    session.execute(agencies.update().where(agencies.c.id == agency_id).values(**changed))
    _record_change(session, agency_id, agency.status, to_status, reason, actor)
    updated = {**dict(agency._mapping), **changed}
    record_event(session, events.AGENCY_STATUS_CHANGED, events.agency_payload(updated))
    return updated


def list_agencies(session: Session, contacts_incomplete: bool = False) -> list[dict]:
    named = (sa.select(sa.func.count()).select_from(agency_contacts)
             .where(agency_contacts.c.agency_id == agencies.c.id).scalar_subquery())
    query = sa.select(agencies, (named >= len(CONTACT_ROLES)).label("contacts_complete")).order_by(agencies.c.name)
    if contacts_incomplete:
        query = query.where(named < len(CONTACT_ROLES))
    return [dict(row._mapping) for row in session.execute(query)]


def find_active_agencies(session: Session, name: str, limit: int) -> list[dict]:
    """Active agencies whose name holds `name` in any case (LIKE's wildcards are letters like any other), or whose id
    `name` is, by name, at most `limit`: each one's id and name, for a case worker naming the agencies a release of
    information goes to. Pending, suspended and ended agencies are left out: their users cannot act on a release."""
    found = sa.or_(agencies.c.name.icontains(name, autoescape=True),
                   sa.cast(agencies.c.id, sa.Text) == name.strip().lower())
    query = (sa.select(agencies.c.id, agencies.c.name).where(found, agencies.c.status == "active")
             .order_by(sa.func.lower(agencies.c.name), agencies.c.id).limit(limit))
    return [dict(row._mapping) for row in session.execute(query)]


def agency_detail(session: Session, agency_id: uuid.UUID, today: date) -> dict:
    agency = dict(agency_row(session, agency_id)._mapping)
    contacts = [dict(r._mapping) for r in session.execute(
        sa.select(agency_contacts).where(agency_contacts.c.agency_id == agency_id).order_by(agency_contacts.c.role))]
    fees = [{**dict(r._mapping), "status": fee_status(r.due_date, r.paid_at, today)} for r in session.execute(
        sa.select(agency_fees).where(agency_fees.c.agency_id == agency_id).order_by(agency_fees.c.quarter))]
    history = [dict(r._mapping) for r in session.execute(
        sa.select(agency_status_changes).where(agency_status_changes.c.agency_id == agency_id)
        .order_by(agency_status_changes.c.id))]
    named = {contact["role"] for contact in contacts}
    return {**agency, "contacts": contacts, "contacts_complete": named >= set(CONTACT_ROLES),
            "missing_contacts": [role for role in CONTACT_ROLES if role not in named], "fees": fees,
            "status_history": history}


def set_contact(session: Session, agency_id: uuid.UUID, role: str, contact: dict) -> None:
    agency_row(session, agency_id)
    values = {"agency_id": agency_id, "role": role, **contact, "updated_at": now()}
    session.execute(insert(agency_contacts).values(**values).on_conflict_do_update(
        index_elements=[agency_contacts.c.agency_id, agency_contacts.c.role], set_=values))


def network_snapshot(session: Session) -> dict:
    rows = session.execute(sa.select(agencies.c.id, agencies.c.status)).all()
    return {"agencies": {str(row.id): {"status": row.status} for row in rows}}


# Fees

def fee_status(due_date: date, paid_at: datetime | None, today: date) -> str:
    if paid_at is not None:
        return "paid"
    return "overdue" if today > due_date else "due"


def issue_fee(session: Session, agency_id: uuid.UUID, quarter: str, amount_cents: int, due_date: date) -> None:
    agency_row(session, agency_id)
    try:
        with session.begin_nested():
            session.execute(agency_fees.insert().values(agency_id=agency_id, quarter=quarter,
                                                        amount_cents=amount_cents, due_date=due_date))
    except IntegrityError:
        raise Conflict("a fee for that quarter exists", {"quarter": ["already issued"]}) from None


def _past_grace(session: Session, agency_id, today: date, grace: timedelta) -> bool:
    return session.execute(sa.select(sa.func.count()).select_from(agency_fees).where(
        agency_fees.c.agency_id == agency_id, agency_fees.c.paid_at.is_(None),
        agency_fees.c.due_date < today - grace)).scalar_one() > 0


def record_payment(session: Session, agency_id: uuid.UUID, quarter: str, today: date, grace: timedelta,
                   actor: uuid.UUID) -> None:
    """Mark a fee paid; an agency suspended only for unpaid fees is restored once none is past grace."""
    paid = session.execute(agency_fees.update().where(
        agency_fees.c.agency_id == agency_id, agency_fees.c.quarter == quarter, agency_fees.c.paid_at.is_(None),
    ).values(paid_at=now()).returning(agency_fees.c.quarter)).first()
    if paid is None:
        raise NotFound("no unpaid fee for that quarter", {"quarter": ["no unpaid fee"]})
    agency = agency_row(session, agency_id, lock=True)
    if agency.status == "suspended" and agency.status_reason == FEES_OVERDUE \
            and not _past_grace(session, agency_id, today, grace):
        change_status(session, agency_id, "active", FEES_PAID, actor)


def enforce_fees(session: Session, today: date, grace: timedelta) -> list[str]:
    """Suspend every active agency with a fee unpaid past its due date plus the grace period, except the
    HMIS lead's (safeguards.py): its fees are its own business, and suspending it would lock everyone out."""
    overdue = session.execute(
        sa.select(agencies.c.id).where(agencies.c.status == "active", agencies.c.id.not_in(safeguards.lead_agencies()))
        .where(sa.exists().where(agency_fees.c.agency_id == agencies.c.id, agency_fees.c.paid_at.is_(None),
                                 agency_fees.c.due_date < today - grace))).scalars().all()
    for agency_id in overdue:
        change_status(session, agency_id, "suspended", FEES_OVERDUE, None)
    return [str(agency_id) for agency_id in overdue]
