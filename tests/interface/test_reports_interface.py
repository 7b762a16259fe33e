"""The reports service alone against its contract (reports.contract): it counts the clients an agency
records from the clients service's events, fed here as clients publishes them, and keeps every event."""
import base64
import uuid

import pytest

from clients.contract import events as clients_events
from conformance import announced, conforms, refused
from hmis_kit.errors import NotFound
from reports.contract import schemas
from support import eventually

pytestmark = pytest.mark.integration

SERVICE = "reports"


def test_clients_per_agency_follows_the_clients_events(service):
    agency_id = str(uuid.uuid4())
    assert conforms(schemas.AgencyClientCountSchema(), service.rpc.clients_per_agency(agency_id), many=True) == []
    for client_id in (uuid.uuid4(), uuid.uuid4()):
        service.feed(clients_events.CHANGED["Client"], "clients", clients_events.changes(
            "Client", clients_events.CREATED, {"id": client_id, "personal_id": client_id.hex, "source": 1,
                                               "agency_id": agency_id}))

    counted = eventually(lambda: (rows := service.rpc.clients_per_agency(agency_id)) and rows[0]["clients"] == 2
                         and rows)
    assert conforms(schemas.AgencyClientCountSchema(), counted, many=True) == [
        {"agency_id": uuid.UUID(agency_id), "clients": 2}]
    every = conforms(schemas.AgencyClientCountSchema(), service.rpc.clients_per_agency(), many=True)
    assert uuid.UUID(agency_id) in {row["agency_id"] for row in every}
    assert announced(service.published(), SERVICE) == []


def test_a_malformed_agency_is_refused_naming_it(service):
    assert refused(service.rpc.clients_per_agency, "agency seven").keys() == {"agency_id"}


@pytest.fixture(scope="module")
def finished_run(settings):
    """A run of the tests' own report (tests/report_engine_support.py), computed by the engine in this process on
    the service's database, out of its job runner's reach."""
    from hmis_kit import jobs
    from hmis_kit.db import make_engine
    from reports.engine import runs
    from report_engine_support import TEST_REPORT, add_warehouse_sources, parameters, queue_run

    engine = make_engine(settings.database_url("reports"))
    try:
        with engine.begin() as connection:
            add_warehouse_sources(connection)
        run_id = queue_run(engine, parameters(), held=True)
        jobs.run(engine, run_id, lambda job: runs.compute(job, TEST_REPORT))
    finally:
        engine.dispose()
    return str(run_id)


def test_a_runs_answers_hold_to_the_contract(service, finished_run):
    run = conforms(schemas.ReportRunSchema(), service.rpc.report_run(finished_run))
    assert run["status"] == "succeeded" and run["summary"]["universe"] == 5
    assert conforms(schemas.ReportQuestionSummarySchema(), service.rpc.report_questions(finished_run), many=True)
    question = conforms(schemas.ReportQuestionSchema(), service.rpc.report_question(finished_run, "Q1"))
    assert len(question["cells"]) == 8
    page = conforms(schemas.ReportMembersPageSchema(), service.rpc.report_cell_members(
        finished_run, {"question": "Q1", "row": 4, "column": 1}, {"per_page": 2}, None))
    assert (page["total"], len(page["members"])) == (5, 2)
    assert base64.b64decode(service.rpc.report_sage_zip(finished_run)).startswith(b"PK")
    assert base64.b64decode(service.rpc.report_workbook(finished_run)).startswith(b"PK")
    assert len(service.rpc.report_client_detail(finished_run, None)["members"]) == 5
    assert announced(service.published(), SERVICE) == []


def test_bad_report_requests_are_refused_naming_the_field(service, finished_run):
    assert refused(service.rpc.queue_report_run, {"report": "lsa", "start": "2026-01-01", "end": "2026-01-31"},
                   None).keys() == {"report"}
    assert refused(service.rpc.queue_report_run, {"report": "apr", "start": "2026-02-01", "end": "2026-01-31"},
                   None).keys() == {"end"}
    with pytest.raises(NotFound) as unknown:  # a malformed id names no run, as an unknown one
        service.rpc.report_run("run seven")
    assert unknown.value.fields.keys() == {"run_id"}
    assert refused(service.rpc.report_cell_members, finished_run, {"question": "Q1", "row": "x", "column": 1}, {},
                   None).keys() == {"row"}
    assert refused(service.rpc.report_cell_members, finished_run, {"question": "Q1", "row": 1, "column": 1},
                   {"page": 0}, None).keys() == {"page"}
