"""A consent decision is in force from the moment the API answers it, whatever the broker is doing: the
policy data does not wait for the consent service's event to come round through RabbitMQ."""
import pytest
import sqlalchemy as sa

from e2e.test_consent_records import consent_body
from hmis_kit.db import make_engine
from hmis_platform.onboarding import expect
from support import eventually

pytestmark = pytest.mark.e2e


def test_consent_and_revocation_are_in_force_when_the_api_answers_with_events_stalled(call, network, new_client,
                                                                                        stalled_events):
    read = f"/api/v1/clients/{new_client['id']}"
    stalled_events.stall()

    consent = expect(call, "POST", f"/api/v1/clients/{new_client['id']}/consents", headers=network.a_worker.headers,
                     json=consent_body(scope=["profile"]))
    assert call("GET", read, headers=network.b_worker.headers)[0] == 200

    expect(call, "POST", f"/api/v1/consents/{consent['id']}/revocation", headers=network.a_worker.headers,
           json={"reason": "client withdrew"})
    status, body = call("GET", read, headers=network.b_worker.headers)
    assert status == 403, body

    stalled_events.resume()  # the late events change nothing: the policy data already holds the newest version
    status, _ = call("GET", read, headers=network.b_worker.headers)
    assert status == 403
    assert expect(call, "GET", f"/api/v1/audit/invalid-consent?client_id={new_client['id']}",
                  headers=network.admin.headers) == []


def test_an_edit_that_ends_a_consent_is_in_force_when_the_api_answers(call, network, new_client, stalled_events):
    from datetime import date, timedelta

    read = f"/api/v1/clients/{new_client['id']}"
    stalled_events.stall()
    consent = expect(call, "POST", f"/api/v1/clients/{new_client['id']}/consents", headers=network.a_worker.headers,
                     json=consent_body(scope=["profile"], signed_on=(date.today() - timedelta(days=5)).isoformat()))
    assert call("GET", read, headers=network.b_worker.headers)[0] == 200
    expect(call, "PUT", f"/api/v1/consents/{consent['id']}", headers=network.a_worker.headers,
           json={"end_date": (date.today() - timedelta(days=1)).isoformat()})
    assert call("GET", read, headers=network.b_worker.headers)[0] == 403


def test_an_agency_reinstated_with_events_stalled_works_when_the_api_answers(call, lead, network, settings,
                                                                              stalled_events):
    """Reinstatement is in force when the API answers, like a consent: the policy data, which followed the
    suspension's event, does not wait for the reinstatement's."""
    status = f"/api/v1/agencies/{network.b_worker.agency_id}/status"
    gateway_db = make_engine(settings.database_url("gateway"))

    def policy_sees(standing: str) -> bool:
        with gateway_db.connect() as connection:
            return connection.execute(sa.text("SELECT status FROM network_agencies WHERE agency_id = :a"),
                                      {"a": network.b_worker.agency_id}).scalar() == standing
    try:
        expect(call, "POST", status, headers=lead.headers, json={"status": "suspended", "reason": "fees unpaid"})
        eventually(lambda: policy_sees("suspended"))
        stalled_events.stall()
        expect(call, "POST", status, headers=lead.headers, json={"status": "active", "reason": "fees paid"})
        assert call("POST", "/api/v1/clients", headers=network.b_worker.headers,
                    json={"first_name": "Back", "last_name": "Again"})[0] == 201
    finally:
        stalled_events.resume()
        call("POST", status, headers=lead.headers, json={"status": "active", "reason": "fees paid"})
        eventually(lambda: policy_sees("active"))
        gateway_db.dispose()


def test_a_read_allowed_before_the_policy_held_a_revocation_is_listed_under_an_invalid_consent(
        call, network, new_client, settings, stalled_events):
    """A revocation the gateway did not write through (as if another gateway instance had died before
    answering it) leaves a window in which the policy still sees the consent in force: a read allowed then
    is listed by the invalid-consent view once the revocation is known, though its decision saw a valid
    consent."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from support import access_for

    read = f"/api/v1/clients/{new_client['id']}"
    consent = expect(call, "POST", f"/api/v1/clients/{new_client['id']}/consents", headers=network.a_worker.headers,
                     json=consent_body(scope=["profile"]))
    stalled_events.stall()
    with ClusterRpcProxy(settings.nameko_config(), timeout=15) as services:
        services.consent.revoke_consent(consent["id"], {"reason": "client withdrew"},
                                        access_for(network.a_worker.agency_id))
    assert call("GET", read, headers=network.b_worker.headers)[0] == 200  # the window
    stalled_events.resume()
    invalid = f"/api/v1/audit/invalid-consent?client_id={new_client['id']}"
    listed = eventually(lambda: expect(call, "GET", invalid, headers=network.admin.headers))
    assert [(row["principal_id"], row["action"], row["consent_id"]) for row in listed] == [
        (network.b_worker.user_id, "read", consent["id"])]
