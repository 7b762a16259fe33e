"""What a consent may say: its types, the record parts it covers, its dates, its signed form and its statuses.

Plain Python, no database, nameko or Flask, and part of the service's contract: the schemas (on input) and
the domain (on an edit, where the changed terms meet the kept ones) apply the same rules.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hmis_kit.config import env

# hmis_sharing: San Diego's Multi-Party Authorization (sharing across the trust network);
# cie: the Community Information Exchange (partner systems); roi: release to named agencies.
TYPES = ("hmis_sharing", "cie", "roi")
RELEASE_TYPE = "roi"

# The parts of a client's record a consent may cover, in the order they are shown and announced.
SCOPES = ("profile", "enrollments", "services", "assessments", "health")

# A signed form is a scan or photo of the paper (pdf, png, jpeg) or a signature captured on screen
# (png, jpeg); each kind is recognised by its first bytes, so a renamed executable is refused.
MAGIC_BYTES = {
    "application/pdf": b"%PDF-",
    "image/png": b"\x89PNG\r\n\x1a\n",
    "image/jpeg": b"\xff\xd8\xff",
}
DOCUMENT_MEDIA_TYPES = tuple(MAGIC_BYTES)
SIGNATURE_MEDIA_TYPES = ("image/png", "image/jpeg")
MAX_FORM_BYTES = 2 * 1024 * 1024
TOO_LARGE = f"larger than {MAX_FORM_BYTES // (1024 * 1024)} MB"

# A consent's status on a date (consent/status.py).
ACTIVE = "active"
EXPIRING_SOON = "expiring_soon"
PENDING = "pending"  # signed, but its start date is still ahead
EXPIRED = "expired"
REVOKED = "revoked"
NONE = "none"

# Best first: a client's badge for a type is the best status among that type's consents. A consent in
# force beats one that will be; either beats one that lapsed; a revoked one speaks only when nothing
# else of its type exists.
RANK = (ACTIVE, EXPIRING_SOON, PENDING, EXPIRED, REVOKED, NONE)


@dataclass(frozen=True)
class Terms:
    """How long a consent runs when its end is not given, and how early its expiry is flagged."""

    term_days: int
    expiring_days: int


def load_terms() -> Terms:
    """The consent service's settings: HMIS_CONSENT_TERM_DAYS (default 365) and HMIS_CONSENT_EXPIRING_DAYS
    (default 30)."""
    return Terms(term_days=int(env("HMIS_CONSENT_TERM_DAYS", "365")),
                 expiring_days=int(env("HMIS_CONSENT_EXPIRING_DAYS", "30")))


def in_scope_order(scope) -> list[str]:
    """One spelling of a scope: each part once, in SCOPES order."""
    return [part for part in SCOPES if part in set(scope)]


def term_problems(type: str, released_to: list, signed_on: date | None, start_date: date | None,
                  end_date: date | None) -> dict[str, list[str]]:
    """The rules a consent's terms break, by field (empty: none). A start omitted is signed_on (the default);
    other missing dates are not checked here."""
    problems: dict[str, list[str]] = {}
    if type == RELEASE_TYPE and not released_to:
        problems["released_to"] = ["required for a release of information: at least one agency"]
    if type != RELEASE_TYPE and released_to:
        problems["released_to"] = [f"only a release of information ({RELEASE_TYPE}) names agencies"]
    if signed_on and start_date and start_date < signed_on:
        problems["start_date"] = ["before signed_on"]
    if end_date and start_date and end_date < start_date:
        problems["end_date"] = ["before start_date"]
    elif end_date and signed_on and not start_date and end_date < signed_on:
        problems["end_date"] = ["before start_date (which defaults to signed_on)"]
    return problems


def default_end(start_date: date, terms: Terms) -> date:
    return start_date + timedelta(days=terms.term_days)


def form_problem(media_type: str, content: bytes) -> str | None:
    """Why a signed form's bytes cannot be kept, or None."""
    if len(content) > MAX_FORM_BYTES:
        return TOO_LARGE
    if not content.startswith(MAGIC_BYTES[media_type]):
        return f"content is not {media_type}"
    return None
