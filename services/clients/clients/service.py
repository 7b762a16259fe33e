"""The clients service: RPC wiring only; the rules are in domain.py."""
from __future__ import annotations

from nameko.rpc import rpc

from clients import domain, schemas
from hmis_kit import audit
from hmis_kit.audit import AccessQuerySchema, AccessSchema, record_access
from hmis_kit.db import Database
from hmis_kit.errors import EXPECTED_ERRORS, load_or_fail, parse_id
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase


class ClientsService(ServiceBase):
    name = "clients"
    db = Database("clients")
    outbox_relay = OutboxRelay("clients")

    # Every RPC that reads or writes client data takes `access` (what the gateway authorized: principal,
    # decision id, purpose, consent basis) and writes its audit row in the same transaction.

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def create_client(self, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.ClientCreateSchema(), payload)
        principal = access["principal"]
        with self.db.transaction() as session:
            client = domain.create_client(session, data, parse_id(principal["agency_id"], "agency_id"),
                                          parse_id(principal["id"], "created_by"))
            record_access(session, access, client["id"], "create", list(data))
        return schemas.ClientSchema().dump(client)

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def get_client(self, client_id: str, access: dict) -> dict:
        answer = schemas.ClientSchema()
        with self.db.transaction() as session:
            client = answer.dump(domain.get_client(session, parse_id(client_id, "client_id")))
            record_access(session, access, client["id"], "read", list(client))
        return client

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def client_record(self, client_id: str, access: dict) -> dict:
        """HUD's client right of access: the record and everyone who accessed it."""
        with self.db.transaction() as session:
            client = schemas.ClientSchema().dump(domain.get_client(session, parse_id(client_id, "client_id")))
            record_access(session, access, client["id"], "export", list(client))
            history = AccessSchema(many=True).dump(audit.search(session, {"client_id": client["id"]}))
        return {"client": client, "access_history": history}

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def access_log(self, filters: dict) -> list[dict]:
        """Audit rows for compliance officers, filtered (see hmis_kit.audit.search)."""
        query = load_or_fail(AccessQuerySchema(), filters)
        with self.db.transaction() as session:
            return AccessSchema(many=True).dump(audit.search(session, query))

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def client_owner(self, client_id: str) -> str:
        with self.db.transaction() as session:
            return str(domain.owning_agency(session, parse_id(client_id, "client_id")))
