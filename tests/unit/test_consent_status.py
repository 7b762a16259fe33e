"""Consent status on a date and the per-type badges (consent/status.py), without a database."""
from datetime import date

import pytest

from consent.status import Dates, badges, status_on

AS_OF = date(2026, 11, 23)
WINDOW = 30


def consent(id: str, type: str, start: date, end: date, revoked_on: date | None = None) -> dict:
    return {"id": id, "type": type, "start_date": start, "end_date": end, "revoked_on": revoked_on}


@pytest.mark.parametrize("dates, expected", [
    (Dates(date(2026, 1, 1), date(2027, 1, 1), None), "active"),
    (Dates(date(2026, 1, 1), date(2026, 12, 23), None), "expiring_soon"),  # ends exactly 30 days out
    (Dates(date(2026, 1, 1), date(2026, 11, 23), None), "expiring_soon"),  # its last day
    (Dates(date(2025, 1, 1), date(2026, 11, 22), None), "expired"),        # ended yesterday
    (Dates(date(2026, 12, 1), date(2027, 12, 1), None), "pending"),        # starts next month
    (Dates(date(2026, 1, 1), date(2027, 1, 1), date(2026, 11, 23)), "revoked"),
    (Dates(date(2025, 1, 1), date(2025, 6, 1), date(2025, 3, 1)), "revoked"),  # revoked beats expired
])
def test_status_on_a_date(dates, expected):
    assert status_on(dates, AS_OF, WINDOW) == expected


def test_a_revocation_is_not_in_force_before_its_date():
    revoked_later = Dates(date(2026, 1, 1), date(2027, 6, 1), date(2026, 12, 1))
    assert status_on(revoked_later, AS_OF, WINDOW) == "active"
    assert status_on(revoked_later, date(2026, 12, 1), WINDOW) == "revoked"


def test_the_expiring_window_is_a_setting():
    ends_in_45_days = Dates(date(2026, 1, 1), date(2027, 1, 7), None)
    assert status_on(ends_in_45_days, AS_OF, 30) == "active"
    assert status_on(ends_in_45_days, AS_OF, 60) == "expiring_soon"


def test_a_client_without_consents_has_none_of_every_type():
    assert badges([], AS_OF, WINDOW) == [
        {"type": t, "status": "none", "consent_id": None, "end_date": None} for t in ("hmis_sharing", "cie", "roi")]


def test_each_type_shows_its_best_consent():
    found = [
        consent("old-mpa", "hmis_sharing", date(2024, 1, 1), date(2025, 1, 1)),
        consent("new-mpa", "hmis_sharing", date(2026, 1, 1), date(2026, 12, 1)),
        consent("revoked-cie", "cie", date(2026, 1, 1), date(2027, 1, 1), revoked_on=date(2026, 5, 1)),
        consent("short-roi", "roi", date(2026, 1, 1), date(2026, 12, 1)),
        consent("long-roi", "roi", date(2026, 1, 1), date(2026, 12, 10)),
    ]
    assert {b["type"]: (b["status"], b["consent_id"]) for b in badges(found, AS_OF, WINDOW)} == {
        "hmis_sharing": ("expiring_soon", "new-mpa"),
        "cie": ("revoked", "revoked-cie"),
        "roi": ("expiring_soon", "long-roi"),  # of two alike, the one lasting longer
    }


def test_a_consent_in_force_outranks_one_yet_to_start_and_one_that_lapsed():
    found = [consent("lapsed", "cie", date(2025, 1, 1), date(2025, 12, 31)),
             consent("future", "cie", date(2027, 1, 1), date(2028, 1, 1))]
    assert badges(found, AS_OF, WINDOW)[1]["status"] == "pending"
    found.append(consent("current", "cie", date(2026, 1, 1), date(2027, 6, 1)))
    assert badges(found, AS_OF, WINDOW)[1] == {"type": "cie", "status": "active", "consent_id": "current",
                                               "end_date": date(2027, 6, 1)}
