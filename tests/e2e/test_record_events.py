"""Every HUD record the API writes is announced one way, `clients.<record>.changed`, as its contract's
schema says, reaches the reports service through the broker, and carries no PII: a client with a name, a
date of birth and an SSN; an enrollment with a record of every kind an enrollment carries; an organization
with a project and every descriptor a project has; each changed once where the API can change it."""
import json
import re

import pytest
import sqlalchemy as sa

from clients.contract import events
from clients.contract.records import KINDS
from hmis_kit.db import make_engine
from hmis_kit.events import Event
from hmis_platform.onboarding import expect
from integration.test_clients_enrollments import ENTRY
from integration.test_enrollment_records import MINIMAL
from support import announced_changes, eventually, outbox_envelopes

pytestmark = pytest.mark.e2e
API = "/api/v1"
PERSON = {"first_name": "Quillon", "middle_name": "Ostrava", "last_name": "Marbleweather", "dob": "1961-03-09",
          "ssn": "287654312"}
PII_KEY = re.compile(r"(^|_)(name|ssn|dob|birth)($|_)")
DESCRIPTORS = {  # path under a project: (HUD file, the body it is added with, the change sent)
    "cocs": ("ProjectCoC", {"coc_code": "CA-601", "geocode": "069073", "zip": "92101", "state": "CA"},
             {"geography_type": 1}),
    "inventory": ("Inventory", {"coc_code": "CA-601", "household_type": 1, "unit_inventory": 10, "bed_inventory": 12,
                                "inventory_start_date": "2025-01-01"}, {"unit_inventory": 11}),
    "funders": ("Funder", {"funder": 2, "grant_id": "CA0001", "start_date": "2025-01-01"}, {"end_date": "2026-06-30"}),
    "hmis-participation": ("HMISParticipation", {"hmis_participation_type": 1,
                                                 "hmis_participation_status_start_date": "2025-01-01"},
                           {"hmis_participation_status_end_date": "2026-06-30"}),
    "ce-participation": ("CEParticipation", {"access_point": 0, "receives_referrals": 1,
                                             "ce_participation_status_start_date": "2025-01-01"},
                         {"ce_participation_status_end_date": "2026-06-30"}),
}


@pytest.fixture
def engines(settings):
    clients_db, reports_db = make_engine(settings.database_url("clients")), make_engine(settings.database_url("reports"))
    yield clients_db, reports_db
    clients_db.dispose()
    reports_db.dispose()


def written(client, method: str, path: str, headers: dict, body: dict) -> dict:
    response = client.open(f"{API}{path}", method=method, headers=headers, json=body)
    assert response.status_code in (200, 201), (path, response.get_json())
    return response.get_json()


def test_every_record_the_api_writes_is_announced_by_its_contract_without_pii(client, call, lead, network, engines):
    clients_db, reports_db = engines
    admin, worker = network.a_admin.headers, network.a_worker.headers
    expected = []  # (HUD file, key column, id, op)

    person = written(client, "POST", "/clients", worker, PERSON)
    written(client, "PUT", f"/clients/{person['id']}", worker, {"middle_name": "Ostravia"})
    expected += [("Client", "client_id", person["id"], events.CREATED), ("Client", "client_id", person["id"], events.UPDATED)]

    organization = expect(call, "POST", f"{API}/organizations", headers=lead.headers,
                          json={"organization_name": "Marbleweather House", "victim_service_provider": 0})["organization_id"]
    expect(call, "PUT", f"{API}/organizations/{organization}/agency", headers=lead.headers,
           json={"agency_id": network.a_admin.agency_id})
    written(client, "PUT", f"/organizations/{organization}", admin, {"organization_common_name": "MH"})
    expected += [("Organization", "organization_id", organization, op) for op in (events.CREATED, events.UPDATED)]
    projects = [written(client, "POST", f"/organizations/{organization}/projects", admin, {
        "project_name": f"Marbleweather {n}", "operating_start_date": "2025-01-01", "continuum_project": 1,
        "project_type": 1})["project_id"] for n in (1, 2)]
    project = projects[0]
    written(client, "PUT", f"/projects/{project}", admin, {"operating_end_date": "2026-12-31"})
    expected += [("Project", "project_id", project, op) for op in (events.CREATED, events.UPDATED)]
    for path, (file, body, change) in {**DESCRIPTORS, "affiliations": (
            "Affiliation", {"res_project_id": projects[1]}, {"res_project_id": projects[1]})}.items():
        key = events.RECORDS[file].fields[0]
        record_id = written(client, "POST", f"/projects/{project}/{path}", admin, body)[key]
        written(client, "PUT", f"/projects/{project}/{path}/{record_id}", admin, change)
        expected += [(file, key, record_id, op) for op in (events.CREATED, events.UPDATED)]

    enrollment = written(client, "POST", "/enrollments", worker, {
        "project_id": project, "entry_date": ENTRY, "members": [{"client_id": person["id"], "relationship_to_hoh": 1}]
    })["enrollments"][0]["enrollment_id"]
    expected.append(("Enrollment", "enrollment_id", enrollment, events.CREATED))
    for kind in KINDS:
        body = MINIMAL.get(kind.name, {"information_date": ENTRY, "data_collection_stage": 1})
        recorded = written(client, "POST", f"/enrollments/{enrollment}/{kind.path}", worker, body)
        expected.append((kind.file, events.RECORDS[kind.file].fields[0], recorded["id"], events.CREATED))

    # every record kind but the export's own and its users (Export.csv, User.csv), which only an import writes
    assert {file for file, *_ in expected} == set(events.RECORDS) - {"Export", "User"}
    event_ids = set()
    for file, key, record_id, op in expected:
        announced = announced_changes(clients_db, events.CHANGED[file], key, record_id)  # each checked by its schema
        assert op in [change["op"] for change in announced], (file, op)
        with clients_db.connect() as connection:
            event_ids |= set(connection.exec_driver_sql(
                "SELECT event_id::text FROM outbox WHERE routing_key = %(type)s AND envelope::text LIKE %(id)s",
                {"type": str(events.CHANGED[file]), "id": f'%"{record_id}"%'}).scalars())

    def delivered() -> bool:  # through the outbox relay and the broker to the reports service's event log
        with reports_db.connect() as connection:
            return set(connection.execute(sa.text("SELECT event_id::text FROM event_log WHERE event_id::text = "
                                                  "ANY(:ids)"), {"ids": list(event_ids)}).scalars()) == event_ids
    eventually(delivered)

    envelopes = outbox_envelopes(clients_db)  # an import's bundles (other tests') rendered
    text = json.dumps(envelopes)
    assert [value for value in (*PERSON.values(), "Ostravia", "Marbleweather") if value in text] == []
    for envelope in envelopes:
        Event.load(envelope)
        keys = {key for change in envelope["data"].get("changes", [envelope["data"]]) for key in change}
        assert [key for key in keys if PII_KEY.search(key)] == [], envelope["type"]
