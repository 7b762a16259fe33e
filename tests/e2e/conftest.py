"""A small trust network, built through the gateway as its users would (see hmis_platform.onboarding)."""
import uuid
from dataclasses import dataclass

import pytest

from hmis_platform import demo
from hmis_platform.onboarding import Person, enroll_second_factor, expect, log_in, onboard, wait_until_allowed
from support import flask_caller

PASSWORD = "Harbor test password 2026"


@dataclass
class Network:
    admin: Person       # system administrator of the HMIS lead (with a second factor)
    a_admin: Person     # agency administrator, agency A (licensed, trained, second factor)
    a_worker: Person    # case manager, agency A (licensed, trained)
    a_reporter: Person  # report viewer, agency A
    b_worker: Person    # case manager, agency B
    b_admin: Person     # agency administrator, agency B


@pytest.fixture(scope="session")
def call(app):
    """hmis_platform.onboarding's `call` on the gateway."""
    return flask_caller(app.test_client())


@pytest.fixture(scope="session")
def lead(call, settings):
    """The HMIS lead's system administrator, logged in with a second factor."""
    demo.bootstrap_lead(settings)
    admin = log_in(call, Person(*demo.ADMIN))
    wait_until_allowed(call, admin, "mfa:enroll")  # once the policy data knows the lead agency
    enroll_second_factor(call, admin)
    wait_until_allowed(call, admin, "agencies:create")
    return admin


def new_agency(call, lead: Person, label: str) -> str:
    return expect(call, "POST", "/api/v1/agencies", headers=lead.headers,
                  json={"name": f"{label} {uuid.uuid4().hex[:6]}"})["id"]


@pytest.fixture(scope="session")
def network(call, lead):
    return new_network(call, lead)


def new_network(call, lead: Person) -> Network:
    """Two agencies, each with an administrator and a case worker, and a report viewer of agency A. A module that
    changes what its people may do (their training, say) makes its own, so the session's stays as it was made."""
    suffix = uuid.uuid4().hex[:6]
    people = {"admin": lead}
    for letter in ("a", "b"):
        agency_id = new_agency(call, lead, f"Agency {letter.upper()}")
        admin = onboard(call, lead, lead, Person(f"{letter}.admin.{suffix}", PASSWORD), ["agency_admin"], agency_id,
                        "users:create")
        people[f"{letter}_admin"] = admin
        people[f"{letter}_worker"] = onboard(call, lead, admin, Person(f"{letter}.worker.{suffix}", PASSWORD),
                                             ["case_manager"], agency_id, "clients:create")
        if letter == "a":
            people["a_reporter"] = onboard(call, lead, admin, Person(f"a.reporter.{suffix}", PASSWORD),
                                           ["report_viewer"], agency_id, "reports:read")
    return Network(**people)


@pytest.fixture
def new_client(client, network):
    """A client record of agency A, made by its case manager."""
    response = client.post("/api/v1/clients", headers=network.a_worker.headers,
                           json={"first_name": "Test", "last_name": "Person", "dob": "1980-05-17"})
    assert response.status_code == 201, response.get_json()
    return response.get_json()



class StalledEvents:
    """Every service's outbox relay paused: events are committed but none leaves for the broker, as when
    the broker drops or idles a relay's connection. `resume()` starts the relays again, and the events
    that waited go out."""

    def __init__(self, platform: dict):
        from hmis_kit.outbox import OutboxRelay

        self._relays = [extension for container in platform.values() for extension in container.dependencies
                        if isinstance(extension, OutboxRelay)]
        self.stalled = False

    def stall(self) -> None:
        if not self.stalled:
            for relay in self._relays:
                relay.stop()
            self.stalled = True

    def resume(self) -> None:
        if self.stalled:
            for relay in self._relays:
                relay.start()
            self.stalled = False


@pytest.fixture
def stalled_events(platform):
    """A switch for the services' events; they flow again after the test."""
    switch = StalledEvents(platform)
    yield switch
    switch.resume()
