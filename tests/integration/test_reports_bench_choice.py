"""The HUD reporting benchmark's largest project (bench/reports_bench.py) is found in the warehouse's data: the
project of the HMIS's own sources with the most enrollments not deleted, the lowest ProjectID of several."""
from datetime import date

import pytest

from bench_support import bench_module
from reports_support import warehouse, warehouse_database  # noqa: F401

largest_project = bench_module("reports_bench").largest_project

pytestmark = pytest.mark.integration


@pytest.fixture
def sources(warehouse):
    """Source 1 the HMIS's own, source 2 an export loaded beside it; none afterwards, as the other tests expect."""
    with warehouse.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM warehouse_sources")
        connection.exec_driver_sql("INSERT INTO warehouse_sources (id, kind, clients_source, label) OVERRIDING "
                                   "SYSTEM VALUE VALUES (1, 'hmis', 1, 'HMIS'), (2, 'export', NULL, 'an export')")
    yield
    with warehouse.engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM warehouse_sources")


def test_the_largest_project_has_the_most_enrollments_of_the_hmis_sources(warehouse, sources):
    enrollments = {"P1": 3, "P2": 4, "P3": 3}
    for project, count in enrollments.items():
        warehouse.project(project)
        for number in range(count):
            warehouse.client(f"{project}-C{number}")
            warehouse.enrollment(f"{project}-E{number}", f"{project}-C{number}", project, date(2025, 1, 1),
                                 date_deleted=date(2025, 2, 1) if project == "P2" and number < 2 else None)
    for number in range(5):  # an export loaded beside the HMIS's records: not the CoC's own
        warehouse.insert("Enrollment", enrollment_id=f"X-E{number}", personal_id="X-C", project_id="P9",
                         entry_date=date(2025, 1, 1), household_id=f"X-H{number}", relationship_to_hoh=1, source=2)
    with warehouse.engine.connect() as connection:
        assert largest_project(connection) == {"project_id": "P1", "enrollments": 3}
        connection.exec_driver_sql("DELETE FROM hud_enrollment WHERE source = 1")
        assert largest_project(connection) is None
