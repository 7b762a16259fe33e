"""Income, non-cash benefits and health insurance at HUD's three collection points, read from the
glossary's `universe_stage_income` (one row per member and stage they have; glossary.py says which record
each is and what each column holds), as CTEs the questions of Q17-Q21 (and their youth and veteran
variants) count over: CTE `income` is that table.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from reports.questions.apr.cells import with_ctes
from reports.questions.shapes import grid

# Cash income sources in the order of HUD's Q17 rows: (label, flag column).
CASH_SOURCES = (
    ("Earned Income", "earned"),
    ("Unemployment Insurance", "unemployment"),
    ("Supplemental Security Income (SSI)", "ssi"),
    ("Social Security Disability Insurance (SSDI)", "ssdi"),
    ("VA Service-Connected Disability Compensation", "va_disability_service"),
    ("VA Non-Service Connected Disability Pension", "va_disability_non_service"),
    ("Private Disability Insurance", "private_disability"),
    ("Worker's Compensation", "workers_comp"),
    ("Temporary Assistance for Needy Families (TANF)", "tanf"),
    ("General Assistance (GA)", "ga"),
    ("Retirement Income from Social Security", "soc_sec_retirement"),
    ("Pension or retirement income from a former job", "pension"),
    ("Child Support", "child_support"),
    ("Alimony and other spousal support", "alimony"),
    ("Other Source", "other_income_source"),
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

_FLAGS = [flag for _, flag in CASH_SOURCES + BENEFIT_SOURCES + INSURANCE_SOURCES]


HEADS_CTE = """heads AS (
  SELECT household_id, source, min(exit_date) AS exit_date FROM universe WHERE is_head
  GROUP BY household_id, source)"""

# The income rows (glossary, `universe_stage_income`), under the name the questions read them by.
INCOME_CTES = (HEADS_CTE, "income AS NOT MATERIALIZED (SELECT * FROM universe_stage_income)")


def staged_subject(population: str = "true") -> str:
    """Each member meeting `population` (a predicate over universe `u`) once per stage they have, with
    their universe columns, their `income` row at that stage, their answer to Income From Any Source at
    start (`any_income_at_start`) and their head of household's exit date (`head_exit_date`)."""
    return f"""SELECT u.*, i.stage, i.due, i.recorded, i.any_income, i.any_benefit, i.any_insurance,
       {", ".join(f"i.{flag}" for flag in _FLAGS)}, i.earned_total, i.cash_total, i.other_total, i.category,
       i.any_income_at_start, h.exit_date AS head_exit_date
FROM universe u
JOIN income i ON i.member_no = u.member_no
LEFT JOIN heads h ON h.household_id = u.household_id AND h.source = u.source
WHERE {population}"""


# HUD's "with Income Information at Start and Annual Assessment/Exit": Income From Any Source answered
# yes or no at both (over a `staged_subject` row).
INFORMED_AT_START_AND_STAGE = "u.any_income_at_start IN (0, 1) AND u.any_income IN (0, 1)"


def staged_grid(rows: Sequence[str], columns: Sequence[str], population: str = "true",
                skip: Iterable[tuple[int, int]] = ()) -> str:
    """A whole question's SQL: `shapes.grid` over `staged_subject(population)`, columns usually stages."""
    return with_ctes(INCOME_CTES, grid(rows, columns, f"({staged_subject(population)}) u", skip=skip))
