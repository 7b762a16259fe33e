"""A community's Coordinated Entry settings, kept as versioned data: instruments, prioritization policies and
requirements. A new version never changes an old one: an assessment and a referral name the version they used."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ces.models import instruments, policies, requirements
from hmis_kit.errors import NotFound


def _next_version(session: Session, table, code: str) -> int:
    # Serialise new versions of one code (two at once would both take the same number).
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(f"{table.name}:{code}", 0))))
    return session.execute(sa.select(sa.func.coalesce(sa.func.max(table.c.version), 0) + 1)
                           .where(table.c.code == code)).scalar_one()


def add_instrument(session: Session, data: dict, actor: uuid.UUID | None) -> dict:
    row = {**data, "id": uuid.uuid4(), "version": _next_version(session, instruments, data["code"]),
           "created_by": actor}
    return dict(session.execute(instruments.insert().values(row).returning(instruments)).one()._mapping)


def instrument_in_force(session: Session, code: str, on: date) -> dict:
    """The version of an instrument in effect on a date: the newest whose effective date has come."""
    row = session.execute(sa.select(instruments).where(instruments.c.code == code, instruments.c.effective_from <= on)
                          .order_by(instruments.c.effective_from.desc(), instruments.c.version.desc()).limit(1)).first()
    if row is None:
        raise NotFound("no such instrument in effect on that date", {"instrument": [f"none named {code} by {on}"]})
    return dict(row._mapping)


def list_instruments(session: Session) -> list[dict]:
    query = sa.select(instruments).order_by(instruments.c.code, instruments.c.version)
    return [dict(row._mapping) for row in session.execute(query)]


def add_policy(session: Session, data: dict, actor: uuid.UUID | None) -> dict:
    row = {**data, "id": uuid.uuid4(), "version": _next_version(session, policies, data["code"]), "created_by": actor}
    return dict(session.execute(policies.insert().values(row).returning(policies)).one()._mapping)


def policy_in_force(session: Session, on: date, required: bool = True) -> dict | None:
    """The community's policy on a date: the newest version (of any code) whose effective date has come; none
    is NotFound, or None when not `required`."""
    row = session.execute(sa.select(policies).where(policies.c.effective_from <= on)
                          .order_by(policies.c.effective_from.desc(), policies.c.created_at.desc()).limit(1)).first()
    if row is None and not required:
        return None
    if row is None:
        raise NotFound("no prioritization policy is in effect", {"policy": [f"none in effect on {on}"]})
    return dict(row._mapping)


def get_policy(session: Session, policy_id: uuid.UUID) -> dict:
    row = session.execute(sa.select(policies).where(policies.c.id == policy_id)).first()
    if row is None:
        raise NotFound("no such policy", {"policy_id": ["not found"]})
    return dict(row._mapping)


def list_policies(session: Session) -> list[dict]:
    query = sa.select(policies).order_by(policies.c.effective_from, policies.c.code, policies.c.version)
    return [dict(row._mapping) for row in session.execute(query)]


def add_requirement(session: Session, data: dict, actor: uuid.UUID | None) -> dict:
    row = {**data, "id": uuid.uuid4(), "created_by": actor}
    return dict(session.execute(requirements.insert().values(row).returning(requirements)).one()._mapping)


def remove_requirement(session: Session, requirement_id: uuid.UUID) -> None:
    """A requirement dropped holds for no new referral; the referrals made under it keep their snapshot."""
    if session.execute(requirements.delete().where(requirements.c.id == requirement_id)).rowcount == 0:
        raise NotFound("no such requirement", {"requirement_id": ["not found"]})


def list_requirements(session: Session) -> list[dict]:
    query = sa.select(requirements).order_by(requirements.c.level, requirements.c.target, requirements.c.created_at)
    return [dict(row._mapping) for row in session.execute(query)]
