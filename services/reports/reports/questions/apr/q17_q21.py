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
from reports.questions.apr.cells import count_cells, share, with_ctes
from reports.questions.apr.income import (BENEFIT_SOURCES, CASH_SOURCES, INCOME_CTES, INSURANCE_SOURCES,
                                          informed_at_start_and, staged_subject)

ADULTS = "u.age_group = 'adult'"
DKPTR = "Client Doesn't Know/Prefers Not to Answer"
INCOME_STAGE_COLUMNS = ("s.stage = 'start'", "s.stage = 'annual' AND s.due", "s.stage = 'exit'")


def cash_sources(question_id: str, title: str, population: str, informed_label: str) -> Question:
    """Q17 and Q27g: the people of `population` (over universe `u`) with each cash income source."""
    rows = tuple(f"s.{flag} = 1" for _, flag, _ in CASH_SOURCES) + (informed_at_start_and("TRUE"),)
    return Question(
        id=question_id, title=title,
        columns=("", "Income at Start", "Income at Latest Annual Assessment for Stayers",
                 "Income at Exit for Leavers"),
        rows=tuple(label for label, _, _ in CASH_SOURCES) + (informed_label,),
        sql=with_ctes(INCOME_CTES, count_cells(staged_subject(population), rows, INCOME_STAGE_COLUMNS,
                                               skip={(16, 1)})),
        shaded=frozenset({(16, 1)}))


Q17 = cash_sources("Q17", "Cash Income - Sources", ADULTS,
                   "Adults with Income Information at Start and Annual Assessment/Exit")

_CATEGORY_SHADED = frozenset({(7, 1), (8, 1), (11, 1), (7, 3), (8, 3)})


def income_categories(question_id: str, title: str, population: str, who: str, columns: tuple[str, ...]) -> Question:
    """Q18 and Q27h: each person of `population` in one income category per stage (income.py, `category`)."""
    rows = (
        "s.category = 'earned'", "s.category = 'other'", "s.category = 'both'", "s.category = 'none'",
        "s.category = 'dkptr'", "(s.category = 'missing' OR (s.category = 'unassessed' AND s.stage <> 'annual'))",
        "s.category = 'not_due'", "(s.category = 'unassessed' AND s.stage = 'annual')", "TRUE",
        "s.category IN ('earned', 'other', 'both')", informed_at_start_and("TRUE"),
    )
    labels = (
        f"{who} with Only Earned Income (i.e., Employment Income)", f"{who} with Only Other Income",
        f"{who} with Both Earned and Other Income", f"{who} with No Income",
        f"{who} with {DKPTR} Income Information", f"{who} with Missing Income Information",
        f"Number of {who} Stayers Not Yet Required to Have an Annual Assessment",
        f"Number of {who} Stayers Without Required Annual Assessment", f"Total {who}",
        "1 or More Source of Income", f"{who} with Income Information at Start and Annual Assessment/Exit",
    )
    stages = ("s.stage = 'start'", "s.stage = 'annual'", "s.stage = 'exit'")
    return Question(id=question_id, title=title, columns=columns, rows=labels,
                    sql=with_ctes(INCOME_CTES, count_cells(staged_subject(population), rows, stages,
                                                           skip=_CATEGORY_SHADED)),
                    shaded=_CATEGORY_SHADED)


Q18 = income_categories(
    "Q18", "Client Cash Income Category - Earned/Other Income Category - by Start and Annual Assessment/Exit Status",
    ADULTS, "Adults", ("", "Number of Adults at Start", "Number of Adults at Annual Assessment (Stayers)",
                       "Number of Adults at Exit (Leavers)"))

_CHANGE_ROWS = (
    "Number of Adults with Earned Income (i.e., Employment Income)", "Average Change in Earned Income",
    "Number of Adults with Other Income", "Average Change in Other Income",
    "Number of Adults with Any Income (i.e., Total Income)", "Average Change in Overall Income",
)
# Columns B-I of Q19a as predicates over one member's amounts in one category; J is I's share of H.
_CHANGE_COLUMNS = (
    "s.before > 0 AND s.after = 0", "s.before > 0 AND s.after > 0 AND s.after < s.before",
    "s.before > 0 AND s.after = s.before", "s.before > 0 AND s.after > s.before",
    "s.before = 0 AND s.after > 0", "s.before = 0 AND s.after = 0", "TRUE", "s.after > s.before", None,
)
_CHANGE_SHADED = frozenset({(2, 3), (2, 6), (2, 7), (2, 9), (4, 3), (4, 6), (4, 7), (4, 9), (6, 3), (6, 6), (6, 9)})


def _income_change(question_id: str, title: str, stage: str, universe_label: str, moment: str) -> Question:
    """Q19a1 (stayers, annual assessment) and Q19a2 (leavers, exit): adults answering Income From Any
    Source yes or no at start and at `stage`, by how each income category's amount moved."""
    change = f"""income_change AS (
  SELECT u.member_no, k.category_no, k.before, k.after
  FROM universe u
  JOIN income a ON a.member_no = u.member_no AND a.stage = 'start' AND a.any_income IN (0, 1)
  JOIN income b ON b.member_no = u.member_no AND b.stage = '{stage}' AND b.any_income IN (0, 1)
  CROSS JOIN LATERAL (VALUES (1, a.earned_total, b.earned_total), (2, a.other_total, b.other_total),
                             (3, a.cash_total, b.cash_total)) k(category_no, before, after)
  WHERE u.age_group = 'adult')"""
    counts = ("s.category_no = 1", None, "s.category_no = 2", None, "s.category_no = 3", None)
    averages = (None, "s.category_no = 1", None, "s.category_no = 2", None, "s.category_no = 3")
    subject = "SELECT * FROM income_change"
    percent = f"""SELECT r.row_no, 9 AS column_no,
       {share("count(*) FILTER (WHERE s.after > s.before)", "count(*)")} AS value,
       array_agg(DISTINCT s.member_no ORDER BY s.member_no) FILTER (WHERE s.after > s.before) AS members
FROM income_change s JOIN (VALUES (1, 1), (3, 2), (5, 3)) r(row_no, category_no) ON r.category_no = s.category_no
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
                      count_cells(subject, counts, _CHANGE_COLUMNS),
                      count_cells(subject, averages, _CHANGE_COLUMNS, skip=_CHANGE_SHADED,
                                  value="round(avg(s.after - s.before), 2)"),
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
    subject = f"""SELECT u.*, e.disabling_condition, i.any_income,
       {", ".join(f"i.{flag}" for _, flag, _ in CASH_SOURCES)}
FROM universe u
JOIN hud_enrollment e ON e.enrollment_id = u.enrollment_id AND e.source = u.source
JOIN income i ON i.member_no = u.member_no AND i.stage = 'exit'
WHERE u.is_leaver AND e.disabling_condition IN (0, 1) AND i.any_income IN (0, 1) AND {population}"""
    rows = tuple(f"s.{flag} = 1" for _, flag, _ in CASH_SOURCES) + ("s.any_income = 0", "TRUE")
    columns: list[str | None] = []
    labels = [""]
    for code, kind in household_types:
        columns += [f"s.household_type = '{kind}' AND s.disabling_condition = 1",
                    f"s.household_type = '{kind}' AND s.disabling_condition = 0",
                    f"s.household_type = '{kind}'", None]
        labels += [f"{code}: {who} with Disabling Condition", f"{code}: {who} without Disabling Condition",
                   f"{code}: Total {whom}", f"{code}: % with Disabling Condition by Source"]
    total_row = len(rows)
    shaded = frozenset((total_row, 4 * n) for n in range(1, len(household_types) + 1))
    percents = " UNION ALL ".join(
        f"""SELECT r.row_no, {4 * n} AS column_no,
       {share("count(*) FILTER (WHERE s.disabling_condition = 1)", "count(*)")} AS value,
       array_agg(DISTINCT s.member_no ORDER BY s.member_no) AS members
FROM leaver_income s JOIN LATERAL (VALUES {", ".join(f"({i}, {p})" for i, p in enumerate(rows[:-1], 1))}) r(row_no, hit) ON r.hit
WHERE s.household_type = '{kind}' GROUP BY r.row_no""" for n, (_, kind) in enumerate(household_types, 1))
    return Question(
        id=question_id, title=title, columns=tuple(labels),
        rows=tuple(label for label, _, _ in CASH_SOURCES) + ("No Sources", total_label),
        sql=with_ctes(INCOME_CTES + (f"leaver_income AS ({subject})",),
                      count_cells("SELECT * FROM leaver_income", rows, columns), percents),
        shaded=shaded)


Q19B = disabling_condition_income(
    "Q19b", "Disabling Conditions and Income for Adults at Exit", ADULTS, "Adult", "Adults",
    "Unduplicated Total Adults",
    (("AO", "without_children"), ("AC", "with_children_and_adults"), ("UK", "unknown")))

_BENEFIT_STAGE_COLUMNS = (
    "s.stage = 'start'", "s.stage = 'annual' AND s.due",
    # HUD: leavers are heads of household and the adults who left with them, not those who left before.
    "s.stage = 'exit' AND (s.is_head OR s.exit_date = s.head_exit_date)",
)
Q20A = Question(
    id="Q20a", title="Type of Non-Cash Benefit Sources",
    columns=("", "Benefit at Start", "Benefit at Latest Annual Assessment for Stayers", "Benefit at Exit for Leavers"),
    rows=tuple(label for label, _ in BENEFIT_SOURCES),
    sql=with_ctes(INCOME_CTES, count_cells(staged_subject(ADULTS), tuple(f"s.{flag} = 1" for _, flag in BENEFIT_SOURCES),
                                           _BENEFIT_STAGE_COLUMNS)))

_ANY_BENEFIT_FLAG = "(" + " OR ".join(f"s.{flag} = 1" for _, flag in BENEFIT_SOURCES) + ")"
Q20B = Question(
    id="Q20b", title="Number of Non-Cash Benefit Sources",
    columns=Q20A.columns,
    rows=("No Sources", "1 + Source(s)", DKPTR, "Data Not Collected/Not Stayed Long Enough for Annual Assessment",
          "Total"),
    sql=with_ctes(INCOME_CTES, count_cells(
        staged_subject(ADULTS),
        (f"NOT {_ANY_BENEFIT_FLAG} AND s.any_benefit = 0", _ANY_BENEFIT_FLAG,
         f"NOT {_ANY_BENEFIT_FLAG} AND s.any_benefit IN (8, 9)",
         f"NOT {_ANY_BENEFIT_FLAG} AND (s.any_benefit IS NULL OR s.any_benefit NOT IN (0, 8, 9))", "TRUE"),
        ("s.stage = 'start'", "s.stage = 'annual'", _BENEFIT_STAGE_COLUMNS[2]))))

_INSURANCE_COUNT = "(" + " + ".join(f"s.{flag}" for _, flag in INSURANCE_SOURCES) + ")"
_INSURANCE_SHADED = frozenset({(14, 1), (14, 3)})
Q21 = Question(
    id="Q21", title="Health Insurance",
    columns=("", "At Start", "At Annual Assessment for Stayers", "At Exit for Leavers"),
    rows=tuple(label for label, _ in INSURANCE_SOURCES) + (
        "No Health Insurance", DKPTR, "Data Not Collected",
        "Number of Stayers Not Yet Required to Have an Annual Assessment",
        "1 Source of Health Insurance", "More than 1 Source of Health Insurance"),
    sql=with_ctes(INCOME_CTES, count_cells(
        staged_subject(),
        tuple(f"s.{flag} = 1" for _, flag in INSURANCE_SOURCES) + (
            f"{_INSURANCE_COUNT} = 0 AND s.any_insurance = 0",
            f"{_INSURANCE_COUNT} = 0 AND s.any_insurance IN (8, 9)",
            f"s.due AND {_INSURANCE_COUNT} = 0 AND (s.any_insurance IS NULL OR s.any_insurance NOT IN (0, 8, 9))",
            "NOT s.due", f"{_INSURANCE_COUNT} = 1", f"{_INSURANCE_COUNT} > 1"),
        ("s.stage = 'start'", "s.stage = 'annual'", "s.stage = 'exit'"), skip=_INSURANCE_SHADED)),
    shaded=_INSURANCE_SHADED)

QUESTIONS = (Q17, Q18, Q19A1, Q19A2, Q19B, Q20A, Q20B, Q21)
