"""The CES service alone against its contract (ces.contract): the community's settings, the prioritization list,
openings, referrals and their steps, the sweep, their refusals and events (ids and codes only). Assessing a client
writes HUD 4.19 through the clients service, which does not run here (tests/e2e/test_ces.py covers it), so the
test puts two assessed clients on the list in the service's database; it empties the CES tables after, for the
end-to-end tests that follow. A referral's HUD 4.20 Event goes to a stand-in answering the clients service's two
RPCs on the broker, which holds what it is sent to the clients contract's schemas; the client's consents (consent to
refer) come from a stand-in answering the consent service's `client_consents` in its contract's shape."""
import uuid
from datetime import date

import pytest
from nameko.containers import ServiceContainer
from nameko.rpc import rpc

from ces.contract import events, schemas
from clients.contract.schemas import RECORD_SCHEMAS, EventResultSchema
from consent.contract.schemas import AsOfSchema, ConsentSchema
from hmis_kit.audit import AccessSchema, VerificationSchema
from hmis_kit.errors import Conflict
from ces.models import list_entries
from conformance import announced, conforms, refused
from hmis_kit.db import make_engine
from support import access_for, eventually

pytestmark = pytest.mark.integration

SERVICE = "ces"
TODAY = date.today()
WORKFLOW = {"deadline_days": {"pending": 3, "in_process": 7}, "stall_days": 2,
            "decline_reasons": [{"code": "client_refused", "by": "client"}], "override_reasons": ["case_conference"]}
TEAM = {**access_for(str(uuid.uuid4())), "action": "ces:manage"}
TEAM["principal"]["roles"] = ["ces_user"]


class ClientsStandIn:
    """The clients service's `add_record` and `set_event_result`, as far as the ces service calls them: each call's
    body loaded with the clients contract's schema (a body it would refuse fails here) and kept in `CALLS`."""
    name = "clients"
    CALLS: list = []

    @rpc
    def add_record(self, kind, enrollment_id, payload, access):
        ClientsStandIn.CALLS.append(("add_record", kind, enrollment_id, RECORD_SCHEMAS[kind]().load(payload)))
        return {"id": f"EV{len(ClientsStandIn.CALLS)}", "enrollment_id": enrollment_id, "client_id": str(uuid.uuid4())}

    @rpc
    def set_event_result(self, enrollment_id, event_id, payload, access):
        ClientsStandIn.CALLS.append(("set_event_result", enrollment_id, event_id, EventResultSchema().load(payload)))
        return {"id": event_id, "enrollment_id": enrollment_id, "client_id": str(uuid.uuid4())}


class ConsentStandIn:
    """The consent service's `client_consents`: the consents in `HELD` for the client, in the contract's shape."""
    name = "consent"
    HELD: dict = {}

    @rpc
    def client_consents(self, client_id, query, access):
        AsOfSchema().load(query)
        return ConsentSchema(many=True).dump(ConsentStandIn.HELD.get(client_id, []))


@pytest.fixture(scope="module")
def clients_stand_in(service, settings):
    containers = [ServiceContainer(stand_in, settings.nameko_config()) for stand_in in (ClientsStandIn, ConsentStandIn)]
    for container in containers:
        container.start()
    yield ClientsStandIn.CALLS
    for container in containers:
        container.stop()


@pytest.fixture(scope="module")
def on_list(settings):
    engine = make_engine(settings.database_url("ces"))
    agency = uuid.uuid4()
    rows = [{"client_id": uuid.uuid4(), "agency_id": agency, "enrollment_id": f"E{n}", "status": "active",
             "assessment_id": uuid.uuid4(), "score": score, "assessed_on": TODAY, "chronic": True}
            for n, score in enumerate((9, 14))]
    with engine.begin() as connection:
        connection.execute(list_entries.insert(), rows)
    yield rows
    with engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE notice_seen, notices, referral_history, referrals, openings, list_entries, "
                                   "assessments, requirements, policies, instruments")
    engine.dispose()


def test_the_settings_are_kept_as_versions(service):
    assert refused(service.rpc.add_instrument, {"code": "Bad Code", "items": []}, TEAM).keys() >= {"code", "items"}
    instrument = {"code": "triage", "name": "Triage", "effective_from": TODAY.isoformat(),
                  "items": [{"code": "q", "question": "Nights outside?",
                             "options": [{"code": "no", "label": "No", "points": 0}]}],
                  "bands": [{"min_score": 0, "band": "all", "recommendation": "rrh"}]}
    first, published = service.call("add_instrument", instrument, TEAM)
    second = service.rpc.add_instrument(instrument, TEAM)
    assert [conforms(schemas.InstrumentSchema(), i)["version"] for i in (first, second)] == [1, 2]
    assert published == []
    conforms(schemas.InstrumentSchema(), service.rpc.instruments(), many=True)
    assert refused(service.rpc.add_requirement, {"level": "unit", "target": "U1", "attribute": "age_over",
                                                 "rule": "must"}, TEAM).keys() == {"value"}
    requirement = conforms(schemas.EligibilityRequirementSchema(), service.rpc.add_requirement(
        {"level": "project", "target": "P1", "attribute": "chronic", "rule": "must"}, TEAM))
    assert [r["id"] for r in service.rpc.requirements()] == [str(requirement["id"])]


def test_a_referral_from_match_to_acceptance(service, on_list, clients_stand_in):
    policy = {"code": "community", "name": "Score first", "effective_from": TODAY.isoformat(), "seed": 1,
              "sort_keys": [{"attribute": "score", "direction": "desc"}], "workflow": WORKFLOW}
    conforms(schemas.PolicySchema(), service.rpc.add_policy(policy, TEAM))
    listed = conforms(schemas.ListEntrySchema(), service.rpc.prioritization_list({}, TEAM), many=True)
    assert [row["client_id"] for row in listed] == [on_list[1]["client_id"], on_list[0]["client_id"]]
    assert refused(service.rpc.prioritization_list, {"limit": 0}, TEAM).keys() == {"limit"}

    provider = str(uuid.uuid4())
    assert refused(service.rpc.post_opening, {"project_id": "P1"}, provider, TEAM).keys() >= {"program"}
    answer, published = service.call("post_opening", {"project_id": "P1", "program": "psh", "funding_source": "coc",
                                                      "event_type": 14}, provider, TEAM)
    opening = conforms(schemas.OpeningSchema(), answer)
    assert [e.type for e in announced(published, SERVICE)] == [events.OPENING_CHANGED]

    # Consent to refer: without a release to the provider's agency the match is refused and nothing is kept.
    with pytest.raises(Conflict) as failure:
        service.rpc.propose_referral(str(opening["id"]), {}, TEAM)
    assert failure.value.fields == {"client_id": ["release_consent_missing"]} and clients_stand_in == []
    ConsentStandIn.HELD[str(on_list[1]["client_id"])] = [{
        "id": uuid.uuid4(), "client_id": on_list[1]["client_id"], "agency_id": on_list[1]["agency_id"], "type": "roi",
        "scope": ["profile"], "released_to": [uuid.UUID(provider)], "start_date": TODAY, "end_date": TODAY,
        "status": "active"}]
    answer, published = service.call("propose_referral", str(opening["id"]), {}, TEAM)
    referral = conforms(schemas.ReferralSchema(), answer)
    assert (referral["client_id"], referral["rank"], referral["status"]) == (on_list[1]["client_id"], 1, "pending")
    assert [e.type for e in announced(published, SERVICE)] == [events.OPENING_CHANGED, events.REFERRAL_CHANGED]
    assert service.rpc.referral_parties(str(referral["id"])) == {
        "provider_agency_id": provider, "client_agency_id": str(on_list[1]["agency_id"])}

    assert refused(service.rpc.take_step, str(referral["id"]), {"action": "leap"}, TEAM).keys() == {"action"}
    service.rpc.take_step(str(referral["id"]), {"action": "start"}, TEAM)
    answer, published = service.call("take_step", str(referral["id"]), {"action": "accept"}, TEAM)
    accepted = conforms(schemas.ReferralSchema(), answer)
    assert (accepted["status"], accepted["referral_result"]) == ("accepted", 1)
    assert [e.type for e in announced(published, SERVICE)] == [events.OPENING_CHANGED, events.REFERRAL_CHANGED]
    assert [h["side"] for h in accepted["history"]] == ["ces_team", "ces_team", "ces_team"]
    # HUD 4.20: one Event on the client's enrollment when the referral was made, its result set on acceptance.
    assert accepted["hud_event_id"] == "EV1"
    assert [call[:3] for call in clients_stand_in] == [("add_record", "event", "E1"), ("set_event_result", "E1", "EV1")]
    assert clients_stand_in[0][3] == {"event_date": TODAY, "event": 14, "location_crisis_or_ph_housing": "project P1"}
    assert clients_stand_in[1][3] == {"referral_result": 1, "result_date": TODAY}
    assert [row["client_id"] for row in service.rpc.prioritization_list({}, TEAM)] == [str(on_list[0]["client_id"])]
    conforms(schemas.ReferralSchema(exclude=("history",)), service.rpc.referrals({}, TEAM), many=True)
    assert conforms(schemas.SweepSchema(), service.rpc.sweep()) == {"expired": 0, "stalled": 0, "due_soon": 0,
                                                                        "unparked": 0}


def test_an_open_opening_is_changed_and_withdrawn(service, on_list):
    opening = service.rpc.post_opening({"project_id": "P2", "program": "psh", "funding_source": "coc",
                                        "event_type": 14}, str(uuid.uuid4()), TEAM)
    assert refused(service.rpc.change_opening, opening["id"], {"project_id": "P3"}).keys() == {"project_id"}
    answer, published = service.call("change_opening", opening["id"], {"unit": "Apt 2", "event_type": 14})
    assert conforms(schemas.OpeningSchema(), answer)["unit"] == "Apt 2"
    assert [(e.type, e.data["changed"]) for e in announced(published, SERVICE)] == [(events.OPENING_CHANGED, ["unit"])]
    assert refused(service.rpc.withdraw_opening, opening["id"], {"reason": "gone"}, TEAM).keys() == {"reason"}
    answer, published = service.call("withdraw_opening", opening["id"], {"reason": "voucher_pulled"}, TEAM)
    assert conforms(schemas.OpeningSchema(), answer)["status"] == "withdrawn"
    assert [(e.type, e.data["withdrawal"]) for e in announced(published, SERVICE)] == [
        (events.OPENING_WITHDRAWN, "voucher_pulled")]
    with pytest.raises(Conflict) as failure:
        service.rpc.withdraw_opening(opening["id"], {"reason": "voucher_pulled"}, TEAM)
    assert failure.value.fields == {"opening_id": ["is withdrawn, not open"]}


def test_a_stalled_referral_is_a_notice_for_its_owner(service, on_list, clients_stand_in, settings):
    """The sweep announces a stall (ids, codes and dates); the service keeps it as a notice for the owner's agency."""
    provider, waiting = str(uuid.uuid4()), on_list[0]
    opening = service.rpc.post_opening({"project_id": "P2", "program": "psh", "funding_source": "coc", "event_type": 14},
                                       provider, TEAM)
    ConsentStandIn.HELD[str(waiting["client_id"])] = [{**ConsentStandIn.HELD[str(on_list[1]["client_id"])][0],
                                                       "client_id": waiting["client_id"],
                                                       "released_to": [uuid.UUID(provider)]}]
    referral = service.rpc.propose_referral(str(opening["id"]), {}, TEAM)
    engine = make_engine(settings.database_url("ces"))
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE referrals SET last_activity_at = now() - interval '3 days' WHERE id = %s",
                                   (referral["id"],))
    engine.dispose()
    answer, published = service.call("sweep")
    assert conforms(schemas.SweepSchema(), answer)["stalled"] == 1
    [stalled] = announced(published, SERVICE)
    assert (stalled.type, stalled.data["step_owner"], stalled.data["owner_agency_id"]) == (
        events.REFERRAL_STALLED, "case_worker", str(waiting["agency_id"]))
    worker = access_for(str(waiting["agency_id"]))
    notices = eventually(lambda: service.rpc.notices(worker))
    [notice] = conforms(schemas.NoticeSchema(), notices, many=True)
    assert (str(notice["referral_id"]), notice["kind"], notice["seen"]) == (referral["id"], "stalled", False)
    assert service.rpc.notices(access_for(provider)) == []  # not the provider's step
    assert service.rpc.notice_agency(str(notice["id"])) == str(waiting["agency_id"])
    service.rpc.mark_notice_seen(str(notice["id"]), worker)
    assert [n["seen"] for n in service.rpc.notices(worker)] == [True]
    assert [n["seen"] for n in service.rpc.notices(TEAM)] == [False]  # seen is the user's own


def test_its_audit_trail_of_reads(service, on_list):
    """The list, referrals and a referral read above each wrote rows (hmis_kit.audit) naming the client, not a value."""
    assert refused(service.rpc.access_log, {"limit": 0}).keys() == {"limit"}
    rows = conforms(AccessSchema(), service.rpc.access_log({"client_id": str(on_list[0]["client_id"])}), many=True)
    assert {row["action"] for row in rows} == {"ces_list"}
    assert {(str(row["principal_id"]), str(row["decision_id"])) for row in rows} == {(TEAM["principal"]["id"],
                                                                                      TEAM["decision_id"])}
    assert {"client_id", "rank", "keys"} <= set(rows[0]["fields"])
    referred = {row["action"] for row in service.rpc.access_log({"client_id": str(on_list[1]["client_id"])})}
    assert referred == {"ces_list", "ces_referrals"}
    assert conforms(VerificationSchema(), service.rpc.audit_verification())["intact"]
