"""The CES service: RPC wiring only; the rules are in scoring, prioritization, eligibility and workflow, their
storage in catalogue, assessments, matching and referrals."""
from __future__ import annotations

from datetime import date, datetime, timezone

from nameko.rpc import RpcProxy
from nameko.timer import timer

from ces import assessments, catalogue, hud_events, notices, referrals, release, scoring
from ces.contract import events, schemas
from ces.contract.rules import CES_TEAM_ROLES, DUE_SOON_NOTICE, STALLED_NOTICE
from hmis_kit.audit import operator_access, record_access, record_accesses
from hmis_kit.config import env
from hmis_kit.audit_rpcs import KeepsAuditTrail
from hmis_kit.db import Database
from hmis_kit.errors import load_or_fail, parse_id
from hmis_kit.idempotency import KeepsAnswers, applied_once
from hmis_kit.inbox import handles
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase, rpc

# How often the sweep runs (expiries, stalls, parks): HMIS_CES_SWEEP_SECONDS, default hourly.
SWEEP_SECONDS = int(env("HMIS_CES_SWEEP_SECONDS", "3600"))
# Who the clients service's audit trail names for a result the sweep sets on a HUD Event (an expiry): no person.
SWEEP_ACCESS = operator_access("referrals", "ces sweep")


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _actor(access: dict):
    return parse_id(access["principal"]["id"], "actor")


def _returned(schema) -> list[str]:
    """The names of the fields an answer of `schema` carries, for its audit rows (never their values)."""
    return list(schema.dump_fields)


def _scope(access: dict):
    """Whose CES data the caller sees: None (every agency's) for the CES team, else their agency's."""
    principal = access["principal"]
    return None if set(principal["roles"]) & set(CES_TEAM_ROLES) else parse_id(principal["agency_id"], "agency_id")


class CesService(ServiceBase, KeepsAnswers, KeepsAuditTrail):
    name = "ces"
    db = Database()
    outbox_relay = OutboxRelay()
    clients = RpcProxy("clients")
    consent = RpcProxy("consent")

    # The community's settings (the CES team's) -----------------------------------------------------------------

    @rpc
    @applied_once
    def add_instrument(self, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.InstrumentCreateSchema(), payload)
        with self.db.transaction() as session:
            return schemas.InstrumentSchema().dump(catalogue.add_instrument(session, data, _actor(access)))

    @rpc
    def instruments(self) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.InstrumentSchema(many=True).dump(catalogue.list_instruments(session))

    @rpc
    @applied_once
    def add_policy(self, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.PolicyCreateSchema(), payload)
        with self.db.transaction() as session:
            return schemas.PolicySchema().dump(catalogue.add_policy(session, data, _actor(access)))

    @rpc
    def policies(self) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.PolicySchema(many=True).dump(catalogue.list_policies(session))

    @rpc
    @applied_once
    def add_requirement(self, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.EligibilityRequirementCreateSchema(), payload)
        with self.db.transaction() as session:
            return schemas.EligibilityRequirementSchema().dump(catalogue.add_requirement(session, data, _actor(access)))

    @rpc
    @applied_once
    def remove_requirement(self, requirement_id: str) -> None:
        with self.db.transaction() as session:
            catalogue.remove_requirement(session, parse_id(requirement_id, "requirement_id"))

    @rpc
    def requirements(self) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.EligibilityRequirementSchema(many=True).dump(catalogue.list_requirements(session))

    # Assessments and the list ------------------------------------------------------------------------------------

    @rpc
    @applied_once
    def record_assessment(self, payload: dict, access: dict) -> dict:
        """Score an assessment, record it as HUD 4.19 on the client's CE enrollment (the clients service, which
        audits the write) and place the client on the list; if the clients service refuses, nothing is kept."""
        data = load_or_fail(schemas.CesAssessmentCreateSchema(), payload)
        with self.db.transaction() as session:
            instrument = catalogue.instrument_in_force(session, data["instrument"], data["assessed_on"])
            scored = scoring.scored(instrument, data["answers"])
            recorded = self.clients.add_record("assessment", data["enrollment_id"],
                                               assessments.hud_assessment(data, scored, instrument), access)
            assessment = assessments.record(session, data, instrument, scored, recorded,
                                            parse_id(access["principal"]["agency_id"], "agency_id"), _actor(access))
            return schemas.CesAssessmentSchema().dump(assessment)

    @rpc
    def prioritization_list(self, query: dict, access: dict) -> list[dict]:
        page = load_or_fail(schemas.ListQuerySchema(), query)
        today = date.today()
        with self.db.transaction() as session:
            policy = catalogue.policy_in_force(session, today, required=False)
            if policy is None:  # a community that has not set up CES yet has no list
                return []
            found = assessments.prioritization_list(session, policy, _scope(access), today, page["limit"],
                                                    page["offset"])
            answer = schemas.ListEntrySchema(many=True)
            record_accesses(session, access, "ces_list", {entry["client_id"]: _returned(answer) for entry in found})
            return answer.dump(found)

    @rpc
    def list_agency(self, client_id: str) -> str:
        """The agency holding a client on the list, for the policy input: no client data."""
        with self.db.transaction() as session:
            return str(assessments.list_agency(session, parse_id(client_id, "client_id")))

    @rpc
    @applied_once
    def set_manual_rank(self, client_id: str, payload: dict) -> dict:
        data = load_or_fail(schemas.ManualRankSchema(), payload)
        with self.db.transaction() as session:
            entry = assessments.set_entry(session, parse_id(client_id, "client_id"), data)
            return schemas.ListClientSchema().dump(entry)

    @rpc
    @applied_once
    def set_list_status(self, client_id: str, payload: dict) -> dict:
        data = load_or_fail(schemas.ClientStatusSchema(), payload)
        with self.db.transaction() as session:
            entry = assessments.set_entry(session, parse_id(client_id, "client_id"), data)
            return schemas.ListClientSchema().dump(entry)

    # Openings and referrals --------------------------------------------------------------------------------------

    @rpc
    @applied_once
    def post_opening(self, payload: dict, agency_id: str, access: dict) -> dict:
        """An opening of a project; `agency_id` is the agency running it (the gateway's owner of the project)."""
        data = load_or_fail(schemas.OpeningCreateSchema(), payload)
        with self.db.transaction() as session:
            opening = referrals.post_opening(session, data, parse_id(agency_id, "agency_id"), _actor(access))
            return schemas.OpeningSchema().dump(opening)

    @rpc
    @applied_once
    def change_opening(self, opening_id: str, payload: dict) -> dict:
        changes = load_or_fail(schemas.OpeningChangeSchema(), payload)
        with self.db.transaction() as session:
            opening = referrals.change_opening(session, parse_id(opening_id, "opening_id"), changes)
            return schemas.OpeningSchema().dump(opening)

    @rpc
    @applied_once
    def withdraw_opening(self, opening_id: str, payload: dict, access: dict) -> dict:
        reason = load_or_fail(schemas.OpeningWithdrawalSchema(), payload)["reason"]
        with self.db.transaction() as session:
            opening = referrals.withdraw_opening(session, parse_id(opening_id, "opening_id"), reason, _actor(access),
                                                 _now())
            return schemas.OpeningSchema().dump(opening)

    @rpc
    def openings(self, access: dict) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.OpeningSchema(many=True).dump(referrals.list_openings(session, _scope(access)))

    @rpc
    def opening_agency(self, opening_id: str) -> str:
        with self.db.transaction() as session:
            return str(referrals.opening_agency(session, parse_id(opening_id, "opening_id")))

    @rpc
    @applied_once
    def propose_referral(self, opening_id: str, payload: dict, access: dict) -> dict:
        override = load_or_fail(schemas.ReferralCreateSchema(), payload)
        with self.db.transaction() as session:
            referral = referrals.propose(session, parse_id(opening_id, "opening_id"), override,
                                         catalogue.list_requirements(session), _actor(access), _now())
            # Consent to refer, as the policy asks (release.py): refused, nothing is kept or written.
            standing = release.require_release(*self._release_question(session, referral, access))
            # HUD 4.20 on the client's enrollment (the clients service audits it); refused there, nothing is kept.
            event = hud_events.referral_event(referral, referrals.get_opening(session, referral["opening_id"]))
            recorded = self.clients.add_record("event", referral["enrollment_id"], event, access)
            referral = referrals.set_hud_event(session, referral["id"], recorded["id"])
            return schemas.ReferralSchema().dump({**referrals.with_history(session, referral), "release": standing})

    @rpc
    def referral_parties(self, referral_id: str) -> dict:
        """The agencies party to a referral (its provider, the client's), for the policy input: no client data."""
        with self.db.transaction() as session:
            referral = referrals.get_referral(session, parse_id(referral_id, "referral_id"))
            return {"provider_agency_id": str(referral["provider_agency_id"]),
                    "client_agency_id": str(referral["client_agency_id"])}

    @rpc
    def referral(self, referral_id: str, access: dict) -> dict:
        with self.db.transaction() as session:
            referral = referrals.get_referral(session, parse_id(referral_id, "referral_id"))
            answer = schemas.ReferralSchema()
            record_access(session, access, referral["client_id"], "ces_referral", _returned(answer))
            return answer.dump(self._with_release(session, referrals.with_history(session, referral), access))

    @rpc
    def referrals(self, query: dict, access: dict) -> list[dict]:
        status = load_or_fail(schemas.ReferralQuerySchema(), query)["status"]
        with self.db.transaction() as session:
            found = referrals.list_referrals(session, _scope(access), status)
            answer = schemas.ReferralSchema(many=True, exclude=("history", "release"))
            record_accesses(session, access, "ces_referrals", {r["client_id"]: _returned(answer) for r in found})
            return answer.dump(found)

    @rpc
    @applied_once
    def take_step(self, referral_id: str, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.StepSchema(), payload)
        referral_uuid = parse_id(referral_id, "referral_id")
        with self.db.transaction() as session:
            sides = referrals.sides_of(access["principal"], referrals.get_referral(session, referral_uuid))
            now = _now()
            referral = referrals.take_step(session, referral_uuid, data["action"], sides, _actor(access), now,
                                           data["declined_by"], data["reason"])
            self._hud_result(referral, access, now)
            return schemas.ReferralSchema().dump(self._with_release(session, referrals.with_history(session, referral),
                                                                    access))

    def _release_question(self, session, referral: dict, access: dict) -> tuple:
        """What release.standing asks of a referral: its policy's workflow, its two agencies and the client's consents
        (the consent service's answer under the caller's access, which it audits; asked only when needed)."""
        return (catalogue.get_policy(session, referral["policy_id"])["workflow"], str(referral["client_agency_id"]),
                str(referral["provider_agency_id"]),
                lambda: self.consent.client_consents(str(referral["client_id"]), {}, access))

    def _with_release(self, session, referral: dict, access: dict) -> dict:
        """A referral with where it stands today on the release its policy asks for (revoked since: missing)."""
        return {**referral, "release": release.standing(*self._release_question(session, referral, access))}

    # The sweep ---------------------------------------------------------------------------------------------------

    @rpc
    def sweep(self) -> dict:
        """Expire overdue steps, flag stalls, end parks (`hmis ces sweep`; also run every SWEEP_SECONDS)."""
        now = _now()
        with self.db.transaction() as session:
            swept = referrals.sweep(session, now)
            for referral in swept["expired_referrals"]:
                self._hud_result(referral, SWEEP_ACCESS, now)
            return schemas.SweepSchema().dump(swept)

    def _hud_result(self, referral: dict, access: dict, now: datetime) -> None:
        """A resolution's result on the referral's HUD 4.20 Event (none: nothing written)."""
        result = hud_events.referral_result(referral, now.date())
        if result is not None:
            self.clients.set_event_result(referral["enrollment_id"], referral["hud_event_id"], result, access)

    @timer(interval=SWEEP_SECONDS)
    def scheduled_sweep(self) -> None:
        self.sweep()

    # Notices: the sweep's word to a step's owner, kept for them (notices.py) -----------------------------------

    @handles(events.REFERRAL_STALLED)
    def note_stall(self, session, event) -> None:
        notices.note(session, STALLED_NOTICE, event)

    @handles(events.REFERRAL_DUE_SOON)
    def note_due_soon(self, session, event) -> None:
        notices.note(session, DUE_SOON_NOTICE, event)

    @rpc
    def notices(self, access: dict) -> list[dict]:
        """The current notices for the caller: their agency's steps (the CES team: every agency's)."""
        with self.db.transaction() as session:
            return schemas.NoticeSchema(many=True).dump(notices.current(session, _scope(access), _actor(access)))

    @rpc
    def notice_agency(self, notice_id: str) -> str:
        with self.db.transaction() as session:
            return str(notices.notice_agency(session, parse_id(notice_id, "notice_id")))

    @rpc
    @applied_once
    def mark_notice_seen(self, notice_id: str, access: dict) -> None:
        with self.db.transaction() as session:
            notices.mark_seen(session, parse_id(notice_id, "notice_id"), _actor(access))
