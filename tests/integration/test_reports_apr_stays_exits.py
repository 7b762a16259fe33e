"""APR Q22-Q24 (reports.questions.apr.q22_q24) on hand-built warehouse rows: lengths of participation,
time to move-in and before housing, a leaver to each destination class, moving-on assistance and sex,
with the sums HUD requires between the tables."""
from datetime import date

from reports_support import answer, members, value, warehouse, warehouse_database  # noqa: F401

from reports.questions.apr.q22_q24 import (Q22A1, Q22B, Q22C, Q22E, Q22F, Q22G, Q23C, Q23D, Q23E, Q24B,
                                           Q24E)

START, END = date(2025, 1, 1), date(2025, 12, 31)
TOTAL, WITHOUT_CHILDREN = 1, 2
WHITE = 7  # Q22f's race column of a client who is White alone (the builders' default)


def _stays(warehouse):
    """Eight single adults: A PSH leaver housed after 4 days to a rental; B PSH stayer since 2024 never
    housed; C ES leaver to a shelter; D outreach leaver to foster care (positive from outreach); E ES leaver
    to a hospital (excluded); F RRH leaver without move-in to a VASH rental; G ES leaver to family,
    temporarily; H ES leaver with no exit interview."""
    for project, kind in (("PSH", 3), ("RRH", 13), ("ES", 0), ("SO", 4)):
        warehouse.project(project, project_type=kind)
    for person in "ABCDEFGH":
        warehouse.client(person, dob=date(1980, 1, 1), sex=1 if person == "B" else 0)
    stays = {
        "A": ("PSH", date(2025, 1, 1), date(2025, 3, 1), 410),
        "B": ("PSH", date(2024, 1, 1), None, None),
        "C": ("ES", date(2025, 5, 1), date(2025, 5, 3), 101),
        "D": ("SO", date(2025, 2, 1), date(2025, 2, 11), 215),
        "E": ("ES", date(2025, 6, 1), date(2025, 6, 10), 206),
        "F": ("RRH", date(2025, 3, 1), date(2025, 4, 1), 435),
        "G": ("ES", date(2025, 7, 1), date(2025, 7, 31), 312),
        "H": ("ES", date(2025, 8, 1), date(2025, 8, 2), 30),
    }
    extra = {"A": {"move_in_date": date(2025, 1, 5), "date_to_street_essh": date(2024, 12, 1)},
             "G": {"date_to_street_essh": date(2025, 6, 20)}}
    for person, (project, entry, exit_date, destination) in stays.items():
        warehouse.enrollment(f"E{person}", person, project, entry, **extra.get(person, {}))
        if exit_date:
            subsidy = {"destination_subsidy_type": 419} if destination == 435 else {}
            warehouse.exit(f"E{person}", exit_date, destination=destination, **subsidy)
    warehouse.insert("Services", services_id="S1", enrollment_id="EA", personal_id="A", date_provided=date(2025, 2, 1),
                     record_type=300, type_provided=4)


def test_q22a1_lengths_of_participation_add_up_to_persons_served(warehouse):
    _stays(warehouse)
    cells = answer(warehouse, Q22A1, START, END)
    assert members(cells, 1, 2) == ["C", "D", "E", "G", "H"]          # 30 days or less
    assert members(cells, 2, 2) == ["A", "F"]                         # 59 and 31 days
    assert members(cells, 7, 3) == ["B"]                              # 731 days, a stayer
    assert value(cells, 11, 1) == 8 and value(cells, 11, 2) == 7 and value(cells, 11, 3) == 1
    assert sum(value(cells, row, 1) for row in range(1, 11)) == value(cells, 11, 1)


def test_q22b_average_and_median(warehouse):
    _stays(warehouse)
    cells = answer(warehouse, Q22B, START, END)
    assert value(cells, 1, 1) == round(142 / 7, 2) and value(cells, 2, 1) == 10
    assert value(cells, 1, 2) == 731 and value(cells, 2, 2) == 731


def test_q22c_start_to_move_in(warehouse):
    _stays(warehouse)
    cells = answer(warehouse, Q22C, START, END)
    assert members(cells, 1, TOTAL) == ["A"] and members(cells, 10, TOTAL) == ["A"]
    assert value(cells, 11, TOTAL) == 4
    assert members(cells, 12, TOTAL) == ["F"] and value(cells, 13, TOTAL) == 2


def test_q22e_time_before_housing(warehouse):
    _stays(warehouse)
    cells = answer(warehouse, Q22E, START, END)
    assert members(cells, 5, TOTAL) == ["A"] and members(cells, 2, TOTAL) == ["G"]
    assert members(cells, 11, TOTAL) == ["A", "G"]
    assert members(cells, 12, TOTAL) == ["B", "F"]
    assert members(cells, 13, TOTAL) == ["C", "E", "H"]
    assert value(cells, 14, TOTAL) == 7                               # not the outreach leaver


def test_q22f_q22g_by_race(warehouse):
    _stays(warehouse)
    f = answer(warehouse, Q22F, START, END)
    assert members(f, 1, WHITE) == ["A"] and members(f, 2, WHITE) == ["F"]
    assert value(f, 3, WHITE) == 4 and value(f, 4, WHITE) == 4
    g = answer(warehouse, Q22G, START, END)
    assert members(g, 1, WHITE) == ["A", "G"] and value(g, 3, WHITE) == round((35 + 11) / 2)
    assert value(g, 4, WHITE) == 23


def test_q23c_a_leaver_to_each_destination_class_and_the_total_is_the_leavers(warehouse):
    _stays(warehouse)
    cells = answer(warehouse, Q23C, START, END)
    assert members(cells, 3, TOTAL) == ["C"] and members(cells, 5, TOTAL) == ["C"]
    assert members(cells, 7, TOTAL) == ["D"] and members(cells, 8, TOTAL) == ["E"]
    assert members(cells, 13, TOTAL) == ["D", "E"]
    assert members(cells, 19, TOTAL) == ["G"] and members(cells, 22, TOTAL) == ["G"]
    assert members(cells, 27, TOTAL) == ["A"] and members(cells, 28, TOTAL) == ["F"]
    assert members(cells, 31, TOTAL) == ["A", "F"]
    assert members(cells, 33, TOTAL) == ["H"] and members(cells, 38, TOTAL) == ["H"]
    subtotals = sum(value(cells, row, TOTAL) for row in (5, 13, 22, 31, 38))
    assert subtotals == value(cells, 39, TOTAL) == 7
    assert value(answer(warehouse, Q22A1, START, END), 11, 2) == value(cells, 39, TOTAL)
    assert members(cells, 40, TOTAL) == ["A", "D", "F"] and members(cells, 41, TOTAL) == ["E"]
    assert value(cells, 42, TOTAL) == 0.5 and value(cells, 42, WITHOUT_CHILDREN) == 0.5


def test_q23d_subsidy_type_and_q23e_classes_by_race(warehouse):
    _stays(warehouse)
    d = answer(warehouse, Q23D, START, END)
    assert members(d, 2, TOTAL) == ["F"] and value(d, 12, TOTAL) == 1
    e = answer(warehouse, Q23E, START, END)
    assert [value(e, row, 1) for row in range(1, 7)] == [1, 2, 1, 2, 1, 7]
    assert value(e, 6, 1 + WHITE) == 7


def test_q24b_moving_on_assistance_and_q24e_sex(warehouse):
    _stays(warehouse)
    b = answer(warehouse, Q24B, START, END)
    assert members(b, 4, TOTAL) == ["A"] and value(b, 1, TOTAL) == 0
    e = answer(warehouse, Q24E, START, END)
    assert value(e, 1, TOTAL) == 7 and members(e, 2, TOTAL) == ["B"] and value(e, 5, TOTAL) == 8
