"""APR Q9a (persons contacted) and Q9b (persons engaged) on hand-built street outreach stays."""
from datetime import date

from reports.questions.apr.contacts import Q9A, Q9B
from reports_support import YEAR_END, YEAR_START, answer, members, value, warehouse, warehouse_database  # noqa: F401


def test_contacts_engagements_and_the_rate(warehouse):
    """P: three contacts (the first on the street, one before the report's start), engaged on the third.
    Q: one contact in a friend's home, never engaged. W: engaged with no contact recorded that day.
    V: contacts after the engagement date are not counted."""
    warehouse.project("SO", project_type=4)
    for personal_id in ("P", "Q", "W", "V"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("E-P", "P", "SO", date(2024, 12, 1), date_of_engagement=date(2025, 2, 1))
    for day, situation in ((date(2024, 12, 1), 116), (date(2025, 1, 5), 116), (date(2025, 2, 1), 101)):
        warehouse.living_situation("E-P", day, situation)
    warehouse.enrollment("E-Q", "Q", "SO", date(2025, 3, 1))
    warehouse.living_situation("E-Q", date(2025, 3, 1), 336)
    warehouse.enrollment("E-W", "W", "SO", date(2025, 3, 1), date_of_engagement=date(2025, 3, 2))
    warehouse.enrollment("E-V", "V", "SO", date(2025, 3, 1), date_of_engagement=date(2025, 3, 1))
    for day in (date(2025, 3, 1), date(2025, 4, 1), date(2025, 5, 1)):
        warehouse.living_situation("E-V", day, 116)

    contacted = answer(warehouse, Q9A, YEAR_START, YEAR_END)
    engaged = answer(warehouse, Q9B, YEAR_START, YEAR_END)

    assert members(contacted, 1, 1) == ["Q", "V", "W"] and members(contacted, 2, 1) == ["P"]
    assert members(contacted, 5, 2) == ["Q"] and members(contacted, 5, 3) == ["P", "V"]
    assert members(contacted, 5, 4) == ["W"]
    assert members(engaged, 5, 1) == ["P", "V", "W"] and value(engaged, 6, 1) == 0.75
    assert value(engaged, 6, 2) == 0 and value(engaged, 6, 3) == 1
    assert engaged[6, 1][1] == []


def test_only_outreach_and_night_by_night_adults_and_heads(warehouse):
    warehouse.project("ES", project_type=0)
    warehouse.client("E", dob=date(1980, 1, 1))
    warehouse.enrollment("E-E", "E", "ES", date(2025, 3, 1), date_of_engagement=date(2025, 3, 1))

    assert answer(warehouse, Q9A, YEAR_START, YEAR_END) == {}
