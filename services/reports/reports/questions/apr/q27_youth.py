"""APR Q27: youth (age, parenting youth, length of participation, destinations, income, disabling
conditions, time to housing, education).

Source of the FY2026 shells (question ids, titles, row and column labels, shaded cells): HUD's FY2026
HMIS Programming Specifications for the CoC APR and ESG CAPER as carried by Green River's open-source
warehouse (greenriver/hmis-warehouse, drivers/hud_apr/.../shared/fy2026/question_twenty_seven.rb and the
APR generator's fy2026 list: Q27a, Q27b, Q27d, Q27e, Q27f1, Q27f2, Q27g-Q27m; no Q27c). Most tables are
Q17-Q23's for youth, built by the same functions.

Who is youth (HMIS Reporting Glossary, "Youth Household"): a person aged 12 to 24 in a household whose
every member is known to be under 25 (the glossary's `youth_household`). The income tables (Q27g-Q27i)
count, like HUD's, the youth adults (18-24) and youth heads of household (12-24) of such households.
"""
from __future__ import annotations

from hud.fy2026.spec import LISTS
from reports.engine.question import Question
from reports.questions.apr.cells import NONE, heading_cells
from reports.questions.apr.destinations import destination_question, subsidy_question
from reports.questions.apr.entry_and_income import LIVING_SITUATION_ROWS, Q15
from reports.questions.apr.q17_q21 import cash_sources, disabling_condition_income, income_categories
from reports.questions.apr.q22_q24 import move_in, participation, participation_days, time_before_housing
from reports.questions.shapes import (AGE_DK_PNTA, AGE_NOT_COLLECTED, DATA_NOT_COLLECTED, DK_PNTA,
                                      HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, TOTAL, by_household_type, grid)

YOUTH = "(u.youth_household AND u.age BETWEEN 12 AND 24)"
YOUTH_EARNERS = "(u.youth_household AND ((u.is_head AND u.age BETWEEN 12 AND 24) OR u.age BETWEEN 18 AND 24))"
COLUMNS = ("",) + HOUSEHOLD_TYPE_LABELS

# A youth's age is known (12-24), so the unknown-age rows are shaded, as are the ages a household type
# cannot hold.
AGE_SHADED = frozenset({(3, 1), (4, 1), (1, 2), (3, 2), (4, 2), (3, 3), (4, 3), (2, 4), (3, 4), (4, 4),
                        (2, 5), (3, 5), (4, 5), (5, 5)})
Q27A = Question(
    id="Q27a", title="Age of Youth", columns=COLUMNS, rows=("12-17", "18-24", DK_PNTA, DATA_NOT_COLLECTED, "Total"),
    sql=grid(("u.age BETWEEN 12 AND 17", "u.age BETWEEN 18 AND 24", AGE_DK_PNTA, AGE_NOT_COLLECTED, TOTAL),
             HOUSEHOLD_TYPES, where=YOUTH, skip=AGE_SHADED),
    shaded=AGE_SHADED)

# Parenting youth households: a youth household whose head (12-24) has a child of their own in it
# (RelationshipToHoH 2); every member of such a household, by the head's age.
_PARENTING_HOUSEHOLDS = """(SELECT u.* FROM universe u
 WHERE EXISTS (SELECT 1 FROM universe head WHERE head.household_id = u.household_id AND head.source = u.source
                  AND head.is_head AND head.parenting_youth AND head.age BETWEEN 12 AND 24)) u"""
Q27B = Question(
    id="Q27b", title="Parenting Youth",
    columns=("", "Total Parenting Youth", "Total Children of Parenting Youth", "Total Persons", "Total Households"),
    rows=("Parent Youth < 18", "Parent Youth 18 to 24"),
    sql=grid(("u.head_age < 18", "u.head_age BETWEEN 18 AND 24"),
             ("u.parenting_youth", "u.relationship_to_hoh = 2", TOTAL, "u.is_head"), _PARENTING_HOUSEHOLDS))

# Q15's living situations at entry of youth heads of household.
Q27D = Question(
    id="Q27d", title="Living Situation - Youth", columns=Q15.columns, rows=Q15.rows,
    sql=by_household_type(tuple(predicate or "false" for _, predicate in LIVING_SITUATION_ROWS),
                          where=f"u.is_head AND {YOUTH}", skip=Q15.shaded),
    shaded=Q15.shaded)

Q27E = participation("Q27e", "Length of Participation - Youth", YOUTH)
Q27F1 = destination_question("Q27f1", "Exit Destination - Youth", YOUTH, HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES)
Q27F2 = subsidy_question("Q27f2", "Exit Destination – Subsidy Type of Persons Exiting to Rental by Client With An "
                         "Ongoing Subsidy - Youth", YOUTH, HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES)
Q27G = cash_sources("Q27g", "Cash Income - Sources - Youth", YOUTH_EARNERS,
                    "Youth with Income Information at Start and Annual Assessment/Exit")
Q27H = income_categories(
    "Q27h", "Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit "
    "Status - Youth", YOUTH_EARNERS, "Youth", "Youth Stayers",
    ("Number of Youth By Income Category", "Number of Youth at Start",
     "Number of Youth at Annual Assessment (Stayers)", "Number of Youth at Exit (Leavers)"))
Q27I = disabling_condition_income(
    "Q27i", "Disabling Conditions and Income for Youth at Exit", YOUTH_EARNERS, "Youth", "Youths",
    "Unduplicated Total Youth", (("AO", "without_children"), ("AC", "with_children_and_adults"),
                                 ("CO", "with_only_children"), ("UK", "unknown")))
Q27J = participation_days("Q27j", "Average and Median Length of Participation in Days - Youth", YOUTH)
Q27K = move_in("Q27k", "Length of Time between Project Start Date and Housing Move-in Date - Youth", YOUTH)
Q27L = time_before_housing("Q27l", "Length of Time Prior to Housing - based on 3.917 Date Homelessness Started - "
                           "Youth", YOUTH)

# Q27m: youth heads of household leaving TH, PSH, street outreach, services only or RRH (the project types
# YHDP funds), by their Youth Education Status (R5) at start and at exit.
YHDP_PROJECT_TYPES = (2, 3, 4, 6, 13)
_EDUCATION = f"""(SELECT u.*, point.column_no, y.current_school_attend, y.most_recent_ed_status, y.current_ed_status
  FROM universe u
 CROSS JOIN LATERAL (VALUES (1, 1, u.entry_date), (2, 3, u.exit_date)) point(column_no, stage, day)
  LEFT JOIN LATERAL (
       SELECT * FROM hud_youth_education_status y
        WHERE y.enrollment_id = u.enrollment_id AND y.source = u.source AND y.date_deleted IS NULL
          AND y.data_collection_stage = point.stage AND y.information_date = point.day
        ORDER BY y.date_updated DESC LIMIT 1) y ON true
 WHERE u.is_leaver AND u.is_head AND {YOUTH} AND u.project_type IN {YHDP_PROJECT_TYPES}) u"""


def _answers(list_name: str, column: str, codes: tuple[int, ...], when: str) -> list[tuple[str, str]]:
    """One row per answer of `list_name` in `codes`, then HUD's two non-answers, among those `when` holds."""
    return ([(LISTS[list_name][code], f"{when} AND u.{column} = {code}") for code in codes]
            + [(DK_PNTA, f"{when} AND u.{column} IN (8, 9)"),
               (DATA_NOT_COLLECTED, f"{when} AND (u.{column} IS NULL OR u.{column} = 99)")])


_EDUCATION_ROWS = tuple(
    _answers("CurrentSchoolAttend", "current_school_attend", (0, 1, 2), TOTAL)
    + [("For those not enrolled – most recent education status", NONE)]
    + _answers("MostRecentEdStatus", "most_recent_ed_status", tuple(range(8)), "u.current_school_attend = 0")
    + [("For those currently enrolled – current status", NONE)]
    + _answers("CurrentEdStatus", "current_ed_status", tuple(range(5)), "u.current_school_attend IN (1, 2)")
    + [("Total", TOTAL)])
_EDUCATION_PREDICATES = tuple(predicate for _, predicate in _EDUCATION_ROWS)
_EDUCATION_SHADED = heading_cells(_EDUCATION_PREDICATES, 2)
Q27M = Question(
    id="Q27m", title="Education Status - Youth",
    columns=("Current School and Attendance", "At Project Start", "At Project Exit"),
    rows=tuple(label for label, _ in _EDUCATION_ROWS),
    sql=grid(_EDUCATION_PREDICATES, ("u.column_no = 1", "u.column_no = 2"), _EDUCATION, skip=_EDUCATION_SHADED),
    shaded=_EDUCATION_SHADED)

QUESTIONS = (Q27A, Q27B, Q27D, Q27E, Q27F1, Q27F2, Q27G, Q27H, Q27I, Q27J, Q27K, Q27L, Q27M)
