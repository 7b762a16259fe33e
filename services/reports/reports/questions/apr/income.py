"""Income, non-cash benefits and health insurance at the three collection points the APR reads
(HUD's Reporting Glossary, "Data Collection Stages"), as CTEs over `universe` and `hud_income_benefits`:

- start: the record with DataCollectionStage 1 dated the member's project start;
- annual: for stayers whose annual assessment is due (the glossary's `annual_assessment_due`: the head
  has been in the project 365 days or more at the report's end), the latest record with
  DataCollectionStage 5 dated within 30 days either side of the head's latest anniversary of project
  start (`head_anniversary`), and not after the report's end;
- exit: for leavers, the record with DataCollectionStage 3 dated the exit.

CTE `income` has one row per (member_no, stage) the member has: `due` (false only for an annual assessment
not yet required), `recorded` (a record was found), the answers (any_income, any_benefit, any_insurance,
one column per source as 0/1), `earned_total` and `cash_total` (the amounts of the sources answered yes:
we add the sources' amounts rather than trusting TotalMonthlyIncome) and `category`, the one income
category HUD's Q18 puts the member in: earned, other, both, none, dkptr, missing, not_due, unassessed.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from reports.questions.apr.cells import with_ctes
from reports.questions.shapes import grid

# Cash income sources in the order of HUD's Q17 rows: (label, flag column, amount column).
CASH_SOURCES = (
    ("Earned Income", "earned", "earned_amount"),
    ("Unemployment Insurance", "unemployment", "unemployment_amount"),
    ("Supplemental Security Income (SSI)", "ssi", "ssi_amount"),
    ("Social Security Disability Insurance (SSDI)", "ssdi", "ssdi_amount"),
    ("VA Service-Connected Disability Compensation", "va_disability_service", "va_disability_service_amount"),
    ("VA Non-Service Connected Disability Pension", "va_disability_non_service",
     "va_disability_non_service_amount"),
    ("Private Disability Insurance", "private_disability", "private_disability_amount"),
    ("Worker's Compensation", "workers_comp", "workers_comp_amount"),
    ("Temporary Assistance for Needy Families (TANF)", "tanf", "tanf_amount"),
    ("General Assistance (GA)", "ga", "ga_amount"),
    ("Retirement Income from Social Security", "soc_sec_retirement", "soc_sec_retirement_amount"),
    ("Pension or retirement income from a former job", "pension", "pension_amount"),
    ("Child Support", "child_support", "child_support_amount"),
    ("Alimony and other spousal support", "alimony", "alimony_amount"),
    ("Other Source", "other_income_source", "other_income_amount"),
)
BENEFIT_SOURCES = (
    ("Supplemental Nutrition Assistance Program (SNAP) (Previously known as Food Stamps)", "snap"),
    ("Special Supplemental Nutrition Program for Women, Infants, and Children (WIC)", "wic"),
    ("TANF Child Care Services", "tanf_child_care"),
    ("TANF Transportation Services", "tanf_transportation"),
    ("Other TANF-Funded Services", "other_tanf"),
    ("Other Source", "other_benefits_source"),
)
INSURANCE_SOURCES = (
    ("Medicaid", "medicaid"),
    ("Medicare", "medicare"),
    ("State Children's Health Insurance Program", "schip"),
    ("Veteran's Health Administration (VHA)", "vha_services"),
    ("Employer-Provided Health Insurance", "employer_provided"),
    ("Health Insurance obtained through COBRA", "cobra"),
    ("Private Pay Health Insurance", "private_pay"),
    ("State Health Insurance for Adults", "state_health_ins"),
    ("Indian Health Services Program", "indian_health_services"),
    ("Other", "other_insurance"),
)
# The stages as HUD's tables order their columns.
STAGES = ("start", "annual", "exit")

_FLAGS = [flag for _, flag, _ in CASH_SOURCES] + [flag for _, flag in BENEFIT_SOURCES + INSURANCE_SOURCES]
_AMOUNTS = [amount for _, _, amount in CASH_SOURCES]


def _answered_yes(flag: str, amount: str) -> str:
    return f"CASE WHEN r.{flag} = 1 THEN COALESCE(r.{amount}, 0) ELSE 0 END"


HEADS_CTE = """heads AS (
  SELECT household_id, source, min(exit_date) AS exit_date FROM universe WHERE is_head
  GROUP BY household_id, source)"""

_STAGE_WINDOWS = """stage_window AS (
  SELECT u.member_no, 'start'::text AS stage, u.enrollment_id, u.source, 1 AS collection_stage,
         u.entry_date AS window_from, u.entry_date AS window_to, TRUE AS due
  FROM universe u
  UNION ALL
  SELECT u.member_no, 'exit', u.enrollment_id, u.source, 3, u.exit_date, u.exit_date, TRUE
  FROM universe u WHERE u.is_leaver
  UNION ALL
  SELECT u.member_no, 'annual', u.enrollment_id, u.source, 5, u.head_anniversary - 30,
         least(u.head_anniversary + 30, %(end)s::date), coalesce(u.annual_assessment_due, false)
  FROM universe u WHERE u.is_stayer)"""

_RECORDS = f"""stage_record AS (
  SELECT w.member_no, w.stage, w.due, r.income_benefits_id IS NOT NULL AS recorded,
         r.income_from_any_source AS any_income, r.benefits_from_any_source AS any_benefit,
         r.insurance_from_any_source AS any_insurance,
         {", ".join(f"COALESCE(r.{flag}, 0) AS {flag}" for flag in _FLAGS)},
         {_answered_yes("earned", "earned_amount")} AS earned_total,
         {" + ".join(_answered_yes(flag, amount) for _, flag, amount in CASH_SOURCES)} AS cash_total
  FROM stage_window w
  LEFT JOIN LATERAL (
    SELECT * FROM hud_income_benefits r
    WHERE r.enrollment_id = w.enrollment_id AND r.source = w.source AND r.date_deleted IS NULL
      AND r.data_collection_stage = w.collection_stage AND r.information_date BETWEEN w.window_from AND w.window_to
    ORDER BY r.information_date DESC, r.date_updated DESC LIMIT 1
  ) r ON w.due)"""

INCOME_CTES = (HEADS_CTE, _STAGE_WINDOWS, _RECORDS, """income AS (
  SELECT t.*, t.cash_total - t.earned_total AS other_total,
    CASE WHEN NOT t.due THEN 'not_due'
         WHEN NOT t.recorded THEN 'unassessed'
         WHEN t.any_income IN (8, 9) THEN 'dkptr'
         WHEN t.any_income IS NULL OR t.any_income = 99 THEN 'missing'
         WHEN t.earned_total > 0 AND t.cash_total > t.earned_total THEN 'both'
         WHEN t.earned_total > 0 THEN 'earned'
         WHEN t.cash_total > 0 THEN 'other'
         WHEN t.any_income = 0 THEN 'none'
         ELSE 'missing' END AS category
  FROM stage_record t)""")


def staged_subject(population: str = "true") -> str:
    """Each member meeting `population` (a predicate over universe `u`) once per stage they have, with
    their universe columns, their `income` row at that stage, their answer to Income From Any Source at
    start (`any_income_at_start`) and their head of household's exit date (`head_exit_date`)."""
    return f"""SELECT u.*, i.stage, i.due, i.recorded, i.any_income, i.any_benefit, i.any_insurance,
       {", ".join(f"i.{flag}" for flag in _FLAGS)}, i.earned_total, i.cash_total, i.other_total, i.category,
       st.any_income AS any_income_at_start, h.exit_date AS head_exit_date
FROM universe u
JOIN income i ON i.member_no = u.member_no
JOIN income st ON st.member_no = u.member_no AND st.stage = 'start'
LEFT JOIN heads h ON h.household_id = u.household_id AND h.source = u.source
WHERE {population}"""


# HUD's "with Income Information at Start and Annual Assessment/Exit": Income From Any Source answered
# yes or no at both (over a `staged_subject` row).
INFORMED_AT_START_AND_STAGE = "u.any_income_at_start IN (0, 1) AND u.any_income IN (0, 1)"


def staged_grid(rows: Sequence[str], columns: Sequence[str], population: str = "true",
                skip: Iterable[tuple[int, int]] = ()) -> str:
    """A whole question's SQL: `shapes.grid` over `staged_subject(population)`, columns usually stages."""
    return with_ctes(INCOME_CTES, grid(rows, columns, f"({staged_subject(population)}) u", skip=skip))
