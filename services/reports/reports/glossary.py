"""HUD's HMIS Reporting Glossary (FY2026) written once: who a report counts and how each person is described.

`build_universe(connection, params)` creates the run's TEMP TABLE `universe` (one row per person: the
APR, CAPER and Data Quality reports count each client once, on their latest stay in the period among the
selected projects), TEMP TABLE `universe_households` (one row per household of the universe), TEMP
TABLE `universe_income` (each person's income records at HUD's collection points) and the wide tables
several questions count over, made once: `universe_stage_income` (each person's income at each stage) and
`universe_conditions` (each person's health conditions by kind of Disabilities records), in the caller's
transaction (all dropped at its commit). Every question reads them, and may read `report_stays` (every
stay active in the period, described) for what is not of the latest stay alone (point-in-time counts,
overlapping stays); docs/reports.md, "HUD's glossary rules", lists the rules.

The universe is built in steps, each one of HUD's rules as a named SQL statement below, run in order:
the selected projects, every stay active in the period in them (with each stay's household described:
the head, the household type, the move-in date, chronic homelessness; one statement, its rules named
fragments), then each person's latest stay, then the tables made from it.
The expressions other builders need too (a person's age, chronic homelessness at entry, a destination's
class) are functions returning SQL fragments over the columns they are given.

`params` is the run's parameters: `start` and `end` (dates, inclusive), `sources` (warehouse source
ids), and optionally `project_ids` (HUD ProjectIDs) and `coc_codes`; an empty or missing list selects
every project of the sources.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from sqlalchemy.engine import Connection

# HUD's project types (2.02.6) the rules name.
ES_NIGHT_BY_NIGHT = 1
STREET_SHELTER_TYPES = (0, 1, 4, 8)  # ES entry/exit, ES night-by-night, street outreach, safe haven
PERMANENT_HOUSING_TYPES = (3, 9, 10, 13)  # PSH, PH housing only, PH housing with services, RRH
BED_NIGHT = 200  # Services RecordType of a night-by-night shelter's bed night

# Destination and living-situation classes: FY2026 codes are grouped by their hundreds (lists.csv).
CLASS_BY_HUNDREDS = {1: "homeless", 2: "institutional", 3: "temporary", 4: "permanent"}
DONT_KNOW_REFUSED = (8, 9)
DATA_NOT_COLLECTED = 99


# Client.csv's race and ethnicity columns (3.04) by HUD's code for them (RaceNone's list).
RACE_COLUMNS = {1: "am_ind_ak_native", 2: "asian", 3: "black_af_american", 4: "native_hi_pacific", 5: "white",
                6: "hispanic_latinao", 7: "mid_east_n_african"}


def race_codes(client: str) -> str:
    """The codes (`RACE_COLUMNS`) of the races and ethnicities a client record (alias `client`) answers yes,
    ascending; empty for none, or no record."""
    answered = ", ".join(f"CASE WHEN {client}.{column} = 1 THEN {code} END" for code, column in RACE_COLUMNS.items())
    return f"array_remove(ARRAY[{answered}], NULL)"


def age_at(dob: str, day: str) -> str:
    """Age in whole years on `day` (HUD: the birthdays passed); unknown (NULL) without a date of birth or
    when the date of birth falls after `day` (an impossible age is no age)."""
    return (f"CASE WHEN {dob} IS NULL OR {dob} > {day} THEN NULL "
            f"ELSE extract(year FROM age({day}, {dob}))::int END")


def age_group(age: str) -> str:
    """Adult 18 or over, child under 18, unknown when the age is."""
    return f"CASE WHEN {age} >= 18 THEN 'adult' WHEN {age} < 18 THEN 'child' ELSE 'unknown' END"


def destination_class(code: str) -> str:
    """HUD's destination (3.12) and living-situation (3.917) classes, FY2026 codes: 100s homeless situations,
    200s institutional, 300s temporary housing, 400s permanent housing; every other answer (Deceased 24,
    No exit interview 30, Other 17, Client doesn't know 8, prefers not to answer 9, Data not collected
    99) is 'other'. NULL for no code."""
    cases = " ".join(f"WHEN {code} BETWEEN {hundreds * 100} AND {hundreds * 100 + 99} THEN '{name}'"
                     for hundreds, name in CLASS_BY_HUNDREDS.items())
    return f"CASE WHEN {code} IS NULL THEN NULL {cases} ELSE 'other' END"


def _answer(column: str) -> str:
    """A coded answer HUD does not let a rule decide on: Client doesn't know / prefers not to answer, or
    data not collected (99 or blank)."""
    return (f"WHEN {column} IN {DONT_KNOW_REFUSED} THEN 'dk_refused' "
            f"WHEN {column} IS NULL OR {column} = {DATA_NOT_COLLECTED} THEN 'missing'")


def chronic_at_entry(stay: str) -> str:
    """HUD's chronically homeless at project start (HMIS Reporting Glossary, "Chronically Homeless", from
    3.08 and 3.917) for the enrollment columns of `stay` (and its `project_type`), as 'yes' | 'no' |
    'dk_refused' | 'missing':

    1. Disabling condition (3.08): 1 goes on; 0 is no; 8/9 client doesn't know or prefers not to answer;
       99 or blank is missing.
    2. ES, SH or street outreach projects go straight to step 3. Others read the prior living situation
       (3.917.1): a homeless situation (100s) goes to step 3; an institution (200s) goes on only when the
       stay was under 90 days and a temporary or permanent situation (300s, 400s) only when it was under
       7 nights (3.917.2A LOSUnderThreshold 1), and then only when the client was on the street, in ES or SH
       the night before (3.917.2B PreviousStreetESSH 1); a 0 in either is no, a blank or 99 missing. A
       living situation of 8/9 is dk_refused, 99 or blank missing.
    3. The 12-months rule: homeless since (DateToStreetESSH) at least 365 days before entry is yes.
       Otherwise the times homeless in the past three years (3.917.4) must be four or more (1-3 is no)
       and the months homeless (3.917.5) 12 or more (112, 113; 101-111 is no); 8/9 in either is
       dk_refused, 99 or blank missing.
    """
    s = stay
    twelve_months = (
        f"CASE WHEN {s}.date_to_street_essh <= {s}.entry_date - 365 THEN 'yes' "
        f"WHEN {s}.times_homeless_past_three_years IN (1, 2, 3) THEN 'no' "
        f"{_answer(f'{s}.times_homeless_past_three_years')} "
        f"WHEN {s}.months_homeless_past_three_years IN (112, 113) THEN 'yes' "
        f"WHEN {s}.months_homeless_past_three_years BETWEEN 101 AND 111 THEN 'no' "
        f"{_answer(f'{s}.months_homeless_past_three_years')} ELSE 'no' END")
    short_stay = (
        f"CASE WHEN {s}.los_under_threshold = 0 THEN 'no' "
        f"WHEN {s}.los_under_threshold IS DISTINCT FROM 1 THEN 'missing' "
        f"WHEN {s}.previous_street_essh = 0 THEN 'no' "
        f"WHEN {s}.previous_street_essh IS DISTINCT FROM 1 THEN 'missing' "
        f"ELSE {twelve_months} END")
    return (
        f"CASE WHEN {s}.disabling_condition = 0 THEN 'no' "
        f"WHEN {s}.disabling_condition IS DISTINCT FROM 1 THEN "
        f"(CASE {_answer(f'{s}.disabling_condition')} ELSE 'missing' END) "
        f"WHEN {s}.project_type IN {STREET_SHELTER_TYPES} OR {s}.living_situation BETWEEN 100 AND 199 "
        f"THEN {twelve_months} "
        f"WHEN {s}.living_situation BETWEEN 200 AND 499 THEN {short_stay} "
        f"{_answer(f'{s}.living_situation')} ELSE 'missing' END")


POINT_IN_TIME_MONTHS = (1, 4, 7, 10)  # January, April, July, October
WEDNESDAY = 3  # extract(dow): Sunday 0


def point_in_time_dates() -> str:
    """HUD's point-in-time dates (APR/CAPER Q7b, Q8b): the last Wednesday of January, April, July and
    October, each the latest such day on or before the report's end and counted only when on or after its
    start; a SELECT of `(row_no, day)`, row 1 January to row 4 October."""
    months = ", ".join(f"({row_no}, {month})" for row_no, month in enumerate(POINT_IN_TIME_MONTHS, start=1))
    last_day = "(make_date(y, m.month, 1) + interval '1 month' - interval '1 day')::date"
    last_wednesday = f"{last_day} - mod(extract(dow FROM {last_day})::int - {WEDNESDAY} + 7, 7)"
    return (f"SELECT m.row_no, max(d.day) AS day FROM (VALUES {months}) AS m(row_no, month) "
            f"CROSS JOIN generate_series(extract(year FROM %(end)s::date)::int - 1, "
            f"extract(year FROM %(end)s::date)::int) AS y "
            f"CROSS JOIN LATERAL (SELECT {last_wednesday} AS day) AS d "
            f"WHERE d.day <= %(end)s GROUP BY m.row_no HAVING max(d.day) >= %(start)s")


def present_on(stay: str, day: str) -> str:
    """A stay (a `report_stays` row) counted on a point-in-time night (Glossary, "Point-in-Time"): PSH and
    RRH only once moved in (on or before the night); residential projects (ES, TH, SH, other PH) from entry
    to the night before exit; others through the exit date; a night-by-night shelter only with a bed night
    that night."""
    s = stay
    return (f"(CASE WHEN {s}.project_type IN (3, 13) THEN {s}.entry_date <= {day} AND {s}.move_in_date <= {day} "
            f"AND ({s}.recorded_exit_date IS NULL OR {s}.recorded_exit_date > {day}) "
            f"WHEN {s}.project_type IN (0, 1, 2, 8, 9, 10) THEN {s}.entry_date <= {day} "
            f"AND ({s}.recorded_exit_date IS NULL OR {s}.recorded_exit_date > {day}) "
            f"ELSE {s}.entry_date <= {day} "
            f"AND ({s}.recorded_exit_date IS NULL OR {s}.recorded_exit_date >= {day}) END) "
            f"AND ({s}.project_type <> {ES_NIGHT_BY_NIGHT} OR EXISTS (SELECT 1 FROM hud_services b "
            f"WHERE b.enrollment_id = {s}.enrollment_id AND b.source = {s}.source AND b.date_deleted IS NULL "
            f"AND b.record_type = {BED_NIGHT} AND b.date_provided = {day}))")


# The sample ANALYZE reads of a step's TEMP TABLE: its row count and a rough distribution are what the questions'
# plans need, and PostgreSQL's default (100) spent 0.3-0.5 s a wide table of 42,000 people on statistics of every
# column (docs/reports.md, "Performance").
TEMP_STATISTICS_TARGET = 10


def analyzed(table: str) -> str:
    """The statements refreshing a TEMP TABLE's statistics for the plans of the steps and questions reading it
    (autovacuum never sees a TEMP TABLE) from a small sample."""
    return (f"SET LOCAL default_statistics_target = {TEMP_STATISTICS_TARGET}; ANALYZE {table}; "
            "RESET default_statistics_target")


# --- the steps, in order ----------------------------------------------------------------------------------

SELECTED_PROJECTS = f"""
CREATE TEMP TABLE report_projects ON COMMIT DROP AS
SELECT p.project_id, p.source, p.project_type
  FROM hud_project p
 WHERE p.source = ANY(%(sources)s) AND p.date_deleted IS NULL
   AND (%(project_ids)s::text[] IS NULL OR p.project_id = ANY(%(project_ids)s::text[]))
   AND (%(coc_codes)s::text[] IS NULL OR EXISTS (
        SELECT 1 FROM hud_project_coc c
         WHERE c.project_id = p.project_id AND c.source = p.source AND c.date_deleted IS NULL
           AND c.coc_code = ANY(%(coc_codes)s::text[])));
{analyzed('report_projects')}
"""
"""The report's projects: those of the selected sources, named by the run (every one when none is
named), operating in the selected CoCs (a ProjectCoC record of one of them) when CoCs are named.
Deleted records (DateDeleted) are never read, here or in any step."""

ACTIVE = f"""
SELECT e.enrollment_id, e.personal_id, e.source, e.household_id, e.project_id, p.project_type,
       e.entry_date, x.exit_date AS recorded_exit_date, x.destination AS recorded_destination,
       x.destination_subsidy_type AS recorded_destination_subsidy_type, x.created_on AS recorded_exit_created_on,
       e.relationship_to_hoh, e.living_situation, e.length_of_stay, e.los_under_threshold,
       e.previous_street_essh, e.date_to_street_essh, e.times_homeless_past_three_years,
       e.months_homeless_past_three_years, e.disabling_condition, e.move_in_date AS recorded_move_in_date,
       e.date_of_engagement, e.enrollment_coc,
       e.date_created::date AS enrollment_created_on,
       c.dob, c.dob_data_quality, c.veteran_status,
       {age_at('c.dob', 'greatest(%(start)s::date, e.entry_date)')} AS age,
       c.personal_id IS NOT NULL AS client_recorded, c.name_data_quality, c.name_missing, c.ssn_data_quality,
       c.ssn_missing, c.ssn_invalid, {race_codes('c')} AS race_codes, c.race_none, c.sex,
       c.date_created::date AS client_created_on
  FROM hud_enrollment e
  JOIN report_projects p ON p.project_id = e.project_id AND p.source = e.source
  LEFT JOIN hud_client c ON c.personal_id = e.personal_id AND c.source = e.source AND c.date_deleted IS NULL
  LEFT JOIN (
       SELECT DISTINCT ON (x.enrollment_id, x.source)
              x.enrollment_id, x.source, x.exit_date, x.destination, x.destination_subsidy_type,
              x.date_created::date AS created_on
         FROM hud_exit x
        WHERE x.source = ANY(%(sources)s) AND x.date_deleted IS NULL
        ORDER BY x.enrollment_id, x.source, x.exit_date DESC, x.date_created DESC) x
       ON x.enrollment_id = e.enrollment_id AND x.source = e.source
 WHERE e.date_deleted IS NULL
   AND e.entry_date <= %(end)s AND (x.exit_date IS NULL OR x.exit_date >= %(start)s)
   AND (p.project_type <> {ES_NIGHT_BY_NIGHT}
        OR x.exit_date BETWEEN %(start)s AND %(end)s
        OR EXISTS (SELECT 1 FROM hud_services s
                    WHERE s.enrollment_id = e.enrollment_id AND s.source = e.source AND s.date_deleted IS NULL
                      AND s.record_type = {BED_NIGHT} AND s.date_provided BETWEEN %(start)s AND %(end)s
                      AND s.date_provided >= e.entry_date))"""
"""Active clients (Glossary, "Active Clients"): every stay with an entry on or before the report's end and
no exit, or an exit on or after its start. A night-by-night shelter's stay (project type 1) is active only
with a bed night (Services RecordType 200) in the period, or an exit in it (HUD's method 2, by date of
service). An enrollment's exit is its latest Exit record (of several that day, the one created last). Ages are
taken here, for every stay: at the later of the report's start and the stay's entry date.

The client's facts the questions count come with each stay, read once here rather than by each question: their
record's existence, name and SSN data quality and verdicts, races (`race_codes`), sex, and the days the client,
enrollment and exit records were created (data-quality timeliness)."""

HEADS = """
row_number() OVER (PARTITION BY a.household_id, a.source
                   ORDER BY a.relationship_to_hoh = 1 DESC NULLS LAST, a.entry_date, a.age DESC NULLS LAST,
                            a.personal_id) = 1"""
"""The head of household (3.15, RelationshipToHoH 1), one per household (HouseholdID within its source)
among the stays active in the period (`a`). HUD requires exactly one; when a household has none or several,
the report still needs one (every household counted once): of those marked head (or, when none is, of all
members) the one who entered first, then the oldest, then the lowest PersonalID."""

CHRONIC = chronic_at_entry("a")
"""Each stay's own chronic homelessness at entry (`chronic_at_entry`)."""

MOVE_IN = f"""
CASE WHEN max(s.project_type) FILTER (WHERE s.is_head) IN {PERMANENT_HOUSING_TYPES}
      AND max(s.recorded_move_in_date) FILTER (WHERE s.is_head) >= max(s.entry_date) FILTER (WHERE s.is_head)
      AND max(s.recorded_move_in_date) FILTER (WHERE s.is_head) <= %(end)s
      AND (max(s.recorded_exit_date) FILTER (WHERE s.is_head) IS NULL
           OR max(s.recorded_move_in_date) FILTER (WHERE s.is_head)
              <= max(s.recorded_exit_date) FILTER (WHERE s.is_head))
     THEN max(s.recorded_move_in_date) FILTER (WHERE s.is_head) END"""
"""Housing move-in date (3.20) of a household (its stays `s` grouped), PH projects only (types 3, 9, 10, 13):
the head's, ignored when before the head's entry, after the head's exit or after the report's end. The
household's date applies to every member (`MEMBERS`)."""

MEMBERS = """
CASE WHEN entered.with_chronic THEN 'yes'
     WHEN s.age >= 18 OR s.is_head THEN s.own_chronic_status
     WHEN household.adult_not_chronic THEN 'no'
     ELSE coalesce(household.head_chronic_status, s.own_chronic_status) END AS chronic_status,
CASE WHEN household.move_in_date IS NOT NULL
      AND (s.recorded_exit_date IS NULL OR s.recorded_exit_date >= household.move_in_date)
     THEN greatest(household.move_in_date, s.entry_date) END AS move_in_date"""
"""What a member (`s`) takes from the household.

Chronic homelessness (Glossary, "Chronically Homeless" for households): a member who entered with a head or
adult who is chronically homeless is too; otherwise an adult (or the head) keeps their own status; a child
is not when an adult or the head is not, and when every adult's status is unknown (don't know, refused,
missing) carries the head's.

Move-in date: a member who entered before the head moved in takes the head's date, one who joined after it
their own entry date; a member who left before the household moved in has none."""

ADULT_OR_HEAD = "(s.is_head OR s.age >= 18)"

ACTIVE_STAYS = f"""
CREATE TEMP TABLE report_stays ON COMMIT DROP AS
WITH described AS (
     SELECT a.*, {HEADS} AS is_head, {CHRONIC} AS own_chronic_status
       FROM ({ACTIVE}) a),
household AS (
     SELECT s.household_id, s.source,
            bool_or({ADULT_OR_HEAD} AND s.own_chronic_status = 'no') AS adult_not_chronic,
            max(s.own_chronic_status) FILTER (WHERE s.is_head) AS head_chronic_status,
            {MOVE_IN} AS move_in_date
       FROM described s
      GROUP BY s.household_id, s.source),
entered AS (
     SELECT s.household_id, s.source, s.entry_date,
            bool_or({ADULT_OR_HEAD} AND s.own_chronic_status = 'yes') AS with_chronic
       FROM described s
      GROUP BY s.household_id, s.source, s.entry_date)
SELECT s.*, {MEMBERS}
  FROM described s
  JOIN household ON household.household_id = s.household_id AND household.source = s.source
  JOIN entered ON entered.household_id = s.household_id AND entered.source = s.source
              AND entered.entry_date = s.entry_date;
CREATE INDEX ON report_stays (household_id, source);
CREATE INDEX ON report_stays (personal_id, source);
CREATE INDEX ON report_stays (enrollment_id, source);
{analyzed('report_stays')}
"""
"""Every stay active in the period in the selected projects (`ACTIVE`), built in one statement with its
household's head (`HEADS`), its own chronic homelessness at entry (`CHRONIC`), and what it takes from its
household (`MOVE_IN`, `MEMBERS`), so that no step rewrites every stay again."""

HOUSEHOLDS = """
CREATE TEMP TABLE report_households ON COMMIT DROP AS
SELECT s.household_id, s.source,
       CASE WHEN bool_or(s.age >= 18) AND bool_or(s.age < 18) THEN 'with_children_and_adults'
            WHEN count(*) FILTER (WHERE s.age IS NULL) > 0 THEN 'unknown'
            WHEN bool_and(s.age >= 18) THEN 'without_children'
            ELSE 'with_only_children' END AS household_type,
       max(s.entry_date) FILTER (WHERE s.is_head) AS head_entry_date,
       max(s.age) FILTER (WHERE s.is_head) AS head_age,
       count(*) FILTER (WHERE s.age IS NULL OR s.age >= 25) = 0 AS youth_household,
       coalesce(bool_or(s.relationship_to_hoh = 2), false) AS has_child_of_head,
       count(*) FILTER (WHERE s.relationship_to_hoh = 1) AS heads_recorded
  FROM report_stays s
 GROUP BY s.household_id, s.source;
CREATE UNIQUE INDEX ON report_households (household_id, source)
"""
"""Household type (Glossary, "Household Types") from the ages of the household's members active in the
period, each at the later of the report's start and their own entry: at least one adult and one child is
'with_children_and_adults' (whatever other ages are unknown); all adults 'without_children'; all children
'with_only_children'; any other mix (an unknown age with only adults or only children) 'unknown'.

A youth household is one whose every member is known to be under 25 (Glossary, "Youth Household").

`heads_recorded` counts the members recorded as its head (RelationshipToHoH 1), which HUD requires to be one
(data quality, Q6b)."""

STAY_DAYS = f"""
CASE WHEN latest.project_type = {ES_NIGHT_BY_NIGHT}
     THEN (SELECT count(DISTINCT b.date_provided) FROM hud_services b
            WHERE b.enrollment_id = latest.enrollment_id AND b.source = latest.source AND b.date_deleted IS NULL
              AND b.record_type = {BED_NIGHT} AND b.date_provided >= latest.entry_date AND b.date_provided <= %(end)s
              AND (latest.exit_date IS NULL OR b.date_provided < latest.exit_date))
     ELSE coalesce(latest.exit_date, %(end)s::date + 1) - latest.entry_date END"""
"""Length of participation (Glossary, "Length of Stay") of a person's latest stay (`latest`): a night-by-night
shelter (project type 1) counts its bed nights (Services RecordType 200, distinct days) from the entry to the
exit or the report's end, looked up by the stay's enrollment; every other project the days from the entry to the
exit, or to the day after the report's end for a stayer."""

UNIVERSE = f"""
CREATE TEMP TABLE universe ON COMMIT DROP AS
SELECT (row_number() OVER (ORDER BY latest.source, latest.personal_id))::int AS member_no, latest.*,
       {STAY_DAYS} AS stay_days
  FROM (
SELECT DISTINCT ON (s.personal_id, s.source)
       s.personal_id, s.source, s.enrollment_id, s.household_id, s.project_id, s.project_type, s.entry_date,
       CASE WHEN s.recorded_exit_date <= %(end)s THEN s.recorded_exit_date END AS exit_date,
       s.move_in_date, s.relationship_to_hoh, s.is_head, s.age,
       {age_group('s.age')} AS age_group,
       h.household_type, h.head_age,
       s.recorded_exit_date <= %(end)s AS is_leaver,
       s.recorded_exit_date IS NULL OR s.recorded_exit_date > %(end)s AS is_stayer,
       coalesce(s.age >= 18 AND s.veteran_status = 1, false) AS veteran,
       s.veteran_status,
       CASE s.chronic_status WHEN 'yes' THEN true WHEN 'no' THEN false END AS chronic,
       s.chronic_status,
       CASE WHEN s.recorded_exit_date <= %(end)s THEN s.recorded_destination END AS destination,
       CASE WHEN s.recorded_exit_date <= %(end)s
            THEN {destination_class('s.recorded_destination')} END AS destination_class,
       CASE WHEN s.recorded_exit_date <= %(end)s THEN s.recorded_destination_subsidy_type END
            AS destination_subsidy_type,
       coalesce(s.age < 25, false) AS youth,
       h.youth_household,
       h.youth_household AND h.has_child_of_head AND (s.is_head OR s.age >= 18) AS parenting_youth,
       s.dob, s.dob_data_quality, s.disabling_condition, s.living_situation, s.length_of_stay,
       s.los_under_threshold, s.previous_street_essh, s.date_to_street_essh, s.times_homeless_past_three_years,
       s.months_homeless_past_three_years,
       s.date_of_engagement, s.enrollment_coc, h.head_entry_date, h.heads_recorded,
       s.client_recorded, s.name_data_quality, s.name_missing, s.ssn_data_quality, s.ssn_missing, s.ssn_invalid,
       s.race_codes, s.race_none, s.sex, s.client_created_on, s.enrollment_created_on,
       CASE WHEN s.recorded_exit_date <= %(end)s THEN s.recorded_exit_created_on END AS exit_created_on,
       (s.recorded_exit_date IS NULL OR s.recorded_exit_date > %(end)s)
         AND %(end)s::date - h.head_entry_date >= 365 AS annual_assessment_due,
       (h.head_entry_date + make_interval(years => extract(year FROM age(%(end)s::date, h.head_entry_date))::int))::date
         AS head_anniversary
  FROM report_stays s
  JOIN report_households h ON h.household_id = s.household_id AND h.source = s.source
 ORDER BY s.personal_id, s.source, s.entry_date DESC, s.recorded_exit_date DESC NULLS FIRST, s.enrollment_id DESC
       ) latest;
CREATE UNIQUE INDEX ON universe (member_no);
CREATE INDEX ON universe (enrollment_id, source);
{analyzed('universe')}
"""
"""The universe: each person (PersonalID within its source) once, on their latest stay among the active
stays (Glossary, "Client's latest stay": the latest entry date; on a tie the open stay, then the latest
exit). On it:

- leaver: the stay's exit is within the period (on or before its end); stayer: no exit, or one after the
  end, which the report does not see (`exit_date` NULL, no destination).
- veteran: an adult (18 or over) whose Veteran Status (3.07) is Yes; children are never veterans.
- youth: under 25; parenting youth: the head or an adult of a youth household with a child of the head
  (RelationshipToHoH 2) in it.
- destination and its class (`destination_class`) for leavers only.
- stay_days: the length of participation (`STAY_DAYS`).
- annual assessment due: a stayer whose household's head has been in the project 365 days or more at the
  report's end; `head_anniversary` is the head's latest anniversary of entry on or before the report's
  end, around which (30 days either side) HUD looks for the annual assessment."""

HOUSEHOLDS_OF_UNIVERSE = """
CREATE TEMP TABLE universe_households ON COMMIT DROP AS
SELECT u.household_id, u.source, min(u.household_type) AS household_type,
       min(u.member_no) FILTER (WHERE u.is_head) AS head_member_no
  FROM universe u
 GROUP BY u.household_id, u.source
"""
"""One row per household of the universe: its type and its head's member_no (NULL when the head's latest
stay is in another household)."""

INCOME_AMOUNTS = ("earned_amount", "unemployment_amount", "ssi_amount", "ssdi_amount",
                  "va_disability_service_amount", "va_disability_non_service_amount", "private_disability_amount",
                  "workers_comp_amount", "tanf_amount", "ga_amount", "soc_sec_retirement_amount", "pension_amount",
                  "child_support_amount", "alimony_amount", "other_income_amount")
# The record's answers the questions count, carried on `universe_income` so that no question reads the records
# again: each cash income source, non-cash benefit and health insurance (1 yes, 0 no).
INCOME_SOURCE_ANSWERS = (
    "earned", "unemployment", "ssi", "ssdi", "va_disability_service", "va_disability_non_service",
    "private_disability", "workers_comp", "tanf", "ga", "soc_sec_retirement", "pension", "child_support", "alimony",
    "other_income_source",
    "snap", "wic", "tanf_child_care", "tanf_transportation", "other_tanf", "other_benefits_source",
    "medicaid", "medicare", "schip", "vha_services", "employer_provided", "cobra", "private_pay", "state_health_ins",
    "indian_health_services", "other_insurance")
ENTRY_STAGE, EXIT_STAGE, ANNUAL_STAGE = 1, 3, 5


def _amounts_total() -> str:
    total = " + ".join(f"coalesce(greatest(i.{amount}, 0), 0)" for amount in INCOME_AMOUNTS)
    none_given = " AND ".join(f"i.{amount} IS NULL" for amount in INCOME_AMOUNTS)
    return f"CASE WHEN {none_given} THEN i.total_monthly_income ELSE {total} END"


COLLECTION_POINT = (
    f"CASE WHEN i.data_collection_stage = {ENTRY_STAGE} AND i.information_date = u.entry_date THEN 'start' "
    f"WHEN i.data_collection_stage = {EXIT_STAGE} AND i.information_date = u.exit_date THEN 'exit' "
    f"WHEN i.data_collection_stage = {ANNUAL_STAGE} AND u.is_stayer AND u.annual_assessment_due "
    f"AND i.information_date BETWEEN u.head_anniversary - 30 AND u.head_anniversary + 30 THEN 'annual' END")
"""The collection point an Income and Benefits record (`i`) of a member (`u`) is, if any: each point reads records
of its own DataCollectionStage, so a record is at most one."""

COLLECTION_POINTS = f"""
CREATE TEMP TABLE universe_income ON COMMIT DROP AS
SELECT DISTINCT ON (u.member_no, stage)
       u.member_no, {COLLECTION_POINT} AS stage, i.income_benefits_id, i.information_date, i.income_from_any_source,
       i.benefits_from_any_source, i.insurance_from_any_source,
       CASE WHEN i.income_from_any_source = 0 THEN 0 ELSE {_amounts_total()} END AS total_monthly_income,
       i.earned_amount, {", ".join(f"i.{answer}" for answer in INCOME_SOURCE_ANSWERS)}
  FROM universe u
  JOIN hud_income_benefits i ON i.enrollment_id = u.enrollment_id AND i.source = u.source AND i.date_deleted IS NULL
 WHERE {COLLECTION_POINT} IS NOT NULL
 ORDER BY u.member_no, stage, i.information_date DESC, i.date_updated DESC;
CREATE UNIQUE INDEX ON universe_income (member_no, stage);
{analyzed('universe_income')}
"""
"""Income and benefits (4.02-4.04) at HUD's three collection points, one record per member and point in
TEMP TABLE `universe_income (member_no, stage, income_benefits_id, ...)`: 'start' the entry record
(DataCollectionStage 1) dated the entry date; 'exit' the exit record (3) dated the exit date, leavers only;
'annual' for a stayer due an annual assessment, the annual record (5) dated within 30 days of the head's
latest anniversary. Of several, the latest. `total_monthly_income` is 0 when the client answered no income
from any source, else the sum of the source amounts given (negative ones as 0), else the recorded total. The
record's earned amount and its answers (`INCOME_SOURCE_ANSWERS`) come with it."""

INCOME_BY_STAGE = f"""
CREATE TEMP TABLE universe_stage_income ON COMMIT DROP AS
  SELECT t.*, t.cash_total - t.earned_total AS other_total,
    max(t.any_income) FILTER (WHERE t.stage = 'start') OVER by_member AS any_income_at_start,
    max(t.earned_total) FILTER (WHERE t.stage = 'start') OVER by_member AS earned_total_at_start,
    max(t.cash_total - t.earned_total) FILTER (WHERE t.stage = 'start') OVER by_member AS other_total_at_start,
    max(t.cash_total) FILTER (WHERE t.stage = 'start') OVER by_member AS cash_total_at_start,
    CASE WHEN NOT t.due THEN 'not_due'
         WHEN NOT t.recorded THEN 'unassessed'
         WHEN t.any_income IN (8, 9) THEN 'dkptr'
         WHEN t.any_income IS NULL OR t.any_income = 99 THEN 'missing'
         WHEN t.earned_total > 0 AND t.cash_total > t.earned_total THEN 'both'
         WHEN t.earned_total > 0 THEN 'earned'
         WHEN t.cash_total > 0 THEN 'other'
         WHEN t.any_income = 0 THEN 'none'
         ELSE 'missing' END AS category
  FROM (SELECT p.member_no, p.stage, p.due, ui.income_benefits_id IS NOT NULL AS recorded,
         ui.income_from_any_source AS any_income, ui.benefits_from_any_source AS any_benefit,
         ui.insurance_from_any_source AS any_insurance,
         {", ".join(f"coalesce(ui.{flag}, 0) AS {flag}" for flag in INCOME_SOURCE_ANSWERS)},
         CASE WHEN ui.income_from_any_source = 0 THEN 0 ELSE coalesce(greatest(ui.earned_amount, 0), 0) END
           AS earned_total,
         coalesce(ui.total_monthly_income, 0) AS cash_total
  FROM (SELECT u.member_no, u.source, point.stage, point.due
          FROM universe u
         CROSS JOIN LATERAL (VALUES ('start', true, true), ('exit', true, u.is_leaver),
                                    ('annual', coalesce(u.annual_assessment_due, false), u.is_stayer)
                            ) AS point(stage, due, applies)
         WHERE point.applies) p
  LEFT JOIN universe_income ui ON ui.member_no = p.member_no AND ui.stage = p.stage) t
  WINDOW by_member AS (PARTITION BY t.member_no);
CREATE UNIQUE INDEX ON universe_stage_income (member_no, stage);
{analyzed('universe_stage_income')}
"""
"""Each member's income at each collection point they have (start for all, annual for stayers, exit for
leavers), one row per (member_no, stage) in TEMP TABLE `universe_stage_income`, from `universe_income`:
`due` (false only for an annual assessment not yet required), `recorded` (a record was found), the answers
(any_income, any_benefit, any_insurance, one column per source of `INCOME_SOURCE_ANSWERS` as 0/1),
`cash_total` (`total_monthly_income`), `earned_total` (the earned amount, 0 when the client answered no income
from any source), `other_total` (the rest), the same at start on every stage's row (`any_income_at_start`,
`earned_total_at_start`, `other_total_at_start`, `cash_total_at_start`: a question comparing a stage with the
start reads one row), and `category`, the one income category HUD's APR Q18 puts the member in: earned, other,
both, none, dkptr, missing, not_due, unassessed (due but no record). Made once, for the APR's and the CAPER's
income tables (Q17-Q21 and their youth and veteran variants)."""

# Disabilities (4.05-4.10) by DisabilityType; substance use (10) answers 1 alcohol, 2 drug, 3 both.
CONDITIONS = {"mental": "d.disability_type = 9 AND d.disability_response = 1",
              "alcohol": "d.disability_type = 10 AND d.disability_response IN (1, 3)",
              "drug": "d.disability_type = 10 AND d.disability_response IN (2, 3)",
              "chronic_health": "d.disability_type = 7 AND d.disability_response = 1",
              "hiv": "d.disability_type = 8 AND d.disability_response = 1",
              "developmental": "d.disability_type = 6 AND d.disability_response = 1",
              "physical": "d.disability_type = 5 AND d.disability_response = 1"}
# A disabling condition: a developmental disability or HIV/AIDS, or another condition expected to be of long
# duration and to impair.
DISABLING = ("(d.disability_type IN (6, 8) AND d.disability_response = 1) "
             "OR (d.indefinite_and_impairs = 1 AND ((d.disability_type IN (5, 7, 9) AND d.disability_response = 1) "
             "OR (d.disability_type = 10 AND d.disability_response IN (1, 2, 3))))")
# The Disabilities records of each kind: those of project start, of exit, and the latest on or before the
# report's end (`latest_date`: the latest date of the stay's records on or before it).
CONDITION_RECORDS = {"start": "d.data_collection_stage = 1", "exit": "d.data_collection_stage = 3",
                     "latest": "d.information_date = d.latest_date"}


def _conditions() -> str:
    """Each member's Disabilities records read once, each record's conditions a bitmask (a bit a condition, in
    the order of `CONDITIONS` then `DISABLING`), OR'ed by kind of records, then a row a kind with a column a
    condition."""
    recorded = {**CONDITIONS, "disabling": DISABLING}
    bits = " | ".join(f"CASE WHEN {condition} THEN {1 << bit} ELSE 0 END"
                      for bit, condition in enumerate(recorded.values()))
    by_kind = ", ".join(f"coalesce(bit_or(d.bits) FILTER (WHERE {records}), 0) AS {kind}"
                        for kind, records in CONDITION_RECORDS.items())
    kinds = ", ".join(f"('{kind}', f.{kind})" for kind in CONDITION_RECORDS)
    flags = ", ".join(f"(kind.bits & {1 << bit}) <> 0 AS {name}" for bit, name in enumerate(recorded))
    return (f"SELECT u.member_no, kind.records, {flags} FROM universe u "
            f"CROSS JOIN LATERAL (SELECT {by_kind} FROM (SELECT d.data_collection_stage, d.information_date, "
            f"{bits} AS bits, max(d.information_date) FILTER (WHERE d.information_date <= %(end)s) OVER () "
            f"AS latest_date FROM hud_disabilities d "
            f"WHERE d.enrollment_id = u.enrollment_id AND d.source = u.source AND d.date_deleted IS NULL) AS d) AS f "
            f"CROSS JOIN LATERAL (VALUES {kinds}) AS kind(records, bits)")


MEMBER_CONDITIONS = f"""
CREATE TEMP TABLE universe_conditions ON COMMIT DROP AS {_conditions()};
CREATE UNIQUE INDEX ON universe_conditions (member_no, records);
{analyzed('universe_conditions')}
"""
"""Each member's conditions (`CONDITIONS` and `DISABLING`, true or false) as the Disabilities records of each kind
(`CONDITION_RECORDS`: start, exit, latest) of their stay record them, one row per member and kind in TEMP TABLE
`universe_conditions (member_no, records, mental, ..., disabling)`: a condition is true when one of those
records says so. Made once, for the APR's tables of conditions (Q13, Q26e) and Q6b's disabling condition."""

HOUSING = f"""
CREATE TEMP TABLE universe_housing ON COMMIT DROP AS
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
            ON head.household_id = u.household_id AND head.source = u.source) h;
CREATE UNIQUE INDEX ON universe_housing (member_no);
{analyzed('universe_housing')}
"""
"""Each member's time to housing (APR Q22c, Q22e-Q22g, Q27k, Q27l), one row per member in TEMP TABLE
`universe_housing`: `housed_on` is the housing move-in date (the glossary's, already adjusted) in PH projects and
the project start elsewhere; `days_to_move_in` its distance from the project start (PH only); `days_homeless` its
distance from the date homelessness started (3.917.3, DateToStreetESSH; a child of 17 or under takes their head of
household's), NULL when that date is missing or after the day housed."""

STEPS = (SELECTED_PROJECTS, ACTIVE_STAYS, HOUSEHOLDS, UNIVERSE,
         HOUSEHOLDS_OF_UNIVERSE, COLLECTION_POINTS, INCOME_BY_STAGE, MEMBER_CONDITIONS, HOUSING)


def parameters(params: Mapping) -> dict:
    """The run's parameters as the steps read them: an empty list of projects or CoCs is none named."""
    start, end = params["start"], params["end"]
    if not (isinstance(start, date) and isinstance(end, date)) or start > end:
        raise ValueError("a report's start and end are dates, the start on or before the end")
    return {"start": start, "end": end, "sources": list(params["sources"]),
            "project_ids": list(params.get("project_ids") or []) or None,
            "coc_codes": list(params.get("coc_codes") or []) or None}


def build_universe(connection: Connection, params: Mapping) -> None:
    """Create TEMP TABLEs `universe` and `universe_households` for the run's parameters, in the caller's
    transaction (dropped at its commit)."""
    values = parameters(params)
    for step in STEPS:
        connection.exec_driver_sql(step, values)

