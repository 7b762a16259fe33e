"""APR Q17-Q21 (reports.questions.apr.q17_q21) on hand-built warehouse rows: income, benefits and
insurance at start, at the annual assessment of stayers and at exit."""
from datetime import date

from reports_support import answer, members, value, warehouse, warehouse_database  # noqa: F401

from reports.questions.apr.q17_q21 import Q17, Q18, Q19A1, Q19A2, Q19B, Q20A, Q20B, Q21

START, END = date(2025, 1, 1), date(2025, 12, 31)
START_COL, ANNUAL_COL, EXIT_COL = 1, 2, 3


def _household(warehouse):
    """A: stayer due an annual assessment (head since 2024-03-01) with earned income at start and earned
    plus SSI at the assessment; B: stayer not yet due; C: leaver who gained unemployment insurance;
    D: stayer due whose assessment is missing."""
    warehouse.project("PSH", project_type=3)
    for person in "ABCD":
        warehouse.client(person, dob=date(1980, 1, 1))
    warehouse.enrollment("EA", "A", "PSH", date(2024, 3, 1), disabling_condition=1)
    warehouse.income("EA", date(2024, 3, 1), income_from_any_source=1, earned=1, earned_amount=500,
                     benefits_from_any_source=1, snap=1, insurance_from_any_source=1, medicaid=1)
    warehouse.income("EA", date(2025, 3, 5), stage=5, income_from_any_source=1, earned=1, earned_amount=800,
                     ssi=1, ssi_amount=200, benefits_from_any_source=0, insurance_from_any_source=1, medicaid=1,
                     medicare=1)
    warehouse.enrollment("EB", "B", "PSH", date(2025, 6, 1))
    warehouse.income("EB", date(2025, 6, 1), income_from_any_source=0, benefits_from_any_source=8,
                     insurance_from_any_source=0)
    warehouse.enrollment("EC", "C", "PSH", date(2025, 2, 1))
    warehouse.income("EC", date(2025, 2, 1), income_from_any_source=0, insurance_from_any_source=99)
    warehouse.exit("EC", date(2025, 8, 1))
    warehouse.income("EC", date(2025, 8, 1), stage=3, income_from_any_source=1, unemployment=1,
                     unemployment_amount=300, benefits_from_any_source=1, wic=1)
    warehouse.enrollment("ED", "D", "PSH", date(2024, 1, 10))
    warehouse.income("ED", date(2024, 1, 10), income_from_any_source=0)


def test_q17_counts_each_source_at_each_stage(warehouse):
    _household(warehouse)
    cells = answer(warehouse, Q17, START, END)
    assert members(cells, 1, START_COL) == ["A"]
    assert members(cells, 1, ANNUAL_COL) == ["A"] and members(cells, 3, ANNUAL_COL) == ["A"]
    assert members(cells, 2, EXIT_COL) == ["C"]
    # Income information at start and at the stage: A at the assessment, C at exit (not D: none).
    assert members(cells, 16, ANNUAL_COL) == ["A"] and members(cells, 16, EXIT_COL) == ["C"]


def test_q18_puts_each_adult_in_one_category_per_stage(warehouse):
    _household(warehouse)
    cells = answer(warehouse, Q18, START, END)
    assert members(cells, 1, START_COL) == ["A"] and members(cells, 4, START_COL) == ["B", "C", "D"]
    assert members(cells, 3, ANNUAL_COL) == ["A"]          # earned and SSI at the annual assessment
    assert members(cells, 7, ANNUAL_COL) == ["B"]          # not yet required
    assert members(cells, 8, ANNUAL_COL) == ["D"]          # required, missing
    assert members(cells, 2, EXIT_COL) == ["C"]
    assert value(cells, 9, START_COL) == 4 and value(cells, 9, ANNUAL_COL) == 3 and value(cells, 9, EXIT_COL) == 1
    # The stayers' column adds up: the six categories, not yet required and missing make the total.
    assert sum(value(cells, row, ANNUAL_COL) for row in range(1, 9)) == value(cells, 9, ANNUAL_COL)
    assert value(cells, 10, ANNUAL_COL) == 1 and value(cells, 10, EXIT_COL) == 1


def test_q19a1_stayer_increased_earned_and_gained_other_income(warehouse):
    _household(warehouse)
    cells = answer(warehouse, Q19A1, START, END)
    assert members(cells, 1, 4) == ["A"] and value(cells, 2, 4) == 300      # earned: retained and increased
    assert members(cells, 3, 5) == ["A"] and value(cells, 4, 5) == 200      # other: gained
    assert members(cells, 5, 4) == ["A"] and value(cells, 6, 7) == 500      # total: increased by 500
    assert value(cells, 1, 9) == 1 and value(cells, 1, 7) == 1


def test_q19a2_leaver_gained_income_at_exit(warehouse):
    _household(warehouse)
    cells = answer(warehouse, Q19A2, START, END)
    assert members(cells, 1, 6) == ["C"]                                     # no earned income either time
    assert members(cells, 3, 5) == ["C"] and value(cells, 4, 5) == 300
    assert members(cells, 5, 8) == ["C"] and value(cells, 5, 9) == 1 and value(cells, 1, 9) == 0


def test_q19b_leavers_by_disabling_condition(warehouse):
    _household(warehouse)
    cells = answer(warehouse, Q19B, START, END)
    assert members(cells, 2, 2) == ["C"] and members(cells, 2, 3) == ["C"]   # AO: without disabling condition
    assert value(cells, 2, 4) == 0 and value(cells, 17, 3) == 1


def test_q20_benefits_at_start_and_exit(warehouse):
    _household(warehouse)
    a = answer(warehouse, Q20A, START, END)
    assert members(a, 1, START_COL) == ["A"] and members(a, 2, EXIT_COL) == ["C"]
    b = answer(warehouse, Q20B, START, END)
    assert members(b, 2, START_COL) == ["A"] and members(b, 3, START_COL) == ["B"]
    assert members(b, 1, ANNUAL_COL) == ["A"] and members(b, 4, ANNUAL_COL) == ["B", "D"]
    assert value(b, 5, START_COL) == 4 and value(b, 5, ANNUAL_COL) == 3


def test_q21_health_insurance(warehouse):
    _household(warehouse)
    cells = answer(warehouse, Q21, START, END)
    assert members(cells, 1, START_COL) == ["A"] and members(cells, 15, START_COL) == ["A"]
    assert members(cells, 16, ANNUAL_COL) == ["A"]                            # Medicaid and Medicare
    assert members(cells, 11, START_COL) == ["B"]
    assert members(cells, 13, START_COL) == ["C", "D"]                        # 99, and no answer at all
    assert members(cells, 14, ANNUAL_COL) == ["B"]
    assert members(cells, 13, EXIT_COL) == ["C"]
