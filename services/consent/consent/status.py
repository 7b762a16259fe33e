"""A consent's status on a given date, and the badge per consent type for a client.

Plain Python: the same answer for any date, so the badges of the past (and of tomorrow) can be shown.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from consent.contract.rules import ACTIVE, EXPIRED, EXPIRING_SOON, NONE, PENDING, RANK, REVOKED, TYPES


@dataclass(frozen=True)
class Dates:
    """What status depends on: a consent's current start, end and revocation."""

    start_date: date
    end_date: date
    revoked_on: date | None


def status_on(dates: Dates, as_of: date, expiring_days: int) -> str:
    """The end date is the last day the consent is in force; a revocation is in force from its date."""
    if dates.revoked_on is not None and dates.revoked_on <= as_of:
        return REVOKED
    if dates.end_date < as_of:
        return EXPIRED
    if dates.start_date > as_of:
        return PENDING
    if (dates.end_date - as_of).days <= expiring_days:
        return EXPIRING_SOON
    return ACTIVE


def badges(consents: Iterable[dict], as_of: date, expiring_days: int) -> list[dict]:
    """One badge per type: its status, and the consent behind it (the one lasting longest among equals).

    Each consent is a dict with id, type, start_date, end_date and revoked_on.
    """
    best: dict[str, tuple] = {}
    for consent in consents:
        status = status_on(Dates(consent["start_date"], consent["end_date"], consent["revoked_on"]),
                           as_of, expiring_days)
        key = (RANK.index(status), -consent["end_date"].toordinal())
        if consent["type"] not in best or key < best[consent["type"]][0]:
            best[consent["type"]] = (key, status, consent)
    result = []
    for type in TYPES:
        if type in best:
            _, status, consent = best[type]
            result.append({"type": type, "status": status, "consent_id": consent["id"],
                           "end_date": consent["end_date"]})
        else:
            result.append({"type": type, "status": NONE, "consent_id": None, "end_date": None})
    return result
