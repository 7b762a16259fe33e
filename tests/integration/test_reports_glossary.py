"""HUD's glossary rules (reports.glossary) on hand-built warehouse rows: who the universe counts, once, and
how each person is described."""
from datetime import date

from reports_support import universe, warehouse, warehouse_database  # noqa: F401

START, END = date(2025, 1, 1), date(2025, 12, 31)


def test_a_person_is_counted_once_on_their_latest_stay(warehouse):
    warehouse.project("PSH", project_type=3)
    warehouse.project("ES", project_type=0)
    warehouse.client("A", dob=date(1980, 5, 1))
    warehouse.enrollment("E1", "A", "ES", date(2024, 12, 1))
    warehouse.exit("E1", date(2025, 2, 1), destination=101)
    warehouse.enrollment("E2", "A", "PSH", date(2025, 3, 1))

    people = universe(warehouse, START, END)

    assert list(people) == ["A"]
    assert people["A"]["enrollment_id"] == "E2" and people["A"]["is_stayer"] and not people["A"]["is_leaver"]
    assert people["A"]["age"] == 44 and people["A"]["age_group"] == "adult"
