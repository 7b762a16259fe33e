"""Data-quality findings through the gateway: an agency lists and counts the findings of its own records only,
the HMIS lead every agency's; pages, filters and the period (`found_at`); odd queries are 422s naming the field.

The records are real (projects as an import leaves them, clients and enrollments made through the API). No code
on this branch writes findings yet (the rules that find them come with the rule catalogue), so the findings are
inserted by SQL here, as that code will store them. Every rule id is this module's own, so findings the platform
finds in other tests' records never count here."""
import uuid
from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from clients.contract.schemas import IMPORT_AGENCY
from clients.models import HUD_TABLES, data_quality_findings
from e2e.test_hud_enrollments import enroll
from hmis_kit.audit import audit_log
from hmis_kit.db import make_engine
from support import add_project

pytestmark = pytest.mark.e2e
FINDINGS = "/api/v1/data-quality/findings"
COUNTS = f"{FINDINGS}/counts"
TAG = uuid.uuid4().hex[:8]
SHARED, ONLY_A, ONLY_B = (f"test.{TAG}.{name}" for name in ("shared", "a", "b"))


def found(day: int) -> datetime:
    return datetime(2026, 1, day, 9, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def clients_db(settings):
    engine = make_engine(settings.database_url("clients"))
    yield engine
    engine.dispose()


def _records_of(client, clients_db, person) -> dict:
    """A project (as an import leaves it), a client and its enrollment there, of the person's agency."""
    project_id = add_project(clients_db, person.agency_id)
    with clients_db.connect() as connection:
        organization_id = connection.execute(sa.select(HUD_TABLES["Project"].c.organization_id).where(
            HUD_TABLES["Project"].c.project_id == project_id)).scalar_one()
    made = client.post("/api/v1/clients", headers=person.headers, json={"first_name": "Dana", "last_name": "Quality"})
    assert made.status_code == 201, made.get_json()
    entered = enroll(client, person, project_id, made.get_json()["id"])
    assert entered.status_code == 201, entered.get_json()
    client_id = made.get_json()["id"]  # a client made here has its UUID's hex as PersonalID
    return {"project_id": project_id, "organization_id": organization_id, "client_id": client_id,
            "personal_id": uuid.UUID(client_id).hex,
            "enrollment_id": entered.get_json()["enrollments"][0]["enrollment_id"]}


def _finding(file: str, record_id: str, rule_id: str, field: str, value, day: int, **ids) -> dict:
    return {"file": file, "record_id": record_id, "source": 1, "rule_id": rule_id, "field": field, "value": value,
            "found_at": found(day), "personal_id": None, "enrollment_id": None, "project_id": None, **ids}


@pytest.fixture(scope="module")
def world(app, network, clients_db):
    """Agency A's and agency B's records, each with findings, and one finding of a record no agency owns."""
    client = app.test_client()
    a, b = _records_of(client, clients_db, network.a_worker), _records_of(client, clients_db, network.b_worker)
    under_a = {"personal_id": a["personal_id"], "enrollment_id": a["enrollment_id"]}
    rows = [
        _finding("Client", a["personal_id"], SHARED, "VeteranStatus", "99", 1, personal_id=a["personal_id"]),
        # the project of a record under an enrollment is the enrollment's when the finding does not say it
        _finding("Enrollment", a["enrollment_id"], SHARED, "DisablingCondition", "99", 2, **under_a),
        _finding("IncomeBenefits", uuid.uuid4().hex, ONLY_A, "IncomeFromAnySource", "8", 3, **under_a),
        _finding("Project", a["project_id"], ONLY_A, "HousingType", None, 4, project_id=a["project_id"]),
        _finding("Organization", a["organization_id"], ONLY_A, "VictimServiceProvider", "99", 5),
        # a value the table must never hold, should one slip in: not answered
        _finding("Client", a["personal_id"], ONLY_A, "SSN", "123456789", 6, personal_id=a["personal_id"]),
        _finding("Client", b["personal_id"], SHARED, "VeteranStatus", "9", 1, personal_id=b["personal_id"]),
        _finding("Enrollment", b["enrollment_id"], SHARED, "DisablingCondition", "8", 2, personal_id=b["personal_id"],
                 enrollment_id=b["enrollment_id"], project_id=b["project_id"]),
        _finding("Exit", uuid.uuid4().hex, ONLY_B, "Destination", "99", 3, personal_id=b["personal_id"],
                 enrollment_id=b["enrollment_id"]),
        _finding("Enrollment", uuid.uuid4().hex, SHARED, "EntryDate", None, 4, enrollment_id="no-such-enrollment"),
    ]
    with clients_db.begin() as connection:
        connection.execute(data_quality_findings.insert(), rows)
    return {"a": a, "b": b}


def get(client, person, path: str, **query):
    response = client.get(path, headers=person.headers, query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_an_agency_reads_the_findings_of_its_own_records(client, network, world):
    a = world["a"]
    listed = get(client, network.a_admin, FINDINGS, agency_id=a_agency(network), rule_id=SHARED)
    assert [(row["file"], row["field"], row["value"]) for row in listed] == [
        ("Client", "VeteranStatus", "99"), ("Enrollment", "DisablingCondition", "99")]
    assert {row["agency_id"] for row in listed} == {a_agency(network)}
    assert {row["client_id"] for row in listed} == {a["client_id"]}
    assert listed[1]["project_id"] == a["project_id"] and listed[1]["enrollment_id"] == a["enrollment_id"]
    assert listed[0]["found_at"] == "2026-01-01T09:00:00+00:00"
    # a case manager and a report viewer of the agency read them too
    assert get(client, network.a_worker, FINDINGS, agency_id=a_agency(network), rule_id=SHARED) == listed
    assert get(client, network.a_reporter, FINDINGS, agency_id=a_agency(network), rule_id=SHARED) == listed


def test_another_agencys_findings_are_neither_listed_nor_counted(client, network, world):
    assert get(client, network.a_admin, FINDINGS, agency_id=a_agency(network), rule_id=ONLY_B) == []
    counted = get(client, network.a_admin, COUNTS, agency_id=a_agency(network))
    assert ONLY_B not in [row["rule_id"] for row in counted]
    for asked in ({"agency_id": network.b_worker.agency_id}, {}):
        for path in (FINDINGS, COUNTS):
            refused = client.get(path, headers=network.a_admin.headers, query_string=asked)
            assert refused.status_code == 403 and refused.get_json()["reasons"] == ["other_agency"], (path, asked)
    # agency B's own staff read theirs
    assert [row["rule_id"] for row in get(client, network.b_worker, FINDINGS, agency_id=network.b_worker.agency_id,
                                          rule_id=ONLY_B)] == [ONLY_B]


def test_a_value_never_answered_is_withheld(client, network, world):
    ssn = get(client, network.a_admin, FINDINGS, agency_id=a_agency(network), rule_id=ONLY_A, file="Client")
    assert [(row["field"], row["value"]) for row in ssn] == [("SSN", None)]


def test_counts_per_rule_project_and_file_are_the_agencys_own(client, network, world):
    a, agency = world["a"], a_agency(network)
    by_rule = get(client, network.a_admin, COUNTS, agency_id=agency, group_by="rule")
    assert [row for row in by_rule if row["rule_id"] in (SHARED, ONLY_A, ONLY_B)] == [
        {"rule_id": ONLY_A, "findings": 4, "records": 4}, {"rule_id": SHARED, "findings": 2, "records": 2}]
    by_project = get(client, network.a_admin, COUNTS, agency_id=agency, rule_id=ONLY_A, group_by="project")
    assert sorted(by_project, key=lambda row: row["project_id"] or "") == [
        {"project_id": None, "source": None, "findings": 2, "records": 2},
        {"project_id": a["project_id"], "source": 1, "findings": 2, "records": 2}]
    by_file = get(client, network.a_admin, COUNTS, agency_id=agency, rule_id=SHARED, group_by="file")
    assert sorted((row["file"], row["findings"]) for row in by_file) == [("Client", 1), ("Enrollment", 1)]
    assert get(client, network.a_admin, COUNTS, agency_id=agency, rule_id=SHARED, group_by="agency") == [
        {"agency_id": agency, "findings": 2, "records": 2}]


def test_the_hmis_lead_lists_and_counts_every_agencys_findings(client, lead, network, world):
    everyone = get(client, lead, FINDINGS, rule_id=SHARED)
    assert len(everyone) == 5 and [row["id"] for row in everyone] == sorted(row["id"] for row in everyone)
    by_agency = get(client, lead, COUNTS, rule_id=SHARED, group_by="agency")
    assert sorted((row["agency_id"], row["findings"]) for row in by_agency) == sorted([
        (a_agency(network), 2), (network.b_worker.agency_id, 2), (str(IMPORT_AGENCY), 1)])
    assert get(client, lead, FINDINGS, agency_id=network.b_worker.agency_id, rule_id=ONLY_B)[0]["field"] == "Destination"


def test_pages_follow_one_another_without_gaps_or_repeats(client, network, world):
    agency = a_agency(network)
    whole = get(client, network.a_admin, FINDINGS, agency_id=agency, rule_id=ONLY_A)
    assert len(whole) == 4
    first = get(client, network.a_admin, FINDINGS, agency_id=agency, rule_id=ONLY_A, limit=3)
    second = get(client, network.a_admin, FINDINGS, agency_id=agency, rule_id=ONLY_A, limit=3, after=first[-1]["id"])
    assert first + second == whole and len(second) == 1
    assert get(client, network.a_admin, FINDINGS, agency_id=agency, rule_id=ONLY_A, after=second[-1]["id"]) == []


def test_findings_narrow_by_project_file_and_period(client, network, world):
    a, agency = world["a"], a_agency(network)
    of_project = get(client, network.a_admin, COUNTS, agency_id=agency, project_id=a["project_id"])
    # the records made through the API have findings of their own too (their missing answers): only this test's
    assert sorted((row["rule_id"], row["findings"]) for row in of_project
                  if row["rule_id"].startswith(f"test.{TAG}.")) == [(ONLY_A, 2), (SHARED, 1)]
    projects = get(client, network.a_admin, FINDINGS, agency_id=agency, rule_id=ONLY_A, file="Project")
    assert [row["record_id"] for row in projects] == [a["project_id"]]
    # the period is on found_at, since included, until not
    period = get(client, network.a_admin, FINDINGS, agency_id=agency, rule_id=ONLY_A,
                 since=found(3).isoformat(), until=found(5).isoformat())
    assert [row["file"] for row in period] == ["IncomeBenefits", "Project"]
    counted = get(client, network.a_admin, COUNTS, agency_id=agency, rule_id=ONLY_A, since=found(5).isoformat())
    assert counted == [{"rule_id": ONLY_A, "findings": 2, "records": 2}]


def test_a_page_of_findings_is_audited_for_each_client_it_is_about(client, network, world, clients_db):
    a = world["a"]
    listed = get(client, network.a_worker, FINDINGS, agency_id=a_agency(network), rule_id=SHARED)
    assert len(listed) == 2
    with clients_db.connect() as connection:
        rows = connection.execute(sa.select(audit_log.c.fields).where(
            audit_log.c.client_id == a["client_id"], audit_log.c.action == "read_findings",
            audit_log.c.principal_id == network.a_worker.user_id)).scalars().all()
    assert ["DisablingCondition", "VeteranStatus"] in rows
    with clients_db.connect() as connection:
        before = connection.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar()
        get(client, network.a_worker, COUNTS, agency_id=a_agency(network), rule_id=SHARED)
        assert connection.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar() == before


@pytest.mark.parametrize(("query", "field"), [
    ({"group_by": "person"}, "group_by"),
    ({"file": "Clients"}, "file"),
    ({"since": "yesterday"}, "since"),
    ({"since": "2026-01-02T00:00:00Z", "until": "2026-01-01T00:00:00Z"}, "until"),
    ({"limit": "0"}, "limit"),
    ({"after": "-1"}, "after"),
    ({"after": "99999999999"}, "after"),
    ({"agency_id": "not-an-agency"}, "agency_id"),
    ({"rule_id": ""}, "rule_id"),
    ({"colour": "blue"}, "colour"),
])
def test_an_odd_query_is_refused_naming_its_field(client, lead, query, field):
    path = COUNTS if "group_by" in query else FINDINGS
    refused = client.get(path, headers=lead.headers, query_string=query)
    assert refused.status_code == 422, refused.get_json()
    assert field in refused.get_json()["fields"]


def a_agency(network) -> str:
    return network.a_admin.agency_id
