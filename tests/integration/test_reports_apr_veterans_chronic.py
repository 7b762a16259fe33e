"""APR Q25 (veterans) and Q26 (chronically homeless) on hand-built warehouse rows."""
from datetime import date

from reports_support import answer, members, value, warehouse, warehouse_database  # noqa: F401

from reports.questions.apr.q25_veterans import Q25A, Q25B, Q25D, Q25I, Q25J
from reports.questions.apr.q26_chronic import Q26A, Q26B, Q26D, Q26E

START, END = date(2025, 1, 1), date(2025, 12, 31)
TOTAL, WITHOUT_CHILDREN, WITH_CHILDREN = 1, 2, 3


def _people(warehouse):
    """V1: chronically homeless veteran (on the street 400 days before entry, disabled) who left for a
    rental; V2: veteran, not chronically homeless, with a child K; N: not a veteran, disabling condition
    withheld; R: veteran status withheld, disabling condition not collected."""
    warehouse.project("ES", project_type=0)
    warehouse.client("V1", dob=date(1980, 1, 1), veteran_status=1)
    warehouse.client("V2", dob=date(1990, 1, 1), veteran_status=1)
    warehouse.client("K", dob=date(2020, 1, 1))
    warehouse.client("N", dob=date(1985, 1, 1), veteran_status=0)
    warehouse.client("R", dob=date(1985, 1, 1), veteran_status=9)
    entry = date(2025, 2, 1)
    warehouse.enrollment("E1", "V1", "ES", entry, disabling_condition=1, living_situation=116,
                         date_to_street_essh=date(2023, 12, 1))
    warehouse.exit("E1", date(2025, 6, 1), destination=410)
    warehouse.disability("E1", entry, 9, response=1)
    warehouse.disability("E1", date(2025, 6, 1), 10, response=3, stage=3)
    warehouse.enrollment("E2", "V2", "ES", entry, household_id="H2", disabling_condition=0)
    warehouse.enrollment("EK", "K", "ES", entry, household_id="H2", relationship_to_hoh=2)
    warehouse.enrollment("EN", "N", "ES", entry, disabling_condition=8)
    warehouse.enrollment("ER", "R", "ES", entry, disabling_condition=99)


def test_q25a_veterans_and_q25b_their_households(warehouse):
    _people(warehouse)
    a = answer(warehouse, Q25A, START, END)
    assert members(a, 1, TOTAL) == ["V1"] and members(a, 1, WITHOUT_CHILDREN) == ["V1"]
    assert members(a, 2, WITH_CHILDREN) == ["V2"]
    assert members(a, 3, TOTAL) == ["N"] and members(a, 4, TOTAL) == ["R"]
    assert value(a, 6, TOTAL) == 4                                    # the adults; K is no veteran
    b = answer(warehouse, Q25B, START, END)
    assert members(b, 1, TOTAL) == ["V1"] and members(b, 2, WITH_CHILDREN) == ["V2"]
    assert members(b, 3, TOTAL) == ["N"] and members(b, 4, TOTAL) == ["R"] and value(b, 6, TOTAL) == 4


def test_q25d_q25i_q25j_veterans_age_and_exits(warehouse):
    _people(warehouse)
    d = answer(warehouse, Q25D, START, END)
    assert members(d, 4, TOTAL) == ["V1"] and members(d, 3, TOTAL) == ["V2"] and value(d, 9, TOTAL) == 2
    i = answer(warehouse, Q25I, START, END)
    assert members(i, 27, TOTAL) == ["V1"] and value(i, 39, TOTAL) == 1 and value(i, 42, TOTAL) == 1
    assert answer(warehouse, Q25J, START, END) == {}


def test_q26a_households_and_q26b_persons_by_chronic_status(warehouse):
    _people(warehouse)
    a = answer(warehouse, Q26A, START, END)
    assert members(a, 1, TOTAL) == ["V1"] and members(a, 2, WITH_CHILDREN) == ["V2"]
    assert members(a, 3, TOTAL) == ["N"] and members(a, 4, TOTAL) == ["R"] and value(a, 5, TOTAL) == 4
    b = answer(warehouse, Q26B, START, END)
    assert members(b, 1, TOTAL) == ["V1"] and members(b, 2, TOTAL) == ["K", "V2"]
    assert members(b, 3, TOTAL) == ["N"] and members(b, 4, TOTAL) == ["R"] and value(b, 5, TOTAL) == 5
    assert sum(value(b, row, TOTAL) for row in range(1, 5)) == value(b, 5, TOTAL)


def test_q26d_age_and_q26e_conditions_of_the_chronically_homeless(warehouse):
    _people(warehouse)
    d = answer(warehouse, Q26D, START, END)
    assert members(d, 5, TOTAL) == ["V1"] and value(d, 10, TOTAL) == 1
    e = answer(warehouse, Q26E, START, END)
    assert members(e, 1, 1) == ["V1"] and members(e, 4, 3) == ["V1"]
    assert value(e, 1, 3) == 0 and value(e, 4, 1) == 0
