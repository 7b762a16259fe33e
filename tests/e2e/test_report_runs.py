"""HUD report runs through the gateway: queued (202) with parameters checked (422 naming the field), read back as
questions, cells, the Sage zip and the workbook, and the people behind a cell under the drill-down policy: the HMIS
lead sees everyone, an agency's report viewer or administrator the people in its own projects, a case manager
counts only; every page of members is audited, client by client.

A finished run is made here by the engine itself with the tests' own small report (tests/report_engine_support.py),
on the platform's reports database, held out of the service's job runner: HUD's reports are the question writers'."""
import csv
import io
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from hmis_kit import jobs
from hmis_kit.db import make_engine
from e2e.test_consent_records import consent_body
from hmis_platform.onboarding import expect
from reports import catalogue
from reports.engine import runs
from reports.engine.runs import Report
from report_engine_support import (CLIENTS_SOURCE, PERSONS, NOTHING, add_warehouse_sources, build_universe,
                                   parameters, queue_run)

pytestmark = pytest.mark.e2e
API = "/api/v1"
PERIOD = {"start": "2025-10-01", "end": "2026-09-30"}
PROJECT = {"project_name": "Harbor Shelter", "operating_start_date": "2025-01-01", "continuum_project": 1,
           "project_type": 1}


@pytest.fixture(scope="module")
def reports_engine(settings):
    engine = make_engine(settings.database_url("reports"))
    with engine.begin() as connection:
        add_warehouse_sources(connection)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def agency_a_project(call, lead, network) -> str:
    """A project agency A runs (its organization linked to A by the HMIS lead)."""
    organization = expect(call, "POST", f"{API}/organizations", headers=lead.headers,
                          json={"organization_name": "Report House", "victim_service_provider": 0})["organization_id"]
    expect(call, "PUT", f"{API}/organizations/{organization}/agency", headers=lead.headers,
           json={"agency_id": network.a_admin.agency_id})
    return expect(call, "POST", f"{API}/organizations/{organization}/projects", headers=network.a_admin.headers,
                  json=PROJECT)["project_id"]


@pytest.fixture(scope="module")
def a_client(call, network, settings) -> dict:
    """A client of agency A (its HUD PersonalID read from the clients database, as the warehouse would have it)."""
    made = expect(call, "POST", f"{API}/clients", headers=network.a_worker.headers,
                  json={"first_name": "Report", "last_name": "Person", "dob": "1981-02-03"})
    engine = make_engine(settings.database_url("clients"))
    try:
        with engine.connect() as connection:
            personal_id, source = connection.execute(sa.text("SELECT personal_id, source FROM clients WHERE id = :id"),
                                                     {"id": made["id"]}).one()
    finally:
        engine.dispose()
    assert source == CLIENTS_SOURCE
    return {"id": made["id"], "personal_id": personal_id}


@pytest.fixture(scope="module")
def finished_run(reports_engine, agency_a_project, a_client) -> str:
    """A run of the tests' report whose members 1-3 are in agency A's project, member 1 being agency A's client."""
    def universe(connection, params):
        build_universe(connection, params, projects={"PA": agency_a_project}, people={"P1": a_client["personal_id"]})

    run_id = queue_run(reports_engine, parameters(), held=True)
    jobs.run(reports_engine, run_id, lambda job: runs.compute(job, Report("engine-test", (PERSONS, NOTHING), universe)))
    return str(run_id)


def test_a_run_is_queued_with_its_parameters(client, network, monkeypatch):
    # the catalogue of the service (in this process) holds a report of the tests' own under a HUD report's name
    monkeypatch.setitem(catalogue.REPORTS, "data-quality", [PERSONS])
    monkeypatch.setitem(catalogue.UNIVERSES, "data-quality", build_universe)
    response = client.post(f"{API}/report-runs", headers=network.a_reporter.headers,
                           json={"report": "data-quality", **PERIOD, "coc_codes": ["CA-601"]})
    assert response.status_code == 202, response.get_json()
    queued = response.get_json()
    assert queued["parameters"] == {"report": "data-quality", **PERIOD, "coc_codes": ["CA-601"], "project_ids": [],
                                    "sources": []}
    assert queued["status"] in (jobs.QUEUED, jobs.RUNNING) and queued["questions_done"] == 0
    followed = client.get(f"{API}/report-runs/{queued['id']}", headers=network.a_reporter.headers).get_json()
    assert (followed["id"], followed["parameters"]) == (queued["id"], queued["parameters"])


@pytest.mark.parametrize("body, field", [
    ({"report": "lsa", **PERIOD}, "report"),
    ({"report": "apr", "start": "2026-10-01", "end": "2026-09-30"}, "end"),
    ({"report": "apr", "start": "2026-13-01", "end": "2026-09-30"}, "start"),
    ({"report": "apr", "start": "2020-01-01", "end": "2026-09-30"}, "end"),
    ({"report": "apr", **PERIOD, "coc_codes": ["CA601"]}, "coc_codes"),
    ({"report": "apr", **PERIOD, "sources": ["one"]}, "sources"),
    ({"report": "apr", **PERIOD, "colour": "blue"}, "colour"),
    ({"start": PERIOD["start"], "end": PERIOD["end"]}, "report"),
])
def test_bad_parameters_are_refused_naming_the_field(client, network, body, field):
    response = client.post(f"{API}/report-runs", headers=network.a_reporter.headers, json=body)
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["fields"]


def test_a_finished_run_answers_its_questions_cells_and_files(client, network, finished_run):
    headers, base = network.a_reporter.headers, f"{API}/report-runs/{finished_run}"
    run = client.get(base, headers=headers).get_json()
    assert run["status"] == jobs.SUCCEEDED and run["summary"]["universe"] == 5 and run["progress"] == 1.0
    assert client.get(f"{base}/questions", headers=headers).get_json() == [
        {"id": "Q1", "title": "Persons served"}, {"id": "Q2", "title": "Nobody"}]
    question = client.get(f"{base}/questions/Q1", headers=headers).get_json()
    cells = {(cell["row"], cell["column"]): cell for cell in question["cells"]}
    assert (cells[4, 1]["value"], cells[4, 1]["members"]) == ("5", 5)
    assert cells[4, 2] == {"row": 4, "column": 2, "value": None, "text": None, "shaded": True, "members": None}
    sage = client.get(f"{base}/zip", headers=headers)
    assert sage.status_code == 200 and sage.mimetype == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(sage.data))
    assert sorted(archive.namelist()) == ["Q1.csv", "Q2.csv"]
    assert list(csv.reader(io.StringIO(archive.read("Q1.csv").decode())))[4] == ["Total", "5", ""]
    book = client.get(f"{base}/xlsx", headers=headers)
    assert book.status_code == 200
    assert load_workbook(io.BytesIO(book.data)).sheetnames == ["Q1", "Q2"]
    # counts are for any reader of reports: a case manager is not
    assert client.get(f"{base}/questions/Q1", headers=network.a_worker.headers).status_code == 403


def test_unknown_or_unfinished_runs_and_questions_are_4xx(client, network, finished_run, reports_engine):
    headers = network.a_reporter.headers
    assert client.get(f"{API}/report-runs/{finished_run}/questions/Q9", headers=headers).status_code == 404
    assert client.get(f"{API}/report-runs/00000000-0000-4000-8000-000000000000", headers=headers).status_code == 404
    assert client.get(f"{API}/report-runs/not-a-run", headers=headers).status_code in (404, 422)
    waiting = queue_run(reports_engine, parameters(), held=True)
    unfinished = client.get(f"{API}/report-runs/{waiting}/zip", headers=headers)
    assert unfinished.status_code == 409 and unfinished.get_json()["fields"] == {
        "run_id": ["the run is queued; results come once it has succeeded"]}
    cancelled = client.post(f"{API}/report-runs/{waiting}/cancel", headers=headers)
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == jobs.CANCELLED
    assert client.post(f"{API}/report-runs/{waiting}/cancel", headers=headers).status_code == 409
    members = f"{API}/report-runs/{finished_run}/questions/Q1/cells/x/1/members"
    refused = client.get(members, headers=network.admin.headers)
    assert refused.status_code == 422 and "row" in refused.get_json()["fields"]
    paged = client.get(f"{API}/report-runs/{finished_run}/questions/Q1/cells/4/1/members?per_page=0",
                       headers=network.admin.headers)
    assert paged.status_code == 422 and "per_page" in paged.get_json()["fields"]


def member_numbers(client, person, run_id, row=4, column=1, **query):
    response = client.get(f"{API}/report-runs/{run_id}/questions/Q1/cells/{row}/{column}/members",
                          headers=person.headers, query_string=query)
    return response.status_code, response.get_json()


def test_the_lead_sees_every_member_an_agency_its_own_and_a_case_manager_none(client, network, finished_run):
    status, page = member_numbers(client, network.admin, finished_run)
    assert status == 200, page
    assert [m["member_no"] for m in page["members"]] == [1, 2, 3, 4, 5]
    for person in (network.a_reporter, network.a_admin):
        status, page = member_numbers(client, person, finished_run)
        assert status == 200 and (page["total"], [m["member_no"] for m in page["members"]]) == (3, [1, 2, 3])
    status, page = member_numbers(client, network.b_admin, finished_run)
    assert status == 200 and page["total"] == 0
    status, refused = member_numbers(client, network.a_worker, finished_run)
    assert status == 403 and refused["reasons"] == ["role_not_permitted"]
    status, page = member_numbers(client, network.a_reporter, finished_run, page=2, per_page=2)
    assert (page["pages"], [m["member_no"] for m in page["members"]]) == (2, [3])
    assert not {"first_name", "last_name", "dob", "ssn"} & set(page["members"][0])


def test_every_page_of_members_is_audited_client_by_client(client, network, lead, finished_run, a_client):
    status, page = member_numbers(client, network.a_reporter, finished_run, row=1, column=1)
    assert status == 200 and page["members"][0]["personal_id"] == a_client["personal_id"]
    trail = client.get(f"{API}/audit/clients/{a_client['id']}", headers=lead.headers).get_json()
    reads = [access for access in trail["accesses"] if access["action"] == "read_report_members"]
    assert reads and sorted(reads[-1]["fields"]) == ["enrollment_id", "personal_id", "project_id"]
    assert reads[-1]["principal_id"] == network.a_reporter.user_id


def test_the_client_detail_zip_lists_whom_you_may_see_and_is_audited(client, network, lead, finished_run, a_client):
    path = f"{API}/report-runs/{finished_run}/client-detail"
    everyone = client.get(path, headers=lead.headers)
    assert everyone.status_code == 200 and everyone.mimetype == "application/zip"
    rows = list(csv.reader(io.StringIO(zipfile.ZipFile(io.BytesIO(everyone.data)).read("ClientDetail.csv").decode())))
    assert rows[0] == ["MemberNo", "PersonalID", "Source", "EnrollmentID", "HouseholdID", "ProjectID"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4", "5"]
    own = client.get(path, headers=network.a_admin.headers)
    own_rows = list(csv.reader(io.StringIO(zipfile.ZipFile(io.BytesIO(own.data)).read("ClientDetail.csv").decode())))
    assert [row[0] for row in own_rows[1:]] == ["1", "2", "3"]
    assert client.get(path, headers=network.a_worker.headers).status_code == 403
    trail = client.get(f"{API}/audit/clients/{a_client['id']}", headers=lead.headers).get_json()
    assert network.a_admin.user_id in [access["principal_id"] for access in trail["accesses"]
                                       if access["action"] == "read_report_members"]


def named_members(client, person, run_id, row=1, column=1, headers=None):
    response = client.get(f"{API}/report-runs/{run_id}/questions/Q1/cells/{row}/{column}/members/names",
                          headers={**person.headers, **(headers or {})})
    return response.status_code, response.get_json(), response.get_data(as_text=True)


def name_reads(client, lead, a_client) -> list[dict]:
    trail = client.get(f"{API}/audit/clients/{a_client['id']}", headers=lead.headers).get_json()
    return [access for access in trail["accesses"] if access["action"] == "read_report_member_names"]


def test_names_appear_for_the_agency_that_may_read_its_clients_and_each_read_is_audited(client, call, network, lead,
                                                                                       finished_run, a_client):
    status, page, _ = named_members(client, network.a_admin, finished_run)
    assert status == 200, page
    first, *others = page["members"]
    assert (first["personal_id"], first["first_name"], first["last_name"], first["name_withheld"]) == \
        (a_client["personal_id"], "Report", "Person", None)
    assert others and all(member["first_name"] is None and member["name_withheld"] == ["no_client_record"]
                          for member in others)
    assert not {"dob", "ssn", "ssn_last4", "middle_name"} & set(first)
    reads = name_reads(client, lead, a_client)
    assert reads and reads[-1]["principal_id"] == network.a_admin.user_id
    assert sorted(reads[-1]["fields"]) == ["first_name", "last_name"] and reads[-1]["decision_id"]
    decisions = expect(call, "GET", f"{API}/decisions?resource_id={a_client['id']}&action=clients:read",
                       headers=lead.headers)  # the read's own decision, logged
    assert [decision["allowed"] for decision in decisions if decision["decision_id"] == reads[-1]["decision_id"]] \
        == [True]


def test_a_name_never_reaches_whom_may_not_read_that_client(client, network, lead, finished_run, a_client):
    before = len(name_reads(client, lead, a_client))
    # the HMIS lead reads another agency's client only by breaking the glass, which a drill-down does not do
    status, page, text = named_members(client, lead, finished_run,
                                       headers={"X-Break-Glass-Reason": "data_quality_correction"})
    assert status == 200 and page["members"][0]["personal_id"] == a_client["personal_id"]
    assert page["members"][0]["name_withheld"] == ["break_glass_reason_required"]
    # a report viewer may not read client records at all
    status, page, viewer_text = named_members(client, network.a_reporter, finished_run)
    assert status == 200 and page["members"][0]["name_withheld"] == ["role_not_permitted"]
    # another agency sees none of agency A's members; a case manager sees counts only
    status, page, other_text = named_members(client, network.b_admin, finished_run)
    assert status == 200 and page["total"] == 0
    assert named_members(client, network.a_worker, finished_run)[0] == 403
    for answered in (text, viewer_text, other_text):
        assert "Report" not in answered and "Person" not in answered
    assert len(name_reads(client, lead, a_client)) == before  # nothing read, nothing audited as read


def test_the_lead_reads_names_a_consent_shares(client, call, network, lead, finished_run, a_client):
    expect(call, "POST", f"{API}/clients/{a_client['id']}/consents",
           headers=network.a_worker.headers, json=consent_body(scope=["profile"]))
    status, page, _ = named_members(client, lead, finished_run)
    assert status == 200
    assert (page["members"][0]["first_name"], page["members"][0]["name_withheld"]) == ("Report", None)
    reads = name_reads(client, lead, a_client)
    assert reads[-1]["principal_id"] == lead.user_id and reads[-1]["consent_id"]


def asked_by(person) -> dict:
    """The access context the gateway hands a run it queues for `person` (who asked for it)."""
    return {"principal": {"kind": "user", "id": person.user_id, "agency_id": person.agency_id,
                          "roles": ["report_viewer"]}, "action": "reports:run", "decision_id": None, "purpose": None}


def listed(client, person, **query) -> tuple[int, dict]:
    response = client.get(f"{API}/report-runs", headers=person.headers, query_string=query)
    return response.status_code, response.get_json()


def test_each_agency_lists_the_runs_its_people_asked_for_newest_first_and_the_lead_every_run(client, network, lead,
                                                                                            reports_engine):
    older = str(queue_run(reports_engine, parameters(report="apr"), asked_by(network.a_reporter), held=True))
    newer = str(queue_run(reports_engine, parameters(report="caper"), asked_by(network.a_admin), held=True))
    of_b = str(queue_run(reports_engine, parameters(report="apr"), asked_by(network.b_admin), held=True))
    status, page = listed(client, network.a_reporter, per_page=100)
    assert status == 200, page
    ids = [run["id"] for run in page["runs"]]
    assert ids.index(newer) < ids.index(older) and of_b not in ids
    assert {run["agency_id"] for run in page["runs"]} == {network.a_reporter.agency_id}
    mine = page["runs"][ids.index(older)]
    assert (mine["requested_by"], mine["status"], mine["parameters"]["report"]) == (
        network.a_reporter.user_id, jobs.QUEUED, "apr")
    for person, query in ((network.b_admin, {}), (lead, {"agency_id": network.b_admin.agency_id})):
        status, page = listed(client, person, **query)
        assert status == 200 and page["runs"][0]["id"] == of_b
        assert {run["agency_id"] for run in page["runs"]} == {network.b_admin.agency_id}
    status, page = listed(client, lead, per_page=100)
    assert status == 200 and {older, newer, of_b} <= {run["id"] for run in page["runs"]}


def test_runs_are_listed_by_report_and_status_a_page_at_a_time(client, network, reports_engine):
    for _ in range(3):
        queue_run(reports_engine, parameters(report="ce-apr"), asked_by(network.a_reporter), held=True)
    status, page = listed(client, network.a_reporter, report="ce-apr", status="queued", per_page=2)
    assert status == 200 and page["total"] >= 3 and page["pages"] >= 2 and len(page["runs"]) == 2
    assert all(run["parameters"]["report"] == "ce-apr" and run["status"] == "queued" for run in page["runs"])
    status, second = listed(client, network.a_reporter, report="ce-apr", status="queued", per_page=2, page=2)
    assert status == 200 and not {run["id"] for run in page["runs"]} & {run["id"] for run in second["runs"]}
    status, page = listed(client, network.a_reporter, status="cancelled", report="ce-apr")
    assert status == 200 and page["total"] == 0 and page["runs"] == []


@pytest.mark.parametrize("query, field", [
    ({"status": "done"}, "status"), ({"report": "lsa"}, "report"), ({"per_page": 0}, "per_page"),
    ({"page": 0}, "page"), ({"colour": "blue"}, "colour"),
])
def test_a_bad_list_query_is_refused_naming_the_field(client, network, query, field):
    status, refused = listed(client, network.a_reporter, **query)
    assert status == 422 and field in refused["fields"], refused


def test_no_one_but_the_lead_lists_another_agencys_runs_and_a_case_manager_none(client, network):
    status, refused = listed(client, network.a_reporter, agency_id=network.b_admin.agency_id)
    assert status == 403 and refused["reasons"] == ["other_agency"]
    status, refused = listed(client, network.a_worker)
    assert status == 403 and refused["reasons"] == ["role_not_permitted"]
