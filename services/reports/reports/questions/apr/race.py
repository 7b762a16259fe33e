"""HUD's race and ethnicity columns of the APR's FY2026 tables by race (Q22f, Q22g, Q23e): each person in
exactly one, from Client.csv's race fields (3.04, as Q12 reads them: `demographics.RACES`): one race
alone (Hispanic/Latina/o alone among them), Hispanic/Latina/o with at least one other, several
without it, or none known (RaceNone, or no field answered yes).
"""
from __future__ import annotations

from reports.questions.apr.demographics import ALONE, HISPANIC, RACES

_COUNT = "(" + " + ".join(f"(coalesce(c.{column}, 0) = 1)::int" for column, _ in RACES.values()) + ")"
_GROUP = ("CASE " + " ".join(f"WHEN {_COUNT} = 1 AND c.{RACES[code][0]} = 1 THEN {number}"
                             for number, code in enumerate(ALONE, 1))
          + f" WHEN {_COUNT} >= 2 AND c.{RACES[HISPANIC][0]} = 1 THEN {len(ALONE) + 1}"
          + f" WHEN {_COUNT} >= 2 THEN {len(ALONE) + 2} ELSE {len(ALONE) + 3} END")

RACE_LABELS = tuple(RACES[code][1] for code in ALONE) + (
    "At Least 1 Race and Hispanic/Latina/o", "Multi-racial (does not include Hispanic/Latina/o)",
    "Unknown (Doesn’t Know, Prefers not to Answer, Data not Collected)")
RACE_PREDICATES = tuple(f"u.race_group = {number}" for number in range(1, len(RACE_LABELS) + 1))


def race_cte(name: str, subject: str) -> str:
    """A CTE `name` of `subject` (a SELECT whose rows carry `personal_id` and `source`) with the client's
    `race_group`, the 1-based number of their column in `RACE_LABELS`. Materialized: the columns' predicates
    read `race_group` again and again, and inlined it would be worked out once for each."""
    return (f"{name} AS MATERIALIZED (SELECT x.*, {_GROUP} AS race_group FROM ({subject}) x "
            f"LEFT JOIN hud_client c ON c.personal_id = x.personal_id AND c.source = x.source "
            f"AND c.date_deleted IS NULL)")
