"""What compliance officers read: purposes are codes (free text is refused before anything stores it),
a client's access history as CSV holds its denials too, an unknown format is refused, and every row
names its principal and agency; the audit chains verify through the gateway; users and keys are looked up by name
by compliance officers only."""
import csv
import io
import json
import uuid
from datetime import datetime, timezone

import pytest

from e2e.conftest import PASSWORD
from hmis_platform.onboarding import Person, expect, onboard

pytestmark = pytest.mark.e2e
FREE_TEXT = "Jane Roe SSN 123-45-6789 DOB 1980-05-17"


def test_a_free_text_purpose_is_refused_before_anything_stores_it(client, network, lead, new_client):
    since = datetime.now(timezone.utc).isoformat()
    path = f"/api/v1/clients/{new_client['id']}"
    refused = client.get(path, headers={**network.a_worker.headers, "X-Purpose": FREE_TEXT})
    assert refused.status_code == 422 and list(refused.get_json()["fields"]) == ["X-Purpose"]
    assert "must be one of: client_services, case_management" in refused.get_json()["fields"]["X-Purpose"][0]
    assert client.get(path, headers={**network.a_worker.headers, "X-Purpose": "case_management"}).status_code == 200
    decisions = client.get("/api/v1/decisions", headers=lead.headers,
                           query_string={"resource_id": new_client["id"], "since": since}).get_json()
    trail = client.get(f"/api/v1/audit/clients/{new_client['id']}", headers=lead.headers).get_json()
    assert [d["input"]["purpose"] for d in decisions] == ["case_management"]
    assert [a["purpose"] for a in trail["accesses"] if a["action"] == "read"] == ["case_management"]
    assert "Jane Roe" not in json.dumps([decisions, trail])


def test_a_partner_key_is_issued_for_a_purpose_code_only(client, network):
    refused = client.post("/api/v1/api-keys", headers=network.a_admin.headers,
                          json={"name": "CRM", "scopes": ["clients:read"], "purpose": "whatever we like"})
    assert refused.status_code == 422 and "purpose" in refused.get_json()["fields"]
    issued = client.post("/api/v1/api-keys", headers=network.a_admin.headers,
                         json={"name": "CRM", "scopes": ["clients:read"], "purpose": "referral"})
    assert issued.status_code == 201 and issued.get_json()["purpose"] == "referral"


def test_the_access_history_as_csv_holds_the_denials_too_with_names(client, network, lead, new_client):
    path = f"/api/v1/audit/clients/{new_client['id']}"
    assert client.get(f"/api/v1/clients/{new_client['id']}", headers=network.b_worker.headers).status_code == 403
    as_json = client.get(path, headers=lead.headers).get_json()
    table = list(csv.DictReader(io.StringIO(client.get(f"{path}?format=csv", headers=lead.headers).get_data(as_text=True))))
    assert len(table) == len(as_json["accesses"]) + len(as_json["denials"])
    denied = [row for row in table if row["outcome"] == "denied"]
    assert [(row["decision_id"], row["principal_id"], row["reasons"]) for row in denied] == \
        [(d["decision_id"], network.b_worker.user_id, "other_agency") for d in as_json["denials"]]
    assert table == sorted(table, key=lambda row: datetime.fromisoformat(row["occurred_at"]))
    # Whose ids they are, for the compliance officer: usernames and agency names, in JSON and CSV alike.
    created = next(row for row in table if row["action"] == "create")
    assert created["principal_name"] == network.a_worker.username and created["agency_name"].startswith("Agency A")
    assert denied[0]["principal_name"] == network.b_worker.username
    assert as_json["denials"][0]["agency_name"].startswith("Agency B")
    assert as_json["accesses"][0]["principal_name"] == network.a_worker.username


def test_an_unknown_format_is_refused_naming_the_field(client, lead, network, new_client):
    for path in (f"/api/v1/audit/clients/{new_client['id']}", "/api/v1/audit/break-glass",
                 f"/api/v1/audit/principals/{network.a_worker.user_id}", "/api/v1/decisions"):
        refused = client.get(f"{path}?format=xml", headers=lead.headers)
        assert refused.status_code == 422, path
        assert refused.get_json()["fields"] == {"format": ["must be one of: json, csv"]}


def test_partner_keys_are_named_in_the_trail_by_their_name(call, client, lead, network, new_client):
    key = expect(call, "POST", "/api/v1/api-keys", headers=network.a_admin.headers,
                 json={"name": "Named bridge", "scopes": ["clients:read"], "purpose": "referral"})
    assert client.get(f"/api/v1/clients/{new_client['id']}", headers={"X-API-Key": key["key"]}).status_code == 200
    rows = client.get(f"/api/v1/audit/principals/{key['id']}", headers=lead.headers).get_json()
    assert [(row["principal_kind"], row["principal_name"], row["purpose"]) for row in rows] == \
        [("api_key", "Named bridge", "referral")]


def test_the_audit_chains_verify_through_the_gateway_for_the_lead_and_not_for_a_case_worker(call, client, lead, network,
                                                                                         new_client):
    chains = expect(call, "GET", "/api/v1/audit/verification", headers=lead.headers)
    assert [chain["source"] for chain in chains] == ["clients", "consent", "ces"]
    clients_chain = chains[0]
    assert clients_chain["intact"] and clients_chain["broken_row"] is None and clients_chain["problem"] is None
    assert clients_chain["rows"] >= 1  # the new client's creation is audited
    refused = client.get("/api/v1/audit/verification", headers=network.a_worker.headers)
    assert refused.status_code == 403 and "role_not_permitted" in refused.get_json()["reasons"]


@pytest.fixture(scope="module")
def officer(call, lead):
    """A compliance officer of the HMIS lead's agency (licensed and trained)."""
    return onboard(call, lead, lead, Person(f"compliance.{uuid.uuid4().hex[:6]}", PASSWORD), ["compliance_officer"],
                   lead.agency_id, "audit:read")


def looked_up(client, person, **query) -> tuple[int, object]:
    response = client.get("/api/v1/principals", headers=person.headers, query_string=query)
    return response.status_code, response.get_json()


def test_a_compliance_officer_looks_users_and_keys_up_by_name_seeing_who_they_are_and_nothing_more(call, client,
                                                                                                 network, officer):
    suffix = network.b_worker.username.rsplit(".", 1)[1]  # every person of the network has it
    status, found = looked_up(client, officer, name=suffix.upper())
    assert status == 200, found
    assert {row["name"] for row in found} == {f"{person}.{suffix}" for person in (
        "a.admin", "a.worker", "a.reporter", "b.admin", "b.worker")}
    worker = next(row for row in found if row["id"] == network.a_worker.user_id)
    assert set(worker) == {"id", "kind", "name", "agency_id", "agency_name"}  # no contact, role or license
    assert (worker["kind"], worker["agency_id"]) == ("user", network.a_worker.agency_id)
    assert worker["agency_name"].startswith("Agency A")
    status, of_b = looked_up(client, officer, name=suffix, agency_id=network.b_worker.agency_id)
    assert status == 200 and sorted(row["name"] for row in of_b) == [f"b.admin.{suffix}", f"b.worker.{suffix}"]
    status, by_id = looked_up(client, officer, name=network.a_worker.user_id)  # an id, as the decision log shows it
    assert status == 200 and [row["name"] for row in by_id] == [network.a_worker.username]
    key = expect(call, "POST", "/api/v1/api-keys", headers=network.a_admin.headers,
                 json={"name": f"Lookup bridge {suffix}", "scopes": ["clients:read"], "purpose": "referral"})
    status, keys = looked_up(client, officer, name="lookup BRIDGE")
    assert status == 200 and (key["id"], "api_key") in [(row["id"], row["kind"]) for row in keys]
    status, none = looked_up(client, officer, name="%_")  # LIKE's wildcards are letters like any other
    assert status == 200 and none == []
    status, two = looked_up(client, officer, name=suffix, limit=2)
    assert status == 200 and len(two) == 2


def test_no_one_but_compliance_officers_and_the_lead_looks_users_up_and_every_lookup_is_in_the_decision_log(
        client, network, lead, officer):
    for person in (network.a_worker, network.a_admin, network.a_reporter):
        status, refused = looked_up(client, person, name="worker")
        assert status == 403 and refused["reasons"] == ["role_not_permitted"], person.username
    assert looked_up(client, lead, name="worker")[0] == 200
    logged = client.get("/api/v1/decisions", headers=officer.headers, query_string={
        "action": "principals:lookup", "principal_id": network.a_worker.user_id}).get_json()
    assert logged and not logged[0]["allowed"] and logged[0]["result"]["reasons"] == ["role_not_permitted"]
    assert looked_up(client, officer, name="worker")[0] == 200
    logged = client.get("/api/v1/decisions", headers=officer.headers, query_string={
        "action": "principals:lookup", "principal_id": officer.user_id}).get_json()
    assert logged and logged[0]["allowed"]


@pytest.mark.parametrize("query, field", [
    ({}, "name"), ({"name": "w"}, "name"), ({"name": "worker", "limit": 0}, "limit"),
    ({"name": "worker", "agency_id": "not-an-id"}, "agency_id"), ({"name": "worker", "phone": "1"}, "phone"),
])
def test_a_bad_lookup_is_refused_naming_the_field(client, officer, query, field):
    status, refused = looked_up(client, officer, **query)
    assert status == 422 and field in refused["fields"], refused
