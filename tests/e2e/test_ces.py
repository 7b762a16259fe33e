"""Coordinated Entry end to end through the gateway: the CES team sets up an instrument, a policy and requirements;
a case worker assesses clients (HUD 4.19 on their enrollment) who appear on the list with their ranks explained; a
provider posts an opening; matching refers the best eligible client; the provider accepts and the client, housed,
leaves the list. On the decline path the client keeps their place and is never offered that opening again."""
import base64
import uuid
from datetime import date

import pytest

from e2e.conftest import new_network
from hmis_kit.db import make_engine
from hmis_platform.onboarding import Person, expect, onboard, record_required_training, wait_until_allowed
from support import add_project

TODAY = date.today().isoformat()
PASSWORD = "Harbor test password 2026"
SIGNATURE = "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(64))).decode()

INSTRUMENT = {
    "name": "Test triage", "effective_from": "2020-01-01",
    "items": [{"code": "nights_outside", "question": "Nights slept outside this month", "weight": 2,
               "options": [{"code": "none", "label": "None", "points": 0},
                           {"code": "most", "label": "15 or more", "points": 5}]},
              {"code": "er_visits", "question": "Emergency room visits this year",
               "options": [{"code": "no", "label": "None", "points": 0},
                           {"code": "yes", "label": "One or more", "points": 3}]}],
    "bands": [{"min_score": 0, "band": "low", "recommendation": "diversion"},
              {"min_score": 8, "band": "high", "recommendation": "psh"}],
}
WORKFLOW = {"deadline_days": {"pending": 3, "in_process": 7}, "stall_days": 2,
            "decline_reasons": [{"code": "client_refused", "by": "client"},
                                {"code": "provider_no_capacity", "by": "provider"}],
            "override_reasons": ["case_conference"], "expiry_results": {"pending": "client", "in_process": None}}
POLICY = {"name": "Score, then days homeless", "effective_from": TODAY, "seed": 7,
          "sort_keys": [{"attribute": "score", "direction": "desc", "missing": "last"},
                        {"attribute": "days_homeless_3y", "direction": "desc", "missing": "last"}],
          "workflow": WORKFLOW}


@pytest.fixture(scope="module")
def network(call, lead):
    """People of this module's own: it gives them the CES training, which the session's network has not."""
    return new_network(call, lead)


@pytest.fixture(scope="module")
def ces(call, lead, network, settings):
    """The CES team (a ces_user of the HMIS lead), everyone CES-trained, a project for agency A's clients and one of
    agency B's for its openings, an instrument and the policy in force."""
    team = onboard(call, lead, lead, Person(f"ces.team.{uuid.uuid4().hex[:6]}", PASSWORD), ["ces_user"],
                   lead.agency_id, "clients:read")
    for person in (team, network.a_worker, network.b_admin, network.b_worker):
        record_required_training(call, lead, person, ("ces_workflow",))
        wait_until_allowed(call, person, "ces:read")
    code = f"triage_{uuid.uuid4().hex[:6]}"
    expect(call, "POST", "/api/v1/ces/instruments", headers=team.headers, json={**INSTRUMENT, "code": code})
    expect(call, "POST", "/api/v1/ces/policies", headers=team.headers, json={**POLICY, "code": f"p_{code}"})
    engine = make_engine(settings.database_url("clients"))
    projects = add_project(engine, network.a_worker.agency_id), add_project(engine, network.b_admin.agency_id)
    engine.dispose()
    return {"team": team, "instrument": code, "access_point": projects[0], "provider_project": projects[1]}


def release_to_provider(client, network, client_id: str) -> dict:
    """The client's release of information to agency B (the providers'), recorded by their agency's case worker."""
    return expect_created(client.post(f"/api/v1/clients/{client_id}/consents", headers=network.a_worker.headers, json={
        "type": "roi", "scope": ["profile", "enrollments"], "released_to": [network.b_admin.agency_id],
        "signed_on": TODAY, "signature": {"signer_name": "Ce Client", "image": SIGNATURE}}))


def assessed(client, network, ces, answers: dict, released: bool = True, **facts) -> str:
    """A new client of agency A, enrolled at the access point and assessed (and, unless `released` is False, who
    released their record to agency B, the providers'): their id."""
    worker = network.a_worker.headers
    person = client.post("/api/v1/clients", headers=worker, json={"first_name": "Ce", "last_name": "Client"})
    if released:
        release_to_provider(client, network, person.get_json()["id"])
    enrolled = client.post("/api/v1/enrollments", headers=worker, json={
        "project_id": ces["access_point"], "entry_date": TODAY,
        "members": [{"client_id": person.get_json()["id"], "relationship_to_hoh": 1, "living_situation": 116}]})
    enrollment_id = enrolled.get_json()["enrollments"][0]["enrollment_id"]
    response = client.post("/api/v1/ces/assessments", headers=worker, json={
        "enrollment_id": enrollment_id, "instrument": ces["instrument"], "assessed_on": TODAY,
        "assessment_location": "Harbor access point", "assessment_type": 3, "answers": answers, "facts": facts})
    assert response.status_code == 201, response.get_json()
    assessment = response.get_json()
    assert assessment["client_id"] == person.get_json()["id"]
    return assessment["client_id"]


def ranks(client, person) -> dict:
    response = client.get("/api/v1/ces/prioritization-list?limit=1000", headers=person.headers)
    assert response.status_code == 200, response.get_json()
    return {entry["client_id"]: entry for entry in response.get_json()}


def opening_with(client, network, ces, requirements: list[dict]) -> str:
    """An opening of agency B's project, posted by B's administrator, under requirements on its unit."""
    unit = f"unit-{uuid.uuid4().hex[:6]}"
    for requirement in requirements:
        expect_created(client.post("/api/v1/ces/requirements", headers=ces["team"].headers,
                                   json={"level": "unit", "target": unit, **requirement}))
    return expect_created(client.post("/api/v1/ces/openings", headers=network.b_admin.headers, json={
        "project_id": ces["provider_project"], "unit": unit, "program": "coc_psh", "funding_source": "hud_coc",
        "event_type": 14}))["id"]


def expect_created(response) -> dict:
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def hud_events(client, network, client_id: str) -> list[dict]:
    """The HUD 4.20 Events on the client's (first) enrollment, read by their agency's case worker."""
    enrollments = client.get(f"/api/v1/clients/{client_id}/enrollments", headers=network.a_worker.headers).get_json()
    record = client.get(f"/api/v1/enrollments/{enrollments[0]['enrollment_id']}", headers=network.a_worker.headers)
    return record.get_json()["events"]


def step(client, person, referral_id: str, **body):
    return client.post(f"/api/v1/ces/referrals/{referral_id}/steps", headers=person.headers, json=body)


def test_assess_list_match_accept_and_the_housed_client_leaves_the_list(client, network, ces):
    high = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, age=101,
                    days_homeless_3y=400)
    low = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "no"}, age=101)
    listed = ranks(client, network.a_worker)
    assert listed[high]["rank"] < listed[low]["rank"]
    assert listed[high]["recommendation"] == "psh"
    assert [(key["attribute"], key["value"]) for key in listed[high]["keys"]] == [("score", 13),
                                                                                   ("days_homeless_3y", 400)]
    # The assessment is HUD 4.19 on the enrollment, with its questions and score.
    enrollments = client.get(f"/api/v1/clients/{high}/enrollments", headers=network.a_worker.headers).get_json()
    record = client.get(f"/api/v1/enrollments/{enrollments[0]['enrollment_id']}",
                        headers=network.a_worker.headers).get_json()
    [hud] = record["assessments"]
    assert hud["prioritization_status"] == 1 and len(hud["questions"]) == 2
    assert hud["results"][0]["assessment_result"] == "13"
    # Agency B's case worker sees none of agency A's clients on the list; a report viewer no list at all.
    assert high not in ranks(client, network.b_worker)
    assert client.get("/api/v1/ces/prioritization-list", headers=network.a_reporter.headers).status_code == 403

    opening = opening_with(client, network, ces, [{"attribute": "age_over", "rule": "must", "value": 100}])
    referral = expect_created(client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                                          json={}))
    assert (referral["client_id"], referral["status"], referral["step_owner"]) == (high, "pending", "case_worker")
    assert referral["requirements"] == [{"level": "unit", "target": referral["requirements"][0]["target"],
                                         "attribute": "age_over", "rule": "must", "value": 100}]
    # The provider may not take the case worker's step; the case worker starts, the provider accepts.
    assert step(client, network.b_admin, referral["id"], action="start").status_code == 422
    assert step(client, network.a_worker, referral["id"], action="start").get_json()["step_owner"] == "provider"
    assert step(client, network.a_worker, referral["id"], action="accept").status_code == 422
    accepted = step(client, network.b_admin, referral["id"], action="accept").get_json()
    assert (accepted["status"], accepted["referral_result"]) == ("accepted", 1)
    assert [line["action"] for line in accepted["history"]] == ["propose", "start", "accept"]
    # HUD 4.20: the referral is one Event on the client's enrollment, of the opening's type, written when it was made;
    # its result set when the provider accepted.
    [event] = hud_events(client, network, high)
    assert (event["event_id"], event["event"], event["event_date"]) == (accepted["hud_event_id"], 14, TODAY)
    assert (event["referral_result"], event["result_date"]) == (1, TODAY)
    assert high not in ranks(client, ces["team"]) and low in ranks(client, ces["team"])
    openings = {o["id"]: o for o in client.get("/api/v1/ces/openings", headers=network.b_admin.headers).get_json()}
    assert openings[opening]["status"] == "filled"
    # The client's agency reads the referral; a resolved referral takes no more steps.
    assert client.get(f"/api/v1/ces/referrals/{referral['id']}", headers=network.a_worker.headers).status_code == 200
    assert step(client, network.a_worker, referral["id"], action="accept").status_code == 409


def test_a_declined_client_keeps_their_place_and_is_never_offered_that_opening_again(client, network, ces):
    first = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, ami_percent=0)
    second = assessed(client, network, ces, {"nights_outside": "none", "er_visits": "yes"}, ami_percent=0)
    before = ranks(client, ces["team"])
    opening = opening_with(client, network, ces, [{"attribute": "income_under_ami", "rule": "must", "value": 1}])
    referral = expect_created(client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                                          json={}))
    assert referral["client_id"] == first
    step(client, network.a_worker, referral["id"], action="start")
    refused = step(client, network.b_admin, referral["id"], action="decline", declined_by="provider",
                   reason="client_refused")
    assert refused.status_code == 422 and "reason" in refused.get_json()["fields"]
    declined = step(client, network.b_admin, referral["id"], action="decline", declined_by="provider",
                    reason="provider_no_capacity").get_json()
    assert (declined["status"], declined["referral_result"], declined["declined_by"]) == ("declined", 3, "provider")
    assert [(e["event"], e["referral_result"], e["result_date"]) for e in hud_events(client, network, first)] == [
        (14, 3, TODAY)]
    after = ranks(client, ces["team"])
    assert after[first]["rank"] == before[first]["rank"] and after[first]["rank"] < after[second]["rank"]
    again = expect_created(client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                                       json={}))
    assert again["client_id"] == second
    override = client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                           json={"client_id": first, "override_reason": "case_conference"})
    assert override.status_code == 409  # the opening is locked by the second client's referral
    cancelled = step(client, ces["team"], again["id"], action="cancel", reason="case_conference").get_json()
    assert cancelled["status"] == "cancelled"
    assert [(e["event"], e["referral_result"]) for e in hud_events(client, network, second)] == [(14, None)]
    refused_again = client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                                json={"client_id": first, "override_reason": "case_conference"})
    assert refused_again.status_code == 409 and "client_id" in refused_again.get_json()["fields"]


def test_the_sweep_expires_an_overdue_step_and_records_the_policys_result_on_the_hud_event(client, network, ces,
                                                                                          settings):
    waiting = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, ami_percent=0, age=99)
    opening = opening_with(client, network, ces, [{"attribute": "income_under_ami", "rule": "must", "value": 1},
                                                  {"attribute": "age_over", "rule": "must", "value": 98}])
    referral = expect_created(client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                                          json={}))
    assert referral["client_id"] == waiting
    engine = make_engine(settings.database_url("ces"))
    with engine.begin() as connection:  # the case worker's deadline passed
        connection.exec_driver_sql("UPDATE referrals SET due_at = now() - interval '1 hour' WHERE id = %s",
                                   (referral["id"],))
    engine.dispose()
    swept = client.post("/api/v1/ces/sweep", headers=ces["team"].headers)
    assert swept.status_code == 200 and swept.get_json()["expired"] >= 1, swept.get_json()
    expired = client.get(f"/api/v1/ces/referrals/{referral['id']}", headers=ces["team"].headers).get_json()
    assert (expired["status"], expired["referral_result"], expired["history"][-1]["side"]) == ("expired", 2, "system")
    # the policy counts an expired pending step as the client's refusal (ReferralResult 2)
    [event] = hud_events(client, network, waiting)
    assert (event["event_id"], event["referral_result"], event["result_date"]) == (referral["hud_event_id"], 2, TODAY)
    openings = {o["id"]: o for o in client.get("/api/v1/ces/openings", headers=network.b_admin.headers).get_json()}
    assert openings[opening]["status"] == "open"


def test_a_match_is_refused_until_the_client_releases_their_record_to_the_providers_agency(client, network, ces):
    waiting = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, released=False, age=120,
                       ami_percent=0)
    opening = opening_with(client, network, ces, [{"attribute": "age_over", "rule": "must", "value": 119}])
    match = f"/api/v1/ces/openings/{opening}/referrals"
    refused = client.post(match, headers=ces["team"].headers, json={})
    assert refused.status_code == 409, refused.get_json()
    assert refused.get_json()["fields"] == {"client_id": ["release_consent_missing"]}
    assert "release_consent_missing" in refused.get_json()["message"]
    # nothing was kept: the opening is still open, the client's place and enrollment untouched (no HUD 4.20 Event)
    openings = {o["id"]: o for o in client.get("/api/v1/ces/openings", headers=network.b_admin.headers).get_json()}
    assert openings[opening]["status"] == "open"
    assert hud_events(client, network, waiting) == []
    # an override names the same client: refused the same way
    override = client.post(match, headers=ces["team"].headers,
                           json={"client_id": waiting, "override_reason": "case_conference"})
    assert override.status_code == 409 and override.get_json()["fields"] == {"client_id": ["release_consent_missing"]}
    release_to_provider(client, network, waiting)
    referral = expect_created(client.post(match, headers=ces["team"].headers, json={}))
    assert (referral["client_id"], referral["provider_agency_id"]) == (waiting, network.b_admin.agency_id)


def test_a_policy_whose_coc_wide_consent_covers_ce_refers_without_a_release(client, network, ces):
    waiting = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, released=False, age=140,
                       ami_percent=0)
    opening = opening_with(client, network, ces, [{"attribute": "age_over", "rule": "must", "value": 139}])
    team, policy = ces["team"].headers, {**POLICY, "code": f"p_{ces['instrument']}"}
    none = expect_created(client.post("/api/v1/ces/policies", headers=team,
                                      json={**policy, "workflow": {**WORKFLOW, "release_consent": "none"}}))
    try:
        assert none["workflow"]["release_consent"] == "none"
        referral = expect_created(client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=team, json={}))
        assert (referral["client_id"], referral["policy_id"], referral["release"]) == (waiting, none["id"],
                                                                                         "not_needed")
        # the referral asked for no release; the provider's reads of the client's record are still the gateway's
        # consent rules: without a release to agency B, refused
        refused = client.get(f"/api/v1/clients/{waiting}", headers=network.b_admin.headers)
        assert refused.status_code == 403, refused.get_json()
    finally:  # the module's policy (a release to the receiving agency, by default) in force again
        restored = expect_created(client.post("/api/v1/ces/policies", headers=team, json=policy))
        assert restored["workflow"]["release_consent"] == "roi_to_receiving_agency"


def test_a_release_revoked_after_the_referral_leaves_it_standing_with_a_warning_and_refuses_the_providers_reads(
        client, network, ces):
    waiting = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, released=False, age=170,
                       ami_percent=0)
    roi = release_to_provider(client, network, waiting)
    opening = opening_with(client, network, ces, [{"attribute": "age_over", "rule": "must", "value": 169}])
    referral = expect_created(client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                                          json={}))
    assert (referral["client_id"], referral["release"]) == (waiting, "in_force")
    provider = network.b_admin.headers
    assert client.get(f"/api/v1/clients/{waiting}", headers=provider).status_code == 200  # under the release
    revoked = client.post(f"/api/v1/consents/{roi['id']}/revocation", headers=network.a_worker.headers,
                          json={"reason": "client withdrew the release"})
    assert revoked.status_code < 300, revoked.get_json()
    # From the revocation on, the gateway refuses the provider's reads of the client's record ...
    refused = client.get(f"/api/v1/clients/{waiting}", headers=provider)
    assert refused.status_code == 403 and "other_agency" in refused.get_json()["reasons"], refused.get_json()
    # ... the referral stands (the client may still want the housing), and says the release is missing, to each party
    for party in (provider, network.a_worker.headers, ces["team"].headers):
        read = client.get(f"/api/v1/ces/referrals/{referral['id']}", headers=party).get_json()
        assert (read["status"], read["release"]) == ("pending", "missing"), read
    started = step(client, network.a_worker, referral["id"], action="start").get_json()
    assert (started["status"], started["release"]) == ("in_process", "missing")
    # the list of referrals leaves it out (one consent read a referral, not a page)
    listed = client.get("/api/v1/ces/referrals", headers=ces["team"].headers).get_json()
    assert all("release" not in row for row in listed)


def test_reads_of_the_list_and_referrals_are_audited_naming_the_client_and_the_decision(call, client, lead, network,
                                                                                       ces):
    listed = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, age=130)
    opening = opening_with(client, network, ces, [{"attribute": "age_over", "rule": "must", "value": 129}])
    referral = expect_created(client.post(f"/api/v1/ces/openings/{opening}/referrals", headers=ces["team"].headers,
                                          json={}))
    assert referral["client_id"] == listed
    team = ces["team"]
    reads = {"ces_list": "/api/v1/ces/prioritization-list?limit=1000", "ces_referrals": "/api/v1/ces/referrals",
             "ces_referral": f"/api/v1/ces/referrals/{referral['id']}"}
    for action, path in reads.items():
        assert client.get(path, headers=team.headers).status_code == 200
        [decision] = expect(call, "GET", f"/api/v1/decisions?principal_id={team.user_id}&action=ces:read&allowed=true"
                                         "&limit=1", headers=lead.headers)
        # the compliance view of the client: the read is a row of the ces service's trail, under that decision
        accesses = expect(call, "GET", f"/api/v1/audit/clients/{listed}", headers=lead.headers)["accesses"]
        row = [a for a in accesses if a["source"] == "ces" and a["action"] == action][-1]
        assert (row["client_id"], row["principal_id"], row["decision_id"]) == (listed, team.user_id,
                                                                               decision["decision_id"])
        assert "client_id" in row["fields"] and row["outcome"] == "allowed"
    chains = {chain["source"]: chain for chain in expect(call, "GET", "/api/v1/audit/verification",
                                                           headers=lead.headers)}
    assert chains["ces"]["intact"] and chains["ces"]["rows"] >= len(reads)


def test_an_open_opening_is_edited_and_withdrawn_by_its_provider_or_the_ces_team_only(client, network, ces):
    opening = opening_with(client, network, ces, [])
    path = f"/api/v1/ces/openings/{opening}"
    edited = client.patch(path, headers=network.b_admin.headers, json={"unit": "Apt 4B", "available_on": TODAY})
    assert edited.status_code == 200, edited.get_json()
    assert (edited.get_json()["unit"], edited.get_json()["available_on"]) == ("Apt 4B", TODAY)
    by_team = client.patch(path, headers=ces["team"].headers, json={"event_type": 12})
    assert by_team.status_code == 200 and by_team.get_json()["event_type"] == 12
    not_its_project = client.patch(path, headers=network.b_admin.headers, json={"project_id": ces["access_point"]})
    assert not_its_project.status_code == 422 and "project_id" in not_its_project.get_json()["fields"]
    bad_date = client.patch(path, headers=network.b_admin.headers, json={"available_on": "next week"})
    assert bad_date.status_code == 422 and "available_on" in bad_date.get_json()["fields"]
    for other in (client.patch(path, headers=network.a_worker.headers, json={"unit": "Apt 1"}),
                  client.post(f"{path}/withdrawal", headers=network.a_worker.headers, json={"reason": "unit_offline"})):
        assert other.status_code == 403 and other.get_json()["reasons"] == ["other_agency"]
    bad_reason = client.post(f"{path}/withdrawal", headers=network.b_admin.headers, json={"reason": "because"})
    assert bad_reason.status_code == 422 and "reason" in bad_reason.get_json()["fields"]
    withdrawn = client.post(f"{path}/withdrawal", headers=network.b_admin.headers, json={"reason": "unit_offline"})
    assert withdrawn.status_code == 200, withdrawn.get_json()
    assert (withdrawn.get_json()["status"], withdrawn.get_json()["withdrawal_reason"]) == ("withdrawn", "unit_offline")
    listed = {o["id"]: o for o in client.get("/api/v1/ces/openings", headers=network.b_admin.headers).get_json()}
    assert listed[opening]["status"] == "withdrawn" and listed[opening]["withdrawn_at"]
    again = client.post(f"{path}/withdrawal", headers=network.b_admin.headers, json={"reason": "unit_offline"})
    assert again.status_code == 409 and "withdrawn" in again.get_json()["message"]
    assert client.patch(path, headers=network.b_admin.headers, json={"unit": "Apt 5"}).status_code == 409


def test_an_opening_held_by_a_referral_is_not_withdrawn_and_a_withdrawn_one_is_never_matched(client, network, ces):
    waiting = assessed(client, network, ces, {"nights_outside": "most", "er_visits": "yes"}, ami_percent=0)
    requirement = [{"attribute": "income_under_ami", "rule": "must", "value": 1}]
    held = opening_with(client, network, ces, requirement)
    referral = expect_created(client.post(f"/api/v1/ces/openings/{held}/referrals", headers=ces["team"].headers,
                                          json={}))
    refused = client.post(f"/api/v1/ces/openings/{held}/withdrawal", headers=network.b_admin.headers,
                          json={"reason": "voucher_pulled"})
    assert refused.status_code == 409 and "locked" in refused.get_json()["message"]
    assert "locked" in refused.get_json()["fields"]["opening_id"][0]
    step(client, ces["team"], referral["id"], action="cancel", reason="case_conference")

    withdrawn = opening_with(client, network, ces, requirement)
    by_team = client.post(f"/api/v1/ces/openings/{withdrawn}/withdrawal", headers=ces["team"].headers,
                          json={"reason": "entered_in_error"})
    assert by_team.status_code == 200 and by_team.get_json()["status"] == "withdrawn"
    for body in ({}, {"client_id": waiting, "override_reason": "case_conference"}):
        match = client.post(f"/api/v1/ces/openings/{withdrawn}/referrals", headers=ces["team"].headers, json=body)
        assert match.status_code == 409 and "withdrawn" in match.get_json()["message"]
    assert not ranks(client, ces["team"])[waiting]["in_referral"]


def test_bad_ces_input_is_a_422_naming_the_field(client, network, ces):
    response = client.post("/api/v1/ces/policies", headers=ces["team"].headers, json={
        **POLICY, "code": "bad", "sort_keys": [{"attribute": "shoe_size", "direction": "desc"}]})
    assert response.status_code == 422 and "sort_keys" in response.get_json()["fields"]
    response = client.post("/api/v1/ces/assessments", headers=network.a_worker.headers, json={"instrument": "x"})
    assert response.status_code == 422 and "enrollment_id" in response.get_json()["fields"]
    assert client.post("/api/v1/ces/instruments", headers=network.a_worker.headers,
                       json={**INSTRUMENT, "code": "x"}).status_code == 403
