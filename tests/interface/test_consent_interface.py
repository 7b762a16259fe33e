"""The consent service alone against its contract (consent.contract): every RPC the gateway calls, its
answers and refusals, and its events, which carry no signer's name, reason or signed form."""
import base64
import uuid
from datetime import date

import pytest

from consent.contract import events, schemas
from conformance import announced, conforms, refused
from hmis_kit.audit import AccessSchema
from support import access_for

pytestmark = pytest.mark.integration

SERVICE = "consent"
SIGNER = "Rosa Diaz"
SIGNATURE = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32).decode()
REASON = "the client asked to stop sharing"


@pytest.fixture(scope="module")
def access():
    return access_for(str(uuid.uuid4()))


@pytest.fixture(scope="module")
def client_id():
    """The client's id is all consent knows of a client."""
    return str(uuid.uuid4())


@pytest.fixture(scope="module")
def consent(service, access, client_id):
    body = {"type": "hmis_sharing", "scope": ["profile", "enrollments"], "signed_on": date.today().isoformat(),
            "signature": {"signer_name": SIGNER, "image": SIGNATURE}}
    answer, published = service.call("record_consent", client_id, body, access)
    assert [event.type for event in announced(published, SERVICE, sent=(SIGNER,))] == [events.RECORDED]
    return conforms(schemas.ConsentSchema(), answer)


def test_a_consent_is_recorded_changed_and_revoked(service, access, client_id, consent):
    consent_id = str(consent["id"])
    assert refused(service.rpc.record_consent, client_id, {"type": "hunch", "scope": [],
                                                           "signed_on": date.today().isoformat()}, access).keys() \
        == {"type", "scope"}
    assert consent["form"]["signer_name"] == SIGNER  # the answer may name the signer; the event may not
    assert service.rpc.consent_owner(consent_id) == access["principal"]["agency_id"]

    assert refused(service.rpc.change_consent, consent_id, {}, access).keys() == {"_schema"}
    answer, published = service.call("change_consent", consent_id, {"scope": ["profile"]}, access)
    assert conforms(schemas.ConsentSchema(), answer)["version"] == 2
    assert [event.type for event in announced(published, SERVICE, sent=(SIGNER,))] == [events.RECORDED]

    assert refused(service.rpc.revoke_consent, consent_id, {"reason": "no"}, access).keys() == {"reason"}
    answer, published = service.call("revoke_consent", consent_id, {"reason": REASON}, access)
    assert conforms(schemas.ConsentSchema(), answer)["status"] == "revoked"
    assert [event.type for event in announced(published, SERVICE, sent=(SIGNER, REASON))] == [events.REVOKED]


def test_a_clients_consents_are_read(service, access, client_id, consent):
    consent_id = str(consent["id"])
    assert refused(service.rpc.client_consents, client_id, {"as_of": "yesterday"}, access).keys() == {"as_of"}
    listed = conforms(schemas.ConsentSchema(), service.rpc.client_consents(client_id, {}, access), many=True)
    assert [row["id"] for row in listed] == [consent["id"]]

    assert refused(service.rpc.client_status, client_id, {"as_of": "2026-13-01"}, access).keys() == {"as_of"}
    status = conforms(schemas.ConsentStatusSchema(), service.rpc.client_status(client_id, {}, access))
    assert "hmis_sharing" in {badge["type"] for badge in status["badges"]}

    assert refused(service.rpc.get_consent, consent_id, {"as_of": "now"}, access).keys() == {"as_of"}
    history = conforms(schemas.ConsentHistorySchema(), service.rpc.get_consent(consent_id, {}, access))
    assert [version["version"] for version in history["history"]][0] == 1

    form = conforms(schemas.SignedFormContentSchema(), service.rpc.signed_form(consent_id, access))
    assert form["media_type"] == "image/png"
    assert base64.b64decode(form["content"]) == base64.b64decode(SIGNATURE.split(",", 1)[1])


def test_its_audit_trail(service, access, client_id, consent):
    assert refused(service.rpc.access_log, {"limit": 0}).keys() == {"limit"}
    rows = conforms(AccessSchema(), service.rpc.access_log({"client_id": client_id}), many=True)
    assert {"consent_write", "consent_read"} <= {row["action"] for row in rows}
