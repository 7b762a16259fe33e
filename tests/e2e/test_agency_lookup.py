"""Agencies looked up by name (GET /agencies/names, agencies:lookup): whoever records consents names the agencies a
release of information goes to without knowing their ids, and sees each active agency's id and name, nothing more;
everyone else is refused, and bad input is a 4xx naming the field."""
import uuid

import pytest

from hmis_platform.onboarding import expect

pytestmark = pytest.mark.e2e


def looked_up(client, person, **query) -> tuple[int, object]:
    response = client.get("/api/v1/agencies/names", headers=person.headers, query_string=query)
    return response.status_code, response.get_json()


@pytest.fixture(scope="module")
def named(call, lead) -> dict:
    """Four agencies whose names share a token: two active, one pending (it applied), one suspended."""
    token = f"Lookup{uuid.uuid4().hex[:6]}"

    def create(name: str, status: str = "active") -> str:
        return expect(call, "POST", "/api/v1/agencies", headers=lead.headers,
                      json={"name": f"{name} {token}", "status": status})["id"]

    agencies = {"harbor": create("Harbor Shelter"), "bayside": create("Bayside Outreach"),
                "pending": create("Pending Pantry", "pending"), "suspended": create("Suspended Services")}
    expect(call, "POST", f"/api/v1/agencies/{agencies['suspended']}/status", headers=lead.headers,
           json={"status": "suspended", "reason": "fees unpaid"})
    return {"token": token, **agencies}


def test_a_case_worker_finds_active_agencies_by_part_of_their_name_seeing_id_and_name_only(client, network, named):
    token = named["token"]
    status, found = looked_up(client, network.a_worker, name=token.upper())  # any case
    assert status == 200, found
    assert found == [{"id": named["bayside"], "name": f"Bayside Outreach {token}"},  # by name; no other field
                     {"id": named["harbor"], "name": f"Harbor Shelter {token}"}]
    status, one = looked_up(client, network.a_worker, name=f"shelter {token.lower()}")
    assert status == 200 and [row["id"] for row in one] == [named["harbor"]]
    status, by_id = looked_up(client, network.a_worker, name=named["bayside"])
    assert status == 200 and [row["id"] for row in by_id] == [named["bayside"]]
    status, inactive = looked_up(client, network.a_worker, name=named["suspended"])
    assert status == 200 and inactive == []  # suspended (and pending, above) agencies are not offered
    status, wildcards = looked_up(client, network.a_worker, name=f"{token}%")  # LIKE's wildcards are letters too
    assert status == 200 and wildcards == []
    status, limited = looked_up(client, network.a_worker, name=token, limit=1)
    assert status == 200 and [row["id"] for row in limited] == [named["bayside"]]


def test_agency_administrators_and_the_lead_look_agencies_up_and_no_one_else_does(call, client, network, lead,
                                                                                  named):
    for person in (network.a_admin, network.b_worker, lead):
        status, found = looked_up(client, person, name=named["token"])
        assert status == 200 and len(found) == 2, person.username
    status, refused = looked_up(client, network.a_reporter, name=named["token"])
    assert status == 403 and refused["reasons"] == ["role_not_permitted"]
    key = expect(call, "POST", "/api/v1/api-keys", headers=network.a_admin.headers,
                 json={"name": f"Lookup key {named['token']}", "scopes": ["clients:read"], "purpose": "referral"})
    response = client.get("/api/v1/agencies/names", headers={"X-API-Key": key["key"]},
                          query_string={"name": named["token"]})
    assert response.status_code == 403 and "action_not_for_api_keys" in response.get_json()["reasons"]
    logged = client.get("/api/v1/decisions", headers=lead.headers, query_string={
        "action": "agencies:lookup", "principal_id": network.a_reporter.user_id}).get_json()
    assert logged and not logged[0]["allowed"]


@pytest.mark.parametrize("query, field", [
    ({}, "name"), ({"name": ""}, "name"), ({"name": "x" * 101}, "name"), ({"name": "shelter", "limit": 0}, "limit"),
    ({"name": "shelter", "limit": "many"}, "limit"), ({"name": "shelter", "status": "suspended"}, "status"),
])
def test_bad_input_is_refused_naming_the_field(client, network, query, field):
    status, refused = looked_up(client, network.a_worker, **query)
    assert status == 422 and refused["error"] == "validation" and list(refused["fields"]) == [field], refused
