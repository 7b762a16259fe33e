"""Eligibility as data: requirements ("must" or "must not", a fact and an optional value) attached to a program,
a funding source, a project or a unit, inherited downward (an opening of a unit meets its project's, its
funding source's and its program's requirements too) and ANDed. An unknown fact meets no requirement, "must"
or "must not": a client is eligible only on what is known of them.

Each requirement is also a SQL condition over the prioritization list (`condition`), which matching uses to
find the best eligible client in one query; `meets` is the same test in Python (for a referral's check and the
tests). A referral keeps a snapshot of the requirements it was matched under (`snapshot`).
"""
from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from ces.contract.rules import LEVELS

# Which field of an opening names its place at each level.
OPENING_FIELD = {"program": "program", "funding_source": "funding_source", "project": "project_id", "unit": "unit"}


def applicable(requirements: list[dict], opening: dict) -> list[dict]:
    """The requirements an opening inherits: those attached to its program, funding source, project and unit,
    from the top level down."""
    placed = {level: opening.get(OPENING_FIELD[level]) for level in LEVELS}
    found = [requirement for requirement in requirements
             if placed[requirement["level"]] is not None and str(placed[requirement["level"]]) == requirement["target"]]
    return sorted(found, key=lambda requirement: LEVELS.index(requirement["level"]))


def _test(attribute: str, value, client: dict, today: date) -> bool | None:
    """Whether the client has the property (None: not known)."""
    if attribute in ("veteran", "chronic", "disability_verified"):
        return client.get(attribute)
    if attribute == "age_over":
        return None if client.get("age") is None else client["age"] > value
    if attribute == "household_type":
        return None if client.get("household_type") is None else client["household_type"] == value
    if attribute == "income_under_ami":
        return None if client.get("ami_percent") is None else client["ami_percent"] < value
    if attribute == "seen_within_days":
        return None if client.get("assessed_on") is None else client["assessed_on"] >= today - timedelta(days=value)
    raise ValueError(f"no such requirement: {attribute}")


def meets(requirement: dict, client: dict, today: date) -> bool:
    found = _test(requirement["attribute"], requirement.get("value"), client, today)
    if found is None:
        return False
    return found if requirement["rule"] == "must" else not found


def eligible(requirements: list[dict], client: dict, today: date) -> bool:
    return all(meets(requirement, client, today) for requirement in requirements)


def condition(requirement: dict, columns, today: date):
    """The requirement as a SQL condition over the list's columns; NULL (unknown) never meets it."""
    attribute, value = requirement["attribute"], requirement.get("value")
    if attribute in ("veteran", "chronic", "disability_verified"):
        test = columns[attribute]
    elif attribute == "age_over":
        test = columns.age > value
    elif attribute == "household_type":
        test = columns.household_type == value
    elif attribute == "income_under_ami":
        test = columns.ami_percent < value
    elif attribute == "seen_within_days":
        test = columns.assessed_on >= today - timedelta(days=value)
    else:
        raise ValueError(f"no such requirement: {attribute}")
    return sa.func.coalesce(test if requirement["rule"] == "must" else sa.not_(test), False)


def snapshot(requirements: list[dict]) -> list[dict]:
    """The requirements as a referral keeps them: what they said when it was made, not what they say later."""
    return [{"level": r["level"], "target": r["target"], "attribute": r["attribute"], "rule": r["rule"],
             "value": r.get("value")} for r in requirements]
