"""How long: length of participation, time from project start to housing move-in and time from the date
homelessness started to housing (HUD's APR Q22 and their youth variants in Q27), over `universe`.

- length of participation: the universe's `stay_days` (glossary, `STAY_DAYS`: bed nights in night-by-night
  shelters, days from entry to exit elsewhere).
- time to housing: the glossary's `universe_housing (member_no, housed_on, days_to_move_in, days_homeless)`
  (step `HOUSING`, made once for the six tables that count it).
"""
from __future__ import annotations

from collections.abc import Sequence

from reports.glossary import PERMANENT_HOUSING_TYPES

# HUD's length-of-time rows as (label, first day, last day); None is open-ended.
Bucket = tuple[str, int, int | None]
PARTICIPATION_BUCKETS: tuple[Bucket, ...] = (
    ("30 days or less", 0, 30), ("31 to 60 days", 31, 60), ("61 to 90 days", 61, 90),
    ("91 to 180 days", 91, 180), ("181 to 365 days", 181, 365), ("366 to 730 days (1-2 Yrs)", 366, 730),
    ("731 to 1,095 days (2-3 Yrs)", 731, 1095), ("1,096 to 1,460 days (3-4 Yrs)", 1096, 1460),
    ("1,461 to 1,825 days (4-5 Yrs)", 1461, 1825), ("More than 1,825 days (> 5 Yrs)", 1826, None),
)
HOUSING_BUCKETS: tuple[Bucket, ...] = (
    ("7 days or less", 0, 7), ("8 to 14 days", 8, 14), ("15 to 21 days", 15, 21), ("22 to 30 days", 22, 30),
    ("31 to 60 days", 31, 60), ("61 to 90 days", 61, 90), ("91 to 180 days", 91, 180),
    ("181 to 365 days", 181, 365), ("366 to 730 days (1-2 Yrs)", 366, 730),
)
HOMELESS_BUCKETS: tuple[Bucket, ...] = HOUSING_BUCKETS + (("731 days or more", 731, None),)
# Projects where Q22e measures the time before housing: ES, TH, SH and PH.
HOUSING_PROJECT_TYPES = (0, 1, 2, 8) + PERMANENT_HOUSING_TYPES
MOVE_IN_PROJECT_TYPES = (3, 13)  # Q22c: PSH and RRH

def bucket_rows(buckets: Sequence[Bucket], days: str, also: str = "true") -> tuple[str, ...]:
    """Each bucket as a predicate on the number of days `days` (and `also`)."""
    return tuple(f"{days} >= {low} AND {also}" if high is None else f"{days} BETWEEN {low} AND {high} AND {also}"
                 for _, low, high in buckets)


def labels(buckets: Sequence[Bucket]) -> tuple[str, ...]:
    return tuple(label for label, _, _ in buckets)


def median(days: str, rows: str) -> str:
    """The median of `days` over the rows for which `rows` holds (a measured grid's cell), to 2 decimals."""
    return f"round((percentile_cont(0.5) WITHIN GROUP (ORDER BY {days}) FILTER (WHERE {rows}))::numeric, 2)"


def average(days: str, rows: str, places: int | None = None) -> str:
    """The average of `days` over the rows for which `rows` holds (a measured grid's cell), to `places` decimals
    (None: a whole number)."""
    return f"round(avg({days}) FILTER (WHERE {rows}){'' if places is None else f', {places}'})"
