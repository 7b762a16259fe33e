"""APR Q24e (sex), Q11 (age) and Q12 (race and ethnicity) on hand-built clients; each table's total is the
persons served (Q5a)."""
from datetime import date

from reports.questions.apr.demographics import Q11, Q12
from reports.questions.apr.persons import Q5A
from reports.questions.apr.q22_q24 import Q24E
from reports_support import (YEAR_END, YEAR_START, answer, community, members, value, warehouse,  # noqa: F401
                             warehouse_database)


def test_totals_are_the_persons_served(warehouse):
    community(warehouse)
    served = value(answer(warehouse, Q5A, YEAR_START, YEAR_END), 1, 2)
    for question in (Q24E, Q11, Q12):
        cells = answer(warehouse, question, YEAR_START, YEAR_END)
        assert value(cells, len(question.rows), 1) == served == 12, question.id


def test_q24e_sex(warehouse):
    warehouse.project("ES", project_type=0)
    for personal_id, sex in (("F", 0), ("M", 1), ("D", 9), ("N", 99)):
        warehouse.client(personal_id, dob=date(1980, 1, 1), sex=sex)
        warehouse.enrollment(f"E-{personal_id}", personal_id, "ES", date(2025, 2, 1))

    cells = answer(warehouse, Q24E, YEAR_START, YEAR_END)

    assert [members(cells, row, 1) for row in range(1, 6)] == [["F"], ["M"], ["D"], ["N"], ["D", "F", "M", "N"]]
    assert members(cells, 1, 2) == ["F"]


def test_q11_age_ranges_and_unknown_ages(warehouse):
    community(warehouse)

    cells = answer(warehouse, Q11, YEAR_START, YEAR_END)

    assert members(cells, 2, 1) == ["K1"]  # 5-12
    assert members(cells, 3, 4) == ["C1", "C2"]  # 13-17, only children
    assert members(cells, 5, 1) == ["L1", "L2", "L3", "L4", "L5"]  # 25-34
    assert members(cells, 7, 2) == [] and members(cells, 7, 3) == ["A1", "A2"]  # 45-54
    assert members(cells, 10, 5) == ["U1"]  # prefers not to answer
    assert (1, 2) in Q11.shaded and (9, 4) in Q11.shaded


def test_q12_race_and_ethnicity(warehouse):
    warehouse.project("ES", project_type=0)
    people = {"W": {"white": 1}, "AB": {"white": 0, "asian": 1, "black_af_american": 1},
              "HW": {"hispanic_latinao": 1}, "M3": {"asian": 1, "black_af_american": 1},
              "M3H": {"asian": 1, "black_af_american": 1, "hispanic_latinao": 1},
              "R": {"white": 0, "race_none": 9}, "X": {"white": 0, "race_none": 99}}
    people["M3"]["native_hi_pacific"] = 1
    for personal_id, races in people.items():
        warehouse.client(personal_id, dob=date(1980, 1, 1), **races)
        warehouse.enrollment(f"E-{personal_id}", personal_id, "ES", date(2025, 2, 1))

    cells = answer(warehouse, Q12, YEAR_START, YEAR_END)
    by_label = {label: members(cells, row, 1) for row, label in enumerate(Q12.rows, start=1)}

    assert by_label["White"] == ["W"]
    assert by_label["White & Hispanic/Latina/o"] == ["HW"]
    assert by_label["Multiracial \u2013 more than 2 races/ethnicity, with one being Hispanic/Latina/o"] == ["M3H"]
    assert by_label["Multiracial \u2013 more than 2 races, where no option is Hispanic/Latina/o"] == ["M3"]
    assert by_label["Client Doesn\u2019t Know/Prefers Not to Answer"] == ["R"]
    assert by_label["Data Not Collected"] == ["X"]
    assert by_label["Black, African American, or African & Asian or Asian American"] == ["AB"]
    assert by_label["Total"] == sorted(people)
    assert len(Q12.rows) == 33
