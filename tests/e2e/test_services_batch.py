"""Services in a batch through the gateway (POST /services/batch): a night-by-night shelter records a night's bed
nights (HUD 4.14) for many clients in one request, or one client's nights for a run of dates; each enrollment decided
on by the policy as for one service, each record audited and announced as one; all or nothing, every refused item
named with its field."""
from datetime import datetime, timezone

import pytest

from clients.contract import events
from e2e.test_hud_enrollments import enroll
from hmis_kit.db import make_engine
from hud.fy2026 import catalogue
from support import add_project, announced_changes

pytestmark = pytest.mark.e2e
BATCH = "/api/v1/services/batch"


def night(enrollment_id: str, date: str) -> dict:
    return {"enrollment_id": enrollment_id, "date_provided": date, "record_type": 200, "type_provided": 200}


@pytest.fixture(scope="module")
def clients_db(settings):
    engine = make_engine(settings.database_url("clients"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def shelter(clients_db, network):
    """A project of agency A, as an import by agency A would leave it."""
    return add_project(clients_db, network.a_worker.agency_id)


@pytest.fixture
def guests(client, network, shelter, new_client):
    """A household of two and a guest alone, in the shelter since ENTRY: their enrollment ids and clients."""
    child = client.post("/api/v1/clients", headers=network.a_worker.headers,
                        json={"first_name": "Little", "last_name": "Guest"}).get_json()["id"]
    alone = client.post("/api/v1/clients", headers=network.a_worker.headers,
                        json={"first_name": "Sam", "last_name": "Guest"}).get_json()["id"]
    household = enroll(client, network.a_worker, shelter, new_client["id"], child).get_json()["enrollments"]
    single = enroll(client, network.a_worker, shelter, alone).get_json()["enrollments"]
    return [(row["enrollment_id"], row["client_id"]) for row in household + single]


def services_of(client, person, enrollment_id: str) -> list[dict]:
    return client.get(f"/api/v1/enrollments/{enrollment_id}", headers=person.headers).get_json()["services"]


def test_a_night_s_bed_nights_for_every_guest_in_one_request_each_audited_decided_and_announced(
        client, network, lead, guests, clients_db):
    since = datetime.now(timezone.utc).isoformat()
    recorded = client.post(BATCH, headers=network.a_worker.headers,
                           json={"services": [night(enrollment_id, "2025-10-16") for enrollment_id, _ in guests]})
    assert recorded.status_code == 201, recorded.get_json()
    answer = recorded.get_json()["services"]
    assert [(row["enrollment_id"], row["client_id"]) for row in answer] == [tuple(map(str, guest)) for guest in guests]
    for enrollment_id, _ in guests:
        assert [(row["date_provided"], row["record_type"]) for row in services_of(client, network.a_worker, enrollment_id)] \
            == [("2025-10-16", 200)]
    for (enrollment_id, client_id), row in zip(guests, answer):
        decisions = client.get("/api/v1/decisions", headers=lead.headers, query_string={
            "resource_id": enrollment_id, "action": "enrollments:create", "since": since}).get_json()
        assert [decision["result"]["allow"] for decision in decisions] == [True]
        trail = client.get(f"/api/v1/audit/clients/{client_id}", headers=lead.headers).get_json()["accesses"]
        [written] = [access for access in trail if access["action"] == "service"]
        assert written["decision_id"] == decisions[0]["decision_id"]
        assert [change["op"] for change in announced_changes(clients_db, events.CHANGED["Services"], "services_id",
                                                             row["id"])] == [events.CREATED]


def test_one_guest_s_nights_for_a_run_of_dates(client, network, guests):
    enrollment_id, _ = guests[2]
    dates = ["2025-10-16", "2025-10-17", "2025-10-18"]
    recorded = client.post(BATCH, headers=network.a_worker.headers,
                           json={"services": [night(enrollment_id, date) for date in dates]})
    assert recorded.status_code == 201, recorded.get_json()
    assert [row["date_provided"] for row in services_of(client, network.a_worker, enrollment_id)] == dates


def test_a_batch_with_a_night_outside_the_stay_or_on_the_exit_date_records_nothing_and_names_each_item(
        client, network, guests):
    (head, _), (child, _), (alone, _) = guests
    assert client.post(f"/api/v1/enrollments/{alone}/exit", headers=network.a_worker.headers,
                       json={"exit_date": "2025-10-20", "destination": 410}).status_code == 201
    refused = client.post(BATCH, headers=network.a_worker.headers, json={"services": [
        night(head, "2025-10-16"), night(child, "2025-10-14"), night(alone, "2025-10-20"), night(alone, "2025-10-19")]})
    assert refused.status_code == 422, refused.get_json()
    assert refused.get_json()["fields"] == {"services": {
        "1": {"date_provided": [catalogue.rule("dq.record.before_entry").message]},
        "2": {"date_provided": [catalogue.rule("dq.bed_night.after_exit").message]}}}  # the catalogue's, as an import's
    assert all(services_of(client, network.a_worker, enrollment_id) == [] for enrollment_id in (head, child, alone))


def test_a_night_recorded_twice_is_refused_in_a_batch_and_alone(client, network, guests):
    (head, _), (child, _), _ = guests
    assert client.post(BATCH, headers=network.a_worker.headers,
                       json={"services": [night(head, "2025-10-16")]}).status_code == 201
    again = client.post(BATCH, headers=network.a_worker.headers,
                        json={"services": [night(child, "2025-10-16"), night(head, "2025-10-16")]})
    assert again.status_code == 409, again.get_json()
    assert again.get_json()["fields"] == {"services": {"1": {"date_provided": [
        catalogue.rule("dq.bed_night.duplicate").message]}}}
    twice_within = client.post(BATCH, headers=network.a_worker.headers,
                               json={"services": [night(child, "2025-10-17"), night(child, "2025-10-17")]})
    assert twice_within.status_code == 409 and list(twice_within.get_json()["fields"]["services"]) == ["1"]
    alone = client.post(f"/api/v1/enrollments/{head}/services", headers=network.a_worker.headers,
                        json={key: value for key, value in night(head, "2025-10-16").items() if key != "enrollment_id"})
    assert alone.status_code == 409
    assert services_of(client, network.a_worker, child) == []


def test_an_exit_before_recorded_bed_nights_keeps_them_each_with_its_finding(client, network, guests):
    """The API refuses a new bed night on or after the exit; an exit recorded later ends the stay before nights already
    recorded, which are kept and found, as an import keeps and finds them (the catalogue's dq.bed_night.after_exit)."""
    _, _, (alone, _) = guests
    assert client.post(BATCH, headers=network.a_worker.headers, json={"services": [
        night(alone, date) for date in ("2025-10-16", "2025-10-17", "2025-10-18")]}).status_code == 201
    assert client.post(f"/api/v1/enrollments/{alone}/exit", headers=network.a_worker.headers,
                       json={"exit_date": "2025-10-17", "destination": 410}).status_code == 201
    nights = {row["services_id"]: row["date_provided"] for row in services_of(client, network.a_worker, alone)}
    assert sorted(nights.values()) == ["2025-10-16", "2025-10-17", "2025-10-18"]
    findings = client.get("/api/v1/data-quality/findings", headers=network.a_worker.headers, query_string={
        "agency_id": network.a_worker.agency_id, "rule_id": "dq.bed_night.after_exit"}).get_json()
    assert sorted((nights[row["record_id"]], row["field"]) for row in findings if row["enrollment_id"] == alone) == [
        ("2025-10-17", "DateProvided"), ("2025-10-18", "DateProvided")]


def test_a_batch_touching_another_agency_s_enrollment_is_refused_whole(client, network, guests, clients_db):
    (head, _), _, _ = guests
    other = client.post("/api/v1/clients", headers=network.b_worker.headers,
                        json={"first_name": "Other", "last_name": "Guest"}).get_json()["id"]
    theirs = enroll(client, network.b_worker, add_project(clients_db, network.b_worker.agency_id), other)
    theirs_id = theirs.get_json()["enrollments"][0]["enrollment_id"]
    refused = client.post(BATCH, headers=network.a_worker.headers,
                          json={"services": [night(head, "2025-10-16"), night(theirs_id, "2025-10-16")]})
    assert refused.status_code == 403, refused.get_json()
    body = refused.get_json()
    assert body["reasons"] == ["other_agency"] and body["decision_id"]
    assert body["fields"] == {"services": {"1": {"enrollment_id": ["other_agency"]}}}
    assert services_of(client, network.a_worker, head) == []


def test_a_batch_s_own_rules(client, network, guests):
    (head, _), _, _ = guests
    unknown = client.post(BATCH, headers=network.a_worker.headers,
                          json={"services": [night(head, "2025-10-16"), night("nosuchenrollment", "2025-10-16")]})
    assert unknown.status_code == 404
    assert unknown.get_json()["fields"] == {"services": {"1": {"enrollment_id": ["no such enrollment"]}}}
    wrong_type = client.post(BATCH, headers=network.a_worker.headers,
                             json={"services": [{**night(head, "2025-10-16"), "type_provided": 1}]})
    assert wrong_type.status_code == 422
    assert wrong_type.get_json()["fields"] == {"services": {"0": {"type_provided": ["must be 200 for a bed night"]}}}
    assert client.post(BATCH, headers=network.a_worker.headers, json={"services": []}).status_code == 422
    assert client.post(BATCH, headers=network.a_reporter.headers,
                       json={"services": [night(head, "2025-10-16")]}).status_code == 403
    assert services_of(client, network.a_worker, head) == []


def test_the_roster_of_a_night_names_who_is_in_and_whose_bed_night_is_recorded(client, network, lead, shelter,
                                                                                guests):
    (head, head_client), (child, _), (alone, _) = guests
    assert client.post(BATCH, headers=network.a_worker.headers,
                       json={"services": [night(head, "2025-10-16")]}).status_code == 201
    assert client.post(f"/api/v1/enrollments/{alone}/exit", headers=network.a_worker.headers,
                       json={"exit_date": "2025-10-16", "destination": 410}).status_code == 201
    roster = client.get(f"/api/v1/projects/{shelter}/roster", headers=network.a_worker.headers,
                        query_string={"on": "2025-10-16"})
    assert roster.status_code == 200, roster.get_json()
    mine = {row["enrollment_id"]: row for row in roster.get_json()}
    assert alone not in mine  # exited that day: the night before was the last
    assert (mine[head]["first_name"], mine[head]["bed_night"], mine[child]["bed_night"]) == ("Test", True, False)
    trail = client.get(f"/api/v1/audit/clients/{head_client}", headers=lead.headers).get_json()["accesses"]
    assert any(access["action"] == "read" and "first_name" in access["fields"] for access in trail)
    before = client.get(f"/api/v1/projects/{shelter}/roster", headers=network.a_worker.headers,
                        query_string={"on": "2025-10-14"}).get_json()
    assert all(row["enrollment_id"] not in (head, child, alone) for row in before)  # not entered yet
    other = client.get(f"/api/v1/projects/{shelter}/roster", headers=network.b_worker.headers,
                       query_string={"on": "2025-10-16"})
    assert other.status_code == 403 and other.get_json()["reasons"] == ["other_agency"]
    assert client.get(f"/api/v1/projects/{shelter}/roster", headers=network.a_worker.headers).status_code == 422
    assert client.get("/api/v1/projects/nosuchproject/roster", headers=network.a_worker.headers,
                      query_string={"on": "2025-10-16"}).status_code == 404
