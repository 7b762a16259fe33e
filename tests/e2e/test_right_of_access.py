"""HUD's client right of access: a client's record, and everyone who accessed it, on request."""
import csv
import io

import pytest

from e2e.test_consent_records import consent_body
from hmis_kit.onboarding import expect

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
