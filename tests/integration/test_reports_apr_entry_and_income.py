"""APR Q15 (living situation at entry) and Q16 (cash income ranges at start, annual assessment, exit)."""
from datetime import date

from reports.questions.apr.entry_and_income import Q15, Q16
from reports.questions.apr.persons import Q5A
from reports_support import (YEAR_END, YEAR_START, answer, community, members, value, warehouse,  # noqa: F401
                             warehouse_database)


def row_of(question, label: str) -> int:
    return question.rows.index(label) + 1


def test_q15_living_situations_of_adults_and_heads(warehouse):
    community(warehouse)
    cells = answer(warehouse, Q15, YEAR_START, YEAR_END)
    q5a = answer(warehouse, Q5A, YEAR_START, YEAR_END)

    assert members(cells, 2, 1) == ["A1"]  # place not meant for habitation
    assert Q15.rows[4] == "Subtotal" and value(cells, 5, 1) == 10  # homeless situations: all came from ES (101)
    assert value(cells, len(Q15.rows), 1) == value(q5a, 2, 2) + value(q5a, 15, 2)  # adults and other heads
    assert "K1" not in members(cells, len(Q15.rows), 1)  # a child, not the head
    assert all((1, column) in Q15.shaded for column in range(1, 6))
    assert len(Q15.rows) == 31


def test_q15_dont_know_and_not_collected(warehouse):
    warehouse.project("ES", project_type=0)
    for personal_id, situation in (("D", 8), ("N", None)):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
        warehouse.enrollment(f"E-{personal_id}", personal_id, "ES", date(2025, 2, 1), living_situation=situation)

    cells = answer(warehouse, Q15, YEAR_START, YEAR_END)

    assert members(cells, row_of(Q15, "Client Doesn\u2019t Know/Prefers Not to Answer"), 1) == ["D"]
    assert members(cells, row_of(Q15, "Data Not Collected"), 1) == ["N"]
    assert Q15.rows[29:] == ("Subtotal", "TOTAL") and members(cells, 30, 1) == ["D", "N"]  # HUD's rows 31, 32


def test_q15_a_friends_place_comes_before_a_family_members(warehouse):
    warehouse.project("ES", project_type=0)
    for personal_id, situation in (("FR", 336), ("FA", 335)):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
        warehouse.enrollment(f"E-{personal_id}", personal_id, "ES", date(2025, 2, 1), living_situation=situation)

    cells = answer(warehouse, Q15, YEAR_START, YEAR_END)

    assert [members(cells, row, 1) for row in (19, 20, 21)] == [["FR"], ["FA"], ["FA", "FR"]]  # HUD's rows 20-22


def test_q16_income_at_start_annual_assessment_and_exit(warehouse):
    """S: a stayer due an annual assessment (entered 2023-03-10) with $600 at the anniversary; T: a stayer
    due one without it; Y: a stayer not yet due; L: a leaver with $120 at start and nothing at exit; Z:
    no income at start; K: answered "prefers not to answer" at start."""
    warehouse.project("PSH", project_type=3)
    for personal_id in ("S", "T", "Y", "L", "Z", "K"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("E-S", "S", "PSH", date(2023, 3, 10))
    warehouse.income("E-S", date(2025, 3, 20), stage=5, income_from_any_source=1, earned=1, earned_amount=600)
    warehouse.income("E-S", date(2024, 3, 20), stage=5, income_from_any_source=1, earned=1, earned_amount=90)
    warehouse.enrollment("E-T", "T", "PSH", date(2023, 1, 1))
    warehouse.enrollment("E-Y", "Y", "PSH", date(2025, 2, 1))
    warehouse.enrollment("E-L", "L", "PSH", date(2025, 2, 1))
    warehouse.income("E-L", date(2025, 2, 1), income_from_any_source=1, ssi=1, ssi_amount=120)
    warehouse.exit("E-L", date(2025, 6, 1))
    warehouse.enrollment("E-Z", "Z", "PSH", date(2025, 2, 1))
    warehouse.income("E-Z", date(2025, 2, 1), income_from_any_source=0)
    warehouse.enrollment("E-K", "K", "PSH", date(2025, 2, 1))
    warehouse.income("E-K", date(2025, 2, 1), income_from_any_source=9)

    cells = answer(warehouse, Q16, YEAR_START, YEAR_END)

    assert members(cells, 1, 1) == ["Z"] and members(cells, 2, 1) == ["L"] and members(cells, 9, 1) == ["K"]
    assert members(cells, 10, 1) == ["S", "T", "Y"]  # no record at entry
    assert members(cells, 5, 2) == ["S"]  # $501 - $1,000 at the annual assessment
    assert members(cells, 11, 2) == ["K", "Y", "Z"] and members(cells, 12, 2) == ["T"]
    assert value(cells, 13, 2) == value(answer(warehouse, Q5A, YEAR_START, YEAR_END), 9, 2) == 5  # adult stayers
    assert members(cells, 10, 3) == ["L"] and value(cells, 13, 3) == 1
    assert value(cells, 13, 1) == 6
