"""De-duplication through the gateway: an uncertain match waits in the review list for a person, whose
decision links the two records or keeps them apart for good; a split gives a record its own person back
and the pair is never linked again automatically. Only administrators of the agency holding both records,
or the HMIS lead, see the list and act on it."""
import uuid

import pytest
import sqlalchemy as sa

from hmis_kit.db import make_engine

pytestmark = pytest.mark.e2e
REVIEWS = "/api/v1/client-match-reviews"
REVIEW_FIELDS = {"id", "client_id", "candidate_id", "matched_on", "status", "decision", "resolved_by", "resolved_at",
                 "created_at"}


@pytest.fixture(scope="module")
def clients_db(settings):
    """The clients service's database, for what the API does not answer: each record's person, the outbox."""
    engine = make_engine(settings.database_url("clients"))
    yield engine
    engine.dispose()


def record(client, person, **body) -> str:
    response = client.post("/api/v1/clients", headers=person.headers, json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def namesakes(client, *people_and_first_names) -> list[str]:
    """Records, one per (person recording it, first name), with one DOB and a last name no other test uses,
    and no SSN: different first names agree on DOB and last name only (an uncertain match), equal ones on
    name and DOB too (linked at once)."""
    last_name = f"Namesake{uuid.uuid4().hex[:8]}"
    return [record(client, person, first_name=first_name, last_name=last_name, dob="1971-03-14")
            for person, first_name in people_and_first_names]


def persons(engine, *client_ids: str) -> list[str]:
    with engine.connect() as connection:
        person_of = dict(connection.execute(sa.text("SELECT id::text, person_id::text FROM clients "
                                                    "WHERE id::text = ANY(:ids)"), {"ids": list(client_ids)}).all())
    return [person_of[client_id] for client_id in client_ids]


def announced(engine, event_type: str, client_id: str) -> list[dict]:
    with engine.connect() as connection:
        return list(connection.execute(sa.text(
            "SELECT envelope->'data' FROM outbox WHERE routing_key = :t AND envelope->'data'->>'client_id' = :c "
            "ORDER BY id"), {"t": event_type, "c": client_id}).scalars())


def listed(client, person, **query) -> list[dict]:
    response = client.get(REVIEWS, headers=person.headers, query_string={"limit": 1000, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def review_of(client, admin, first: str, second: str, status: str = "pending") -> dict:
    """The review of the pair, as the administrator of the agency holding both sees it."""
    return next(review for review in listed(client, admin, agency_id=admin.agency_id, status=status)
                if {review["client_id"], review["candidate_id"]} == {first, second})


def resolve(client, person, review_id: str, decision):
    return client.post(f"{REVIEWS}/{review_id}/resolution", headers=person.headers, json={"decision": decision})


def split(client, person, client_id: str, other_client_id: str):
    return client.post(f"/api/v1/clients/{client_id}/split", headers=person.headers,
                       json={"other_client_id": other_client_id})


def access_actions(client, network, client_id: str) -> list[tuple[str, str]]:
    history = client.get(f"/api/v1/clients/{client_id}/record", headers=network.a_worker.headers).get_json()
    return [(access["action"], access["principal_id"]) for access in history["access_history"]]


def test_an_uncertain_match_waits_for_review_with_ids_and_what_matched_only(client, network, lead, clients_db):
    first, second = namesakes(client, (network.a_worker, "Maria"), (network.a_worker, "Marta"))
    assert persons(clients_db, first, second) == [first, second]
    review = review_of(client, network.a_admin, first, second)
    assert set(review) == REVIEW_FIELDS
    assert (review["client_id"], review["candidate_id"], review["matched_on"], review["status"], review["decision"]) \
        == (second, first, ["dob", "last_name"], "pending", None)
    assert review["id"] in {listed_review["id"] for listed_review in listed(client, lead)}


def test_same_person_links_both_records_to_the_earlier_records_person_once(client, network, clients_db):
    first, second = namesakes(client, (network.a_worker, "Maria"), (network.a_worker, "Marta"))
    review = review_of(client, network.a_admin, first, second)
    resolved = resolve(client, network.a_admin, review["id"], "same_person")
    assert resolved.status_code == 200, resolved.get_json()
    assert {key: resolved.get_json()[key] for key in ("status", "decision", "resolved_by")} == {
        "status": "resolved", "decision": "same_person", "resolved_by": network.a_admin.user_id}
    assert persons(clients_db, first, second) == [first, first]
    again = resolve(client, network.a_admin, review["id"], "different_people")
    assert again.status_code == 409 and again.get_json()["error"] == "conflict"
    assert again.get_json()["fields"] == {"review_id": ["already resolved: same_person"]}
    assert persons(clients_db, first, second) == [first, first]
    assert review_of(client, network.a_admin, first, second, status="resolved")["id"] == review["id"]
    assert review["id"] not in {pending["id"] for pending in listed(client, network.a_admin,
                                                                     agency_id=network.a_admin.agency_id)}
    assert announced(clients_db, "clients.client.linked", second) == [{"client_id": second, "person_id": first}]
    for client_id in (first, second):
        assert ("link", network.a_admin.user_id) in access_actions(client, network, client_id)


def test_different_people_are_never_linked_even_once_their_names_agree(client, network, clients_db):
    first, second = namesakes(client, (network.a_worker, "Maria"), (network.a_worker, "Marta"))
    review = review_of(client, network.a_admin, first, second)
    resolved = resolve(client, network.a_admin, review["id"], "different_people")
    assert resolved.status_code == 200 and resolved.get_json()["decision"] == "different_people"
    edited = client.put(f"/api/v1/clients/{second}", headers=network.a_worker.headers, json={"first_name": "Maria"})
    assert edited.status_code == 200, edited.get_json()
    assert persons(clients_db, first, second) == [first, second]
    assert announced(clients_db, "clients.client.linked", second) == []
    assert ("keep_apart", network.a_admin.user_id) in access_actions(client, network, second)


def test_a_split_record_gets_its_own_person_and_is_not_linked_again(client, network, clients_db):
    first, second = namesakes(client, (network.a_worker, "Ana"), (network.a_worker, "Ana"))
    assert persons(clients_db, first, second) == [first, first]
    answer = split(client, network.a_admin, second, first)
    assert answer.status_code == 200, answer.get_json()
    assert {key: answer.get_json()[key] for key in ("client_id", "other_client_id", "split_by")} == {
        "client_id": second, "other_client_id": first, "split_by": network.a_admin.user_id}
    assert persons(clients_db, first, second) == [first, second]
    edited = client.put(f"/api/v1/clients/{second}", headers=network.a_worker.headers, json={"dob": "1971-03-14"})
    assert edited.status_code == 200, edited.get_json()
    assert persons(clients_db, first, second) == [first, second]
    assert announced(clients_db, "clients.client.split", second) == [{"client_id": second, "other_client_id": first}]
    assert ("split", network.a_admin.user_id) in access_actions(client, network, first)
    apart = split(client, network.a_admin, second, first)
    assert apart.status_code == 422
    assert apart.get_json()["fields"] == {"other_client_id": ["not the same person as the client split from it"]}


def test_splitting_a_persons_first_record_keeps_the_others_together(client, network, clients_db):
    first, second, third = namesakes(client, *[(network.a_worker, "Ana")] * 3)
    assert persons(clients_db, first, second, third) == [first] * 3
    assert split(client, network.a_admin, first, second).status_code == 200
    assert persons(clients_db, first, second, third) == [first, second, second]
    assert announced(clients_db, "clients.client.linked", third) == [{"client_id": third, "person_id": second}]


@pytest.mark.parametrize("body", [{"decision": "merge"}, {}])
def test_a_resolution_names_the_decisions_it_knows(client, network, body):
    first, second = namesakes(client, (network.a_worker, "Maria"), (network.a_worker, "Marta"))
    review = review_of(client, network.a_admin, first, second)
    refused = client.post(f"{REVIEWS}/{review['id']}/resolution", headers=network.a_admin.headers, json=body)
    assert refused.status_code == 422
    assert refused.get_json()["fields"] == {"decision": (["Must be one of: same_person, different_people."] if body
                                                         else ["Missing data for required field."])}
    assert review_of(client, network.a_admin, first, second)["status"] == "pending"


def test_unknown_reviews_and_clients_are_not_found(client, network, lead):
    (known,) = namesakes(client, (network.a_worker, "Solo"))
    assert resolve(client, lead, str(uuid.uuid4()), "same_person").status_code == 404
    assert split(client, lead, str(uuid.uuid4()), known).status_code == 404
    unknown_other = split(client, lead, known, str(uuid.uuid4()))
    assert unknown_other.status_code == 404 and "other_client_id" in unknown_other.get_json()["fields"]


def test_only_administrators_of_the_agency_holding_both_records_act_on_a_pair(client, network, lead, clients_db):
    first, second, third = namesakes(client, (network.a_worker, "Maria"), (network.a_worker, "Marta"),
                                     (network.a_worker, "Maria"))
    review = review_of(client, network.a_admin, first, second)
    for person in (network.a_worker, network.b_admin):
        assert client.get(REVIEWS, headers=person.headers,
                          query_string={"agency_id": network.a_admin.agency_id}).status_code == 403
        assert client.get(REVIEWS, headers=person.headers).status_code == 403
        assert resolve(client, person, review["id"], "same_person").status_code == 403
        assert split(client, person, third, first).status_code == 403
    assert client.get(REVIEWS, headers=network.a_admin.headers).status_code == 403  # every agency's: the lead's
    assert persons(clients_db, first, second, third) == [first, second, first]
    assert review_of(client, network.a_admin, first, second)["status"] == "pending"


def test_the_hmis_lead_resolves_a_match_across_agencies(client, network, lead, clients_db):
    ours, theirs = namesakes(client, (network.a_worker, "Maria"), (network.b_worker, "Marta"))
    review = next(review for review in listed(client, lead) if review["client_id"] == theirs)
    assert review["candidate_id"] == ours
    assert review["id"] not in {listed_review["id"] for listed_review in listed(
        client, network.a_admin, agency_id=network.a_admin.agency_id)}
    denied = resolve(client, network.a_admin, review["id"], "same_person")
    assert denied.status_code == 403 and denied.get_json()["reasons"] == ["other_agency"]
    assert resolve(client, lead, review["id"], "same_person").status_code == 200
    assert persons(clients_db, ours, theirs) == [ours, ours]
