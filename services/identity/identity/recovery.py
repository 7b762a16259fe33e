"""Break-glass recovery of a system administrator, for when nobody can act as the HMIS lead through the
API (the last administrator locked for inactivity, a lost second factor, a lost password).

Run from the command line on a machine that reaches identity's database (`hmis admin recover`), so it works
with the services down. It (re)activates the named user as a system administrator with a new password,
returned once and kept only as its hash; clears the lock, the failed logins and the second factor (to be
set up again at first login: the policy asks it of administrators); ends the user's sessions; makes the
user's agency active again when it was pending or suspended. Audited: an authentication-log row of kind
`recovery` naming the operator, a warning in the logs, and the events a change of a user or an agency
publishes.

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import logging
import secrets
import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit.errors import ValidationFailed
from hmis_kit.outbox import record_event
from identity import auth_log, licensing, safeguards, trust_network
from identity.contract import events
from identity.models import sessions, users
from identity.passwords import hash_password

log = logging.getLogger(__name__)
RECOVERED = "break-glass recovery"


def new_password(username: str) -> str:
    """32 random characters (192 bits) that break none of the password rules for `username`."""
    password = secrets.token_urlsafe(24)
    while licensing.password_problems(password, username):
        password = secrets.token_urlsafe(24)
    return password


def recover_system_admin(session: Session, username: str, agency_id: uuid.UUID | None, operator: str) -> dict:
    """The user `username` active as a system administrator with a new password (in the result, once).
    A user that does not exist is created in `agency_id`, which it then needs."""
    password = new_password(username)
    user = session.execute(sa.select(users).where(users.c.username == username).with_for_update()).first()
    if user is None:
        if agency_id is None:
            raise ValidationFailed("no such user: name the agency to create it in",
                                   {"agency_id": ["required to create a new system administrator"]})
        user_id = licensing.create_user(session, username, password, [safeguards.SYSTEM_ADMIN], agency_id)["id"]
        agency = trust_network.agency_row(session, agency_id)
    else:
        user_id = user.id
        agency = trust_network.agency_row(session, user.agency_id)
    moment = datetime.now(timezone.utc)
    roles = sorted({*(user.roles if user else []), safeguards.SYSTEM_ADMIN})
    # Inactivity is counted from now, or the account would be locked again at once.
    session.execute(users.update().where(users.c.id == user_id).values(
        password_hash=hash_password(password), roles=roles, active=True, failed_logins=0, locked_until=None,
        locked_reason=None, last_login_at=moment, totp_secret=None, totp_enabled=False, totp_last_step=None))
    session.execute(sessions.update().where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None))
                    .values(revoked_at=moment))
    if agency.status != "active":
        if "active" not in trust_network.TRANSITIONS[agency.status]:
            raise ValidationFailed(f"the user's agency is {agency.status}, which is final: recover a user of another "
                                   "agency", {"username": [f"agency {agency.status}"]})
        trust_network.change_status(session, agency.id, "active", RECOVERED, None)
    if user is not None:
        record_event(session, events.USER_REACTIVATED, events.user_payload(
            {"id": user_id, "agency_id": agency.id, "roles": roles, "active": True}))
    auth_log.record(session, auth_log.RECOVERY, auth_log.SUCCEEDED, auth_log.BREAK_GLASS, username=username,
                    user_id=user_id, operator=operator)
    log.warning("break-glass recovery of a system administrator", extra={"user_id": str(user_id), "operator": operator})
    return {"username": username, "user_id": user_id, "agency_id": agency.id, "password": password}
