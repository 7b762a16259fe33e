"""A state machine over grant / revoke / expire / access, with the services' events stalled and resumed at
random points (as when the broker drops or idles a relay's connection): another agency reads a client
exactly while a consent is in force, from the moment the API answers, and every read leaves exactly one
audit row, none of them under a consent that was not in force."""
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test

from e2e.test_consent_records import consent_body
from hmis_kit.db import make_engine
from hmis_platform.onboarding import expect

pytestmark = pytest.mark.e2e


def day(offset: int) -> str:
    return (date.today() + timedelta(days=offset)).isoformat()


class ConsentMachine(RuleBasedStateMachine):
    """Set up per test (class attributes): call, owner and other (Persons), gateway and clients engines."""

    consents = Bundle("consents")

    def __init__(self):
        super().__init__()
        self.client_id = expect(self.call, "POST", "/api/v1/clients", headers=self.owner.headers,
                                json={"first_name": "State", "last_name": "Machine"})["id"]
        self.in_force: set[str] = set()
        self.versions: dict[str, int] = {}
        self.reads = 0
        self.events.stall()  # each run starts with the broker out of reach; the rules resume and stall it

    @rule(target=consents, lasts=st.sampled_from(["active", "past"]))
    def grant(self, lasts):
        body = consent_body(signed_on=day(-10), start_date=day(-10), end_date=day(30 if lasts == "active" else -1),
                            scope=["profile"])
        consent = expect(self.call, "POST", f"/api/v1/clients/{self.client_id}/consents", headers=self.owner.headers,
                         json=body)
        if lasts == "active":
            self.in_force.add(consent["id"])
        return consent["id"]

    @rule(consent_id=consumes(consents))
    def revoke(self, consent_id):
        consent = expect(self.call, "POST", f"/api/v1/consents/{consent_id}/revocation", headers=self.owner.headers,
                         json={"reason": "client withdrew"})
        self.in_force.discard(consent_id)

    @rule(consent_id=consumes(consents))
    def expire(self, consent_id):
        consent = expect(self.call, "PUT", f"/api/v1/consents/{consent_id}", headers=self.owner.headers,
                         json={"end_date": day(-1)})
        self.in_force.discard(consent_id)

    @rule()
    def stall_events(self):
        self.events.stall()

    @rule()
    def resume_events(self):
        self.events.resume()

    @rule()
    def access(self):
        status, _ = self.call("GET", f"/api/v1/clients/{self.client_id}", headers=self.other.headers)
        assert status == (200 if self.in_force else 403), (status, self.in_force)
        self.reads += status == 200

    @invariant()
    def every_read_has_one_audit_row(self):
        with self.clients_db.connect() as connection:
            rows = connection.execute(sa.text(
                "SELECT count(*) FROM audit_log WHERE client_id = :c AND principal_id = :p AND action = 'read'"),
                {"c": self.client_id, "p": self.other.user_id}).scalar()
        assert rows == self.reads

    def teardown(self):
        self.events.resume()
        invalid = expect(self.call, "GET", f"/api/v1/audit/invalid-consent?client_id={self.client_id}",
                         headers=self.lead.headers)
        assert invalid == []


def test_other_agency_reads_exactly_while_a_consent_is_in_force(call, network, settings_for_machine, stalled_events):
    ConsentMachine.call = staticmethod(call)  # a plain function, not a method of the machine
    ConsentMachine.owner, ConsentMachine.other, ConsentMachine.lead = network.a_worker, network.b_worker, network.admin
    ConsentMachine.events = stalled_events
    ConsentMachine.gateway_db, ConsentMachine.clients_db = settings_for_machine
    run_state_machine_as_test(ConsentMachine, settings=settings(
        max_examples=6, stateful_step_count=10, deadline=None, suppress_health_check=list(HealthCheck)))


@pytest.fixture
def settings_for_machine(settings):
    engines = make_engine(settings.database_url("gateway")), make_engine(settings.database_url("clients"))
    yield engines
    for engine in engines:
        engine.dispose()
