"""Identity rules: who belongs to the trust network, who may log in, and for how long.

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerifyMismatchError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hmis_kit.errors import AuthenticationFailed, Conflict, NotFound
from hmis_kit.outbox import record_event
from identity import events
from identity.models import agencies, api_keys, sessions, users

_hasher = PasswordHasher()  # argon2id with the library's current recommended memory and time costs
# A dummy hash to verify against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = _hasher.hash("not-a-real-password-" + secrets.token_hex(8))
API_KEY_PREFIX = "hmis_"
# last_seen_at is written at most this often, sparing a write per request; idle expiry is that coarse.
LAST_SEEN_RESOLUTION = timedelta(seconds=30)
LOGIN_FAILED = "unknown username or wrong password"


def now() -> datetime:
    return datetime.now(timezone.utc)


def fingerprint(secret: str) -> str:
    """SHA-256 of a high-entropy token or key; enough for lookup, useless to a thief of the table."""
    return hashlib.sha256(secret.encode()).hexdigest()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _agency_row(session: Session, agency_id: uuid.UUID):
    row = session.execute(sa.select(agencies).where(agencies.c.id == agency_id)).first()
    if row is None:
        raise NotFound("no such agency", {"agency_id": ["unknown agency"]})
    return row


def create_agency(session: Session, name: str, status: str) -> dict:
    agency = {"id": uuid.uuid4(), "name": name, "status": status, "status_changed_at": now()}
    try:
        with session.begin_nested():
            session.execute(agencies.insert().values(**agency))
    except IntegrityError:
        raise Conflict("an agency with that name exists", {"name": ["already taken"]}) from None
    record_event(session, "identity", events.AGENCY_CREATED, events.agency_payload(agency))
    return agency


def list_agencies(session: Session) -> list[dict]:
    return [dict(row._mapping) for row in session.execute(sa.select(agencies).order_by(agencies.c.name))]


def network_snapshot(session: Session) -> dict:
    """The trust-network document the policy engine reads as data.network."""
    rows = session.execute(sa.select(agencies.c.id, agencies.c.status)).all()
    return {"agencies": {str(row.id): {"status": row.status} for row in rows}}


def create_user(session: Session, username: str, password: str, roles: list[str], agency_id: uuid.UUID) -> dict:
    _agency_row(session, agency_id)
    user = {"id": uuid.uuid4(), "agency_id": agency_id, "username": username,
            "roles": sorted(set(roles)), "active": True}
    try:
        with session.begin_nested():
            session.execute(users.insert().values(password_hash=hash_password(password), **user))
    except IntegrityError:
        raise Conflict("that username is taken", {"username": ["already taken"]}) from None
    record_event(session, "identity", events.USER_CREATED, events.user_payload(user))
    return user


def login(session: Session, username: str, password: str, idle: timedelta, absolute: timedelta) -> dict:
    user = session.execute(sa.select(users).where(users.c.username == username)).first()
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, InvalidHashError):
        raise AuthenticationFailed(LOGIN_FAILED) from None
    if user is None or not user.active:
        raise AuthenticationFailed(LOGIN_FAILED)
    token = secrets.token_urlsafe(32)
    started = now()
    session.execute(sessions.insert().values(
        id=uuid.uuid4(), token_hash=fingerprint(token), user_id=user.id,
        created_at=started, last_seen_at=started, expires_at=started + absolute,
    ))
    return {"token": token, "expires_at": started + absolute, "idle_timeout_minutes": int(idle.total_seconds() // 60),
            "user_id": user.id, "agency_id": user.agency_id, "roles": list(user.roles)}


def logout(session: Session, token: str) -> None:
    session.execute(sessions.update()
                    .where(sessions.c.token_hash == fingerprint(token), sessions.c.revoked_at.is_(None))
                    .values(revoked_at=now()))


def authenticate_session(session: Session, token: str, idle: timedelta) -> dict:
    """The principal behind a session token, or AuthenticationFailed when it is unknown, idle, old or revoked."""
    row = session.execute(
        sa.select(sessions.c.id, sessions.c.last_seen_at, sessions.c.expires_at, sessions.c.revoked_at,
                  users.c.id.label("user_id"), users.c.agency_id, users.c.username, users.c.roles, users.c.active)
        .join(users, users.c.id == sessions.c.user_id)
        .where(sessions.c.token_hash == fingerprint(token))
    ).first()
    moment = now()
    if row is None or row.revoked_at is not None or not row.active:
        raise AuthenticationFailed("session is not valid")
    if moment >= row.expires_at or moment - row.last_seen_at >= idle:
        raise AuthenticationFailed("session expired")
    if moment - row.last_seen_at >= LAST_SEEN_RESOLUTION:
        session.execute(sessions.update().where(sessions.c.id == row.id).values(last_seen_at=moment))
    return {"kind": "user", "id": row.user_id, "agency_id": row.agency_id, "username": row.username,
            "roles": list(row.roles), "scopes": []}


def create_api_key(session: Session, agency_id: uuid.UUID, name: str, scopes: list[str], created_by: uuid.UUID) -> dict:
    _agency_row(session, agency_id)
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    record = {"id": uuid.uuid4(), "agency_id": agency_id, "name": name, "key_prefix": key[:12],
              "scopes": sorted(set(scopes))}
    session.execute(api_keys.insert().values(key_hash=fingerprint(key), created_by=created_by, **record))
    record_event(session, "identity", events.API_KEY_CREATED, events.api_key_payload(record))
    return {**record, "key": key}


def authenticate_api_key(session: Session, key: str) -> dict:
    row = session.execute(
        sa.select(api_keys).where(api_keys.c.key_hash == fingerprint(key), api_keys.c.revoked_at.is_(None))
    ).first()
    if row is None:
        raise AuthenticationFailed("API key is not valid")
    return {"kind": "api_key", "id": row.id, "agency_id": row.agency_id, "username": None,
            "roles": [], "scopes": list(row.scopes)}
