"""The first vertical slice, end to end through the gateway to running services."""
import uuid

import pytest
import requests
import sqlalchemy as sa

from clients.service import ClientsService
from support import eventually
from hmis_kit.db import make_engine
from hmis_platform.components import COMPONENTS

pytestmark = pytest.mark.e2e


@pytest.fixture
def service_calls(monkeypatch):
    """Counts calls that reach ClientsService methods (the real methods still run)."""
    calls: list[str] = []

    def spy(name):
        original = getattr(ClientsService, name)

        def counted(self, *args, **kwargs):
            calls.append(name)
            return original(self, *args, **kwargs)
        monkeypatch.setattr(ClientsService, name, counted)

    for method in ("create_client", "get_client"):
        spy(method)
    return calls


def test_created_client_is_readable_by_its_agency_and_counted_by_reports(client, network, new_client):
    read = client.get(f"/api/v1/clients/{new_client['id']}", headers=network.a_worker.headers)
    assert read.status_code == 200
    assert read.get_json()["first_name"] == "Test"
    assert read.get_json()["agency_id"] == network.a_worker.agency_id

    def counted():
        rows = client.get("/api/v1/reports/clients-per-agency", headers=network.a_reporter.headers).get_json()
        return rows and rows[0]["clients"] >= 1 and rows
    rows = eventually(counted)
    assert rows[0]["agency_id"] == network.a_worker.agency_id


def test_other_agency_is_denied_the_client_and_the_denial_is_logged(client, network, new_client, service_calls):
    denied = client.get(f"/api/v1/clients/{new_client['id']}", headers=network.b_worker.headers)
    assert denied.status_code == 403
    body = denied.get_json()
    assert body["reasons"] == ["other_agency"]
    assert "first_name" not in body and "Test" not in denied.get_data(as_text=True)
    assert service_calls == []  # the clients service never saw the read

    log = client.get("/api/v1/decisions", headers=network.admin.headers,
                     query_string={"resource_id": new_client["id"], "allowed": "false"}).get_json()
    assert [entry["decision_id"] for entry in log] == [body["decision_id"]]
    entry = log[0]
    assert entry["input"]["principal"]["agency_id"] == network.b_worker.agency_id
    assert entry["result"] == {"allow": False, "reasons": ["other_agency"]}
    assert entry["path"] == "hmis/authz/decision" and entry["revision"]


def test_allowed_request_reaches_the_service_once(client, network, new_client, service_calls):
    assert client.get(f"/api/v1/clients/{new_client['id']}", headers=network.a_worker.headers).status_code == 200
    assert service_calls == ["get_client"]


def test_role_without_permission_never_reaches_the_service(client, network, service_calls):
    response = client.post("/api/v1/clients", headers=network.a_reporter.headers,
                           json={"first_name": "No", "last_name": "Access"})
    assert response.status_code == 403
    assert response.get_json()["reasons"] == ["role_not_permitted"]
    assert service_calls == []


def test_agency_id_in_the_body_is_refused_and_a_client_is_the_callers_agencys(client, network):
    # Issue 17: an unknown field is refused, not ignored as it was; the record is the caller's agency's either way.
    response = client.post("/api/v1/clients", headers=network.a_worker.headers,
                           json={"first_name": "Own", "last_name": "Agency", "agency_id": network.b_worker.agency_id})
    assert response.status_code == 422 and response.get_json()["fields"] == {"agency_id": ["Unknown field."]}
    response = client.post("/api/v1/clients", headers=network.a_worker.headers,
                           json={"first_name": "Own", "last_name": "Agency"})
    assert response.status_code == 201
    assert response.get_json()["agency_id"] == network.a_worker.agency_id


@pytest.mark.parametrize("body, field, rule", [
    ({"last_name": "Person"}, "first_name", "Missing data for required field."),
    ({"first_name": "A", "last_name": "B", "dob": "2999-01-01"}, "dob", "must not be in the future"),
    ({"first_name": "A", "last_name": "B", "dob": "1850-01-01"}, "dob", "must be on or after 1900-01-01"),
    ({"first_name": "A", "last_name": "B", "dob": "yesterday"}, "dob", "Not a valid date."),
    ({"first_name": "", "last_name": "B"}, "first_name", "Length must be between 1 and 50."),
])
def test_bad_client_input_is_rejected_naming_field_and_rule(client, network, body, field, rule):
    response = client.post("/api/v1/clients", headers=network.a_worker.headers, json=body)
    assert response.status_code == 422
    assert response.get_json()["error"] == "validation"
    assert rule in response.get_json()["fields"][field]


def test_body_that_is_not_a_json_object_is_rejected(client, network):
    response = client.post("/api/v1/clients", headers=network.a_worker.headers, data="[1, 2]",
                           content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["fields"] == {"_body": ["not a JSON object"]}


def test_unknown_client_is_not_found(client, network):
    response = client.get("/api/v1/clients/00000000-0000-0000-0000-000000000000", headers=network.a_worker.headers)
    assert response.status_code == 404
    assert client.get("/api/v1/clients/not-a-uuid", headers=network.a_worker.headers).status_code == 404


def test_correlation_id_travels_from_request_to_event(client, network, settings):
    response = client.post("/api/v1/clients", headers={**network.a_worker.headers, "X-Correlation-ID": "trace-me-42"},
                           json={"first_name": "Traced", "last_name": "Request"})
    assert response.headers["X-Correlation-ID"] == "trace-me-42"
    engine = make_engine(settings.database_url("clients"))
    with engine.connect() as connection:
        envelope = connection.execute(sa.text(
            "SELECT envelope FROM outbox WHERE envelope->'data'->'changes'->0->>'client_id' = :c"),
            {"c": response.get_json()["id"]}).scalar_one()
    engine.dispose()
    assert envelope["correlation_id"] == "trace-me-42"
    assert set(envelope) >= {"event_id", "type", "occurred_at", "source", "schema_version", "data"}
    assert envelope["data"] == {"changes": [{"op": "created", "client_id": response.get_json()["id"],
                                             "personal_id": uuid.UUID(response.get_json()["id"]).hex, "source": 1,
                                             "agency_id": network.a_worker.agency_id}]}


def test_every_service_answers_health_and_ready_on_its_own_port(platform, settings):
    for component in platform:
        base = f"http://{settings.http_host}:{settings.http_port(COMPONENTS[component].port)}"
        assert requests.get(f"{base}/health", timeout=5).json() == {"status": "ok", "service": component}
        ready = requests.get(f"{base}/ready", timeout=5)
        assert ready.status_code == 200 and ready.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_hmis_lead_sees_every_service_status_through_the_gateway(client, network):
    statuses = client.get("/api/v1/system/services", headers=network.admin.headers).get_json()
    assert [s["service"] for s in statuses] == ["identity", "clients", "consent", "ces", "training", "reports"]
    assert all(s["schema_revision"] for s in statuses)
    assert client.get("/api/v1/system/services", headers=network.a_admin.headers).status_code == 403
