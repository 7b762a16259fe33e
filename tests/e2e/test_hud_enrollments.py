"""Household enrollments through the gateway: an agency enrolls its own clients in its own projects,
only it records what they carry, and another agency reads them only under a consent covering them."""
import pytest

from e2e.test_consent_records import record
from hmis_kit.db import make_engine
from integration.test_clients_enrollments import ENTRY
from support import add_project, eventually

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


def test_a_household_is_read_head_first_with_each_exit_and_by_its_own_agency_only(client, network, a_project,
                                                                                 new_client):
    child = client.post("/api/v1/clients", headers=network.a_worker.headers,
                        json={"first_name": "Little", "last_name": "Person"}).get_json()["id"]
    members = enroll(client, network.a_worker, a_project, new_client["id"], child).get_json()["enrollments"]
    head, member = members[0]["enrollment_id"], members[1]["enrollment_id"]
    assert client.post(f"/api/v1/enrollments/{member}/exit", headers=network.a_worker.headers,
                       json={"exit_date": "2025-11-30", "destination": 410}).status_code == 201
    read = client.get(f"/api/v1/enrollments/{member}/household", headers=network.a_worker.headers)
    assert read.status_code == 200, read.get_json()
    household = read.get_json()
    assert household["household_id"] == members[0]["household_id"]
    assert [(row["enrollment_id"], row["client_id"], row["relationship_to_hoh"], row["exit_date"])
            for row in household["enrollments"]] == [(head, new_client["id"], 1, None),
                                                     (member, child, 2, "2025-11-30")]
    # another agency: not even under the head's consent covering enrollments (the child's stay is not the head's)
    record(client, network.a_worker, new_client["id"], scope=["profile", "enrollments"])
    eventually(lambda: client.get(f"/api/v1/enrollments/{head}", headers=network.b_worker.headers).status_code == 200)
    refused = client.get(f"/api/v1/enrollments/{head}/household", headers=network.b_worker.headers)
    assert refused.status_code == 403 and refused.get_json()["reasons"] == ["other_agency"]
    assert client.get("/api/v1/enrollments/nosuchenrollment/household",
                      headers=network.a_worker.headers).status_code == 404


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


RECORDS = {
    "health-and-dv": {"information_date": ENTRY, "data_collection_stage": 1, "domestic_violence_survivor": 0},
    "employment-education": {"information_date": ENTRY, "data_collection_stage": 1, "employed": 0},
    "disabilities": {"information_date": ENTRY, "data_collection_stage": 1, "disability_type": 9,
                     "disability_response": 1},
    "current-living-situations": {"information_date": ENTRY, "current_living_situation": 116},
    "assessments": {"assessment_date": ENTRY, "assessment_location": "Harbor House", "assessment_type": 1,
                    "assessment_level": 1, "prioritization_status": 1,
                    "questions": [{"assessment_question": "Nights outside", "assessment_answer": "30"}],
                    "results": [{"assessment_result_type": "Score", "assessment_result": "11"}]},
    "events": {"event_date": ENTRY, "event": 13, "referral_result": 1, "result_date": "2025-10-20"},
    "youth-education-status": {"information_date": ENTRY, "data_collection_stage": 1, "current_school_attend": 0},
    "services": {"date_provided": "2025-10-16", "record_type": 200, "type_provided": 200},
}


def test_an_agency_records_every_kind_of_record_and_reads_the_enrollment_whole(client, network, a_project,
                                                                               new_client):
    head = enroll(client, network.a_worker, a_project, new_client["id"]).get_json()["enrollments"][0]["enrollment_id"]
    headers = network.a_worker.headers
    for path, body in RECORDS.items():
        response = client.post(f"/api/v1/enrollments/{head}/{path}", headers=headers, json=body)
        assert response.status_code == 201, (path, response.get_json())
    again = client.post(f"/api/v1/enrollments/{head}/health-and-dv", headers=headers, json=RECORDS["health-and-dv"])
    assert again.status_code == 409
    future = client.post(f"/api/v1/enrollments/{head}/current-living-situations", headers=headers,
                         json={**RECORDS["current-living-situations"], "information_date": "2099-01-01"})
    assert future.status_code == 422 and future.get_json()["fields"] == {"information_date": ["must not be in the future"]}
    read = client.get(f"/api/v1/enrollments/{head}", headers=headers)
    assert read.status_code == 200
    whole = read.get_json()
    assert whole["client_id"] == new_client["id"] and whole["exit"] is None
    assert {key: len(whole[key]) for key in ("health_and_dv", "employment_education", "disabilities",
                                             "current_living_situations", "assessments", "events",
                                             "youth_education_status", "services", "income_benefits")} == {
        "health_and_dv": 1, "employment_education": 1, "disabilities": 1, "current_living_situations": 1,
        "assessments": 1, "events": 1, "youth_education_status": 1, "services": 1, "income_benefits": 0}
    assert whole["assessments"][0]["results"][0]["assessment_result"] == "11"
    listed = client.get(f"/api/v1/clients/{new_client['id']}/enrollments", headers=headers).get_json()
    assert [(row["enrollment_id"], row["project_name"]) for row in listed] == [(head, "Harbor ES")]


def test_another_agency_reads_an_enrollment_only_under_a_consent_covering_enrollments(client, network, a_project,
                                                                                     new_client):
    head = enroll(client, network.a_worker, a_project, new_client["id"]).get_json()["enrollments"][0]["enrollment_id"]
    client.post(f"/api/v1/enrollments/{head}/services", headers=network.a_worker.headers, json=RECORDS["services"])
    client.post(f"/api/v1/enrollments/{head}/disabilities", headers=network.a_worker.headers,
                json=RECORDS["disabilities"])
    path = f"/api/v1/enrollments/{head}"
    assert client.get(path, headers=network.b_worker.headers).get_json()["reasons"] == ["other_agency"]
    profile_only = record(client, network.a_worker, new_client["id"], scope=["profile"])
    eventually(lambda: client.get(f"/api/v1/clients/{new_client['id']}", headers=network.b_worker.headers
                                  ).status_code == 200)
    assert client.get(path, headers=network.b_worker.headers).status_code == 403
    client.post(f"/api/v1/consents/{profile_only['id']}/revocation", headers=network.a_worker.headers,
                json={"reason": "replaced"})
    record(client, network.a_worker, new_client["id"], scope=["profile", "enrollments", "services"])
    eventually(lambda: client.get(path, headers=network.b_worker.headers).status_code == 200)
    shared = client.get(path, headers=network.b_worker.headers).get_json()
    assert len(shared["services"]) == 1 and "disabilities" not in shared and "assessments" not in shared
    assert client.post(f"{path}/services", headers=network.b_worker.headers,
                       json=RECORDS["services"]).status_code == 403


def test_reading_enrollments_needs_the_permission(client, network, new_client):
    response = client.get(f"/api/v1/clients/{new_client['id']}/enrollments", headers=network.a_reporter.headers)
    assert response.status_code == 403 and response.get_json()["reasons"] == ["role_not_permitted"]
