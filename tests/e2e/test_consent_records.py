"""Consent records through the gateway: each type, versions, revocation, status badges, signed forms,
validation, other agencies kept out, and the events the policy feed follows."""
import base64
import hashlib
import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from hmis_kit.db import make_engine

pytestmark = pytest.mark.e2e

TODAY = date.today()
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
SIGNER = "Rosa Q. Diaz"
CONTRACT = {"consent_id", "version", "client_id", "agency_id", "type", "scope", "released_to", "start_date",
            "end_date", "revoked_on"}


def days(n: int) -> str:
    return (TODAY + timedelta(days=n)).isoformat()


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def consent_body(**changes) -> dict:
    body = {"type": "hmis_sharing", "scope": ["profile", "enrollments", "services"], "signed_on": TODAY.isoformat(),
            "document": {"media_type": "application/pdf", "content": b64(PDF)}}
    return {**body, **changes}


def record(client, person, client_id: str, expect: int = 201, **changes) -> dict:
    response = client.post(f"/api/v1/clients/{client_id}/consents", headers=person.headers,
                           json=consent_body(**changes))
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def badges(client, person, client_id: str) -> dict:
    response = client.get(f"/api/v1/clients/{client_id}/consent-status", headers=person.headers)
    assert response.status_code == 200, response.get_json()
    return {badge["type"]: badge["status"] for badge in response.get_json()["badges"]}


def test_each_type_is_recorded_for_the_callers_agency(client, network, new_client):
    worker = network.a_worker
    # An agency_id sent cannot make it another agency's: refused as unknown (it was ignored before issue 17).
    refused = record(client, worker, new_client["id"], expect=422, agency_id=network.b_worker.agency_id)
    assert refused["fields"] == {"agency_id": ["Unknown field."]}
    mpa = record(client, worker, new_client["id"])
    cie = record(client, worker, new_client["id"], type="cie", scope=["health", "profile"], start_date=days(1),
                 end_date=days(90))
    roi = record(client, worker, new_client["id"], type="roi", released_to=[network.b_worker.agency_id],
                 document=None, signature={"signer_name": SIGNER, "image": f"data:image/png;base64,{b64(PNG)}"})
    assert mpa["agency_id"] == worker.agency_id and mpa["recorded_by"] == worker.user_id
    assert (mpa["version"], mpa["status"], mpa["start_date"]) == (1, "active", TODAY.isoformat())
    assert mpa["end_date"] == days(365)  # the default term
    assert (cie["scope"], cie["status"], cie["end_date"]) == (["profile", "health"], "pending", days(90))
    assert roi["released_to"] == [network.b_worker.agency_id]
    assert roi["form"] == {"kind": "signature", "media_type": "image/png", "sha256": hashlib.sha256(PNG).hexdigest(),
                           "size": len(PNG), "signer_name": SIGNER}
    listed = client.get(f"/api/v1/clients/{new_client['id']}/consents", headers=worker.headers).get_json()
    assert sorted((c["type"], c["status"]) for c in listed) == [("cie", "pending"), ("hmis_sharing", "active"),
                                                                 ("roi", "active")]


def test_an_edit_is_a_new_version_and_every_version_is_kept(client, network, new_client):
    worker = network.a_worker
    consent = record(client, worker, new_client["id"])
    changed = client.put(f"/api/v1/consents/{consent['id']}", headers=network.a_admin.headers,
                         json={"scope": ["profile"], "end_date": days(30)})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["version"] == 2 and changed.get_json()["status"] == "expiring_soon"
    same = client.put(f"/api/v1/consents/{consent['id']}", headers=worker.headers, json={"scope": ["profile"]})
    assert same.get_json()["version"] == 2  # nothing changed, no version
    detail = client.get(f"/api/v1/consents/{consent['id']}", headers=worker.headers).get_json()
    assert [(v["version"], v["scope"], v["end_date"], v["recorded_by"]) for v in detail["history"]] == [
        (1, ["profile", "enrollments", "services"], days(365), worker.user_id),
        (2, ["profile"], days(30), network.a_admin.user_id)]
    assert detail["version"] == 2 and "content" not in json.dumps(detail)
    bad = client.put(f"/api/v1/consents/{consent['id']}", headers=worker.headers, json={"start_date": days(31)})
    assert bad.status_code == 422 and bad.get_json()["fields"] == {"end_date": ["before start_date"]}


def test_revocation_is_final(client, network, new_client):
    worker = network.a_worker
    consent = record(client, worker, new_client["id"], type="cie", scope=["services"])
    revoked = client.post(f"/api/v1/consents/{consent['id']}/revocation", headers=worker.headers,
                          json={"reason": "client withdrew consent at intake"})
    assert revoked.status_code == 200, revoked.get_json()
    body = revoked.get_json()
    assert (body["version"], body["status"], body["revoked_on"], body["revoked_by"]) == (
        2, "revoked", TODAY.isoformat(), worker.user_id)
    again = client.post(f"/api/v1/consents/{consent['id']}/revocation", headers=worker.headers,
                        json={"reason": "again"})
    edit = client.put(f"/api/v1/consents/{consent['id']}", headers=worker.headers, json={"end_date": days(400)})
    assert again.status_code == edit.status_code == 409
    assert edit.get_json()["fields"] == {"consent_id": ["revoked"]}


def test_status_badges_per_type(client, network, new_client):
    worker, client_id = network.a_worker, new_client["id"]
    assert badges(client, worker, client_id) == {"hmis_sharing": "none", "cie": "none", "roi": "none"}
    mpa = record(client, worker, client_id)
    record(client, worker, client_id, type="cie", end_date=days(10))
    record(client, worker, client_id, type="roi", released_to=[network.b_admin.agency_id], signed_on=days(-800),
           end_date=days(-435))
    assert badges(client, worker, client_id) == {"hmis_sharing": "active", "cie": "expiring_soon", "roi": "expired"}
    client.post(f"/api/v1/consents/{mpa['id']}/revocation", headers=worker.headers, json={"reason": "client asked"})
    assert badges(client, worker, client_id)["hmis_sharing"] == "revoked"
    past = client.get(f"/api/v1/clients/{client_id}/consent-status", headers=worker.headers,
                      query_string={"as_of": days(-500)}).get_json()
    assert {b["type"]: b["status"] for b in past["badges"]}["roi"] == "active"


def test_the_signed_form_comes_back_as_uploaded(client, network, new_client):
    consent = record(client, network.a_worker, new_client["id"])
    response = client.get(f"/api/v1/consents/{consent['id']}/document", headers=network.a_worker.headers)
    assert response.status_code == 200
    assert response.data == PDF and response.mimetype == "application/pdf"
    assert hashlib.sha256(response.data).hexdigest() == consent["form"]["sha256"]
    assert response.headers["Cache-Control"] == "no-store" and response.headers["Content-Disposition"] == "attachment"


@pytest.mark.parametrize("changes, field, rule", [
    ({"type": "roi"}, "released_to", "required for a release of information: at least one agency"),
    ({"start_date": days(0), "end_date": days(-1)}, "end_date", "before start_date"),
    ({"document": {"media_type": "application/pdf", "content": b64(PDF + bytes(3 * 1024 * 1024))}},
     "document", {"content": ["larger than 2 MB"]}),
    ({"document": {"media_type": "application/x-msdownload", "content": b64(b"MZ\x90\x00")}},
     "document", {"media_type": ["Must be one of: application/pdf, image/png, image/jpeg."]}),
])
def test_invalid_consents_are_refused_naming_field_and_rule(client, network, new_client, changes, field, rule):
    refused = record(client, network.a_worker, new_client["id"], expect=422, **changes)
    assert refused["error"] == "validation"
    assert refused["fields"][field] == (rule if isinstance(rule, dict) else [rule])


def test_another_agency_can_neither_read_nor_write_the_consents(client, network, new_client):
    # Released to the HMIS lead's agency only: nothing shares this client with agency B.
    consent = record(client, network.a_worker, new_client["id"], type="roi", released_to=[network.admin.agency_id])
    for person in (network.b_worker, network.b_admin):
        for method, path, body in (
            ("POST", f"/api/v1/clients/{new_client['id']}/consents", consent_body()),
            ("GET", f"/api/v1/clients/{new_client['id']}/consents", None),
            ("GET", f"/api/v1/clients/{new_client['id']}/consent-status", None),
            ("GET", f"/api/v1/consents/{consent['id']}", None),
            ("GET", f"/api/v1/consents/{consent['id']}/document", None),
            ("PUT", f"/api/v1/consents/{consent['id']}", {"end_date": days(10)}),
            ("POST", f"/api/v1/consents/{consent['id']}/revocation", {"reason": "not ours to revoke"}),
        ):
            response = client.open(path, method=method, headers=person.headers, json=body)
            assert response.status_code == 403, (method, path)
            assert "other_agency" in response.get_json()["reasons"], (method, path)
    assert client.get(f"/api/v1/consents/{consent['id']}", headers=network.a_worker.headers).get_json()["version"] == 1


def test_an_unknown_consent_is_not_found(client, network):
    for path in ("/api/v1/consents/00000000-0000-0000-0000-000000000001", "/api/v1/consents/not-an-id/document"):
        assert client.get(path, headers=network.a_worker.headers).status_code == 404


def test_events_carry_the_contract_and_nothing_else(client, network, new_client, settings):
    worker = network.a_worker
    consent = record(client, worker, new_client["id"], type="roi", released_to=[network.b_worker.agency_id],
                     document=None, signature={"signer_name": SIGNER, "image": f"data:image/png;base64,{b64(PNG)}"})
    client.put(f"/api/v1/consents/{consent['id']}", headers=worker.headers, json={"scope": ["profile"]})
    client.post(f"/api/v1/consents/{consent['id']}/revocation", headers=worker.headers,
                json={"reason": "moved out of county", "revoked_on": TODAY.isoformat()})
    engine = make_engine(settings.database_url("consent"))
    with engine.connect() as connection:
        envelopes = connection.execute(sa.text("SELECT envelope FROM outbox WHERE envelope->'data'->>'consent_id' = :c "
                                               "ORDER BY id"), {"c": consent["id"]}).scalars().all()
    engine.dispose()
    assert [e["type"] for e in envelopes] == ["consent.consent.recorded"] * 2 + ["consent.consent.revoked"]
    assert all(set(e["data"]) == CONTRACT for e in envelopes)
    assert envelopes[-1]["data"] == {
        "consent_id": consent["id"], "version": 3, "client_id": new_client["id"], "agency_id": worker.agency_id,
        "type": "roi", "scope": ["profile"], "released_to": [network.b_worker.agency_id],
        "start_date": TODAY.isoformat(), "end_date": days(365), "revoked_on": TODAY.isoformat()}
    assert envelopes[0]["data"]["revoked_on"] is None and envelopes[0]["data"]["version"] == 1
    text = json.dumps(envelopes)
    assert SIGNER not in text and b64(PNG)[:40] not in text and "county" not in text
