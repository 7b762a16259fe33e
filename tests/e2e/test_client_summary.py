"""A client's summary (GET /clients/{id}/summary), the web app's profile in one call: each part read under its own
decision; another agency refused without consent and let in after it; and the findings of one client
(`/data-quality/findings?client_id=`)."""
import base64
from datetime import date

import pytest

pytestmark = pytest.mark.e2e

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def summary(client, person, client_id: str):
    response = client.get(f"/api/v1/clients/{client_id}/summary", headers=person.headers)
    return response.status_code, response.get_json()


def test_the_summary_holds_the_record_badges_enrollments_and_findings(client, network):
    worker = network.a_worker
    # HUD's universal data elements nobody answered are stored as 99 (data not collected): findings
    made = client.post("/api/v1/clients", headers=worker.headers,
                       json={"first_name": "Summary", "last_name": "Person", "dob": "1975-03-02"})
    assert made.status_code == 201, made.get_json()
    client_id = made.get_json()["id"]
    status, answer = summary(client, worker, client_id)
    assert status == 200, answer
    assert answer["client"]["first_name"] == "Summary" and answer["withheld"] == {}
    assert {badge["type"]: badge["status"] for badge in answer["consents"]["status"]["badges"]}["hmis_sharing"] == "none"
    assert answer["consents"]["list"] == [] and answer["enrollments"] == []
    assert "dq.missing.not_collected" in {finding["rule_id"] for finding in answer["findings"]}
    assert {finding["client_id"] for finding in answer["findings"]} == {client_id}

    listed = client.get(f"/api/v1/data-quality/findings?agency_id={worker.agency_id}&client_id={client_id}",
                        headers=worker.headers)
    assert listed.status_code == 200 and {row["client_id"] for row in listed.get_json()} == {client_id}
    assert listed.get_json() == answer["findings"]


def test_another_agency_is_refused_without_consent_and_let_in_after_it(client, network):
    owner, other = network.a_worker, network.b_worker
    made = client.post("/api/v1/clients", headers=owner.headers,
                       json={"first_name": "Shared", "last_name": "Later", "dob": "1968-11-30"})
    client_id = made.get_json()["id"]
    status, refused = summary(client, other, client_id)
    assert status == 403 and refused["reasons"] == ["other_agency"]

    consent = client.post(f"/api/v1/clients/{client_id}/consents", headers=owner.headers, json={
        "type": "hmis_sharing", "scope": ["profile"], "signed_on": date.today().isoformat(),
        "signature": {"signer_name": "Shared Later", "image": "data:image/png;base64," + base64.b64encode(PNG).decode()}})
    assert consent.status_code == 201, consent.get_json()
    status, shared = summary(client, other, client_id)
    assert status == 200, shared
    assert shared["client"]["last_name"] == "Later"
    # The consent covers the profile only: the enrollments stay with agency A, and say why.
    assert shared["enrollments"] is None and shared["withheld"]["enrollments"] == ["other_agency"]
    assert shared["findings"] == []  # agency B's own findings about the client: none
