"""The reports service: consumes events into its read model and answers report RPCs."""
from __future__ import annotations

from collections import Counter

from nameko.rpc import RpcProxy

from clients.contract import events as clients_events
from hmis_kit.db import Database
from hmis_kit.errors import load_or_fail, parse_id
from hmis_kit.inbox import handles
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase, rpc
from reports import domain
from reports.contract import schemas
from reports.warehouse import live


class ReportsService(ServiceBase):
    name = "reports"
    db = Database()
    outbox_relay = OutboxRelay()
    clients = RpcProxy("clients")

    @handles("#")
    def keep_event(self, session, event):
        domain.keep_event(session, event)

    @handles(clients_events.CHANGED["Client"])
    def count_created_clients(self, session, event):
        """Clients created, through the API or by an import, counted under their agency."""
        created = Counter(change["agency_id"] for change in event.data["changes"]
                          if change["op"] == clients_events.CREATED)
        for agency_id, new in created.items():
            domain.count_clients(session, parse_id(agency_id, "agency_id"), new)

    @handles(live.CHANGED)
    def keep_records(self, session, event):
        """The warehouse follows every HUD record written, through the API or by an import (the records fetched
        by key from the clients service, with their findings: reports/warehouse/live.py)."""
        live.apply(session.connection(), live.FILE_OF_EVENT[event.type], event.data["changes"],
                   self.clients.warehouse_rows)

    @handles(clients_events.CLIENTS_ASSIGNED)
    def count_assigned_clients(self, session, event):
        """Clients imported without an agency, handed to one: counted under it from now on."""
        domain.count_clients(session, parse_id(event.data["agency_id"], "agency_id"), event.data["clients"])
        domain.count_clients(session, parse_id(event.data["from_agency_id"], "from_agency_id"), -event.data["clients"])

    @rpc
    def clients_per_agency(self, agency_id: str | None = None) -> list[dict]:
        """One agency's count, or every agency's; a malformed agency id is bad input, not an unknown agency."""
        query = load_or_fail(schemas.ClientCountQuerySchema(), {"agency_id": agency_id})
        with self.db.transaction() as session:
            counts = domain.clients_per_agency(session, query["agency_id"])
        return schemas.AgencyClientCountSchema(many=True).dump(counts)
