"""How long: length of participation, time from project start to housing move-in and time from the date
homelessness started to housing (HUD's APR Q22 and their youth variants in Q27), over `universe`.

- length of participation: the universe's `stay_days` (glossary, `STAY_DAYS`: bed nights in night-by-night
  shelters, days from entry to exit elsewhere).
- `housing (member_no, housed_on, days_to_move_in, days_homeless)`: `housed_on` is the housing move-in date
  (the glossary's, already adjusted) in PH projects and the project start elsewhere; `days_to_move_in`
  its distance from the project start (PH only); `days_homeless` its distance from the date homelessness
  started (3.917.3, DateToStreetESSH; a child of 17 or under takes their head of household's), NULL when
  that date is missing or after the day housed.
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

HOUSING_CTE = f"""housing AS (
  SELECT h.member_no, h.housed_on,
         CASE WHEN h.is_permanent THEN h.housed_on - h.entry_date END AS days_to_move_in,
         CASE WHEN h.homeless_since <= h.housed_on THEN h.housed_on - h.homeless_since END AS days_homeless
    FROM (SELECT u.member_no, u.entry_date, u.project_type IN {PERMANENT_HOUSING_TYPES} AS is_permanent,
                 CASE WHEN u.project_type IN {PERMANENT_HOUSING_TYPES} THEN u.move_in_date ELSE u.entry_date END
                   AS housed_on,
                 CASE WHEN u.age <= 17 THEN coalesce(head.date_to_street_essh, u.date_to_street_essh)
                      ELSE u.date_to_street_essh END AS homeless_since
            FROM universe u
            LEFT JOIN (SELECT DISTINCT ON (hu.household_id, hu.source) hu.household_id, hu.source,
                              hu.date_to_street_essh
                         FROM universe hu WHERE hu.is_head
                        ORDER BY hu.household_id, hu.source, hu.member_no) head
              ON head.household_id = u.household_id AND head.source = u.source) h)"""


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
