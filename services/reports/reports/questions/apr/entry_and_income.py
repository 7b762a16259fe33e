"""APR Q15 (living situation at entry) and Q16 (cash income ranges), FY2026 shells."""
from reports.engine.question import Question
from reports.questions import shapes
from reports.questions.shapes import ADULT, DATA_NOT_COLLECTED, DK_PNTA, HOUSEHOLD_TYPE_LABELS, TOTAL

ADULT_OR_HEAD = f"({ADULT} OR u.is_head)"

# Q15's blocks, as HUD's FY2026 APR/CAPER programming specifications lay out its 31 rows (Sage reads them by
# position): a heading row (shaded), the prior living situations (3.917.1) of the class in the shell's order (a
# friend's place before a family member's), a subtotal; then don't know/prefers not to answer, not collected,
# their subtotal, and the total.
LIVING_SITUATION_BLOCKS = (
    ("Homeless Situations", (
        (116, "Place not meant for habitation"),
        (101, "Emergency shelter, including hotel or motel paid for with emergency shelter voucher, Host Home "
              "shelter"),
        (118, "Safe Haven"))),
    ("Institutional Situations", (
        (215, "Foster care home or foster care group home"),
        (206, "Hospital or other residential non-psychiatric medical facility"),
        (207, "Jail, prison, or juvenile detention facility"),
        (225, "Long-term care facility or nursing home"),
        (204, "Psychiatric hospital or other psychiatric facility"),
        (205, "Substance abuse treatment facility or detox center"))),
    ("Temporary Situations", (
        (302, "Transitional housing for homeless persons (including homeless youth)"),
        (329, "Residential project or halfway house with no homeless criteria"),
        (314, "Hotel or motel paid for without emergency shelter voucher"),
        (332, "Host Home (non-crisis)"),
        (336, "Staying or living in a friend\u2019s room, apartment, or house"),
        (335, "Staying or living in a family member\u2019s room, apartment, or house"))),
    ("Permanent Situations", (
        (410, "Rental by client, no ongoing housing subsidy"),
        (435, "Rental by client, with ongoing housing subsidy"),
        (421, "Owned by client, with ongoing housing subsidy"),
        (411, "Owned by client, no ongoing housing subsidy"))),
)
LIVING_SITUATION_NOT_KNOWN = "u.living_situation IN (8, 9, 99) OR u.living_situation IS NULL"


def _living_situation_rows() -> tuple[tuple[str, str | None], ...]:
    """(label, predicate) top to bottom; a heading row has no predicate."""
    rows: list[tuple[str, str | None]] = []
    for heading, situations in LIVING_SITUATION_BLOCKS:
        rows.append((heading, None))
        rows += [(label, f"u.living_situation = {code}") for code, label in situations]
        rows.append(("Subtotal", f"u.living_situation IN ({', '.join(str(code) for code, _ in situations)})"))
    rows += [(DK_PNTA, "u.living_situation IN (8, 9)"),
             (DATA_NOT_COLLECTED, "u.living_situation IS NULL OR u.living_situation = 99"),
             ("Subtotal", LIVING_SITUATION_NOT_KNOWN), ("TOTAL", TOTAL)]
    return tuple(rows)


LIVING_SITUATION_ROWS = _living_situation_rows()
HEADINGS = frozenset((row_no, column_no) for row_no, (_, predicate) in enumerate(LIVING_SITUATION_ROWS, start=1)
                     if predicate is None for column_no in range(1, len(HOUSEHOLD_TYPE_LABELS) + 1))

Q15 = Question(
    id="Q15",
    title="Living Situation",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=tuple(label for label, _ in LIVING_SITUATION_ROWS),
    sql=shapes.by_household_type(tuple(predicate or "false" for _, predicate in LIVING_SITUATION_ROWS),
                                 where=ADULT_OR_HEAD),
    shaded=HEADINGS,
)

INCOME_RANGES = (("No Income", "i.total_monthly_income = 0 AND i.income_from_any_source IN (0, 1)"),
                 ("$1 - $150", "i.total_monthly_income > 0 AND i.total_monthly_income <= 150"),
                 ("$151 - $250", "i.total_monthly_income > 150 AND i.total_monthly_income <= 250"),
                 ("$251 - $500", "i.total_monthly_income > 250 AND i.total_monthly_income <= 500"),
                 ("$501 - $1,000", "i.total_monthly_income > 500 AND i.total_monthly_income <= 1000"),
                 ("$1,001 - $1,500", "i.total_monthly_income > 1000 AND i.total_monthly_income <= 1500"),
                 ("$1,501 - $2,000", "i.total_monthly_income > 1500 AND i.total_monthly_income <= 2000"),
                 ("$2,001+", "i.total_monthly_income > 2000"),
                 (DK_PNTA, "i.total_monthly_income IS NULL AND i.income_from_any_source IN (8, 9)"))
# No record at the collection point, or one that does not say: data not collected.
INCOME_NOT_COLLECTED = ("(i.member_no IS NULL OR coalesce(i.income_from_any_source, 99) = 99 "
                        "OR (i.total_monthly_income IS NULL AND i.income_from_any_source NOT IN (8, 9)))")
NOT_YET_DUE = "u.is_stayer AND NOT u.annual_assessment_due"
MISSING_ANNUAL = "u.is_stayer AND u.annual_assessment_due AND i.member_no IS NULL"
INCOME_SHADED = frozenset({(11, 1), (12, 1), (11, 3), (12, 3)})


def _income_at(stage: str, column_no: int, where: str, rows: tuple[str, ...]) -> str:
    source = f"universe u LEFT JOIN universe_income i ON i.member_no = u.member_no AND i.stage = '{stage}'"
    return shapes.in_column(shapes.grid(rows, (TOTAL,), source=source, where=where), column_no)


def _income_rows(population: str = TOTAL, not_collected: str = INCOME_NOT_COLLECTED) -> tuple[str, ...]:
    return tuple(f"({population}) AND ({predicate})"
                 for predicate in [predicate for _, predicate in INCOME_RANGES] + [not_collected])


Q16 = Question(
    id="Q16",
    title="Cash Income - Ranges",
    columns=("", "Income at Start", "Income at Latest Annual Assessment for Stayers", "Income at Exit for Leavers"),
    rows=tuple(label for label, _ in INCOME_RANGES) + (
        DATA_NOT_COLLECTED, "Number of adult stayers not yet required to have an annual assessment",
        "Number of adult stayers without required annual assessment", "Total Adults"),
    sql=shapes.union(
        _income_at("start", 1, ADULT, _income_rows() + ("false", "false", TOTAL)),
        # Stayers due an annual assessment; one recorded that does not say is not collected, one missing
        # is counted apart.
        _income_at("annual", 2, f"{ADULT} AND u.is_stayer",
                   _income_rows("u.annual_assessment_due", f"i.member_no IS NOT NULL AND {INCOME_NOT_COLLECTED}")
                   + (NOT_YET_DUE, MISSING_ANNUAL, TOTAL)),
        _income_at("exit", 3, f"{ADULT} AND u.is_leaver", _income_rows() + ("false", "false", TOTAL)),
    ),
    shaded=INCOME_SHADED,
)
