"""APR Q6a-Q6c, Q6e, Q6f (data quality) on hand-built records with known faults."""
from datetime import date, datetime

from reports.questions.apr.data_quality import Q6A, Q6B, Q6C, Q6D, Q6E, Q6F
from reports_support import (YEAR_END, YEAR_START, answer, community, members, value, warehouse,  # noqa: F401
                             warehouse_database)


def test_q6a_personally_identifying_information(warehouse):
    warehouse.project("ES", project_type=0)
    clients = {"G": {}, "N": {"name_data_quality": 9}, "M": {"name_missing": True},
               "S": {"ssn_data_quality": 1, "ssn_invalid": True}, "D": {"dob": None, "dob_data_quality": 8},
               "O": {"dob": date(1900, 1, 1)}, "R": {"white": 0, "race_none": 99}}
    for personal_id, values in clients.items():
        warehouse.client(personal_id, **{"dob": date(1980, 1, 1), **values})
        warehouse.enrollment(f"E-{personal_id}", personal_id, "ES", date(2025, 2, 1))

    cells = answer(warehouse, Q6A, YEAR_START, YEAR_END)

    assert members(cells, 1, 1) == ["N"] and members(cells, 1, 2) == ["M"] and members(cells, 1, 4) == ["M", "N"]
    assert members(cells, 2, 3) == ["S"]
    assert members(cells, 3, 1) == ["D"] and members(cells, 3, 3) == ["O"]
    assert members(cells, 4, 2) == ["R"]
    assert members(cells, 5, 4) == ["D", "M", "N", "O", "R", "S"] and value(cells, 5, 5) == round(6 / 7, 4)
    assert value(cells, 1, 5) == round(2 / 7, 4)
    assert {(4, 3), (5, 1), (5, 2), (5, 3)} <= Q6A.shaded


def test_q6b_universal_data_elements(warehouse):
    community(warehouse)  # H-TWO has two heads, H-KIDS none: all their members are issues
    warehouse.client("V", dob=date(1980, 1, 1), veteran_status=99)
    warehouse.enrollment("E-V1", "V", "ES", date(2025, 2, 1), disabling_condition=0, enrollment_coc="XX-500")
    warehouse.exit("E-V1", date(2025, 4, 1))
    warehouse.enrollment("E-V2", "V", "ES", date(2025, 3, 1), disabling_condition=0, enrollment_coc="bad")
    warehouse.disability("E-V2", date(2025, 3, 1), 6)  # developmental: disabling

    cells = answer(warehouse, Q6B, YEAR_START, YEAR_END)

    assert members(cells, 1, 2) == ["V"]
    assert members(cells, 2, 3) == ["V"]  # two overlapping stays in the same project
    assert members(cells, 3, 3) == ["A1", "A2", "C1", "C2", "K1"]
    assert members(cells, 4, 3) == ["V"] and value(cells, 4, 2) == 9  # the other heads have no CoC recorded
    assert members(cells, 5, 1) == ["A2"] and members(cells, 5, 3) == ["V"]
    assert value(cells, 5, 5) == round(2 / 13, 4)


def test_q6c_destinations_and_income(warehouse):
    warehouse.project("PSH", project_type=3)
    for personal_id in ("L", "M", "Y", "Z"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("E-L", "L", "PSH", date(2025, 2, 1))
    warehouse.income("E-L", date(2025, 2, 1), income_from_any_source=1)  # yes, but no source
    warehouse.exit("E-L", date(2025, 6, 1), destination=30)
    warehouse.enrollment("E-M", "M", "PSH", date(2025, 2, 1))
    warehouse.income("E-M", date(2025, 2, 1), income_from_any_source=0, earned=1, earned_amount=10)
    warehouse.enrollment("E-Y", "Y", "PSH", date(2025, 2, 1))
    warehouse.income("E-Y", date(2025, 2, 1), income_from_any_source=8)
    warehouse.enrollment("E-Z", "Z", "PSH", date(2025, 2, 1))
    warehouse.income("E-Z", date(2025, 2, 1), income_from_any_source=1, ssi=1, ssi_amount=700)

    cells = answer(warehouse, Q6C, YEAR_START, YEAR_END)

    assert members(cells, 1, 2) == ["L"] and value(cells, 1, 5) == 1
    assert members(cells, 2, 1) == ["Y"] and members(cells, 2, 3) == ["L", "M"] and value(cells, 2, 5) == 0.75
    assert members(cells, 4, 2) == ["L"]  # no income record at exit


def test_q6e_timeliness(warehouse):
    warehouse.project("ES", project_type=0)
    for personal_id, created in (("T", datetime(2025, 2, 1, 9)), ("W", datetime(2025, 2, 9)),
                                 ("E", datetime(2025, 1, 20))):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
        warehouse.enrollment(f"E-{personal_id}", personal_id, "ES", date(2025, 2, 1), date_created=created)
    warehouse.exit("E-T", date(2025, 3, 1), date_created=datetime(2025, 3, 20))

    cells = answer(warehouse, Q6E, YEAR_START, YEAR_END)

    assert members(cells, 1, 1) == ["E"] and members(cells, 2, 1) == ["T"] and members(cells, 5, 1) == ["W"]
    assert members(cells, 6, 2) == ["T"]


def test_q6f_inactive_records(warehouse):
    warehouse.project("SO", project_type=4)
    warehouse.project("NBN", project_type=1)
    for personal_id in ("A", "I", "B", "J"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("E-A", "A", "SO", date(2025, 1, 5), date_of_engagement=date(2025, 1, 5))
    warehouse.living_situation("E-A", date(2025, 11, 1), 116)
    warehouse.enrollment("E-I", "I", "SO", date(2025, 1, 5), date_of_engagement=date(2025, 1, 5))
    warehouse.living_situation("E-I", date(2025, 2, 1), 116)
    warehouse.enrollment("E-B", "B", "NBN", date(2025, 1, 5))
    warehouse.bed_night("E-B", date(2025, 12, 1))
    warehouse.enrollment("E-J", "J", "NBN", date(2025, 1, 5))
    warehouse.bed_night("E-J", date(2025, 3, 1))

    cells = answer(warehouse, Q6F, YEAR_START, YEAR_END)

    assert members(cells, 1, 1) == ["A", "I"] and members(cells, 1, 2) == ["I"] and value(cells, 1, 3) == 0.5
    assert members(cells, 2, 1) == ["B", "J"] and members(cells, 2, 2) == ["J"] and value(cells, 2, 3) == 0.5


def test_q6d_chronic_homelessness(warehouse):
    """E: shelter, times homeless missing. T: TH from an institution, its length unknown. P: PSH from the
    street, everything answered. H: PSH after a short stay with family (homeless before), no date."""
    warehouse.project("ES", project_type=0)
    warehouse.project("TH", project_type=2)
    warehouse.project("PSH", project_type=3)
    for personal_id in ("E", "T", "P", "H"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("E-E", "E", "ES", date(2025, 2, 1), date_to_street_essh=date(2025, 1, 1),
                         months_homeless_past_three_years=101)
    warehouse.enrollment("E-T", "T", "TH", date(2025, 2, 1), living_situation=204, length_of_stay=99)
    warehouse.enrollment("E-P", "P", "PSH", date(2025, 2, 1), living_situation=116, length_of_stay=4,
                         date_to_street_essh=date(2024, 1, 1), times_homeless_past_three_years=1,
                         months_homeless_past_three_years=105)
    warehouse.enrollment("E-H", "H", "PSH", date(2025, 2, 1), living_situation=335, length_of_stay=10,
                         previous_street_essh=1, times_homeless_past_three_years=2,
                         months_homeless_past_three_years=103)

    cells = answer(warehouse, Q6D, YEAR_START, YEAR_END)

    assert members(cells, 1, 5) == ["E"] and value(cells, 1, 4) == 0 and value(cells, 1, 7) == 1
    assert members(cells, 2, 2) == ["T"] and value(cells, 2, 4) == 0  # not asked when not homeless before
    assert members(cells, 3, 1) == ["H", "P"] and members(cells, 3, 4) == ["H"] and value(cells, 3, 7) == 0.5
    assert value(cells, 6, 1) == 4 and value(cells, 6, 7) == 0.75
