"""The reports service alone against its contract (reports.contract): it counts the clients an agency
records from the clients service's events, fed here as clients publishes them, and keeps every event."""
import uuid

import pytest

from clients.contract import events as clients_events
from conformance import announced, conforms, refused
from reports.contract import schemas
from support import eventually

pytestmark = pytest.mark.integration

SERVICE = "reports"


def test_clients_per_agency_follows_the_clients_events(service):
    agency_id = str(uuid.uuid4())
    assert conforms(schemas.AgencyClientCountSchema(), service.rpc.clients_per_agency(agency_id), many=True) == []
    for client_id in (uuid.uuid4(), uuid.uuid4()):
        service.feed(clients_events.CHANGED["Client"], "clients", clients_events.changes(
            "Client", clients_events.CREATED, {"id": client_id, "personal_id": client_id.hex, "source": 1,
                                               "agency_id": agency_id}))

    counted = eventually(lambda: (rows := service.rpc.clients_per_agency(agency_id)) and rows[0]["clients"] == 2
                         and rows)
    assert conforms(schemas.AgencyClientCountSchema(), counted, many=True) == [
        {"agency_id": uuid.UUID(agency_id), "clients": 2}]
    every = conforms(schemas.AgencyClientCountSchema(), service.rpc.clients_per_agency(), many=True)
    assert uuid.UUID(agency_id) in {row["agency_id"] for row in every}
    assert announced(service.published(), SERVICE) == []


def test_a_malformed_agency_is_refused_naming_it(service):
    assert refused(service.rpc.clients_per_agency, "agency seven").keys() == {"agency_id"}
