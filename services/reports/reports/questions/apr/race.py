"""HUD's race and ethnicity columns of the APR's FY2026 tables by race (Q22f, Q22g, Q23e): each person in
exactly one, from Client.csv's race fields (3.04, as Q12 reads them: the universe's `race_codes`): one race
alone (Hispanic/Latina/o alone among them), Hispanic/Latina/o with at least one other, several
without it, or none known (RaceNone, or no field answered yes).
"""
from __future__ import annotations

from reports.questions.apr.demographics import ALONE, HISPANIC, RACES

RACE_LABELS = tuple(RACES[code][1] for code in ALONE) + (
    "At Least 1 Race and Hispanic/Latina/o", "Multi-racial (does not include Hispanic/Latina/o)",
    "Unknown (Doesn’t Know, Prefers not to Answer, Data not Collected)")
RACE_PREDICATES = tuple(f"u.race_codes = ARRAY[{code}]" for code in ALONE) + (
    f"cardinality(u.race_codes) >= 2 AND {HISPANIC} = ANY(u.race_codes)",
    f"cardinality(u.race_codes) >= 2 AND NOT {HISPANIC} = ANY(u.race_codes)",
    "cardinality(u.race_codes) = 0")
