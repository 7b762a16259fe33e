"""Training compliance rules (training/compliance.py), without a database."""
from datetime import date

import pytest

from training.compliance import Completion, Course, expiry, score, status

TODAY = date(2026, 11, 23)
CATALOGUE = [
    Course("new_user_training", "new_user", False, None),
    Course("privacy_security_essentials", "privacy_security", True, date(2019, 8, 22)),
    Course("ces_workflow", "ces_workflow", False, None),
    Course("mpa_update", "focused", True, date(2020, 4, 1)),
    Course("next_year_update", "focused", True, date(2027, 1, 15)),
]


def done(code: str, on: date = date(2026, 6, 1), expires: date | None = None) -> Completion:
    return Completion(code, on, expires)


def test_expiry_is_the_same_day_months_later_clamped_to_month_end():
    assert expiry(date(2026, 3, 15), 12) == date(2027, 3, 15)
    assert expiry(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert expiry(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert expiry(date(2026, 3, 15), None) is None


def test_nothing_done_means_no_license_training_and_overdue_mandatory_courses():
    result = status(CATALOGUE, [], TODAY)
    assert result == {"license_training_complete": False, "mandatory_current": False, "ces_workflow_complete": False,
                      "overdue": ["mpa_update", "privacy_security_essentials"], "due_soon": ["next_year_update"]}


def test_license_training_needs_both_new_user_and_privacy_courses():
    only_new_user = status(CATALOGUE, [done("new_user_training")], TODAY)
    both = status(CATALOGUE, [done("new_user_training"), done("privacy_security_essentials", expires=date(2027, 6, 1))],
                  TODAY)
    assert only_new_user["license_training_complete"] is False
    assert both["license_training_complete"] is True


def test_mandatory_current_when_every_effective_course_is_done_and_unexpired():
    record = [done("privacy_security_essentials", expires=date(2027, 6, 1)), done("mpa_update")]
    result = status(CATALOGUE, record, TODAY)
    assert result["mandatory_current"] is True
    assert result["overdue"] == [] and result["due_soon"] == ["next_year_update"]


def test_a_mandatory_course_falling_due_takes_access_away():
    record = [done("privacy_security_essentials", expires=date(2027, 6, 1)), done("mpa_update")]
    assert status(CATALOGUE, record, date(2027, 1, 14))["mandatory_current"] is True
    on_the_day = status(CATALOGUE, record, date(2027, 1, 15))
    assert on_the_day["mandatory_current"] is False
    assert on_the_day["overdue"] == ["next_year_update"]


def test_an_expired_refresher_is_overdue_but_keeps_the_license_training():
    record = [done("new_user_training"), done("privacy_security_essentials", on=date(2025, 11, 1),
                                              expires=date(2026, 11, 1)), done("mpa_update")]
    result = status(CATALOGUE, record, TODAY)
    assert result["overdue"] == ["privacy_security_essentials"]
    assert result["license_training_complete"] is True


def test_ces_workflow_counts_once_completed():
    assert status(CATALOGUE, [done("ces_workflow")], TODAY)["ces_workflow_complete"] is True


@pytest.mark.parametrize("answers, expected", [
    ([0] * 10, 100),
    ([0] * 8 + [1, 0], 89),   # the 11-point question wrong
    ([1] + [0] * 9, 90),      # a 10-point question wrong
    ([0] * 8 + [0, 1], 91),   # the 9-point question wrong
    ([1] * 10, 0),
])
def test_score_is_the_percent_of_points_earned_rounded_down(answers, expected):
    points = [10] * 8 + [11, 9]
    assert score(points, [0] * 10, answers) == expected


def test_score_rounds_down():
    assert score([1, 1, 1], [0, 0, 0], [0, 0, 1]) == 66
