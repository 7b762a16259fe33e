"""APR Q6a-Q6f (data quality), FY2026 shells. The Data Quality report's Q2-Q7 are the same tables
(`dataclasses.replace(Q6A, id="Q2")`).

Every count is of the clients the report counts for data quality: street outreach clients once engaged
(Q5a's first column)."""
from reports.engine.question import Question
from reports.questions import shapes
from reports.questions.apr.health import LATEST
from reports.questions.apr.income import CASH_SOURCES
from reports.questions.apr.persons import ENGAGED
from reports.questions.shapes import ADULT, CHILD, DK_PNTA

ISSUE_COLUMNS = (DK_PNTA, "Information Missing", "Data Issues", "Total")
DK, MISSING, ISSUES, TOTAL_COLUMN, RATE = range(1, 6)
# The counts, computed once, that the rates divide.
COUNTED = "SELECT * FROM counted"
# The engaged with their checks' results (`_issues_table`).
CHECKED = "checked u"


def _issues_table(rows: dict[int, dict[int, str]], populations: dict[int, str], source: str) -> str:
    """A data-quality table of `rows` ({row_no: {column: predicate}} over DK, MISSING, ISSUES), each with its
    total (any of them) and its rate (the total over the row's population, itself within `populations`).

    Each distinct predicate is evaluated once a person (`checked`: the engaged, each with their checks' results,
    a column each), and the cells, totals and rates read its result: a check that looks up records
    (overlapping stays, disabilities) would otherwise run again for each cell and total naming it."""
    checks: list[str] = []

    def checked(predicate: str) -> str:
        if predicate not in checks:
            checks.append(predicate)
        return f"u.hit_{checks.index(predicate) + 1}"

    predicates, rates = {}, []
    for row_no, row in rows.items():
        population = checked(populations[row_no])
        predicates.update({(row_no, column): f"{population} AND {checked(predicate)}"
                           for column, predicate in row.items()})
        # (A row given its total alone, as the overall score, keeps it.)
        predicates[row_no, TOTAL_COLUMN] = " OR ".join(f"({predicates[row_no, column]})" for column in row)
        rates.append(shapes.share(COUNTED, row_no, TOTAL_COLUMN, RATE, population, CHECKED))
    hits = ", ".join(f"({predicate}) AS hit_{number}" for number, predicate in enumerate(checks, start=1))
    counts = shapes.cells(predicates, source=CHECKED)
    return (f"WITH checked AS MATERIALIZED (SELECT u.member_no, {hits} "
            f"FROM {source} WHERE {ENGAGED}), counted AS ({counts}) " + shapes.union(COUNTED, *rates))


def _shaded(rows: dict[int, dict[int, str]]) -> frozenset[tuple[int, int]]:
    """The cells of a row's checks HUD does not make (blank in the shell)."""
    return frozenset((row_no, column) for row_no, row in rows.items() for column in (DK, MISSING, ISSUES)
                     if column not in row)


# --- Q6a: personally identifying information --------------------------------------------------------------

# The client record's answers and verdicts are the universe's (glossary, step ACTIVE_STAYS).
NO_CLIENT = "NOT u.client_recorded"
EARLIEST_DOB = "DATE '1915-01-01'"
PII_ROWS = {
    1: {DK: "u.name_data_quality IN (8, 9)",
        MISSING: f"{NO_CLIENT} OR u.name_data_quality = 99 OR (u.name_data_quality NOT IN (8, 9) AND u.name_missing)",
        ISSUES: "u.name_data_quality = 2"},
    2: {DK: "u.ssn_data_quality IN (8, 9)",
        MISSING: f"{NO_CLIENT} OR u.ssn_data_quality = 99 OR (u.ssn_data_quality NOT IN (8, 9) AND u.ssn_missing)",
        ISSUES: "u.ssn_data_quality = 2 OR (u.ssn_data_quality = 1 AND u.ssn_invalid)"},
    3: {DK: "u.dob IS NULL AND u.dob_data_quality IN (8, 9)",
        MISSING: "u.dob IS NULL AND coalesce(u.dob_data_quality, 99) NOT IN (8, 9)",
        ISSUES: (f"u.dob_data_quality = 2 OR (u.dob_data_quality = 1 AND (u.dob < {EARLIEST_DOB} "
                 f"OR u.dob > u.enrollment_created_on OR (u.is_head AND u.dob > u.entry_date))) "
                 f"OR (u.dob_data_quality IN (8, 9, 99) AND u.dob IS NOT NULL) "
                 f"OR u.dob > u.client_created_on")},
    4: {DK: "u.race_none IN (8, 9)",
        MISSING: f"{NO_CLIENT} OR (cardinality(u.race_codes) = 0 AND coalesce(u.race_none, 99) = 99)"},
}
EVERYONE = {row_no: "true" for row_no in range(1, 6)}
OVERALL = 5


def _pii_sql() -> str:
    """Q6a's rows, and the overall score: the clients with any of them."""
    any_issue = " OR ".join(f"({predicate})" for row in PII_ROWS.values() for predicate in row.values())
    rows = {**PII_ROWS, OVERALL: {TOTAL_COLUMN: any_issue}}
    return _issues_table(rows, EVERYONE, "universe u")


Q6A = Question(
    id="Q6a",
    title="Data Quality: Personally Identifying Information",
    columns=("Data Element",) + ISSUE_COLUMNS + ("% of Issue Rate",),
    rows=("Name (3.01)", "Social Security Number (3.02)", "Date of Birth (3.03)", "Race/Ethnicity (3.04)",
          "Overall Score"),
    sql=_pii_sql(),
    shaded=_shaded({**PII_ROWS, OVERALL: {}}),
)

# --- Q6b: universal data elements ------------------------------------------------------------------------

OVERLAPPING_STAY = (
    "EXISTS (SELECT 1 FROM report_stays mine JOIN report_stays other ON other.personal_id = mine.personal_id "
    "AND other.source = mine.source AND other.project_id = mine.project_id "
    "AND other.enrollment_id <> mine.enrollment_id "
    "WHERE mine.enrollment_id = u.enrollment_id AND mine.source = u.source "
    "AND other.entry_date < coalesce(mine.recorded_exit_date, 'infinity'::date) "
    "AND mine.entry_date < coalesce(other.recorded_exit_date, 'infinity'::date))")
HEADS_RECORDED_NOT_ONE = "u.heads_recorded <> 1"  # the household's members recorded as its head (glossary)
COC_CODE = "'^[A-Z]{2}-[0-9]{3}$'"
# Disabilities (4.05-4.10) recorded at the latest time that make a disabling condition (glossary,
# `universe_conditions`).
DISABLING_RECORDED = (f"EXISTS (SELECT 1 FROM universe_conditions c WHERE c.member_no = u.member_no "
                      f"AND c.records = '{LATEST}' AND c.disabling)")
UNIVERSAL_ROWS = {
    1: {DK: f"{ADULT} AND u.veteran_status IN (8, 9)",
        MISSING: f"{ADULT} AND coalesce(u.veteran_status, 99) = 99",
        ISSUES: f"{CHILD} AND u.veteran_status = 1"},
    2: {ISSUES: OVERLAPPING_STAY},
    3: {MISSING: "u.relationship_to_hoh IS NULL",
        ISSUES: f"u.relationship_to_hoh NOT IN (1, 2, 3, 4, 5) OR {HEADS_RECORDED_NOT_ONE}"},
    4: {MISSING: "u.enrollment_coc IS NULL", ISSUES: f"u.enrollment_coc !~ {COC_CODE}"},
    5: {DK: "u.disabling_condition IN (8, 9)", MISSING: "coalesce(u.disabling_condition, 99) = 99",
        ISSUES: f"u.disabling_condition = 0 AND {DISABLING_RECORDED}"},
}
# Veteran status is asked of adults (the rate is over everyone of known age); enrollment CoC of heads.
UNIVERSAL_POPULATIONS = {1: "u.age IS NOT NULL", 2: "true", 3: "true", 4: "u.is_head", 5: "true"}

Q6B = Question(
    id="Q6b",
    title="Data Quality: Universal Data Elements",
    columns=("Data Element",) + ISSUE_COLUMNS + ("% of Issue Rate",),
    rows=("Veteran Status (3.07)", "Project Start Date (3.10)", "Relationship to Head of Household (3.15)",
          "Enrollment CoC (3.16)", "Disabling Condition (3.08)"),
    sql=_issues_table(UNIVERSAL_ROWS, UNIVERSAL_POPULATIONS, "universe u"),
    shaded=_shaded(UNIVERSAL_ROWS),
)

# --- Q6c: income and housing ----------------------------------------------------------------------------

STAGES = {2: "start", 3: "annual", 4: "exit"}
WITH_INCOME = "universe u" + "".join(
    f" LEFT JOIN universe_income {stage} ON {stage}.member_no = u.member_no AND {stage}.stage = '{stage}'"
    for stage in STAGES.values())


def _income_rows(stage: str) -> dict[int, str]:
    """HUD's income checks at a collection point: no record there is missing, and so is a record not
    saying; "no income" with a source, or "income" with none, an issue."""
    any_source = " OR ".join(f"{stage}.{flag} = 1" for _, flag in CASH_SOURCES)
    return {DK: f"{stage}.income_from_any_source IN (8, 9)",
            MISSING: f"{stage}.member_no IS NULL OR coalesce({stage}.income_from_any_source, 99) = 99",
            ISSUES: (f"({stage}.income_from_any_source = 0 AND ({any_source})) OR "
                     f"({stage}.income_from_any_source = 1 AND NOT coalesce({any_source}, false))")}


ADULT_OR_HEAD = f"({ADULT} OR u.is_head)"
INCOME_ROWS = {1: {DK: "u.destination IN (8, 9)", MISSING: "coalesce(u.destination, 99) IN (30, 99)"},
               **{row_no: _income_rows(stage) for row_no, stage in STAGES.items()}}
INCOME_POPULATIONS = {1: "u.is_leaver", 2: ADULT_OR_HEAD,
                      3: f"{ADULT_OR_HEAD} AND u.is_stayer AND u.annual_assessment_due",
                      4: f"{ADULT_OR_HEAD} AND u.is_leaver"}

Q6C = Question(
    id="Q6c",
    title="Data Quality: Income and Housing Data Quality",
    columns=("Data Element",) + ISSUE_COLUMNS + ("% of Issue Rate",),
    rows=("Destination (3.12)", "Income and Sources (4.02) at Start", "Income and Sources (4.02) at Annual Assessment",
          "Income and Sources (4.02) at Exit"),
    sql=_issues_table(INCOME_ROWS, INCOME_POPULATIONS, WITH_INCOME),
    shaded=_shaded(INCOME_ROWS),
)

# --- Q6d: chronic homelessness ----------------------------------------------------------------------------

# Adults and heads entering the project types HUD's rows name (FY2026 codes) since 2016-10-01.
PROJECT_GROUPS = {1: (0, 1, 4, 8), 2: (2,), 3: (3, 9, 10, 13), 4: (14,), 5: (6, 11, 12)}
CHRONIC_ASKED = (f"{ADULT_OR_HEAD} AND u.entry_date > DATE '2016-10-01' AND u.project_type IN "
                 f"({', '.join(str(code) for group in PROJECT_GROUPS.values() for code in group)})")
UNANSWERED = "IN (8, 9, 99)"
LENGTH_MISSING = f"coalesce(u.length_of_stay, 99) {UNANSWERED}"
INSTITUTION = "u.living_situation BETWEEN 200 AND 299"
HOUSING = "(u.living_situation IS NULL OR u.living_situation < 100 OR u.living_situation BETWEEN 300 AND 499)"
# 3.917.3-5 are asked of those coming from a homeless situation, or a short stay after one (3.917.2A, B).
HOMELESS_BEFORE = (f"(u.living_situation BETWEEN 100 AND 199 "
                   f"OR ({INSTITUTION} AND u.length_of_stay IN (10, 11, 2, 3) AND u.previous_street_essh = 1) "
                   f"OR ({HOUSING} AND u.length_of_stay IN (10, 11) AND u.previous_street_essh = 1))")
EPISODE_CHECKS = {4: "u.date_to_street_essh IS NULL",
                  5: f"coalesce(u.times_homeless_past_three_years, 99) {UNANSWERED}",
                  6: f"coalesce(u.months_homeless_past_three_years, 99) {UNANSWERED}"}


def _chronic_checks(row_no: int) -> dict[int, str]:
    """Row 1 (ES, SH, street outreach) asks 3.917.3-5 of everyone; other projects ask about the stay before
    (3.917.2) and then 3.917.3-5 of those homeless before."""
    if row_no == 1:
        return dict(EPISODE_CHECKS)
    return {2: f"{INSTITUTION} AND {LENGTH_MISSING}", 3: f"{HOUSING} AND {LENGTH_MISSING}",
            **{column: f"{HOMELESS_BEFORE} AND ({check})" for column, check in EPISODE_CHECKS.items()}}


def _chronic_sql() -> str:
    predicates, rates = {}, []
    unable_anywhere = []
    for row_no, project_types in PROJECT_GROUPS.items():
        in_group = f"{CHRONIC_ASKED} AND u.project_type IN ({', '.join(str(code) for code in project_types)})"
        checks = _chronic_checks(row_no)
        predicates[row_no, 1] = in_group
        predicates.update({(row_no, column): f"{in_group} AND ({check})" for column, check in checks.items()})
        unable = " OR ".join(f"({check})" for check in checks.values())
        unable_anywhere.append(f"({in_group} AND ({unable}))")
        rates.append(shapes.rate(unable, f"{ENGAGED} AND {in_group}", row_no, 7))
    total_row = len(PROJECT_GROUPS) + 1
    predicates[total_row, 1] = CHRONIC_ASKED
    rates.append(shapes.rate(" OR ".join(unable_anywhere), f"{ENGAGED} AND {CHRONIC_ASKED}", total_row, 7))
    return shapes.union(shapes.cells(predicates, where=ENGAGED), *rates)


Q6D = Question(
    id="Q6d",
    title="Data Quality: Chronic Homelessness",
    columns=("Entering into project type", "Count of total records", "Missing time in institution (3.917.2)",
             "Missing time in housing (3.917.2)",
             "Approximate date this episode started (3.917.3) Missing",
             "Number of times (3.917.4) DK/PNTA/missing", "Number of months (3.917.5) DK/PNTA/missing",
             "% of records unable to calculate"),
    rows=("ES-EE, ES-NbN, SH, Street Outreach", "TH", "PH (all)", "CE", "SSO, Day Shelter, HP", "Total"),
    sql=_chronic_sql(),
    shaded=frozenset({(1, 2), (1, 3)} | {(6, column) for column in range(2, 7)}),
)

# --- Q6e: timeliness --------------------------------------------------------------------------------------

# The days the enrollment and exit records were created are the universe's (glossary, step ACTIVE_STAYS).
DELAYS = ("< 0", "= 0", "BETWEEN 1 AND 3", "BETWEEN 4 AND 6", "BETWEEN 7 AND 10", ">= 11")
ENTERED = "u.entry_date >= %(start)s AND (u.enrollment_created_on - u.entry_date)"
LEFT = "u.is_leaver AND (u.exit_created_on - u.exit_date)"

Q6E = Question(
    id="Q6e",
    title="Data Quality: Timeliness",
    columns=("Time for Record Entry", "Number of Project Start Records", "Number of Project Exit Records"),
    rows=("< 0 days", "0 days", "1-3 days", "4-6 days", "7-10 days", "11+ days"),
    sql=shapes.cells({**{(row_no, 1): f"{ENTERED} {delay}" for row_no, delay in enumerate(DELAYS, start=1)},
                      **{(row_no, 2): f"{LEFT} {delay}" for row_no, delay in enumerate(DELAYS, start=1)}},
                     where=ENGAGED),
)

# --- Q6f: inactive records --------------------------------------------------------------------------------

# Stayers who entered 90 days or more before the report's end.
LONG_STAYERS = "u.is_stayer AND u.entry_date <= %(end)s::date - 90"
PATH_FUNDED = ("EXISTS (SELECT 1 FROM hud_funder f WHERE f.project_id = u.project_id AND f.source = u.source "
               "AND f.date_deleted IS NULL AND f.funder = 21)")
CONTACTED = (f"{LONG_STAYERS} AND ({ADULT} OR u.is_head) AND ((u.project_type = 4 AND u.date_of_engagement <= %(end)s) "
             f"OR (u.project_type = 6 AND {PATH_FUNDED}))")
SHELTERED = f"{LONG_STAYERS} AND u.project_type = 1"
LAST_CONTACT = ("(SELECT max(cls.information_date) FROM hud_current_living_sit cls WHERE cls.enrollment_id = "
                "u.enrollment_id AND cls.source = u.source AND cls.date_deleted IS NULL "
                "AND cls.information_date <= %(end)s)")
LAST_BED_NIGHT = ("(SELECT max(b.date_provided) FROM hud_services b WHERE b.enrollment_id = u.enrollment_id "
                  "AND b.source = u.source AND b.date_deleted IS NULL AND b.record_type = 200 "
                  "AND b.date_provided <= %(end)s)")
INACTIVE = {1: f"greatest({LAST_CONTACT}, u.entry_date) < %(end)s::date - 90",
            2: f"coalesce({LAST_BED_NIGHT}, u.entry_date) < %(end)s::date - 90"}
INACTIVE_POPULATIONS = {1: CONTACTED, 2: SHELTERED}


def _inactive_sql() -> str:
    counts = shapes.cells({**{(row_no, 1): population for row_no, population in INACTIVE_POPULATIONS.items()},
                           **{(row_no, 2): f"({INACTIVE_POPULATIONS[row_no]}) AND {INACTIVE[row_no]}"
                              for row_no in INACTIVE}})
    return shapes.union(counts, *(shapes.share(counts, row_no, 2, 3, population)
                                  for row_no, population in INACTIVE_POPULATIONS.items()))


Q6F = Question(
    id="Q6f",
    title="Data Quality: Inactive Records: Street Outreach & Emergency Shelter",
    columns=("Data Element", "# of Records", "# of Inactive Records", "% of Inactive Records"),
    rows=("Contact (Adults and Heads of Household in Street Outreach or PATH-funded SSO)",
          "Bed Night (All Clients in ES - NBN)"),
    sql=_inactive_sql(),
)
