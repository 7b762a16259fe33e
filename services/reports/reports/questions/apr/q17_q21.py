"""APR Q17-Q21: cash income sources, income categories, income change, non-cash benefits, health insurance.

Source of the FY2026 shells (question ids, titles, row and column labels, shaded cells): HUD's FY2026
HMIS Programming Specifications for the CoC APR and ESG CAPER as carried by Green River's open-source
warehouse (greenriver/hmis-warehouse, drivers/hud_apr/.../shared/fy2026/question_seventeen.rb to
question_twenty_one.rb, and the APR generator's fy2026 list of tables: Q17, Q18, Q19a1, Q19a2, Q19b, Q20a,
Q20b, Q21). The SQL is ours, over `universe` and the warehouse tables; income.py says how a stage's record
is chosen. Q27g, Q27h and Q27i are these tables for youth, so their builders take the population.
"""
from __future__ import annotations

from reports.engine.question import Question
from reports.questions.apr.cells import NONE, fraction, with_ctes
from reports.questions.apr.income import (BENEFIT_SOURCES, CASH_SOURCES, INCOME_CTES, INFORMED_AT_START_AND_STAGE,
                                          INSURANCE_SOURCES, staged_grid)
from reports.questions.shapes import ADULT, DATA_NOT_COLLECTED, DK_PNTA, TOTAL, grid, measured_grid

INCOME_STAGE_COLUMNS = ("u.stage = 'start'", "u.stage = 'annual' AND u.due", "u.stage = 'exit'")


def cash_sources(question_id: str, title: str, population: str, informed_label: str) -> Question:
    """Q17 and Q27g: the people of `population` (over universe `u`) with each cash income source."""
    rows = tuple(f"u.{flag} = 1" for _, flag in CASH_SOURCES) + (INFORMED_AT_START_AND_STAGE,)
    return Question(
        id=question_id, title=title,
        columns=("", "Income at Start", "Income at Latest Annual Assessment for Stayers",
                 "Income at Exit for Leavers"),
        rows=tuple(label for label, _ in CASH_SOURCES) + (informed_label,),
        sql=staged_grid(rows, INCOME_STAGE_COLUMNS, population, skip={(16, 1)}),
        shaded=frozenset({(16, 1)}))


Q17 = cash_sources("Q17", "Cash Income - Sources", ADULT,
                   "Adults with Income Information at Start and Annual Assessment/Exit")

_CATEGORY_SHADED = frozenset({(7, 1), (8, 1), (11, 1), (7, 3), (8, 3)})


def income_categories(question_id: str, title: str, population: str, who: str, stayers: str,
                      columns: tuple[str, ...]) -> Question:
    """Q18 and Q27h: each person of `population` in one income category per stage (income.py, `category`)."""
    rows = (
        "u.category = 'earned'", "u.category = 'other'", "u.category = 'both'", "u.category = 'none'",
        "u.category = 'dkptr'", "(u.category = 'missing' OR (u.category = 'unassessed' AND u.stage <> 'annual'))",
        "u.category = 'not_due'", "(u.category = 'unassessed' AND u.stage = 'annual')", TOTAL,
        "u.category IN ('earned', 'other', 'both')", INFORMED_AT_START_AND_STAGE,
    )
    labels = (
        f"{who} with Only Earned Income (i.e., Employment Income)", f"{who} with Only Other Income",
        f"{who} with Both Earned and Other Income", f"{who} with No Income",
        f"{who} with {DK_PNTA} Income Information", f"{who} with Missing Income Information",
        f"Number of {stayers} Not Yet Required to Have an Annual Assessment",
        f"Number of {stayers} Without Required Annual Assessment", f"Total {who}",
        "1 or More Source of Income", f"{who} with Income Information at Start and Annual Assessment/Exit",
    )
    stages = ("u.stage = 'start'", "u.stage = 'annual'", "u.stage = 'exit'")
    return Question(id=question_id, title=title, columns=columns, rows=labels,
                    sql=staged_grid(rows, stages, population, skip=_CATEGORY_SHADED),
                    shaded=_CATEGORY_SHADED)


Q18 = income_categories(
    "Q18", "Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit Status",
    ADULT, "Adults", "Adult Stayers",
    ("", "Number of Adults at Start", "Number of Adults at Annual Assessment (Stayers)",
     "Number of Adults at Exit (Leavers)"))

_CHANGE_ROWS = (
    "Number of Adults with Earned Income (i.e., Employment Income)", "Average Change in Earned Income",
    "Number of Adults with Other Income", "Average Change in Other Income",
    "Number of Adults with Any Income (i.e., Total Income)", "Average Change in Overall Income",
)
# Columns B-I of Q19a as predicates over one member's amounts in one category; J is I's share of H.
_CHANGE_COLUMNS = (
    "u.before > 0 AND u.after = 0", "u.before > 0 AND u.after > 0 AND u.after < u.before",
    "u.before > 0 AND u.after = u.before", "u.before > 0 AND u.after > u.before",
    "u.before = 0 AND u.after > 0", "u.before = 0 AND u.after = 0", TOTAL, "u.after > u.before", NONE,
)
_CHANGE_SHADED = frozenset({(2, 3), (2, 6), (2, 7), (2, 9), (4, 3), (4, 6), (4, 7), (4, 9), (6, 3), (6, 6), (6, 9)})


def _income_change(question_id: str, title: str, stage: str, universe_label: str, moment: str) -> Question:
    """Q19a1 (stayers, annual assessment) and Q19a2 (leavers, exit): adults answering Income From Any
    Source yes or no at start and at `stage`, by how each income category's amount moved."""
    change = f"""income_change AS (
  SELECT u.member_no, k.category_no, k.before, k.after
  FROM universe u
  JOIN income b ON b.member_no = u.member_no AND b.stage = '{stage}' AND b.any_income IN (0, 1)
                AND b.any_income_at_start IN (0, 1)
  CROSS JOIN LATERAL (VALUES (1, b.earned_total_at_start, b.earned_total), (2, b.other_total_at_start, b.other_total),
                             (3, b.cash_total_at_start, b.cash_total)) k(category_no, before, after)
  WHERE u.age_group = 'adult')"""
    counts = ("u.category_no = 1", NONE, "u.category_no = 2", NONE, "u.category_no = 3", NONE)
    averages = (NONE, "u.category_no = 1", NONE, "u.category_no = 2", NONE, "u.category_no = 3")
    subject = "income_change u"
    percent = f"""SELECT r.row_no, 9 AS column_no,
       {fraction("count(*) FILTER (WHERE u.after > u.before)", "count(*)")} AS value,
       array_agg(DISTINCT u.member_no ORDER BY u.member_no) FILTER (WHERE u.after > u.before) AS members
FROM income_change u JOIN (VALUES (1, 1), (3, 2), (5, 3)) r(row_no, category_no) ON r.category_no = u.category_no
GROUP BY r.row_no"""
    return Question(
        id=question_id, title=title,
        columns=(f"Income Change by Income Category (Universe: {universe_label})",
                 f"Had Income Category at Start and Did Not Have It at {moment}",
                 f"Retained Income Category But Had Less $ at {moment} Than at Start",
                 f"Retained Income Category and Same $ at {moment} as at Start",
                 f"Retained Income Category and Increased $ at {moment}",
                 f"Did Not Have the Income Category at Start and Gained the Income Category at {moment}",
                 f"Did Not Have the Income Category at Start or at {moment}",
                 "Total Adults (including those with No Income)",
                 f"Performance Measure: Adults who Gained or Increased Income from Start to {moment}, Average Gain",
                 "Performance Measure: Percent of Persons who Accomplished this Measure"),
        rows=_CHANGE_ROWS,
        sql=with_ctes(INCOME_CTES + (change,),
                      grid(counts, _CHANGE_COLUMNS, subject),
                      measured_grid(lambda cell: f"round(avg(u.after - u.before) FILTER (WHERE {cell}), 2)",
                                    averages, _CHANGE_COLUMNS, subject, skip=_CHANGE_SHADED),
                      percent),
        shaded=_CHANGE_SHADED)


Q19A1 = _income_change("Q19a1", "Client Cash Income Change - Income Source - by Start and Latest Status", "annual",
                       "Adult Stayers with Income Information at Start and Annual Assessment", "Annual Assessment")
Q19A2 = _income_change("Q19a2", "Client Cash Income Change - Income Source - by Start and Exit", "exit",
                       "Adult Leavers with Income Information at Start and Exit", "Exit")


def disabling_condition_income(question_id: str, title: str, population: str, who: str, whom: str,
                               total_label: str, household_types: tuple[tuple[str, str], ...]) -> Question:
    """Q19b and Q27i: leavers of `population` answering Disabling Condition and Income From Any Source at
    exit yes or no, by source at exit, with and without a disabling condition, per household type."""
    subject = f"""SELECT u.*, i.any_income, {", ".join(f"i.{flag}" for _, flag in CASH_SOURCES)}
FROM universe u JOIN income i ON i.member_no = u.member_no AND i.stage = 'exit'
WHERE u.is_leaver AND u.disabling_condition IN (0, 1) AND i.any_income IN (0, 1) AND {population}"""
    rows = tuple(f"u.{flag} = 1" for _, flag in CASH_SOURCES) + ("u.any_income = 0", TOTAL)
    counts: list[str] = []
    percents: list[str] = []
    labels = [""]
    for code, kind in household_types:
        of_kind = f"u.household_type = '{kind}'"
        counts += [f"{of_kind} AND u.disabling_condition = 1", f"{of_kind} AND u.disabling_condition = 0",
                   of_kind, NONE]
        percents += [NONE, NONE, NONE, of_kind]
        labels += [f"{code}: {who} with Disabling Condition", f"{code}: {who} without Disabling Condition",
                   f"{code}: Total {whom}", f"{code}: % with Disabling Condition by Source"]
    shaded = frozenset((len(rows), 4 * n) for n in range(1, len(household_types) + 1))
    return Question(
        id=question_id, title=title, columns=tuple(labels),
        rows=tuple(label for label, _ in CASH_SOURCES) + ("No Sources", total_label),
        sql=with_ctes(INCOME_CTES + (f"leaver_income AS ({subject})",),
                      grid(rows, counts, "leaver_income u"),
                      measured_grid(lambda cell: fraction(
                          f"count(*) FILTER (WHERE {cell} AND u.disabling_condition = 1)",
                          f"count(*) FILTER (WHERE {cell})"), rows, percents, "leaver_income u", skip=shaded)),
        shaded=shaded)


Q19B = disabling_condition_income(
    "Q19b", "Disabling Conditions and Income for Adults at Exit", ADULT, "Adult", "Adults",
    "Unduplicated Total Adults",
    (("AO", "without_children"), ("AC", "with_children_and_adults"), ("UK", "unknown")))

_BENEFIT_STAGE_COLUMNS = (
    "u.stage = 'start'", "u.stage = 'annual' AND u.due",
    # HUD: leavers are heads of household and the adults who left with them, not those who left before.
    "u.stage = 'exit' AND (u.is_head OR u.exit_date = u.head_exit_date)",
)
Q20A = Question(
    id="Q20a", title="Type of Non-Cash Benefit Sources",
    columns=("", "Benefit at Start", "Benefit at Latest Annual Assessment for Stayers", "Benefit at Exit for Leavers"),
    rows=tuple(label for label, _ in BENEFIT_SOURCES),
    sql=staged_grid(tuple(f"u.{flag} = 1" for _, flag in BENEFIT_SOURCES), _BENEFIT_STAGE_COLUMNS, ADULT))

_ANY_BENEFIT_FLAG = "(" + " OR ".join(f"u.{flag} = 1" for _, flag in BENEFIT_SOURCES) + ")"
Q20B = Question(
    id="Q20b", title="Number of Non-Cash Benefit Sources",
    columns=Q20A.columns,
    rows=("No Sources", "1 + Source(s)", DK_PNTA, "Data Not Collected/Not Stayed Long Enough for Annual Assessment",
          "Total"),
    sql=staged_grid(
        (f"NOT {_ANY_BENEFIT_FLAG} AND u.any_benefit = 0", _ANY_BENEFIT_FLAG,
         f"NOT {_ANY_BENEFIT_FLAG} AND u.any_benefit IN (8, 9)",
         f"NOT {_ANY_BENEFIT_FLAG} AND (u.any_benefit IS NULL OR u.any_benefit NOT IN (0, 8, 9))", TOTAL),
        ("u.stage = 'start'", "u.stage = 'annual'", _BENEFIT_STAGE_COLUMNS[2]), ADULT))

_INSURANCE_COUNT = "(" + " + ".join(f"u.{flag}" for _, flag in INSURANCE_SOURCES) + ")"
_INSURANCE_SHADED = frozenset({(14, 1), (14, 3)})
Q21 = Question(
    id="Q21", title="Health Insurance",
    columns=("", "At Start", "At Annual Assessment for Stayers", "At Exit for Leavers"),
    rows=tuple(label for label, _ in INSURANCE_SOURCES) + (
        "No Health Insurance", DK_PNTA, DATA_NOT_COLLECTED,
        "Number of Stayers Not Yet Required to Have an Annual Assessment",
        "1 Source of Health Insurance", "More than 1 Source of Health Insurance"),
    sql=staged_grid(
        tuple(f"u.{flag} = 1" for _, flag in INSURANCE_SOURCES) + (
            f"{_INSURANCE_COUNT} = 0 AND u.any_insurance = 0",
            f"{_INSURANCE_COUNT} = 0 AND u.any_insurance IN (8, 9)",
            f"u.due AND {_INSURANCE_COUNT} = 0 AND (u.any_insurance IS NULL OR u.any_insurance NOT IN (0, 8, 9))",
            "NOT u.due", f"{_INSURANCE_COUNT} = 1", f"{_INSURANCE_COUNT} > 1"),
        ("u.stage = 'start'", "u.stage = 'annual'", "u.stage = 'exit'"), skip=_INSURANCE_SHADED),
    shaded=_INSURANCE_SHADED)

QUESTIONS = (Q17, Q18, Q19A1, Q19A2, Q19B, Q20A, Q20B, Q21)
