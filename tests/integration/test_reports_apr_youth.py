"""APR Q27 (youth) on hand-built warehouse rows: a parenting youth, a youth of 17 on their own and an
adult of 30 who is not counted."""
from datetime import date

from reports_support import answer, members, value, warehouse, warehouse_database  # noqa: F401

from reports.questions.apr.q27_youth import (Q27A, Q27B, Q27D, Q27E, Q27F1, Q27F2, Q27G, Q27H, Q27I, Q27J, Q27K,
                                             Q27L, Q27M)

START, END = date(2025, 1, 1), date(2025, 12, 31)
TOTAL, WITH_CHILDREN, ONLY_CHILDREN = 1, 3, 4


def _youth(warehouse):
    """Y1 (20) heads an RRH household with her child C1 (2), moved in after 10 days, earning at start;
    Y2 (17) alone in TH, attending school at start and graduated at exit, left to family; A (30) in ES."""
    warehouse.project("RRH", project_type=13)
    warehouse.project("TH", project_type=2)
    warehouse.project("ES", project_type=0)
    warehouse.client("Y1", dob=date(2005, 1, 1))
    warehouse.client("C1", dob=date(2023, 1, 1))
    warehouse.client("Y2", dob=date(2007, 6, 1))
    warehouse.client("A", dob=date(1995, 1, 1))
    warehouse.enrollment("EY1", "Y1", "RRH", date(2025, 2, 1), household_id="HY1", move_in_date=date(2025, 2, 11),
                         date_to_street_essh=date(2025, 1, 1))
    warehouse.enrollment("EC1", "C1", "RRH", date(2025, 2, 1), household_id="HY1", relationship_to_hoh=2)
    warehouse.income("EY1", date(2025, 2, 1), income_from_any_source=1, earned=1, earned_amount=400)
    warehouse.enrollment("EY2", "Y2", "TH", date(2025, 3, 1))
    warehouse.exit("EY2", date(2025, 4, 1), destination=312)
    warehouse.income("EY2", date(2025, 4, 1), stage=3, income_from_any_source=0)
    warehouse.insert("YouthEducationStatus", youth_education_status_id="YE1", enrollment_id="EY2", personal_id="Y2",
                     information_date=date(2025, 3, 1), current_school_attend=2, current_ed_status=0,
                     data_collection_stage=1)
    warehouse.insert("YouthEducationStatus", youth_education_status_id="YE2", enrollment_id="EY2", personal_id="Y2",
                     information_date=date(2025, 4, 1), current_school_attend=0, most_recent_ed_status=0,
                     data_collection_stage=3)
    warehouse.enrollment("EA", "A", "ES", date(2025, 1, 1))


def test_q27a_age_and_q27b_parenting_youth(warehouse):
    _youth(warehouse)
    a = answer(warehouse, Q27A, START, END)
    assert members(a, 2, WITH_CHILDREN) == ["Y1"] and members(a, 1, ONLY_CHILDREN) == ["Y2"]
    assert value(a, 5, TOTAL) == 2
    b = answer(warehouse, Q27B, START, END)
    assert members(b, 2, 1) == ["Y1"] and members(b, 2, 2) == ["C1"]
    assert value(b, 2, 3) == 2 and members(b, 2, 4) == ["Y1"] and value(b, 1, 1) == 0


def test_q27e_q27j_participation_and_q27f_destinations(warehouse):
    _youth(warehouse)
    e = answer(warehouse, Q27E, START, END)
    assert members(e, 5, 3) == ["Y1"] and members(e, 2, 2) == ["Y2"] and value(e, 11, 1) == 2
    j = answer(warehouse, Q27J, START, END)
    assert value(j, 1, 1) == 31 and value(j, 1, 2) == 334
    f1 = answer(warehouse, Q27F1, START, END)
    assert members(f1, 19, TOTAL) == ["Y2"] and value(f1, 39, TOTAL) == 1
    assert answer(warehouse, Q27F2, START, END) == {}


def test_q27g_q27h_q27i_youth_income(warehouse):
    _youth(warehouse)
    g = answer(warehouse, Q27G, START, END)
    assert members(g, 1, 1) == ["Y1"]
    h = answer(warehouse, Q27H, START, END)
    assert members(h, 1, 1) == ["Y1"] and members(h, 6, 1) == ["Y2"] and value(h, 9, 1) == 2
    assert members(h, 4, 3) == ["Y2"]
    i = answer(warehouse, Q27I, START, END)
    assert members(i, 16, 10) == ["Y2"] and members(i, 17, 11) == ["Y2"] and value(i, 16, 12) == 0


def test_q27k_q27l_time_to_housing(warehouse):
    _youth(warehouse)
    k = answer(warehouse, Q27K, START, END)
    assert members(k, 2, TOTAL) == ["Y1"] and members(k, 2, WITH_CHILDREN) == ["Y1"] and value(k, 11, TOTAL) == 10
    ell = answer(warehouse, Q27L, START, END)
    assert members(ell, 5, TOTAL) == ["Y1"] and members(ell, 13, TOTAL) == ["Y2"] and value(ell, 14, TOTAL) == 2


def test_q27m_education_status_at_start_and_exit(warehouse):
    _youth(warehouse)
    m = answer(warehouse, Q27M, START, END)
    assert members(m, 3, 1) == ["Y2"] and members(m, 18, 1) == ["Y2"]
    assert members(m, 1, 2) == ["Y2"] and members(m, 7, 2) == ["Y2"]
    assert value(m, 25, 1) == 1 and value(m, 25, 2) == 1


def test_q27d_living_situation_of_youth_heads(warehouse):
    _youth(warehouse)
    d = answer(warehouse, Q27D, START, END)
    emergency_shelter = 3
    assert members(d, emergency_shelter, WITH_CHILDREN) == ["Y1"]
    assert members(d, emergency_shelter, ONLY_CHILDREN) == ["Y2"]
    assert value(d, len(Q27D.rows), TOTAL) == 2                       # not C1 (no head), not A (30)
