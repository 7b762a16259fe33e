"""HUD client records through the gateway: search before create, edits with HUD's data-quality codes,
and victim service providers refused client PII."""
import uuid

import pytest

from e2e.conftest import PASSWORD, new_agency
from hmis_platform.onboarding import Person, onboard

pytestmark = pytest.mark.e2e
VSP_RULE = "victim service providers may not store client PII in HMIS"


def record(client, person, **body) -> str:
    response = client.post("/api/v1/clients", headers=person.headers, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def search(client, person, **query):
    return client.post("/api/v1/clients/search", headers=person.headers, json=query)


def test_search_finds_own_agencys_client_despite_typos_and_never_another_agencys(client, network):
    last = f"Nakamura{uuid.uuid4().hex[:4]}"
    own = record(client, network.a_worker, first_name="Hiroshi", last_name=last, dob="1966-08-09")
    other = record(client, network.b_worker, first_name="Hiroshi", last_name=last, dob="1966-08-09")
    found = search(client, network.a_worker, first_name="Hiroshe", last_name=last, dob="1966-08-09")
    assert found.status_code == 200
    candidates = {candidate["id"]: candidate for candidate in found.get_json()}
    assert own in candidates and other not in candidates
    assert candidates[own]["score"] >= 0.9 and set(candidates[own]["matched_on"]) == {"first_name", "last_name", "dob"}
    b_found = search(client, network.b_worker, first_name="Hiroshi", last_name=last).get_json()
    assert [candidate["id"] for candidate in b_found] == [other]


def test_each_search_candidate_is_audited_as_a_read(client, network):
    last = f"Audited{uuid.uuid4().hex[:4]}"
    own = record(client, network.a_worker, first_name="Search", last_name=last)
    assert [c["id"] for c in search(client, network.a_worker, last_name=last).get_json()] == [own]
    # The client's own record carries its access history (the client's right of access).
    accesses = client.get(f"/api/v1/clients/{own}/record", headers=network.a_worker.headers).get_json()[
        "access_history"]
    searches = [access for access in accesses if access["action"] == "search"]
    assert len(searches) == 1 and searches[0]["principal_id"] == network.a_worker.user_id
    assert {"first_name", "last_name", "dob"} <= set(searches[0]["fields"])


@pytest.mark.parametrize("query, field", [({}, "_query"), ({"ssn_last4": "123"}, "ssn_last4")])
def test_a_search_without_usable_criteria_is_refused_naming_the_field(client, network, query, field):
    answer = search(client, network.a_worker, **query)
    assert answer.status_code == 422 and field in answer.get_json()["fields"]


def test_a_client_is_recorded_with_hud_answers_and_edited_by_its_agency_only(client, network):
    created = client.post("/api/v1/clients", headers=network.a_worker.headers, json={
        "first_name": "Rosa", "last_name": "Parks", "dob": "1979-02-04", "ssn": "234567891", "ssn_data_quality": 1,
        "sex": 0, "black_af_american": 1, "veteran_status": 0})
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["ssn_last4"] == "7891" and "234567891" not in created.get_data(as_text=True)
    assert (body["name_data_quality"], body["dob_data_quality"], body["race_none"]) == (1, 1, None)
    path = f"/api/v1/clients/{body['id']}"
    edited = client.put(path, headers=network.a_worker.headers, json={"veteran_status": 1, "military_branch": 1})
    assert edited.status_code == 200 and edited.get_json()["military_branch"] == 1
    assert client.put(path, headers=network.b_worker.headers, json={"sex": 1}).status_code == 403
    wrong = client.put(path, headers=network.a_worker.headers, json={"veteran_status": 0})
    assert wrong.status_code == 422
    assert wrong.get_json()["fields"] == {"military_branch": ["only when VeteranStatus is 1"]}
    assert client.get(path, headers=network.a_worker.headers).get_json()["veteran_status"] == 1


@pytest.fixture(scope="module")
def vsp_worker(call, lead):
    """A case manager of an agency the HMIS lead marked a victim service provider."""
    agency_id = new_agency(call, lead, "Shelter VSP")
    status, answer = call("PUT", f"/api/v1/agencies/{agency_id}/victim-service-provider", headers=lead.headers,
                          json={"victim_service_provider": True})
    assert status == 200 and answer["victim_service_provider"] is True, answer
    return onboard(call, lead, lead, Person(f"vsp.worker.{uuid.uuid4().hex[:6]}", PASSWORD), ["case_manager"],
                   agency_id, "clients:create")


def test_a_victim_service_provider_is_refused_client_pii_naming_the_rule(client, vsp_worker):
    refused = client.post("/api/v1/clients", headers=vsp_worker.headers,
                          json={"first_name": "Hidden", "last_name": "Person", "dob": "1990-01-01"})
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {name: [VSP_RULE] for name in ("first_name", "last_name", "dob")}
    anonymous = client.post("/api/v1/clients", headers=vsp_worker.headers, json={"name_data_quality": 99, "sex": 0})
    assert anonymous.status_code == 201 and anonymous.get_json()["first_name"] is None


def test_only_the_hmis_lead_marks_victim_service_providers_and_only_known_agencies(client, network, lead):
    path = f"/api/v1/agencies/{network.a_admin.agency_id}/victim-service-provider"
    assert client.put(path, headers=network.a_admin.headers,
                      json={"victim_service_provider": True}).status_code == 403
    assert client.put(f"/api/v1/agencies/{uuid.uuid4()}/victim-service-provider", headers=lead.headers,
                      json={"victim_service_provider": True}).status_code == 404
    assert client.put(path, headers=lead.headers, json={"victim_service_provider": "maybe"}).status_code == 422
