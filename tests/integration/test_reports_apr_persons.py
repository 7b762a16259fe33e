"""APR Q5a, Q7a-b and Q8a-b over the small CoC of reports_support.community, and HUD's validations
between them (Q7a's total is Q5a's persons served, and so on)."""
from datetime import date

import pytest

from reports.questions.apr.persons import Q5A, Q7A, Q7B, Q8A, Q8B
from reports_support import (YEAR_END, YEAR_START, answer, community, members, value, warehouse,  # noqa: F401
                             warehouse_database)


@pytest.fixture
def tables(warehouse):
    community(warehouse)
    return {question.id: answer(warehouse, question, YEAR_START, YEAR_END) for question in (Q5A, Q7A, Q8A)}


def test_q5a_counts(tables):
    q5a = tables["Q5a"]
    assert [value(q5a, row, 2) for row in range(1, 17)] == [
        12,  # persons
        8, 3, 1,  # adults (A1 A2 S1 L1-L5), children (K1 C1 C2), unknown age (U1)
        7, 5, 6,  # leavers, adult leavers, adult and head leavers (C1 heads H-KIDS, C2 does not)
        5, 3,  # stayers (A1 A2 K1 S1 U1), adult stayers
        1, 3,  # veterans (A1), chronically homeless (A1, A2, K1)
        2, 0,  # youth 12-24 in youth households (C1, C2), parenting youth
        7, 2,  # adult heads (A1 S1 L1-L5), child and unknown-age heads (C1, U1)
        1,  # heads and adult stayers 365 days or more (S1)
    ]


def test_q5a_members_name_the_people(tables):
    assert members(tables["Q5a"], 10, 2) == ["A1"]
    assert members(tables["Q5a"], 4, 2) == ["U1"]


def test_q7a_by_household_type_and_its_shaded_cells(tables):
    q7a = tables["Q7a"]
    assert value(q7a, 1, 1) == value(tables["Q5a"], 2, 2)  # adults
    assert value(q7a, 2, 1) == value(tables["Q5a"], 3, 2)  # children
    assert value(q7a, 5, 1) == value(tables["Q5a"], 1, 2)  # persons served
    assert value(q7a, 3, 1) == 1 and members(q7a, 3, 5) == ["U1"]  # DOB: prefers not to answer
    assert value(q7a, 4, 1) == 0
    assert members(q7a, 2, 4) == ["C1", "C2"] and members(q7a, 2, 3) == ["K1"]
    assert value(q7a, 5, 1) == sum(value(q7a, 5, column) for column in range(2, 6))
    assert members(q7a, 6, 1) == ["L1", "S1"]  # moved in (A1's move-in before entry ignored)
    assert Q7A.shaded == {(1, 4), (2, 2)}


def test_q8a_households(tables):
    q8a = tables["Q8a"]
    assert value(q8a, 1, 1) == value(tables["Q5a"], 14, 2) + value(tables["Q5a"], 15, 2) == 9
    assert members(q8a, 1, 3) == ["A1"] and members(q8a, 1, 4) == ["C1"]
    assert members(q8a, 2, 1) == ["L1", "S1"]


def test_street_outreach_counts_for_data_quality_once_engaged(warehouse):
    warehouse.project("SO", project_type=4)
    warehouse.client("E", dob=date(1980, 1, 1))
    warehouse.client("N", dob=date(1980, 1, 1))
    warehouse.enrollment("E-E", "E", "SO", date(2025, 2, 1), date_of_engagement=date(2025, 3, 1))
    warehouse.enrollment("E-N", "N", "SO", date(2025, 2, 1))

    q5a = answer(warehouse, Q5A, YEAR_START, YEAR_END)

    assert members(q5a, 1, 1) == ["E"] and members(q5a, 1, 2) == ["E", "N"]


def test_point_in_time_counts_on_the_last_wednesdays(warehouse):
    """Last Wednesdays of 2025: January 29, April 30, July 30, October 29."""
    warehouse.project("ES", project_type=0)
    warehouse.project("RRH", project_type=13)
    for personal_id in ("E", "X", "R"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("E-E", "E", "ES", date(2025, 1, 29))
    warehouse.exit("E-E", date(2025, 4, 30))  # the exit night is not counted in a shelter
    warehouse.enrollment("E-X", "X", "ES", date(2025, 5, 1))
    warehouse.exit("E-X", date(2025, 7, 31))
    warehouse.enrollment("E-R", "R", "RRH", date(2025, 1, 2), move_in_date=date(2025, 5, 1))

    persons = answer(warehouse, Q7B, YEAR_START, YEAR_END)
    households = answer(warehouse, Q8B, YEAR_START, YEAR_END)

    assert [members(persons, row, 1) for row in range(1, 5)] == [["E"], [], ["R", "X"], ["R"]]
    assert [value(households, row, 2) for row in range(1, 5)] == [1, 0, 2, 1]


def test_point_in_time_dates_outside_a_short_period_are_not_counted(warehouse):
    warehouse.project("ES", project_type=0)
    warehouse.client("E", dob=date(1980, 1, 1))
    warehouse.enrollment("E-E", "E", "ES", date(2024, 1, 1))

    persons = answer(warehouse, Q7B, date(2025, 2, 1), date(2025, 5, 31))

    assert [value(persons, row, 1) for row in range(1, 5)] == [0, 1, 0, 0]
