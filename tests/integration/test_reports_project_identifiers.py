"""Q4a (project identifiers) on hand-built projects, through the engine: a row per project of the run, its label the
organization's name, its identifiers stored as text and written as such in the Sage CSV, the workbook and the
API's answer (results.shells, as results.question), its active clients and households as counts with their
members."""
import csv
import io
import zipfile
from datetime import date

from openpyxl import load_workbook

from reports.engine import outputs
from reports.questions.project_identifiers import COLUMNS, HMIS_SOFTWARE, Q4A
from reports_support import YEAR_END, YEAR_START, computed, warehouse, warehouse_database  # noqa: F401


def projects(warehouse) -> None:
    warehouse.insert("Organization", organization_id="O1", organization_name="Harbor House",
                     victim_service_provider=0)
    warehouse.insert("Organization", organization_id="O2", organization_name="Bay Shelter", victim_service_provider=1)
    warehouse.project("ES1", project_type=0, organization_id="O2", project_name="Bay Night Shelter")
    for coc, geocode in (("CA-602", "069999"), ("CA-601", "061234")):
        warehouse.insert("ProjectCoC", project_coc_id=f"ES1-{coc}", project_id="ES1", coc_code=coc, geocode=geocode)
    warehouse.insert("CEParticipation", ce_participation_id="CE1", project_id="ES1", access_point=1,
                     receives_referrals=0, ce_participation_status_start_date=date(2024, 1, 1))
    warehouse.project("SSO", project_type=6, residential_affiliation=1, project_name="Street Services")
    for residential in ("PSH", "ES1"):
        warehouse.insert("Affiliation", affiliation_id=f"A-{residential}", project_id="SSO",
                         res_project_id=residential)
    warehouse.project("RRH", project_type=13, rrh_sub_type=2, project_name="Rapid Homes")
    warehouse.client("M", date(1980, 1, 1))
    warehouse.client("K", date(2015, 1, 1))
    warehouse.client("R", date(1990, 1, 1))
    warehouse.enrollment("E-M", "M", "ES1", date(2025, 3, 1), household_id="H1")
    warehouse.enrollment("E-K", "K", "ES1", date(2025, 3, 1), household_id="H1", relationship_to_hoh=2)
    warehouse.enrollment("E-R", "R", "RRH", date(2025, 4, 1))


def test_a_row_per_project_with_its_identifiers_as_text(warehouse):
    projects(warehouse)
    answered = computed(warehouse, (Q4A,), YEAR_START, YEAR_END)["Q4a"]

    lines = list(csv.reader(io.StringIO(zipfile.ZipFile(io.BytesIO(outputs.sage_zip([answered]))).read("Q4a.csv")
                                        .decode())))
    period = (YEAR_START.isoformat(), YEAR_END.isoformat())
    assert lines == [list(COLUMNS),
                     ["Bay Shelter", "O2", "Bay Night Shelter", "ES1", "0", "", "1", "0", "", "CA-601, CA-602",
                      "061234, 069999", "1", HMIS_SOFTWARE, *period, "2", "1"],
                     ["Harbor House", "O1", "Rapid Homes", "RRH", "13", "2", "0", "0", "", "", "", "0",
                      HMIS_SOFTWARE, *period, "1", "1"],
                     ["Harbor House", "O1", "Street Services", "SSO", "6", "", "0", "1", "ES1, PSH", "", "", "0",
                      HMIS_SOFTWARE, *period, "0", "0"]]
    assert answered["rows"] == ["Bay Shelter", "Harbor House", "Harbor House"]
    cells = {(cell["row"], cell["column"]): cell for cell in answered["cells"]}
    assert cells[1, 3] == {"row": 1, "column": 3, "value": None, "text": "ES1", "shaded": False, "members": None}
    assert (cells[1, 15]["value"], cells[1, 15]["text"], cells[1, 15]["members"]) == (2, None, 2)
    assert (cells[3, 16]["value"], cells[3, 16]["members"]) == (0, 0)
    sheet = load_workbook(io.BytesIO(outputs.workbook([answered])))["Q4a"]
    assert [cell.value for cell in sheet[3]][:5] == ["Bay Shelter", "O2", "Bay Night Shelter", "ES1", "0"]


def test_a_run_of_no_project_has_no_rows(warehouse):
    answered = computed(warehouse, (Q4A,), YEAR_START, YEAR_END)["Q4a"]
    assert answered["rows"] == [] and answered["cells"] == []
    assert zipfile.ZipFile(io.BytesIO(outputs.sage_zip([answered]))).read("Q4a.csv").decode().count("\r\n") == 1
