"""The Coordinated Entry APR (FY2026): Q4a-Q8a, the APR's tables over the CE universe
(reports.ce_universe), and Q9a-Q9d and Q10, CE's own.

- Q4a: the APR's project identifiers, a row per project of the CE APR (the run's selection taking part in CE in
  the period; Green River's CE APR lists those with CE activity in it, HUD asks for "all projects with clients
  and enrollments included on any question").
- Q6a: the APR's, as it is.
- Q5a, Q7a, Q8a: the APR's, with the cells the CE APR's shells leave blank (leavers, stayers, chronic
  homelessness, parenting youth, long stayers; the move-in rows) shaded.
- Q9a-Q9d count households (their heads, with the household's CE columns) by household type: the latest
  assessment's type and prioritization status, and the event that followed it.
- Q10 counts every CE assessment and event of the period in the report's projects (`ce_activity`), each an
  occurrence, with their results; its members are the universe's people behind them.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from reports.engine.question import Question
from reports.questions.shapes import (HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, by_household_type, offset_rows,
                                     percentage_row, union)

CE_APR_ORDER = ("Q4a", "Q5a", "Q6a", "Q7a", "Q8a", "Q9a", "Q9b", "Q9c", "Q9d", "Q10")

HEADS = "u.is_head"
COLUMNS = ("",) + HOUSEHOLD_TYPE_LABELS

# Q5a's rows the CE APR leaves blank: leavers (5-7), stayers (8-9), chronically homeless (11), parenting
# youth (13), heads and adult stayers 365 days or more (16).
Q5A_BLANK_ROWS = (5, 6, 7, 8, 9, 11, 13, 16)
MOVE_IN_ROW_PREFIX = "For PSH & RRH"


def with_blank_cells(question: Question, cells: Iterable[tuple[int, int]]) -> Question:
    """The question with more cells shaded: left blank in the shell and left out of its answer."""
    cells = frozenset(cells)
    if not cells:
        return question
    leave_out = ", ".join(f"({row}, {column})" for row, column in sorted(cells))
    return replace(question, shaded=question.shaded | cells,
                   sql=f"SELECT * FROM ({question.sql}) AS apr WHERE (apr.row_no, apr.column_no) NOT IN ({leave_out})")


def _rows_across(question: Question, rows: Iterable[int]) -> set[tuple[int, int]]:
    return {(row, column) for row in rows for column in range(1, len(question.columns))}


def _move_in_rows(question: Question) -> list[int]:
    return [row_no for row_no, label in enumerate(question.rows, 1) if label.startswith(MOVE_IN_ROW_PREFIX)]


def _events(codes: Iterable[int]) -> str:
    return f"u.ce_event IN ({', '.join(str(code) for code in codes)})"


# -- Q9a: assessment type ----------------------------------------------------------------------------------
Q9A = Question(
    id="Q9a",
    title="Assessment Type - Households Assessed in the Date Range",
    columns=COLUMNS,
    rows=("Phone", "Virtual", "In-person", "Total Households Assessed"),
    sql=by_household_type(["u.ce_assessment_type = 1", "u.ce_assessment_type = 2", "u.ce_assessment_type = 3",
                           "u.ce_assessment_type IN (1, 2, 3)"], where=HEADS),
)

# -- Q9b: prioritization status ----------------------------------------------------------------------------
PRIORITIZED = "u.ce_prioritization_status = 1"
Q9B = Question(
    id="Q9b",
    title="Prioritization Status - Households Prioritized in the Date Range",
    columns=COLUMNS,
    rows=("Placed on Prioritization List (Prioritized)", "Not Placed on Prioritization List",
          "Percent of Assessed Prioritized"),
    sql=union(by_household_type([PRIORITIZED, "u.ce_prioritization_status = 2"], where=HEADS),
              percentage_row(3, PRIORITIZED, "u.ce_prioritization_status IN (1, 2)", HOUSEHOLD_TYPES, where=HEADS)),
)

# -- Q9c: access events ------------------------------------------------------------------------------------
ACCESS_EVENTS = (
    (1, "Referral to Prevention Assistance project"),
    (2, "Problem Solving/Diversion/Rapid Resolution intervention or service"),
    (3, "Referral to scheduled Coordinated Entry Crisis Needs Assessment"),
    (4, "Referral to scheduled Coordinated Entry Housing Needs Assessment"),
)
REHOUSED = "u.ce_event = 2 AND u.ce_prob_sol_div_rr_result = 1"
Q9C = Question(
    id="Q9c",
    title="Access Events - Households with an Access Event",
    columns=COLUMNS,
    rows=tuple(label for _, label in ACCESS_EVENTS) + (
        "Total", "Result: Client housed/Re-Housed in a safe alternative",
        "Percent of successful referrals to Problem Solving/Diversion/Rapid Resolution"),
    sql=union(by_household_type([_events([code]) for code, _ in ACCESS_EVENTS]
                                + [_events(code for code, _ in ACCESS_EVENTS), REHOUSED], where=HEADS),
              percentage_row(7, REHOUSED, _events([2]), HOUSEHOLD_TYPES, where=HEADS)),
)

# -- Q9d: referral events ----------------------------------------------------------------------------------
REFERRAL_EVENTS = (
    (5, "Post-placement/follow-up case management"),
    (6, "Street Outreach project or services"),
    (7, "Housing Navigation project or services"),
    (8, "Non-continuum services: Ineligible for continuum services"),
    (9, "Non continuum services: No availability in continuum services"),
    (10, "Emergency Shelter bed opening"),
    (11, "Transitional Housing bed/unit opening"),
    (12, "Joint TH-RRH project/unit/resource opening"),
    (13, "RRH project resource opening"),
    (14, "PSH project resource opening"),
    (15, "Other PH project"),
    (16, "Referral to emergency assistance/flex fund/furniture assistance"),
    (17, "Referral to Emergency Housing Voucher (EHV)"),
    (18, "Referral to a Housing Stability Voucher"),
)
# The referrals to a residential project or voucher, whose result (4.20.D ReferralResult) HUD asks for.
RESIDENTIAL_REFERRALS = (10, 11, 12, 13, 14, 15, 17, 18)
AFTERCARE_REFERRAL = 5


def _referral_result(code: int) -> str:
    return f"{_events(RESIDENTIAL_REFERRALS)} AND u.ce_referral_result = {code}"


NO_RESULT = (f"({_events(RESIDENTIAL_REFERRALS)} AND u.ce_referral_result IS NULL) "
             f"OR (u.ce_event = {AFTERCARE_REFERRAL} AND u.ce_referral_case_manage_after IS NULL)")
Q9D = Question(
    id="Q9d",
    title="Referral Events - Households Who Were Referred",
    columns=COLUMNS,
    rows=tuple(label for _, label in REFERRAL_EVENTS) + (
        "Total", "Of the total HH prioritized (Q9b row 1) what percentage received a referral",
        "Result: successful referral: client accepted", "Result: Unsuccessful referral: client rejected",
        "Result: Unsuccessful referral: provider rejected", "No result recorded",
        "Result: Enrolled in Aftercare project", "Percent of successful referrals to residential projects"),
    sql=union(
        by_household_type([_events([code]) for code, _ in REFERRAL_EVENTS]
                          + [_events(code for code, _ in REFERRAL_EVENTS)], where=HEADS),
        percentage_row(16, f"{PRIORITIZED} AND {_events(code for code, _ in REFERRAL_EVENTS)}", PRIORITIZED,
                       HOUSEHOLD_TYPES, where=HEADS),
        offset_rows(by_household_type([_referral_result(1), _referral_result(2), _referral_result(3), NO_RESULT,
                                       f"u.ce_event = {AFTERCARE_REFERRAL} AND u.ce_referral_case_manage_after = 1"],
                                      where=HEADS), 16),
        percentage_row(22, _referral_result(1), _events(RESIDENTIAL_REFERRALS), HOUSEHOLD_TYPES, where=HEADS)),
)

# -- Q10: every CE assessment and event of the period --------------------------------------------------------
# The shell's labels for the events differ a little from Q9c's and Q9d's.
ACTIVITY_EVENT_LABELS = (
    "Referral to Prevention Assistance project",
    "Problem Solving/Diversion/Rapid Resolution intervention or service",
    "Referral to scheduled Coordinated Entry Crisis Needs Assessment",
    "Referral to scheduled Coordinated Entry Housing Needs Assessment",
    "Referral to post-placement/follow-up case management",
    "Referral to Street Outreach project or services",
    "Referral to Housing Navigation project or services",
    "Referral to Non-continuum services: Ineligible for continuum services",
    "Referral to Non continuum services: No availability in continuum services",
    "Referral to Emergency Shelter bed opening",
    "Referral to Transitional Housing bed/unit opening",
    "Referral to Joint TH-RRH project/unit/resource opening",
    "Referral to RRH project resource opening",
    "Referral to PSH project resource opening",
    "Referral to Other PH project/unit/resource opening",
    "Referral to emergency assistance/flex fund/furniture assistance",
    "Referral to Emergency Housing Voucher (EHV)",
    "Referral to a Housing Stability Voucher",
)
ACTIVITY_ROWS = (("Crisis Needs Assessment", "a.kind = 'assessment' AND a.assessment_level = 1"),
                 ("Housing Needs Assessment", "a.kind = 'assessment' AND a.assessment_level = 2")) + tuple(
    (label, f"a.kind = 'event' AND a.event = {code}") for code, label in enumerate(ACTIVITY_EVENT_LABELS, start=1))
ACTIVITY_COLUMNS = (
    ("Total Occurrences", "true"),
    ("Successful Referral", "a.referral_result = 1"),
    ("Unsuccessful Referral: client rejected", "a.referral_result = 2"),
    ("Unsuccessful Referral: provider rejected", "a.referral_result = 3"),
    ("Re-housed in safe alternative", "a.prob_sol_div_rr_result = 1"),
    ("Enrolled in aftercare", "a.referral_case_manage_after = 1"),
)
_EVENT_ROW_OFFSET = 2  # event n is row n + 2, after the two assessment rows
_RESULT_ROWS = {2: RESIDENTIAL_REFERRALS, 3: RESIDENTIAL_REFERRALS, 4: RESIDENTIAL_REFERRALS,
                5: (2,), 6: (AFTERCARE_REFERRAL,)}
"""Each result column and the events it applies to: every other cell of those columns is blank."""
Q10_SHADED = frozenset((row_no, column_no) for column_no, events in _RESULT_ROWS.items()
                       for row_no in range(1, len(ACTIVITY_ROWS) + 1)
                       if row_no - _EVENT_ROW_OFFSET not in events)


def _numbered(predicates: Sequence[str]) -> str:
    return ", ".join(f"({number}, ({predicate}))" for number, predicate in enumerate(predicates, start=1))


_Q10_LEAVE_OUT = ", ".join(f"({row}, {column})" for row, column in sorted(Q10_SHADED))
Q10 = Question(
    id="Q10",
    title="Total Coordinated Entry Activity During the Year",
    columns=("Assessment/Event",) + tuple(label for label, _ in ACTIVITY_COLUMNS),
    rows=tuple(label for label, _ in ACTIVITY_ROWS),
    sql=(f"SELECT r.row_no, c.column_no, count(*)::numeric AS value, "
         f"coalesce(array_agg(DISTINCT a.member_no) FILTER (WHERE a.member_no IS NOT NULL), '{{}}') AS members "
         f"FROM ce_activity a "
         f"JOIN LATERAL (VALUES {_numbered([predicate for _, predicate in ACTIVITY_ROWS])}) AS r(row_no, hit) ON r.hit "
         f"JOIN LATERAL (VALUES {_numbered([predicate for _, predicate in ACTIVITY_COLUMNS])}) AS c(column_no, hit) "
         f"ON c.hit WHERE (r.row_no, c.column_no) NOT IN ({_Q10_LEAVE_OUT}) GROUP BY r.row_no, c.column_no"),
    shaded=Q10_SHADED,
)

CE_ONLY = (Q9A, Q9B, Q9C, Q9D, Q10)


def validation_tables(q5a: Question, q7a: Question, q8a: Question) -> tuple[Question, Question, Question]:
    """The APR's Q5a, Q7a and Q8a with the cells the CE APR's shells leave blank."""
    return (with_blank_cells(q5a, _rows_across(q5a, Q5A_BLANK_ROWS)),
            with_blank_cells(q7a, _rows_across(q7a, _move_in_rows(q7a))),
            with_blank_cells(q8a, _rows_across(q8a, _move_in_rows(q8a))))


def ce_apr_questions(apr: Sequence[Question]) -> tuple[Question, ...]:
    """The CE APR's tables in its order: the APR's Q4a (over the CE APR's projects: those taking part in CE) and
    Q6a, its Q5a, Q7a and Q8a with the CE APR's blank cells, and CE's own. Fails (KeyError, naming the table)
    when the APR lacks one."""
    by_id = {question.id: question for question in apr}
    q5a, q7a, q8a = validation_tables(by_id["Q5a"], by_id["Q7a"], by_id["Q8a"])
    return (by_id["Q4a"], q5a, by_id["Q6a"], q7a, q8a) + CE_ONLY
