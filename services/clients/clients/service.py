"""The clients service: RPC wiring only; the rules are in domain.py."""
from __future__ import annotations

from nameko.rpc import rpc

from clients import domain, schemas
from hmis_kit.db import Database
from hmis_kit.errors import EXPECTED_ERRORS, load_or_fail, parse_id
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase


class ClientsService(ServiceBase):
    name = "clients"
    db = Database("clients")
    outbox_relay = OutboxRelay("clients")

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def create_client(self, payload: dict, agency_id: str, created_by: str) -> dict:
        data = load_or_fail(schemas.ClientCreateSchema(), payload)
        with self.db.transaction() as session:
            client = domain.create_client(session, data, parse_id(agency_id, "agency_id"), parse_id(created_by, "created_by"))
        return schemas.ClientSchema().dump(client)

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def get_client(self, client_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.ClientSchema().dump(domain.get_client(session, parse_id(client_id, "client_id")))

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def client_owner(self, client_id: str) -> str:
        with self.db.transaction() as session:
            return str(domain.owning_agency(session, parse_id(client_id, "client_id")))
