"""HUD's glossary rules (reports.glossary) on hand-built warehouse rows: who the universe counts, once, and
how each person is described."""
from datetime import date

import pytest

from reports import glossary
from reports_support import (YEAR_END, YEAR_START, community, universe, warehouse,  # noqa: F401
                             warehouse_database)


@pytest.fixture
def people(warehouse):
    community(warehouse)
    return universe(warehouse, YEAR_START, YEAR_END)


def test_a_person_is_counted_once_on_their_latest_stay(warehouse):
    warehouse.project("PSH", project_type=3)
    warehouse.project("ES", project_type=0)
    warehouse.client("A", dob=date(1980, 5, 1))
    warehouse.enrollment("E1", "A", "ES", date(2024, 12, 1))
    warehouse.exit("E1", date(2025, 2, 1), destination=101)
    warehouse.enrollment("E2", "A", "PSH", date(2025, 3, 1))

    people = universe(warehouse, YEAR_START, YEAR_END)

    assert list(people) == ["A"]
    assert people["A"]["enrollment_id"] == "E2" and people["A"]["is_stayer"] and not people["A"]["is_leaver"]
    assert people["A"]["age"] == 44 and people["A"]["age_group"] == "adult"


def test_only_stays_active_in_the_period_count(people):
    assert "O1" not in people
    assert len(people) == 12
    assert sorted(p["member_no"] for p in people.values()) == list(range(1, 13))


def test_age_is_taken_at_the_later_of_the_report_start_and_entry(people):
    assert people["S1"]["age"] == 64  # entered 2023: at the report's start
    assert people["A1"]["age"] == 54  # entered 2025-02-01
    assert people["U1"]["age"] is None and people["U1"]["age_group"] == "unknown"
    assert people["C1"]["age_group"] == "child"


def test_a_household_with_two_heads_has_one_the_earliest_entered_then_oldest(people):
    assert people["A1"]["is_head"] and not people["A2"]["is_head"] and not people["K1"]["is_head"]


def test_a_household_without_a_head_gets_one(people):
    heads = [p for p in ("C1", "C2") if people[p]["is_head"]]
    assert heads == ["C1"]  # the same entry date: the older


def test_household_types_from_the_ages_of_the_members(people):
    assert people["K1"]["household_type"] == people["A1"]["household_type"] == "with_children_and_adults"
    assert people["C1"]["household_type"] == "with_only_children"
    assert people["S1"]["household_type"] == "without_children"
    assert people["U1"]["household_type"] == "unknown"


def test_leavers_stayers_and_destination_classes(people):
    assert [people[f"L{n}"]["destination_class"] for n in range(1, 6)] == \
        ["homeless", "institutional", "temporary", "permanent", "other"]
    assert all(people[f"L{n}"]["is_leaver"] and not people[f"L{n}"]["is_stayer"] for n in range(1, 6))
    assert people["C2"]["destination_class"] == "temporary"
    assert people["S1"]["is_stayer"] and people["S1"]["destination"] is None and people["S1"]["exit_date"] is None


def test_a_later_exit_is_unseen_the_client_is_a_stayer(warehouse):
    warehouse.project("ES", project_type=0)
    warehouse.client("A", dob=date(1980, 5, 1))
    warehouse.enrollment("E1", "A", "ES", date(2025, 3, 1))
    warehouse.exit("E1", date(2026, 1, 5), destination=410)

    person = universe(warehouse, YEAR_START, YEAR_END)["A"]

    assert person["is_stayer"] and person["exit_date"] is None and person["destination"] is None


def test_a_move_in_date_before_entry_is_ignored(people):
    assert people["A1"]["move_in_date"] is None and people["K1"]["move_in_date"] is None
    assert people["S1"]["move_in_date"] == date(2023, 4, 1)
    assert people["L1"]["move_in_date"] == date(2025, 4, 1)


def test_members_take_the_heads_move_in_date_or_their_own_later_entry(warehouse):
    warehouse.project("RRH", project_type=13)
    for personal_id in ("H", "M", "J"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("E-H", "H", "RRH", date(2025, 2, 1), household_id="X", move_in_date=date(2025, 3, 1))
    warehouse.enrollment("E-M", "M", "RRH", date(2025, 2, 1), household_id="X", relationship_to_hoh=3)
    warehouse.enrollment("E-J", "J", "RRH", date(2025, 5, 1), household_id="X", relationship_to_hoh=4)

    people = universe(warehouse, YEAR_START, YEAR_END)

    assert people["M"]["move_in_date"] == date(2025, 3, 1)
    assert people["J"]["move_in_date"] == date(2025, 5, 1)


def test_veterans_are_adults(people, warehouse):
    assert people["A1"]["veteran"] and not people["A2"]["veteran"]


def test_chronic_homelessness_at_entry_and_the_household(people):
    assert people["A1"]["chronic_status"] == "yes"
    assert people["A2"]["chronic_status"] == "yes"  # entered with a chronically homeless head
    assert people["K1"]["chronic"] is True
    assert people["S1"]["chronic_status"] == "no"  # no disabling condition


def test_annual_assessment_due_for_a_stayer_of_365_days(people):
    assert people["S1"]["annual_assessment_due"] and people["S1"]["head_anniversary"] == date(2025, 3, 10)
    assert not people["A1"]["annual_assessment_due"] and not people["L1"]["annual_assessment_due"]


def test_youth_households_and_parenting_youth(warehouse):
    warehouse.project("TH", project_type=2)
    warehouse.client("Y", dob=date(2003, 1, 1))
    warehouse.client("B", dob=date(2024, 1, 1))
    warehouse.enrollment("E-Y", "Y", "TH", date(2025, 2, 1), household_id="YH")
    warehouse.enrollment("E-B", "B", "TH", date(2025, 2, 1), household_id="YH", relationship_to_hoh=2)

    people = universe(warehouse, YEAR_START, YEAR_END)

    assert people["Y"]["youth_household"] and people["Y"]["parenting_youth"] and people["Y"]["youth"]
    assert not people["B"]["parenting_youth"]


def test_night_by_night_stays_count_only_with_a_bed_night_in_the_period(warehouse):
    warehouse.project("NBN", project_type=1)
    warehouse.client("N", dob=date(1980, 1, 1))
    warehouse.client("Q", dob=date(1980, 1, 1))
    warehouse.enrollment("E-N", "N", "NBN", date(2024, 1, 1))
    warehouse.bed_night("E-N", date(2025, 3, 3))
    warehouse.enrollment("E-Q", "Q", "NBN", date(2024, 1, 1))
    warehouse.bed_night("E-Q", date(2024, 3, 3))

    assert list(universe(warehouse, YEAR_START, YEAR_END)) == ["N"]


def test_projects_and_cocs_select(warehouse):
    warehouse.project("P1", project_type=3, coc_code="XX-500")
    warehouse.project("P2", project_type=3, coc_code="XX-501")
    for personal_id, project_id in (("A", "P1"), ("B", "P2")):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
        warehouse.enrollment(f"E-{personal_id}", personal_id, project_id, date(2025, 2, 1))

    assert list(universe(warehouse, YEAR_START, YEAR_END, project_ids=["P2"])) == ["B"]
    assert list(universe(warehouse, YEAR_START, YEAR_END, coc_codes=["XX-500"])) == ["A"]
    assert sorted(universe(warehouse, YEAR_START, YEAR_END, project_ids=[])) == ["A", "B"]


ENTRY = date(2025, 6, 1)
# (project type, disabling condition, living situation, LOS under threshold, previous street/ES/SH,
#  date to street, times homeless, months homeless) -> HUD's answer
CHRONIC_CASES = [
    ((0, 1, None, None, None, date(2024, 5, 1), None, None), "yes"),  # ES: a year on the street
    ((0, 1, None, None, None, date(2024, 12, 1), 4, 112), "yes"),  # four times, 12 months
    ((0, 1, None, None, None, date(2024, 12, 1), 4, 111), "no"),
    ((0, 1, None, None, None, date(2024, 12, 1), 3, 113), "no"),
    ((0, 1, None, None, None, None, 8, None), "dk_refused"),
    ((0, 1, None, None, None, None, 4, 99), "missing"),
    ((0, 0, None, None, None, date(2020, 1, 1), None, None), "no"),  # no disabling condition
    ((0, 9, None, None, None, date(2020, 1, 1), None, None), "dk_refused"),
    ((0, None, None, None, None, date(2020, 1, 1), None, None), "missing"),
    ((3, 1, 116, None, None, date(2024, 1, 1), None, None), "yes"),  # PSH from the street
    ((3, 1, 204, 1, 1, date(2024, 1, 1), None, None), "yes"),  # a short institutional stay
    ((3, 1, 204, 0, 1, date(2024, 1, 1), None, None), "no"),  # a long one
    ((3, 1, 410, 1, 0, date(2024, 1, 1), None, None), "no"),  # not on the street before
    ((3, 1, 410, 1, None, date(2024, 1, 1), None, None), "missing"),
    ((3, 1, 8, None, None, date(2024, 1, 1), None, None), "dk_refused"),
    ((3, 1, 99, None, None, date(2024, 1, 1), None, None), "missing"),
]


@pytest.mark.parametrize(("answers", "expected"), CHRONIC_CASES)
def test_chronically_homeless_at_entry_by_hud_3_917(warehouse_database, answers, expected):
    engine, _ = warehouse_database
    columns = ("project_type", "disabling_condition", "living_situation", "los_under_threshold",
               "previous_street_essh", "date_to_street_essh", "times_homeless_past_three_years",
               "months_homeless_past_three_years")
    with engine.connect() as connection:
        found = connection.exec_driver_sql(
            f"SELECT {glossary.chronic_at_entry('s')} FROM (SELECT %(entry)s::date AS entry_date, "
            + ", ".join(f"%({name})s::{'date' if name == 'date_to_street_essh' else 'int'} AS {name}"
                        for name in columns) + ") s",
            {"entry": ENTRY, **dict(zip(columns, answers))}).scalar()
    assert found == expected


def test_every_fy2026_destination_has_a_class():
    from hud.fy2026.spec import LISTS
    assert all(code < 100 or code // 100 in glossary.CLASS_BY_HUNDREDS for code in LISTS["Destination"])
