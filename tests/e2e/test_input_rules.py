"""What no request may carry, on every route with or without a login (hmis_kit.inputs, gateway parameters.py):
text PostgreSQL cannot store, integers and dates and times out of its range, fields nobody knows; a client
record that says nothing; and the headers on every answer (gateway headers.py). Each is a 422 naming the
field and the rule, never a 500."""
import uuid
from datetime import date, timedelta

import pytest

from e2e.test_consent_records import consent_body
from hmis_gateway.client_address import trusted_networks

pytestmark = pytest.mark.e2e
NUL_RULE = "must not contain NUL or other control characters (tab, line feed and carriage return excepted)"
INT4_RULE = "must be between -2147483648 and 2147483647"
OFFSET_RULE = "the time-zone offset must be within -14:00 and +14:00"
UTC_RULE = "must fall between the years 1 and 9999 in UTC"


def refused(response, field: str) -> list[str]:
    """The rules the 422 names for `field`."""
    assert response.status_code == 422, (response.status_code, response.get_json())
    body = response.get_json()
    assert body["error"] == "validation", body
    return body["fields"][field]


# 5. Values PostgreSQL cannot store

def test_nul_in_a_login_is_refused_naming_the_field(client):
    answer = client.post("/api/v1/auth/login", json={"username": "a\x00dmin", "password": "x\x00y"})
    assert refused(answer, "username") == [NUL_RULE] and refused(answer, "password") == [NUL_RULE]


def test_nul_in_an_agency_application_is_refused_naming_the_field(client):
    assert refused(client.post("/api/v1/agency-applications", json={"name": "Shelter\x00"}), "name") == [NUL_RULE]


def test_a_lone_surrogate_is_refused_as_text_that_cannot_be_stored(client):
    answer = client.post("/api/v1/agency-applications", data='{"name": "Shelter \\ud800"}',
                         content_type="application/json")
    assert refused(answer, "name") == ["must be valid Unicode (a lone surrogate is not)"]


def test_nul_in_a_client_record_is_refused_naming_the_field(client, network):
    answer = client.post("/api/v1/clients", headers=network.a_worker.headers,
                         json={"first_name": "Ann\x00", "last_name": "Lee\x07"})
    assert refused(answer, "first_name") == [NUL_RULE] and refused(answer, "last_name") == [NUL_RULE]


def test_nul_in_a_path_or_query_parameter_is_refused_naming_it(client, network):
    in_path = client.get("/api/v1/training/courses/new%00user/quiz", headers=network.a_worker.headers)
    assert refused(in_path, "course_code") == [NUL_RULE]
    in_query = client.get("/api/v1/training/sessions?course_code=new%00user", headers=network.a_worker.headers)
    assert refused(in_query, "course_code") == [NUL_RULE]


def test_an_integer_beyond_the_column_is_refused_naming_the_field(client, network, lead):
    agency = client.get("/api/v1/agencies", headers=lead.headers).get_json()[0]["id"]
    answer = client.post(f"/api/v1/agencies/{agency}/fees", headers=lead.headers,
                         json={"quarter": "2099Q1", "amount_cents": 2 ** 31, "due_date": "2099-01-15"})
    assert refused(answer, "amount_cents") == [INT4_RULE]
    answer = client.post("/api/v1/clients", headers=network.a_worker.headers,
                         json={"first_name": "Big", "veteran_status": -(2 ** 63)})
    assert INT4_RULE in refused(answer, "veteran_status")


@pytest.mark.parametrize("since, rule", [("2026-01-01T00:00:00+23:59", OFFSET_RULE),
                                         ("9999-12-31T23:59:59-01:00", UTC_RULE)])
def test_an_odd_date_and_time_in_a_query_is_refused_naming_the_parameter(client, lead, since, rule):
    for path in ("/api/v1/audit/authentication", "/api/v1/decisions"):
        answer = client.get(path, headers=lead.headers, query_string={"since": since})
        assert refused(answer, "since") == [rule], path


@pytest.mark.parametrize("starts_at, rule", [("2099-01-01T09:00:00+23:00", OFFSET_RULE),
                                             ("0001-01-01T00:30:00+01:00", UTC_RULE)])  # year 0 in UTC
def test_an_odd_date_and_time_in_a_body_is_refused_naming_the_field(client, lead, starts_at, rule):
    answer = client.post("/api/v1/training/sessions", headers=lead.headers, json={
        "course_code": "new_user", "starts_at": starts_at, "capacity": 10, "location": "Room 1"})
    assert refused(answer, "starts_at") == [rule]


# 7. Fields nobody knows, and records that say nothing

def test_an_unknown_or_misspelt_field_is_refused_naming_it(client, network):
    answer = client.post("/api/v1/clients", headers=network.a_worker.headers,
                         json={"first_name": "Vera", "veteran": 1, "agency_id": network.b_worker.agency_id})
    assert refused(answer, "veteran") == ["Unknown field."] and refused(answer, "agency_id") == ["Unknown field."]
    unknown_login = client.post("/api/v1/auth/login", json={"username": "x", "password": "y", "remember": True})
    assert refused(unknown_login, "remember") == ["Unknown field."]


def test_an_unknown_query_parameter_is_refused_naming_it(client, lead):
    answer = client.get("/api/v1/decisions?limit=5&principal=me", headers=lead.headers)
    assert refused(answer, "principal") == ["Unknown field."]
    # `format` says how to answer, not what: every compliance view still takes it.
    assert client.get("/api/v1/decisions?limit=5&format=csv", headers=lead.headers).status_code == 200


def test_a_client_saying_nothing_is_refused_but_an_anonymous_one_answering_hud_is_recorded(client, network):
    for says_nothing in ({}, {"name_suffix": "Jr."}):
        answer = client.post("/api/v1/clients", headers=network.a_worker.headers, json=says_nothing)
        assert refused(answer, "_body")[0].startswith("a new client needs one of first_name, last_name, dob, ssn or "
                                                      "an answer to one of HUD's universal data elements")
    anonymous = client.post("/api/v1/clients", headers=network.a_worker.headers, json={"name_data_quality": 9})
    assert anonymous.status_code == 201, anonymous.get_json()
    # An edit sends only what changes: nothing to say about who the client is.
    edited = client.put(f"/api/v1/clients/{anonymous.get_json()['id']}", headers=network.a_worker.headers,
                          json={"veteran_status": 0})
    assert edited.status_code == 200, edited.get_json()


def test_a_consent_ending_before_its_default_start_is_refused_like_one_ending_before_its_start(client, network,
                                                                                              new_client):
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    path = f"/api/v1/clients/{new_client['id']}/consents"
    omitted = client.post(path, headers=network.a_worker.headers, json=consent_body(end_date=yesterday))
    assert refused(omitted, "end_date") == ["before start_date (which defaults to signed_on)"]
    explicit = client.post(path, headers=network.a_worker.headers,
                           json=consent_body(start_date=date.today().isoformat(), end_date=yesterday))
    assert refused(explicit, "end_date") == ["before start_date"]


# 9. Security headers on every answer

SECURITY_HEADERS = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
                    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; "
                                               "form-action 'none'"}


def test_every_answer_carries_the_security_headers_and_hsts_only_over_tls(client, network, new_client):
    answers = [client.get(f"/api/v1/clients/{new_client['id']}", headers=network.a_worker.headers),
               client.post("/api/v1/auth/login", json={}), client.get("/health"),
               client.get(f"/api/v1/clients/{uuid.uuid4()}", headers=network.a_worker.headers)]
    assert [answer.status_code for answer in answers] == [200, 422, 200, 404]
    for answer in answers:
        assert {name: answer.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
        assert "Strict-Transport-Security" not in answer.headers
    over_tls = client.get(f"/api/v1/clients/{new_client['id']}", headers=network.a_worker.headers,
                          base_url="https://localhost")
    assert over_tls.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_hsts_behind_a_proxy_only_when_the_proxy_is_trusted(client, app, monkeypatch):
    forwarded = {"X-Forwarded-Proto": "https"}
    from_anyone = client.get("/health", headers=forwarded, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert "Strict-Transport-Security" not in from_anyone.headers
    monkeypatch.setattr(app.extensions["hmis"], "trusted_proxies", trusted_networks(["198.51.100.0/24"]))
    from_proxy = client.get("/health", headers=forwarded, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert "Strict-Transport-Security" in from_proxy.headers
    plain = client.get("/health", headers={"X-Forwarded-Proto": "http"}, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert "Strict-Transport-Security" not in plain.headers
