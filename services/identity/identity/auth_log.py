"""The authentication log: every login (refused or not), every session token or API key refused, every
break-glass recovery; for compliance views and for the per-address login throttle. A row names what was
tried by username, user or key id, never by a password, token or key.

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit import logs
from hmis_kit.db import filtered
from identity.contract.schemas import AUTH_EVENT_KINDS, AUTH_EVENT_OUTCOMES
from identity.models import auth_events

LOGIN, SESSION, API_KEY, RECOVERY = AUTH_EVENT_KINDS
SUCCEEDED, REFUSED = AUTH_EVENT_OUTCOMES
# Reasons (docs/security.md, "The authentication log").
UNKNOWN_USER = "unknown_user"
USER_INACTIVE = "user_inactive"
LOCKED = "locked"
WRONG_PASSWORD = "wrong_password"
TOTP_MISSING = "totp_missing"
TOTP_WRONG = "totp_wrong"
TOTP_REPLAYED = "totp_replayed"
ADDRESS_THROTTLED = "address_throttled"
AGENCY_NOT_ACTIVE = "agency_not_active"
SESSION_UNKNOWN = "session_unknown"
SESSION_REVOKED = "session_revoked"
SESSION_EXPIRED = "session_expired"
API_KEY_UNKNOWN = "api_key_unknown"
API_KEY_REVOKED = "api_key_revoked"
BREAK_GLASS = "break_glass"
# Login refusals that are guesses: what the per-address throttle counts. Refusals the throttle itself gave
# are left out (the limit is a rate, not a ban), and so are correct credentials of a suspended agency.
GUESSES = (UNKNOWN_USER, USER_INACTIVE, LOCKED, WRONG_PASSWORD, TOTP_MISSING, TOTP_WRONG, TOTP_REPLAYED)


def record(session: Session, kind: str, outcome: str, reason: str | None, *, username: str | None = None,
           user_id: uuid.UUID | None = None, api_key_id: uuid.UUID | None = None,
           client_address: str | None = None, operator: str | None = None) -> None:
    session.execute(auth_events.insert().values(
        occurred_at=datetime.now(timezone.utc), kind=kind, outcome=outcome, reason=reason, username=username,
        user_id=user_id, api_key_id=api_key_id, client_address=client_address, operator=operator,
        correlation_id=logs.current_correlation_id()))


def recent_guesses(session: Session, client_address: str, since: datetime) -> tuple[int, datetime | None]:
    """How many guesses came from the address since `since`, and when the oldest of them came. Attempts
    from one address are taken one at a time (a transaction lock on the address), so two at once cannot
    both pass the count."""
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(client_address, 0))))
    row = session.execute(
        sa.select(sa.func.count(), sa.func.min(auth_events.c.occurred_at))
        .where(auth_events.c.client_address == client_address, auth_events.c.occurred_at >= since,
               auth_events.c.kind == LOGIN, auth_events.c.reason.in_(GUESSES))).one()
    return row[0], row[1]


def search(session: Session, filters: dict) -> list[dict]:
    """Events newest first, filtered by any of kind, outcome, reason, username, user_id, client_address,
    since, until; at most `limit`."""
    query = filtered(
        sa.select(auth_events).order_by(auth_events.c.occurred_at.desc(), auth_events.c.id.desc())
        .limit(filters["limit"]), filters,
        {name: auth_events.c[name] for name in ("kind", "outcome", "reason", "username", "user_id", "client_address")},
        auth_events.c.occurred_at)
    return [dict(row._mapping) for row in session.execute(query)]
