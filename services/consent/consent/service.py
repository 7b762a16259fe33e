"""The consent service: RPC wiring only; the rules are in rules.py, status.py and domain.py."""
from __future__ import annotations

from datetime import date

from hmis_kit import revocations
from hmis_kit.audit import record_access
from hmis_kit.audit_rpcs import KeepsAuditTrail
from hmis_kit.db import Database
from hmis_kit.errors import load_or_fail, parse_id
from hmis_kit.idempotency import KeepsAnswers, applied_once
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase, rpc
from consent import domain, status
from consent.contract import schemas
from consent.contract.rules import load_terms

# The terms a revocation writes (its version keeps every other term as it was).
REVOCATION_FIELDS = ["revoked_on", "revocation_reason", "revoked_by"]


def _shown(consent: dict) -> dict:
    """A consent as the one who just changed it sees it: with its status today."""
    return schemas.ConsentSchema().dump(domain.with_status(consent, date.today(), load_terms()))


def _actor(access: dict):
    return parse_id(access["principal"]["id"], "actor")


def _returned(schema) -> list[str]:
    """The names of the fields an answer of `schema` carries, for its audit row."""
    return list(schema.dump_fields)


class ConsentService(ServiceBase, KeepsAnswers, KeepsAuditTrail):
    name = "consent"
    db = Database()
    outbox_relay = OutboxRelay()

    # Consents are client data: every RPC that reads or writes them takes `access` (what the gateway
    # authorized: principal, decision id, purpose, consent basis) and writes its audit row in the same
    # transaction, naming the fields written or returned, never their values.

    @rpc
    @applied_once
    def record_consent(self, client_id: str, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.ConsentCreateSchema(), payload)
        with self.db.transaction() as session:
            consent = domain.record(session, data, parse_id(client_id, "client_id"),
                                    parse_id(access["principal"]["agency_id"], "agency_id"), _actor(access),
                                    load_terms())
            # What the caller gave: one kind of signed form, and only the dates not left to the rules.
            given = [name for name, value in data.items() if value is not None]
            record_access(session, access, consent["client_id"], "consent_write", given)
        return _shown(consent)

    @rpc
    @applied_once
    def change_consent(self, consent_id: str, payload: dict, access: dict) -> dict:
        changes = load_or_fail(schemas.ConsentChangeSchema(), payload)
        with self.db.transaction() as session:
            consent = domain.change(session, parse_id(consent_id, "consent_id"), changes, _actor(access))
            record_access(session, access, consent["client_id"], "consent_write", list(changes))
        return _shown(consent)

    @rpc
    @applied_once
    def revoke_consent(self, consent_id: str, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.RevocationSchema(), payload)
        with self.db.transaction() as session:
            consent = domain.revoke(session, parse_id(consent_id, "consent_id"), data["reason"], data["revoked_on"],
                                    _actor(access))
            record_access(session, access, consent["client_id"], "consent_revoke", REVOCATION_FIELDS)
            revocations.note(session, consent["id"], consent["recorded_at"])
        return _shown(consent)

    @rpc
    def consent_owner(self, consent_id: str) -> str:
        """The recording agency for the gateway's policy input: no client data, so no audit row."""
        with self.db.transaction() as session:
            return str(domain.owning_agency(session, parse_id(consent_id, "consent_id")))

    @rpc
    def client_consents(self, client_id: str, query: dict, access: dict) -> list[dict]:
        as_of, terms = load_or_fail(schemas.AsOfSchema(), query)["as_of"], load_terms()
        answer, client = schemas.ConsentSchema(many=True), parse_id(client_id, "client_id")
        with self.db.transaction() as session:
            found = domain.client_consents(session, client)
            record_access(session, access, client, "consent_read", _returned(answer))
        return answer.dump([domain.with_status(c, as_of, terms) for c in found])

    @rpc
    def client_status(self, client_id: str, query: dict, access: dict) -> dict:
        as_of = load_or_fail(schemas.AsOfSchema(), query)["as_of"]
        answer, client = schemas.ConsentStatusSchema(), parse_id(client_id, "client_id")
        with self.db.transaction() as session:
            found = domain.client_consents(session, client)
            record_access(session, access, client, "consent_status", _returned(answer))
        badges = status.badges(found, as_of, load_terms().expiring_days)
        return answer.dump({"client_id": client_id, "as_of": as_of, "badges": badges})

    @rpc
    def get_consent(self, consent_id: str, query: dict, access: dict) -> dict:
        as_of, answer = load_or_fail(schemas.AsOfSchema(), query)["as_of"], schemas.ConsentHistorySchema()
        with self.db.transaction() as session:
            consent = domain.consent_history(session, parse_id(consent_id, "consent_id"))
            record_access(session, access, consent["client_id"], "consent_read", _returned(answer))
        return answer.dump(domain.with_status(consent, as_of, load_terms()))

    @rpc
    def signed_form(self, consent_id: str, access: dict) -> dict:
        answer = schemas.SignedFormContentSchema()
        with self.db.transaction() as session:
            form = domain.signed_form(session, parse_id(consent_id, "consent_id"))
            record_access(session, access, form["client_id"], "consent_document", _returned(answer))
        return answer.dump(form)

