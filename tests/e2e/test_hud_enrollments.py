"""Household enrollments through the gateway: an agency enrolls its own clients in its own projects,
and only it records their exits, services and income."""
import pytest

from hmis_kit.db import make_engine
from integration.test_clients_enrollments import ENTRY
from support import add_project

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def a_project(settings, network):
    """A project of agency A, as an import by agency A would leave it."""
    engine = make_engine(settings.database_url("clients"))
    yield add_project(engine, network.a_worker.agency_id)
    engine.dispose()


def enroll(client, person, project_id: str, *client_ids: str):
    members = [{"client_id": client_id, "relationship_to_hoh": 1 if at == 0 else 2, "living_situation": 101}
               for at, client_id in enumerate(client_ids)]
    return client.post("/api/v1/enrollments", headers=person.headers,
                       json={"project_id": project_id, "entry_date": ENTRY, "members": members})


def test_an_agency_enrolls_serves_assesses_and_exits_a_household(client, network, a_project, new_client):
    child = client.post("/api/v1/clients", headers=network.a_worker.headers,
                        json={"first_name": "Little", "last_name": "Person"}).get_json()["id"]
    entered = enroll(client, network.a_worker, a_project, new_client["id"], child)
    assert entered.status_code == 201, entered.get_json()
    head = entered.get_json()["enrollments"][0]["enrollment_id"]
    base = f"/api/v1/enrollments/{head}"
    headers = network.a_worker.headers
    assert client.post(f"{base}/services", headers=headers, json={
        "date_provided": "2025-10-16", "record_type": 200, "type_provided": 200}).status_code == 201
    assert client.post(f"{base}/income-benefits", headers=headers, json={
        "information_date": ENTRY, "data_collection_stage": 1, "income_from_any_source": 0}).status_code == 201
    exited = client.post(f"{base}/exit", headers=headers, json={"exit_date": "2025-11-30", "destination": 410})
    assert exited.status_code == 201 and exited.get_json()["enrollment_id"] == head
    again = client.post(f"{base}/exit", headers=headers, json={"exit_date": "2025-12-01", "destination": 410})
    assert again.status_code == 409


def test_another_agency_can_neither_enroll_into_nor_record_on_an_agencys_enrollment(client, network, a_project,
                                                                                    new_client):
    head = enroll(client, network.a_worker, a_project, new_client["id"]).get_json()["enrollments"][0]["enrollment_id"]
    assert client.post(f"/api/v1/enrollments/{head}/exit", headers=network.b_worker.headers,
                       json={"exit_date": "2025-11-30", "destination": 410}).status_code == 403
    assert client.post(f"/api/v1/enrollments/{head}/services", headers=network.b_admin.headers,
                       json={"date_provided": "2025-10-16", "record_type": 200, "type_provided": 200}
                       ).status_code == 403
    refused = enroll(client, network.b_worker, a_project, new_client["id"])
    assert refused.status_code == 422 and refused.get_json()["fields"] == {"project_id": ["not a project of your agency"]}


def test_enrolling_needs_the_enrollments_permission(client, network, a_project, new_client):
    assert enroll(client, network.a_reporter, a_project, new_client["id"]).status_code == 403


def test_an_unknown_enrollment_is_not_found(client, network):
    assert client.post("/api/v1/enrollments/nosuchenrollment/exit", headers=network.a_worker.headers,
                       json={"exit_date": "2025-11-30", "destination": 410}).status_code == 404
