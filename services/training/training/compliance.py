"""What a user's training record means for their access: pure rules, no database.

- License training: New User Training and Privacy & Security Essentials each completed at least once
  (San Diego's conditions for a first license).
- Mandatory current: every mandatory course whose effective date has come has a completion that has not
  expired (annual refreshers expire after 12 months). A course that falls due takes access away until done.
- CES workflow: the CES Workflow training completed, for anyone entering CES data.
"""
from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

LICENSE_KINDS = ("new_user", "privacy_security")
CES_KIND = "ces_workflow"


@dataclass(frozen=True)
class Course:
    code: str
    kind: str
    mandatory: bool
    effective_date: date | None


@dataclass(frozen=True)
class Completion:
    course_code: str
    completed_on: date
    expires_on: date | None


def expiry(completed_on: date, validity_months: int | None) -> date | None:
    """The day a completion lapses: the same day `validity_months` later (clamped to the month's end)."""
    if validity_months is None:
        return None
    months = completed_on.month - 1 + validity_months
    year, month = completed_on.year + months // 12, months % 12 + 1
    return date(year, month, min(completed_on.day, calendar.monthrange(year, month)[1]))


def _current(completions: Iterable[Completion], code: str, today: date) -> bool:
    return any(c.course_code == code and (c.expires_on is None or c.expires_on > today) for c in completions)


def status(courses: list[Course], completions: list[Completion], today: date) -> dict:
    done = {c.course_code for c in completions}
    by_kind: dict[str, set[str]] = {}
    for course in courses:
        by_kind.setdefault(course.kind, set()).add(course.code)
    mandatory = [c for c in courses if c.mandatory and c.effective_date is not None]
    overdue = sorted(c.code for c in mandatory if c.effective_date <= today and not _current(completions, c.code, today))
    due_soon = sorted(c.code for c in mandatory if c.effective_date > today and not _current(completions, c.code, today))
    return {
        "license_training_complete": all(by_kind.get(kind, set()) & done for kind in LICENSE_KINDS),
        "mandatory_current": not overdue,
        "ces_workflow_complete": any(_current(completions, code, today) for code in by_kind.get(CES_KIND, ())),
        "overdue": overdue,
        "due_soon": due_soon,
    }


def score(points: list[int], correct: list[int], answers: list[int]) -> int:
    """Percent of the points earned, rounded down: 89.9 is not 90."""
    earned = sum(p for p, right, given in zip(points, correct, answers) if right == given)
    return (100 * earned) // sum(points)
