"""HUD's client right of access: a client's record, and everyone who accessed it, on request."""
import csv
import io

import pytest

from e2e.test_consent_records import consent_body
from hmis_platform.onboarding import expect
from support import eventually

pytestmark = pytest.mark.e2e


def test_an_agency_exports_a_clients_record_with_its_whole_access_history(call, client, network, new_client):
    worker = network.a_worker
    expect(call, "POST", f"/api/v1/clients/{new_client['id']}/consents", headers=worker.headers,
                     json=consent_body())
    expect(call, "GET", f"/api/v1/clients/{new_client['id']}", headers=worker.headers)
    record = expect(call, "GET", f"/api/v1/clients/{new_client['id']}/record", headers=worker.headers)
    assert record["client"]["id"] == new_client["id"] and record["client"]["first_name"] == "Test"
    history = [(row["source"], row["action"]) for row in record["access_history"]]
    assert history == [("clients", "create"), ("consent", "consent_write"), ("clients", "read"), ("clients", "export")]

    exported = client.get(f"/api/v1/clients/{new_client['id']}/record?format=csv", headers=worker.headers)
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(exported.get_data(as_text=True))))
    assert [row["action"] for row in rows] == ["create", "consent_write", "read", "export", "export"]
    assert "Test" not in exported.get_data(as_text=True)  # the history names fields, never their values


def test_a_victim_service_providers_client_is_never_shared(call, lead, network):
    """Not under an active consent, not by breaking the glass; the provider itself still reads it."""
    owner, other = network.b_worker, network.a_worker
    client_id = expect(call, "POST", "/api/v1/clients", headers=owner.headers,
                       json={"first_name": "Shared", "last_name": "Once"})["id"]
    expect(call, "POST", f"/api/v1/clients/{client_id}/consents", headers=owner.headers, json=consent_body())
    read = f"/api/v1/clients/{client_id}"
    eventually(lambda: call("GET", read, headers=other.headers)[0] == 200)
    flag = f"/api/v1/agencies/{owner.agency_id}/victim-service-provider"
    expect(call, "PUT", flag, headers=lead.headers, json={"victim_service_provider": True})
    try:
        status, answer = call("GET", read, headers=other.headers)
        assert (status, answer["reasons"]) == (403, ["victim_service_provider"])
        status, answer = call("GET", read, headers={**lead.headers, "X-Break-Glass-Reason": "client_emergency"})
        assert (status, answer["reasons"]) == (403, ["victim_service_provider"])
        assert call("GET", read, headers=owner.headers)[0] == 200
    finally:
        expect(call, "PUT", flag, headers=lead.headers, json={"victim_service_provider": False})
