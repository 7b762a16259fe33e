"""Identity's own settings, from the environment (docs/operations.md lists them): how long a session
lasts, when failed logins lock an account and for how long, when an unused account is locked, and how
long a license fee may stay unpaid."""
from __future__ import annotations

from dataclasses import dataclass, field

from hmis_kit.config import env


@dataclass(frozen=True)
class Settings:
    session_idle_minutes: int = field(default_factory=lambda: int(env("HMIS_SESSION_IDLE_MINUTES", "15")))
    session_absolute_hours: int = field(default_factory=lambda: int(env("HMIS_SESSION_ABSOLUTE_HOURS", "12")))
    login_max_failures: int = field(default_factory=lambda: int(env("HMIS_LOGIN_MAX_FAILURES", "5")))
    login_lockout_minutes: int = field(default_factory=lambda: int(env("HMIS_LOGIN_LOCKOUT_MINUTES", "15")))
    # Failed logins from one client address within the window before its attempts are refused unevaluated.
    login_address_max_failures: int = field(default_factory=lambda: int(env("HMIS_LOGIN_ADDRESS_MAX_FAILURES", "20")))
    login_address_window_minutes: int = field(
        default_factory=lambda: int(env("HMIS_LOGIN_ADDRESS_WINDOW_MINUTES", "15")))
    inactive_lock_days: int = field(default_factory=lambda: int(env("HMIS_INACTIVE_LOCK_DAYS", "90")))
    fee_grace_days: int = field(default_factory=lambda: int(env("HMIS_FEE_GRACE_DAYS", "30")))


def load() -> Settings:
    return Settings()
