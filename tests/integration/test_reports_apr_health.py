"""APR Q13 (health conditions at start, at exit, for stayers; their number) and Q14 (domestic violence) on
hand-built records."""
from datetime import date

import pytest

from reports.questions.apr.health import Q13A1, Q13A2, Q13B1, Q13B2, Q13C1, Q13C2, Q14A, Q14B
from reports.questions.apr.persons import Q5A
from reports_support import (YEAR_END, YEAR_START, answer, community, members, value, warehouse,  # noqa: F401
                             warehouse_database)

MENTAL, SUBSTANCE, PHYSICAL = 9, 10, 5


@pytest.fixture
def conditions(warehouse):
    """A (leaver): mental health and alcohol at start, drug use too at exit. B (stayer): physical at start,
    nothing the latest time. N: disabling condition no, nothing recorded. R: prefers not to answer."""
    warehouse.project("TH", project_type=2)
    for personal_id in ("A", "B", "N", "R"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("E-A", "A", "TH", date(2025, 2, 1), disabling_condition=1)
    warehouse.disability("E-A", date(2025, 2, 1), MENTAL)
    warehouse.disability("E-A", date(2025, 2, 1), SUBSTANCE, response=1)
    warehouse.exit("E-A", date(2025, 8, 1))
    warehouse.disability("E-A", date(2025, 8, 1), MENTAL, stage=3)
    warehouse.disability("E-A", date(2025, 8, 1), SUBSTANCE, response=3, stage=3)
    warehouse.enrollment("E-B", "B", "TH", date(2025, 2, 1), disabling_condition=1)
    warehouse.disability("E-B", date(2025, 2, 1), PHYSICAL)
    warehouse.disability("E-B", date(2025, 7, 1), PHYSICAL, response=0, stage=2)
    warehouse.enrollment("E-N", "N", "TH", date(2025, 2, 1), disabling_condition=0)
    warehouse.enrollment("E-R", "R", "TH", date(2025, 2, 1), disabling_condition=9)


def test_q13a1_conditions_at_start(warehouse, conditions):
    cells = answer(warehouse, Q13A1, YEAR_START, YEAR_END)
    assert members(cells, 1, 1) == ["A"] and members(cells, 2, 1) == ["A"]  # mental; alcohol alone
    assert value(cells, 4, 1) == 0 and members(cells, 8, 1) == ["B"] and members(cells, 8, 2) == ["B"]


def test_q13b1_conditions_at_exit_of_leavers(warehouse, conditions):
    cells = answer(warehouse, Q13B1, YEAR_START, YEAR_END)
    assert members(cells, 4, 1) == ["A"] and value(cells, 2, 1) == 0 and value(cells, 8, 1) == 0


def test_q13c1_latest_conditions_of_stayers(warehouse, conditions):
    cells = answer(warehouse, Q13C1, YEAR_START, YEAR_END)
    assert value(cells, 8, 1) == 0 and value(cells, 1, 1) == 0  # B's latest record says no


def test_q13_numbers_of_conditions(warehouse, conditions):
    start = answer(warehouse, Q13A2, YEAR_START, YEAR_END)
    assert [members(start, row, 1) for row in range(1, 9)] == [
        ["N"], ["B"], ["A"], [], [], ["R"], [], ["A", "B", "N", "R"]]
    exit_ = answer(warehouse, Q13B2, YEAR_START, YEAR_END)
    assert members(exit_, 4, 1) == ["A"] and value(exit_, 8, 1) == 1  # mental, alcohol and drug: three
    stayers = answer(warehouse, Q13C2, YEAR_START, YEAR_END)
    assert members(stayers, 5, 1) == ["B"]  # disabled, no condition found: unknown
    assert value(stayers, 8, 1) == value(answer(warehouse, Q5A, YEAR_START, YEAR_END), 8, 2)  # the stayers


def test_q14_domestic_violence_of_adults_and_heads(warehouse):
    community(warehouse)
    warehouse.health_dv("E-A1", date(2025, 2, 1), domestic_violence_survivor=1, when_occurred=2)
    warehouse.health_dv("E-A2", date(2025, 2, 1), domestic_violence_survivor=9)
    warehouse.health_dv("E-K1", date(2025, 2, 1), domestic_violence_survivor=1, when_occurred=1)  # a child
    warehouse.health_dv("E-S1", date(2023, 3, 10), domestic_violence_survivor=1, when_occurred=4)
    warehouse.health_dv("E-S1", date(2025, 3, 10), domestic_violence_survivor=0, stage=5)

    history = answer(warehouse, Q14A, YEAR_START, YEAR_END)
    fleeing = answer(warehouse, Q14B, YEAR_START, YEAR_END)

    assert members(history, 1, 1) == ["A1"] and members(history, 2, 1) == ["S1"]  # S1's latest answer
    assert members(history, 3, 1) == ["A2"]
    q5a = answer(warehouse, Q5A, YEAR_START, YEAR_END)
    assert value(history, 5, 1) == value(q5a, 2, 2) + value(q5a, 15, 2)  # adults and child/unknown-age heads
    assert members(fleeing, 2, 1) == ["A1"] and value(fleeing, 7, 1) == 1
