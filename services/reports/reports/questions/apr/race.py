"""HUD's race and ethnicity columns of the APR's FY2026 tables by race (Q22f, Q22g, Q23e): each person in
exactly one, from Client.csv's race fields (3.04): one race alone (Hispanic/Latina/e/o alone among them),
Hispanic/Latina/e/o with at least one other, several without it, or none known (RaceNone, or no field
answered yes).
"""
from __future__ import annotations

_ALONE = (("American Indian, Alaska Native, or Indigenous", "am_ind_ak_native"),
          ("Asian or Asian American", "asian"),
          ("Black, African American, or African", "black_af_american"),
          ("Hispanic/Latina/e/o", "hispanic_latinao"),
          ("Middle Eastern or North African", "mid_east_n_african"),
          ("Native Hawaiian or Pacific Islander", "native_hi_pacific"),
          ("White", "white"))
_COUNT = "(" + " + ".join(f"(coalesce(c.{field}, 0) = 1)::int" for _, field in _ALONE) + ")"
_GROUP = ("CASE " + " ".join(f"WHEN {_COUNT} = 1 AND c.{field} = 1 THEN {number}"
                             for number, (_, field) in enumerate(_ALONE, 1))
          + f" WHEN {_COUNT} >= 2 AND c.hispanic_latinao = 1 THEN 8 WHEN {_COUNT} >= 2 THEN 9 ELSE 10 END")

RACE_LABELS = tuple(label for label, _ in _ALONE) + (
    "At Least 1 Race and Hispanic/Latina/e/o", "Multi-racial (does not include Hispanic/Latina/e/o)",
    "Unknown (Doesn’t Know, Prefers not to Answer, Data not Collected)")
RACE_PREDICATES = tuple(f"u.race_group = {number}" for number in range(1, len(RACE_LABELS) + 1))


def with_race(subject: str) -> str:
    """`subject` (a SELECT whose rows carry `personal_id` and `source`) with the client's `race_group`, the
    1-based number of their column in `RACE_LABELS`."""
    return (f"SELECT x.*, {_GROUP} AS race_group FROM ({subject}) x "
            f"LEFT JOIN hud_client c ON c.personal_id = x.personal_id AND c.source = x.source")
