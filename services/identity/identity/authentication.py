"""Who is calling: login with lockout, inactivity lock, per-address throttle and TOTP; sessions with idle
and absolute expiry; partner API keys. Secrets are kept only as hashes (passwords: argon2; tokens and keys:
SHA-256, enough for high-entropy values) or encrypted (TOTP secrets). Only members of an active agency get
in: login, every session and every key check their agency's status here, in the same query, so a
suspension takes effect on the next request. Every refusal is written to the authentication log
(auth_log.py) in the caller's transaction: the functions return a refusal rather than raise it, so the
caller commits the log row (and a failure count or lock) before answering.

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import pyotp
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit import crypto
from hmis_kit.db import first_or_not_found
from hmis_kit.errors import AgencyNotActive, AuthenticationFailed, HmisError, TooManyAttempts, ValidationFailed
from hmis_kit.outbox import record_event
from identity import auth_log
from identity.contract import events
from identity.licensing import user_row
from identity.models import agencies, api_keys, sessions, users
from identity.passwords import verify_password

log = logging.getLogger(__name__)
API_KEY_PREFIX = "hmis_"
# last_seen_at is written at most this often, sparing a write per request; idle expiry is that coarse.
LAST_SEEN_RESOLUTION = timedelta(seconds=30)
# One answer for every refused login (unknown user, wrong password, locked, second factor missing, wrong or
# replayed): it tells nobody whether the password was right (docs/security.md, "Logging in").
LOGIN_FAILED = "login failed: unknown username, wrong password or one-time code, or the account is locked"
TOTP_ISSUER = "Harbor HMIS"
# Steps either side of the current 30-second one whose code is accepted, for clocks that drift.
TOTP_DRIFT_STEPS = 1
FAILED_LOGINS = "failed_logins"
INACTIVE = "inactive"
ACTIVE_AGENCY = "active"


@dataclass(frozen=True)
class LoginPolicy:
    idle: timedelta
    absolute: timedelta
    max_failures: int
    lockout: timedelta
    inactive_after: timedelta
    address_max_failures: int
    address_window: timedelta


def now() -> datetime:
    return datetime.now(timezone.utc)


def fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _agency_not_active(status: str) -> AgencyNotActive:
    return AgencyNotActive(f"your agency is {status} in the HMIS trust network; ask the HMIS lead")


def _totp_step(encrypted_secret: str | None, code: str | None, moment: datetime) -> int | None:
    """The time step whose code `code` is, within the drift allowed; None when it is no such code."""
    if not (encrypted_secret and code):
        return None
    totp = pyotp.TOTP(crypto.decrypt(encrypted_secret))
    current = totp.timecode(moment)
    return next((step for step in range(current - TOTP_DRIFT_STEPS, current + TOTP_DRIFT_STEPS + 1)
                 if hmac.compare_digest(totp.generate_otp(step), code)), None)


def _address_wait(session: Session, client_address: str | None, moment: datetime, policy: LoginPolicy) -> int:
    """Seconds until the address may try again (0: now): it is refused while it made
    `address_max_failures` guesses within the window, until the oldest of them leaves the window."""
    if client_address is None:
        return 0
    guesses, oldest = auth_log.recent_guesses(session, client_address, moment - policy.address_window)
    if guesses < policy.address_max_failures:
        return 0
    return max(1, math.ceil((oldest + policy.address_window - moment).total_seconds()))


def _locked(session: Session, user, moment: datetime, policy: LoginPolicy) -> bool:
    """Locked by failed logins until a time, or by inactivity until unlocked. An account unused too long is
    locked here, whatever is tried with it."""
    if user.locked_reason == INACTIVE or (user.locked_until is not None and user.locked_until > moment):
        return True
    if moment - (user.last_login_at or user.created_at) > policy.inactive_after:
        session.execute(users.update().where(users.c.id == user.id).values(locked_reason=INACTIVE))
        log.warning("account locked after inactivity", extra={"user_id": str(user.id)})
        return True
    return False


def _second_factor(user, code: str | None, moment: datetime) -> tuple[str | None, int | None]:
    """(why the second factor fails, or None; the time step of the code accepted)."""
    if not user.totp_enabled:
        return None, None
    if not code:
        return auth_log.TOTP_MISSING, None
    step = _totp_step(user.totp_secret, code, moment)
    if step is None:
        return auth_log.TOTP_WRONG, None
    if user.totp_last_step is not None and step <= user.totp_last_step:
        return auth_log.TOTP_REPLAYED, None
    return None, step


def _refused(session: Session, reason: str, username: str, user, client_address: str | None) -> AuthenticationFailed:
    auth_log.record(session, auth_log.LOGIN, auth_log.REFUSED, reason, username=username,
                    user_id=user.id if user is not None else None, client_address=client_address)
    return AuthenticationFailed(LOGIN_FAILED)


def _failed(session: Session, reason: str, username: str, user, client_address: str | None, moment: datetime,
            policy: LoginPolicy) -> AuthenticationFailed:
    """A failure of the password or the second factor: counted, and the account locked at the limit."""
    failures = user.failed_logins + 1
    # A lock starts the count afresh: after it ends, another full run of failures locks again.
    locking = failures >= policy.max_failures
    session.execute(users.update().where(users.c.id == user.id).values(
        **({"failed_logins": 0, "locked_until": moment + policy.lockout, "locked_reason": FAILED_LOGINS}
           if locking else {"failed_logins": failures})))
    if locking:
        log.warning("account locked after repeated failed logins", extra={"user_id": str(user.id), "failures": failures})
    return _refused(session, reason, username, user, client_address)


def attempt_login(session: Session, username: str, password: str, totp_code: str | None,
                  client_address: str | None, policy: LoginPolicy) -> dict | HmisError:
    """A new session, or the reason there is none (returned, not raised: see the module's docstring).

    Every refusal but the address throttle's is the same AuthenticationFailed. A locked account's password
    is never checked, so guessing during a lock learns nothing; the agency's standing is told only to
    someone who proved the password and second factor."""
    moment = now()
    wait = _address_wait(session, client_address, moment, policy)
    if wait:
        auth_log.record(session, auth_log.LOGIN, auth_log.REFUSED, auth_log.ADDRESS_THROTTLED, username=username,
                        client_address=client_address)
        return TooManyAttempts("too many failed logins from your address; try again later",
                               {"client_address": [f"retry after {wait} seconds"]}, wait)
    user = session.execute(
        sa.select(users, agencies.c.status.label("agency_status")).join(agencies, agencies.c.id == users.c.agency_id)
        .where(users.c.username == username).with_for_update(of=users)).first()
    if user is None or not user.active:
        verify_password(None, password)  # as long as a real check: the time taken tells nothing either
        return _refused(session, auth_log.UNKNOWN_USER if user is None else auth_log.USER_INACTIVE, username, user,
                        client_address)
    if _locked(session, user, moment, policy):
        verify_password(None, password)  # against the dummy hash only: the password is not evaluated
        return _refused(session, auth_log.LOCKED, username, user, client_address)
    if not verify_password(user.password_hash, password):
        return _failed(session, auth_log.WRONG_PASSWORD, username, user, client_address, moment, policy)
    problem, step = _second_factor(user, totp_code, moment)
    if problem:
        return _failed(session, problem, username, user, client_address, moment, policy)
    if user.agency_status != ACTIVE_AGENCY:
        log.warning("login refused: agency not active", extra={
            "user_id": str(user.id), "agency_id": str(user.agency_id), "agency_status": user.agency_status})
        auth_log.record(session, auth_log.LOGIN, auth_log.REFUSED, auth_log.AGENCY_NOT_ACTIVE, username=username,
                        user_id=user.id, client_address=client_address)
        return _agency_not_active(user.agency_status)
    session.execute(users.update().where(users.c.id == user.id).values(
        failed_logins=0, locked_until=None, locked_reason=None, last_login_at=moment,
        totp_last_step=users.c.totp_last_step if step is None else step))
    auth_log.record(session, auth_log.LOGIN, auth_log.SUCCEEDED, None, username=username, user_id=user.id,
                    client_address=client_address)
    token = secrets.token_urlsafe(32)
    session.execute(sessions.insert().values(
        id=uuid.uuid4(), token_hash=fingerprint(token), user_id=user.id, created_at=moment, last_seen_at=moment,
        expires_at=moment + policy.absolute, mfa=user.totp_enabled))
    return {"token": token, "expires_at": moment + policy.absolute,
            "idle_timeout_minutes": int(policy.idle.total_seconds() // 60), "user_id": user.id,
            "agency_id": user.agency_id, "roles": list(user.roles), "mfa": user.totp_enabled}


def logout(session: Session, token: str) -> None:
    session.execute(sessions.update()
                    .where(sessions.c.token_hash == fingerprint(token), sessions.c.revoked_at.is_(None))
                    .values(revoked_at=now()))


def logout_everywhere(session: Session, user_id: uuid.UUID) -> int:
    result = session.execute(sessions.update().where(sessions.c.user_id == user_id, sessions.c.revoked_at.is_(None))
                             .values(revoked_at=now()))
    return result.rowcount


def authenticate_session(session: Session, token: str, idle: timedelta, client_address: str | None) -> dict | HmisError:
    """The principal behind a session token; AuthenticationFailed when it is unknown, idle, old or revoked,
    AgencyNotActive when the user's agency is no longer active (returned, and logged: see the module's
    docstring)."""
    row = session.execute(
        sa.select(sessions.c.id, sessions.c.last_seen_at, sessions.c.expires_at, sessions.c.revoked_at,
                  sessions.c.mfa, users.c.id.label("user_id"), users.c.agency_id, users.c.username,
                  users.c.roles, users.c.active, agencies.c.status.label("agency_status"))
        .join(users, users.c.id == sessions.c.user_id)
        .join(agencies, agencies.c.id == users.c.agency_id)
        .where(sessions.c.token_hash == fingerprint(token))
    ).first()
    moment = now()

    def refused(reason: str, error: HmisError) -> HmisError:
        auth_log.record(session, auth_log.SESSION, auth_log.REFUSED, reason, username=row and row.username,
                        user_id=row and row.user_id, client_address=client_address)
        return error

    if row is None:
        return refused(auth_log.SESSION_UNKNOWN, AuthenticationFailed("session is not valid"))
    if row.revoked_at is not None:
        return refused(auth_log.SESSION_REVOKED, AuthenticationFailed("session is not valid"))
    if not row.active:
        return refused(auth_log.USER_INACTIVE, AuthenticationFailed("session is not valid"))
    if moment >= row.expires_at or moment - row.last_seen_at >= idle:
        return refused(auth_log.SESSION_EXPIRED, AuthenticationFailed("session expired"))
    if row.agency_status != ACTIVE_AGENCY:
        return refused(auth_log.AGENCY_NOT_ACTIVE, _agency_not_active(row.agency_status))
    if moment - row.last_seen_at >= LAST_SEEN_RESOLUTION:
        session.execute(sessions.update().where(sessions.c.id == row.id).values(last_seen_at=moment))
    return {"kind": "user", "id": row.user_id, "agency_id": row.agency_id, "username": row.username,
            "roles": list(row.roles), "scopes": [], "mfa": row.mfa, "purpose": None}


def start_totp(session: Session, user_id: uuid.UUID) -> dict:
    """A new secret for the user's authenticator app; it counts only once confirmed with a code."""
    user = user_row(session, user_id, lock=True)
    if user.totp_enabled:
        raise ValidationFailed("a second factor is already set up", {"totp": ["already enabled"]})
    secret = pyotp.random_base32()
    session.execute(users.update().where(users.c.id == user_id).values(totp_secret=crypto.encrypt(secret)))
    return {"secret": secret,
            "provisioning_uri": pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)}


def confirm_totp(session: Session, user_id: uuid.UUID, code: str) -> None:
    """The code confirming the secret is spent: it cannot log in too."""
    user = user_row(session, user_id, lock=True)
    step = _totp_step(user.totp_secret, code, now())
    if step is None:
        raise ValidationFailed("that code does not match", {"code": ["does not match the authenticator"]})
    session.execute(users.update().where(users.c.id == user_id).values(totp_enabled=True, totp_last_step=step))
    record_event(session, events.USER_MFA_ENABLED, {"user_id": str(user_id)})


# Partner API keys. A key is one identity (its id, agency, scopes and purpose) holding one secret at a
# time: rotation replaces the secret's hash in place, so the old secret stops working at once, and
# revoking the id ends the key whatever secret it was given. No overlap between old and new secrets: a
# partner that cannot stop for the swap is issued a second key, switches to it, then the first is revoked.

def _new_key() -> str:
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def create_api_key(session: Session, agency_id: uuid.UUID, name: str, scopes: list[str], purpose: str,
                   created_by: uuid.UUID) -> dict:
    key = _new_key()
    record = {"id": uuid.uuid4(), "agency_id": agency_id, "name": name, "key_prefix": key[:12],
              "scopes": sorted(set(scopes)), "purpose": purpose}
    session.execute(api_keys.insert().values(key_hash=fingerprint(key), created_by=created_by, **record))
    record_event(session, events.API_KEY_CREATED, events.api_key_payload(record))
    return {**record, "key": key, "revoked_at": None}


def _key_row(session: Session, key_id: uuid.UUID):
    return first_or_not_found(session, sa.select(api_keys).where(api_keys.c.id == key_id), "api_key_id", "API key",
                              lock=True)


def key_agency(session: Session, key_id: uuid.UUID) -> uuid.UUID:
    return _key_row(session, key_id).agency_id


def list_api_keys(session: Session, agency_id: uuid.UUID) -> list[dict]:
    query = sa.select(api_keys).where(api_keys.c.agency_id == agency_id).order_by(api_keys.c.created_at)
    return [dict(row._mapping) for row in session.execute(query)]


def revoke_api_key(session: Session, key_id: uuid.UUID) -> dict:
    row = _key_row(session, key_id)
    if row.revoked_at is None:
        session.execute(api_keys.update().where(api_keys.c.id == key_id).values(revoked_at=now()))
        record_event(session, events.API_KEY_REVOKED, events.api_key_payload(dict(row._mapping)))
    return dict(_key_row(session, key_id)._mapping)


def rotate_api_key(session: Session, key_id: uuid.UUID) -> dict:
    """The same key (id, agency, scopes, purpose) with a new secret; the old secret stops working now."""
    row = _key_row(session, key_id)
    if row.revoked_at is not None:
        raise ValidationFailed("a revoked key cannot be rotated", {"api_key_id": ["revoked"]})
    key = _new_key()
    session.execute(api_keys.update().where(api_keys.c.id == key_id).values(
        key_hash=fingerprint(key), key_prefix=key[:12], rotated_at=now()))
    record_event(session, events.API_KEY_ROTATED, events.api_key_payload(dict(row._mapping)))
    return {**dict(_key_row(session, key_id)._mapping), "key": key}


def authenticate_api_key(session: Session, key: str, client_address: str | None) -> dict | HmisError:
    """The principal behind a live key; AuthenticationFailed for an unknown or revoked key, AgencyNotActive
    when its agency is no longer active (returned, and logged: see the module's docstring)."""
    row = session.execute(
        sa.select(api_keys, agencies.c.status.label("agency_status"))
        .join(agencies, agencies.c.id == api_keys.c.agency_id)
        .where(api_keys.c.key_hash == fingerprint(key))
    ).first()

    def refused(reason: str, error: HmisError) -> HmisError:
        auth_log.record(session, auth_log.API_KEY, auth_log.REFUSED, reason, api_key_id=row and row.id,
                        client_address=client_address)
        return error

    if row is None:
        return refused(auth_log.API_KEY_UNKNOWN, AuthenticationFailed("API key is not valid"))
    if row.revoked_at is not None:
        return refused(auth_log.API_KEY_REVOKED, AuthenticationFailed("API key is not valid"))
    if row.agency_status != ACTIVE_AGENCY:
        return refused(auth_log.AGENCY_NOT_ACTIVE, _agency_not_active(row.agency_status))
    return {"kind": "api_key", "id": row.id, "agency_id": row.agency_id, "username": None,
            "roles": [], "scopes": list(row.scopes), "mfa": False, "purpose": row.purpose}


# Users (by username) and API keys (by their name), each with its agency's name: who a principal is, in the shape
# compliance views name them (`principals`, `find_principals`). Never a role, a contact or a secret.
NAMED_PRINCIPALS = ((users, "user", users.c.username), (api_keys, "api_key", api_keys.c.name))


def _named_principals(where) -> sa.Select:
    """`where(table, name)`: the condition on each of NAMED_PRINCIPALS' tables."""
    return sa.union_all(*[
        sa.select(table.c.id, sa.literal(kind).label("kind"), name.label("name"), table.c.agency_id,
                  agencies.c.name.label("agency_name"))
        .join(agencies, agencies.c.id == table.c.agency_id).where(where(table, name))
        for table, kind, name in NAMED_PRINCIPALS])


def principals(session: Session, ids: list[uuid.UUID]) -> list[dict]:
    """Who each id is, for compliance views: a user (by username) or an API key (by its name), with its
    agency's name; ids that are neither are left out."""
    return [dict(row._mapping) for row in session.execute(_named_principals(lambda table, name: table.c.id.in_(ids)))]


def find_principals(session: Session, name: str, agency_id: uuid.UUID | None, limit: int) -> list[dict]:
    """Users and API keys whose name holds `name` in any case, or whose id `name` is (as the decision log shows it),
    of one agency or any, by name, at most `limit`: deactivated users and revoked keys too, since their accesses
    are still asked about."""
    pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"

    def matches(table, column):
        found = sa.or_(column.ilike(pattern, escape="\\"), sa.cast(table.c.id, sa.Text) == name.strip().lower())
        return sa.and_(found, table.c.agency_id == agency_id) if agency_id else found

    listed = _named_principals(matches).subquery()
    return [dict(row._mapping) for row in session.execute(
        sa.select(listed).order_by(sa.func.lower(listed.c.name), listed.c.id).limit(limit))]
