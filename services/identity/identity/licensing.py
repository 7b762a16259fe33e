"""Users and their licenses: an agency administrator requests a license for a staff member and approves
its fee; the license is active only while the fee is approved and the required training is complete
(followed from the training service's events). Deactivation is immediate.

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hmis_kit.db import first_or_not_found
from hmis_kit.errors import Conflict, NotFound, ValidationFailed
from hmis_kit.outbox import record_event
from identity import safeguards
from identity.contract import events
from identity.models import licenses, sessions, users
from identity.passwords import hash_password
from identity.trust_network import agency_row

_COMMON_PASSWORDS = frozenset(
    line.strip() for line in (Path(__file__).parent / "data" / "common-passwords.txt").read_text().splitlines()
    if line.strip() and not line.startswith("#"))


def now() -> datetime:
    return datetime.now(timezone.utc)


def password_problems(password: str, username: str) -> list[str]:
    """Rules beyond length (checked by the schema): not a known common password, not the username."""
    folded = "".join(password.lower().split())
    problems = []
    if folded in _COMMON_PASSWORDS:
        problems.append("is a commonly used password; choose another")
    if username.lower() in password.lower():
        problems.append("must not contain the username")
    return problems


def user_row(session: Session, user_id: uuid.UUID, lock: bool = False):
    return first_or_not_found(session, sa.select(users).where(users.c.id == user_id), "user_id", "user", lock)


def create_user(session: Session, username: str, password: str, roles: list[str], agency_id: uuid.UUID) -> dict:
    problems = password_problems(password, username)
    if problems:
        raise ValidationFailed("the password breaks the rules named in fields", {"password": problems})
    agency_row(session, agency_id)
    user = {"id": uuid.uuid4(), "agency_id": agency_id, "username": username,
            "roles": sorted(set(roles)), "active": True}
    try:
        with session.begin_nested():
            session.execute(users.insert().values(password_hash=hash_password(password), **user))
    except IntegrityError:
        raise Conflict("that username is taken", {"username": ["already taken"]}) from None
    record_event(session, events.USER_CREATED, events.user_payload(user))
    return {**user, "license_status": "none", "locked": False}


def _license_status_column():
    return sa.func.coalesce(licenses.c.status, "none").label("license_status")


def _users_query():
    return (sa.select(users.c.id, users.c.agency_id, users.c.username, users.c.roles, users.c.active,
                      users.c.last_login_at, users.c.totp_enabled,
                      (users.c.locked_reason.is_not(None)).label("locked"), _license_status_column())
            .select_from(users.outerjoin(licenses, licenses.c.user_id == users.c.id)))


def list_users(session: Session, agency_id: uuid.UUID) -> list[dict]:
    query = _users_query().where(users.c.agency_id == agency_id).order_by(users.c.username)
    return [dict(row._mapping) for row in session.execute(query)]


def get_user(session: Session, user_id: uuid.UUID) -> dict:
    return dict(first_or_not_found(session, _users_query().where(users.c.id == user_id), "user_id", "user")._mapping)


def deactivate_user(session: Session, user_id: uuid.UUID) -> dict:
    """Immediate: the account, every session and the license end in this transaction; never the last
    active system administrator (safeguards.py)."""
    user = user_row(session, user_id, lock=True)
    session.execute(users.update().where(users.c.id == user_id).values(active=False))
    if safeguards.is_system_admin(user.roles):
        safeguards.keep_a_system_admin(session)
    session.execute(sessions.update().where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None))
                    .values(revoked_at=now()))
    session.execute(licenses.update().where(licenses.c.user_id == user_id)
                    .values(status="deactivated", status_changed_at=now()))
    record_event(session, events.USER_DEACTIVATED,
                 {"user_id": str(user_id), "agency_id": str(user.agency_id)})
    _announce_license(session, user_id, user.agency_id, "deactivated")
    return get_user(session, user_id)


def unlock_user(session: Session, user_id: uuid.UUID) -> dict:
    user_row(session, user_id)
    # Counting inactivity from now keeps an account unlocked for a dormant user from relocking at once.
    session.execute(users.update().where(users.c.id == user_id).values(
        failed_logins=0, locked_until=None, locked_reason=None, last_login_at=now()))
    return get_user(session, user_id)


def _announce_license(session: Session, user_id, agency_id, status: str) -> None:
    record_event(session, events.LICENSE_CHANGED,
                 {"user_id": str(user_id), "agency_id": str(agency_id), "status": status})


def _refresh_license(session: Session, user_id: uuid.UUID) -> None:
    """Active exactly while the user is active, the fee approved and the required training complete."""
    row = session.execute(
        sa.select(licenses, users.c.active, users.c.agency_id).join(users, users.c.id == licenses.c.user_id)
        .where(licenses.c.user_id == user_id).with_for_update(of=licenses)).first()
    if row is None or row.status == "deactivated":
        return
    status = "active" if row.active and row.fee_approved_at and row.training_complete else "requested"
    if status != row.status:
        session.execute(licenses.update().where(licenses.c.user_id == user_id)
                        .values(status=status, status_changed_at=now()))
        _announce_license(session, user_id, row.agency_id, status)


def request_license(session: Session, user_id: uuid.UUID, requested_by: uuid.UUID) -> dict:
    user = user_row(session, user_id)
    if not user.active:
        raise ValidationFailed("a deactivated user cannot be licensed", {"user_id": ["user is deactivated"]})
    try:
        with session.begin_nested():
            session.execute(licenses.insert().values(user_id=user_id, status="requested", requested_by=requested_by,
                                                     requested_at=now(), status_changed_at=now()))
    except IntegrityError:
        raise Conflict("a license was already requested for this user", {"user_id": ["already requested"]}) from None
    _announce_license(session, user_id, user.agency_id, "requested")
    return license_detail(session, user_id)


def approve_license_fee(session: Session, user_id: uuid.UUID, approver: uuid.UUID) -> dict:
    updated = session.execute(licenses.update().where(licenses.c.user_id == user_id, licenses.c.status != "deactivated")
                              .values(fee_approved_by=approver, fee_approved_at=now()).returning(licenses.c.user_id)).first()
    if updated is None:
        raise NotFound("no license request for this user", {"user_id": ["request a license first"]})
    _refresh_license(session, user_id)
    return license_detail(session, user_id)


def follow_training(session: Session, user_id: uuid.UUID, license_training_complete: bool) -> None:
    """Apply the training service's word on New User Training and Privacy & Security."""
    session.execute(licenses.update().where(licenses.c.user_id == user_id)
                    .values(training_complete=license_training_complete))
    _refresh_license(session, user_id)


def license_detail(session: Session, user_id: uuid.UUID) -> dict:
    row = session.execute(sa.select(licenses).where(licenses.c.user_id == user_id)).first()
    if row is None:
        raise NotFound("no license request for this user", {"user_id": ["no license requested"]})
    return {"user_id": row.user_id, "status": row.status, "fee_approved": row.fee_approved_at is not None,
            "training_complete": row.training_complete, "requested_at": row.requested_at,
            "status_changed_at": row.status_changed_at}
