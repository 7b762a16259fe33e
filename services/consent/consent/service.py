"""The consent service: RPC wiring only; the rules are in rules.py, status.py and domain.py."""
from __future__ import annotations

from datetime import date

from nameko.rpc import rpc

from hmis_kit.db import Database
from hmis_kit.errors import EXPECTED_ERRORS, load_or_fail, parse_id
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase
from consent import domain, schemas, status
from consent.rules import load_terms


def _shown(consent: dict) -> dict:
    """A consent as the one who just changed it sees it: with its status today."""
    return schemas.ConsentSchema().dump(domain.with_status(consent, date.today(), load_terms()))


class ConsentService(ServiceBase):
    name = "consent"
    db = Database("consent")
    outbox_relay = OutboxRelay("consent")

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def record_consent(self, client_id: str, payload: dict, agency_id: str, actor: str) -> dict:
        data = load_or_fail(schemas.ConsentCreateSchema(), payload)
        with self.db.transaction() as session:
            consent = domain.record(session, data, parse_id(client_id, "client_id"), parse_id(agency_id, "agency_id"),
                                    parse_id(actor, "actor"), load_terms())
        return _shown(consent)

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def change_consent(self, consent_id: str, payload: dict, actor: str) -> dict:
        changes = load_or_fail(schemas.ConsentChangeSchema(), payload)
        with self.db.transaction() as session:
            consent = domain.change(session, parse_id(consent_id, "consent_id"), changes, parse_id(actor, "actor"))
        return _shown(consent)

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def revoke_consent(self, consent_id: str, payload: dict, actor: str) -> dict:
        data = load_or_fail(schemas.RevocationSchema(), payload)
        with self.db.transaction() as session:
            consent = domain.revoke(session, parse_id(consent_id, "consent_id"), data["reason"], data["revoked_on"],
                                    parse_id(actor, "actor"))
        return _shown(consent)

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def consent_owner(self, consent_id: str) -> str:
        with self.db.transaction() as session:
            return str(domain.owning_agency(session, parse_id(consent_id, "consent_id")))

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def client_consents(self, client_id: str, query: dict) -> list[dict]:
        as_of, terms = load_or_fail(schemas.AsOfSchema(), query)["as_of"], load_terms()
        with self.db.transaction() as session:
            found = domain.client_consents(session, parse_id(client_id, "client_id"))
        return schemas.ConsentSchema(many=True).dump([domain.with_status(c, as_of, terms) for c in found])

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def client_status(self, client_id: str, query: dict) -> dict:
        as_of = load_or_fail(schemas.AsOfSchema(), query)["as_of"]
        with self.db.transaction() as session:
            found = domain.client_consents(session, parse_id(client_id, "client_id"))
        badges = status.badges(found, as_of, load_terms().expiring_days)
        return schemas.ConsentStatusSchema().dump({"client_id": client_id, "as_of": as_of, "badges": badges})

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def get_consent(self, consent_id: str, query: dict) -> dict:
        as_of = load_or_fail(schemas.AsOfSchema(), query)["as_of"]
        with self.db.transaction() as session:
            consent = domain.consent_history(session, parse_id(consent_id, "consent_id"))
        return schemas.ConsentHistorySchema().dump(domain.with_status(consent, as_of, load_terms()))

    @rpc(expected_exceptions=EXPECTED_ERRORS)
    def signed_form(self, consent_id: str) -> dict:
        with self.db.transaction() as session:
            form = domain.signed_form(session, parse_id(consent_id, "consent_id"))
        return schemas.SignedFormContentSchema().dump(form)
