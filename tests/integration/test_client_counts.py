"""The reports service's clients per agency follow the clients service's events: created (through the API
or imported), and imported without an agency then handed to one."""
import uuid

import pytest
import sqlalchemy as sa

from clients.contract import events
from hmis_kit.db import make_engine
from hmis_kit.events import Event
from hmis_kit.messaging import ConfirmedPublisher
from support import eventually

pytestmark = pytest.mark.integration


@pytest.fixture
def client_counts(settings):
    engine = make_engine(settings.database_url("reports"))

    def counts(*agency_ids: str) -> dict:
        with engine.connect() as connection:
            return dict(connection.execute(sa.text(
                "SELECT agency_id::text, clients FROM agency_client_counts WHERE agency_id::text = ANY(:agencies)"),
                {"agencies": list(agency_ids)}).all())

    yield counts
    engine.dispose()


def publish(settings, event_type: str, data: dict) -> None:
    event = Event.new(event_type, "clients", data)
    with ConfirmedPublisher(settings) as publisher:
        publisher.publish(event.type, event.dump(), message_id=str(event.event_id))


def test_clients_handed_to_an_agency_are_counted_under_it_and_no_longer_as_unassigned(
        settings, platform, client_counts):
    unassigned, agency = str(uuid.uuid4()), str(uuid.uuid4())  # a fresh stand-in for the unassigned owner
    imported = [{"op": events.CREATED, "client_id": str(client_id), "personal_id": client_id.hex, "source": 2,
                 "agency_id": unassigned} for client_id in (uuid.uuid4() for _ in range(3))]
    publish(settings, events.CHANGED["Client"], {"changes": imported})
    eventually(lambda: client_counts(unassigned) == {unassigned: 3})
    publish(settings, "clients.client.assigned", {"agency_id": agency, "from_agency_id": unassigned, "clients": 2})
    eventually(lambda: client_counts(unassigned, agency) == {unassigned: 1, agency: 2})
