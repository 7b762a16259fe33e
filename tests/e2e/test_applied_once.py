"""Every write through the gateway is applied once (hmis_kit.idempotency): a request the broker hands
a restarted service again, and a request a client sends again with its `Idempotency-Key`."""
import uuid

import eventlet
import pytest
import sqlalchemy as sa
from nameko.containers import ServiceContainer
from nameko.rpc import Responder
from nameko.standalone.rpc import ClusterRpcProxy

from clients.service import ClientsService
from hmis_kit.db import Database, make_engine
from hmis_kit.idempotency import CONTEXT_KEY
from hmis_platform.components import COMPONENTS
from hmis_platform.onboarding import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def clients_db(settings):
    engine = make_engine(settings.database_url("clients"))
    yield engine
    engine.dispose()


def rows_named(engine, last_name: str) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM clients WHERE last_name = :n"), {"n": last_name}).scalar()


class DyingClients:
    """The clients service's own `create_client`, in a service of its own, so that killing it leaves the
    platform's clients service running for the other tests."""

    name = "clients_dying"
    db = Database("clients")
    create_client = ClientsService.create_client


def test_a_create_whose_service_died_between_commit_and_reply_is_applied_once(network, settings, clients_db,
                                                                               monkeypatch):
    """The service is killed after it committed the create and before it replied: the broker hands the
    unanswered request to the restarted service, which answers without creating again."""
    dying = ServiceContainer(DyingClients, settings.nameko_config(COMPONENTS["clients"].port))
    dying.start()
    armed = [True]
    send_response = Responder.send_response

    def die_before_replying(self, result, exc_info, **kwargs):
        if armed[0] and self.message.delivery_info["routing_key"] == "clients_dying.create_client":
            armed[0] = False
            eventlet.spawn(dying.kill)  # kills this worker too: no reply, no ack
            eventlet.sleep(60)
        return send_response(self, result, exc_info, **kwargs)

    restarted = []

    def restart_when_dead():
        dying.wait()
        restarted.append(ServiceContainer(DyingClients, settings.nameko_config(COMPONENTS["clients"].port)))
        restarted[0].start()

    monkeypatch.setattr(Responder, "send_response", die_before_replying)
    restarting = eventlet.spawn(restart_when_dead)
    last_name = f"Once{uuid.uuid4().hex[:8]}"
    access = {"principal": {"kind": "user", "id": network.a_worker.user_id, "agency_id": str(uuid.uuid4()),
                            "roles": ["case_manager"]}, "decision_id": str(uuid.uuid4()), "purpose": None,
              "break_glass_reason": None, "consent": None}
    try:
        # As the gateway calls a service: the request's idempotency key in the call's context.
        with ClusterRpcProxy(settings.nameko_config(), timeout=30,
                             context_data={CONTEXT_KEY: f"request:{uuid.uuid4()}"}) as services:
            services.clients_dying.create_client({"first_name": "Ada", "last_name": last_name}, access)
        assert not armed[0], "the service was not killed: the test proved nothing"
        restarting.wait()
        assert rows_named(clients_db, last_name) == 1
    finally:
        for container in restarted:
            container.stop()


def test_a_request_sent_again_with_its_idempotency_key_is_applied_once(call, network, clients_db):
    last_name = f"Again{uuid.uuid4().hex[:8]}"
    body = {"first_name": "Bo", "last_name": last_name, "dob": "1975-03-03"}
    headers = {**network.a_worker.headers, "Idempotency-Key": f"intake-{uuid.uuid4()}"}
    first = expect(call, "POST", "/api/v1/clients", headers=headers, json=body)
    again = expect(call, "POST", "/api/v1/clients", headers=headers, json=body)
    assert again == first
    assert rows_named(clients_db, last_name) == 1
    # The same key with another body is another request; without a key, every request is its own.
    expect(call, "POST", "/api/v1/clients", headers=headers, json={**body, "first_name": "Bea"})
    expect(call, "POST", "/api/v1/clients", headers=network.a_worker.headers, json=body)
    assert rows_named(clients_db, last_name) == 3


def test_a_key_another_user_sent_is_not_theirs(call, network, clients_db):
    last_name = f"Scoped{uuid.uuid4().hex[:8]}"
    key = f"shared-{uuid.uuid4()}"
    body = {"first_name": "Cy", "last_name": last_name, "dob": "1970-04-04"}
    mine = expect(call, "POST", "/api/v1/clients", headers={**network.a_worker.headers, "Idempotency-Key": key}, json=body)
    theirs = expect(call, "POST", "/api/v1/clients", headers={**network.b_worker.headers, "Idempotency-Key": key},
                    json=body)
    assert theirs["id"] != mine["id"]


def test_an_unusable_idempotency_key_is_refused_naming_the_header(call, network):
    status, body = call("POST", "/api/v1/clients", headers={**network.a_worker.headers, "Idempotency-Key": "k" * 201},
                        json={"first_name": "Di", "last_name": "Long"})
    assert status == 422
    assert "Idempotency-Key" in body["fields"]
