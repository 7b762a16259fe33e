"""Coordinated Entry's rules, in plain Python: scoring bands, each sort key and where missing values sort, the
seeded tie-breaker, eligibility's inheritance and snapshots, and every referral step, deadline, expiry and park."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from marshmallow import ValidationError

from ces import eligibility, hud_events, prioritization, referrals, release, scoring, workflow
from ces.contract import schemas
from ces.contract.rules import OPENING_STATUSES, SORT_ATTRIBUTES, TRANSITIONS
from hmis_kit.errors import Conflict, ValidationFailed

TODAY = date(2026, 12, 4)
NOW = datetime(2026, 12, 4, 9, 0, tzinfo=timezone.utc)

INSTRUMENT = {
    "items": [
        {"code": "nights_outside", "question": "Nights slept outside this month", "weight": 2,
         "options": [{"code": "none", "label": "None", "points": 0}, {"code": "some", "label": "1-14", "points": 1},
                     {"code": "most", "label": "15 or more", "points": 3}]},
        {"code": "er_visits", "question": "Emergency room visits this year", "weight": 1,
         "options": [{"code": "no", "label": "None", "points": 0}, {"code": "yes", "label": "One or more", "points": 2}]},
    ],
    "bands": [{"min_score": 5, "band": "high", "recommendation": "psh"},
              {"min_score": 0, "band": "low", "recommendation": "diversion"},
              {"min_score": 3, "band": "mid", "recommendation": "rrh"}],
}

WORKFLOW = schemas.WorkflowSchema().load({
    "deadline_days": {"pending": 3, "in_process": 7}, "stall_days": 2,
    "park_days": {"client": 30},
    "decline_reasons": [{"code": "client_refused_location", "by": "client"},
                        {"code": "provider_no_capacity", "by": "provider"}],
    "override_reasons": ["case_conference"],
})


# Scoring ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("answers, score, band, recommendation", [
    ({"nights_outside": "none", "er_visits": "no"}, 0, "low", "diversion"),
    ({"nights_outside": "some", "er_visits": "no"}, 2, "low", "diversion"),
    ({"nights_outside": "none", "er_visits": "yes"}, 2, "low", "diversion"),
    ({"nights_outside": "some", "er_visits": "yes"}, 4, "mid", "rrh"),
    ({"nights_outside": "most", "er_visits": "no"}, 6, "high", "psh"),
    ({"nights_outside": "most", "er_visits": "yes"}, 8, "high", "psh"),
])
def test_the_score_is_the_weighted_sum_and_its_band_gives_the_recommendation(answers, score, band, recommendation):
    found = scoring.scored(INSTRUMENT, answers)
    assert (found["score"], found["band"], found["recommendation"]) == (score, band, recommendation)
    assert [q["answer"] for q in found["questions"]] == [
        next(o["label"] for o in item["options"] if o["code"] == answers[item["code"]]) for item in INSTRUMENT["items"]]


def test_a_band_starts_at_its_minimum_and_a_score_below_every_band_has_none():
    assert scoring.band_of(INSTRUMENT["bands"], 3)["band"] == "mid"
    assert scoring.band_of(INSTRUMENT["bands"], 4)["band"] == "mid"
    assert scoring.band_of(INSTRUMENT["bands"], 5)["band"] == "high"
    assert scoring.band_of(INSTRUMENT["bands"], -1) == {"band": None, "recommendation": None}


def test_missing_unknown_and_extra_answers_are_refused_by_field():
    with pytest.raises(ValidationFailed) as refused:
        scoring.scored(INSTRUMENT, {"nights_outside": "always", "shoe_size": "9"})
    assert set(refused.value.fields) == {"answers.nights_outside", "answers.er_visits", "answers.shoe_size"}


def test_an_instrument_with_repeated_codes_is_refused():
    problems = schemas.InstrumentCreateSchema().validate({
        "code": "vi", "name": "VI", "effective_from": "2026-01-01",
        "items": [INSTRUMENT["items"][0], INSTRUMENT["items"][0]], "bands": INSTRUMENT["bands"]})
    assert "items" in problems


# Prioritization ----------------------------------------------------------------------------------------------

def client(**attributes) -> dict:
    return {"client_id": uuid.uuid4(), **attributes}


SAMPLE_VALUES = {"boolean": (False, True), "integer": (3, 40), "text": ("adult_only", "youth"),
                 "date": (date(2024, 1, 1), date(2025, 6, 1))}


@pytest.mark.parametrize("attribute", sorted(SORT_ATTRIBUTES))
@pytest.mark.parametrize("direction", ["asc", "desc"])
@pytest.mark.parametrize("missing", ["first", "last"])
def test_each_sort_key_orders_by_its_direction_and_places_missing_values(attribute, direction, missing):
    low, high = SAMPLE_VALUES[SORT_ATTRIBUTES[attribute]]
    rows = [client(**{attribute: high}), client(**{attribute: None}), client(**{attribute: low})]
    policy = {"sort_keys": [{"attribute": attribute, "direction": direction, "missing": missing}], "seed": 7}
    values = [row[attribute] for row in prioritization.ordered(rows, policy)]
    known = [low, high] if direction == "asc" else [high, low]
    assert values == ([None] + known if missing == "first" else known + [None])


def test_later_keys_break_ties_of_earlier_ones():
    rows = [client(chronic=True, score=5), client(chronic=False, score=20), client(chronic=True, score=12)]
    policy = {"sort_keys": [{"attribute": "chronic", "direction": "desc", "missing": "last"},
                            {"attribute": "score", "direction": "desc", "missing": "last"}], "seed": 1}
    assert [(r["chronic"], r["score"]) for r in prioritization.ordered(rows, policy)] == [
        (True, 12), (True, 5), (False, 20)]


def test_ties_are_broken_the_same_way_with_the_same_seed_and_differently_with_another():
    rows = [client(score=10) for _ in range(40)]
    policy = {"sort_keys": [{"attribute": "score", "direction": "desc", "missing": "last"}], "seed": 42}
    first = [r["client_id"] for r in prioritization.ordered(rows, policy)]
    again = [r["client_id"] for r in prioritization.ordered(list(reversed(rows)), policy)]
    other = [r["client_id"] for r in prioritization.ordered(rows, {**policy, "seed": 43})]
    assert first == again
    assert first != other and sorted(map(str, first)) == sorted(map(str, other))


def test_a_rank_is_explained_by_each_key_and_the_tiebreak():
    row = client(chronic=True, score=9)
    policy = {"sort_keys": [{"attribute": "chronic", "direction": "desc", "missing": "last"},
                            {"attribute": "days_homeless_3y", "direction": "desc", "missing": "last"}], "seed": 3}
    explained = prioritization.explained(row, 4, policy)
    assert explained["rank"] == 4 and [k["value"] for k in explained["keys"]] == [True, None]
    assert explained["tiebreak"] == prioritization.tiebreak(3, row["client_id"])


def test_a_policy_names_each_attribute_once_and_only_known_ones():
    base = {"code": "p", "name": "P", "effective_from": "2026-01-01", "seed": 1,
            "workflow": {"deadline_days": {"pending": 1, "in_process": 1}, "stall_days": 1,
                         "decline_reasons": [{"code": "x", "by": "client"}], "override_reasons": ["y"]}}
    twice = [{"attribute": "score", "direction": "desc"}] * 2
    assert "sort_keys" in schemas.PolicyCreateSchema().validate({**base, "sort_keys": twice})
    unknown = [{"attribute": "shoe_size", "direction": "desc"}]
    assert "sort_keys" in schemas.PolicyCreateSchema().validate({**base, "sort_keys": unknown})
    assert schemas.PolicyCreateSchema().validate({**base, "sort_keys": twice[:1]}) == {}


# Eligibility ------------------------------------------------------------------------------------------------

OPENING = {"program": "coc_psh", "funding_source": "hud_coc", "project_id": "P1", "unit": "U7"}


def requirement(level, target, attribute, rule="must", value=None):
    return {"level": level, "target": target, "attribute": attribute, "rule": rule, "value": value}


def test_requirements_are_inherited_downward_from_program_to_unit_and_others_do_not_apply():
    reqs = [requirement("unit", "U7", "age_over", value=55), requirement("program", "coc_psh", "chronic"),
            requirement("project", "P1", "household_type", value="adult_only"),
            requirement("funding_source", "hud_coc", "income_under_ami", value=30),
            requirement("project", "P2", "veteran"), requirement("unit", "U8", "veteran")]
    applied = eligibility.applicable(reqs, OPENING)
    assert [(r["level"], r["attribute"]) for r in applied] == [
        ("program", "chronic"), ("funding_source", "income_under_ami"), ("project", "household_type"),
        ("unit", "age_over")]
    assert [r["attribute"] for r in eligibility.applicable(reqs, {**OPENING, "unit": None})] == [
        "chronic", "income_under_ami", "household_type"]


def test_requirements_are_anded_and_an_unknown_fact_meets_none():
    reqs = [requirement("program", "coc_psh", "chronic"), requirement("project", "P1", "veteran", "must_not")]
    assert eligibility.eligible(reqs, {"chronic": True, "veteran": False}, TODAY)
    assert not eligibility.eligible(reqs, {"chronic": True, "veteran": True}, TODAY)
    assert not eligibility.eligible(reqs, {"chronic": False, "veteran": False}, TODAY)
    assert not eligibility.eligible(reqs, {"chronic": True, "veteran": None}, TODAY)


@pytest.mark.parametrize("attribute, value, meets, fails", [
    ("age_over", 55, {"age": 56}, {"age": 55}),
    ("household_type", "with_children", {"household_type": "with_children"}, {"household_type": "adult_only"}),
    ("income_under_ami", 30, {"ami_percent": 29}, {"ami_percent": 30}),
    ("seen_within_days", 90, {"assessed_on": TODAY - timedelta(days=90)}, {"assessed_on": TODAY - timedelta(days=91)}),
    ("disability_verified", None, {"disability_verified": True}, {"disability_verified": False}),
])
def test_each_requirement_tests_its_fact(attribute, value, meets, fails):
    must = requirement("project", "P1", attribute, value=value)
    assert eligibility.meets(must, meets, TODAY) and not eligibility.meets(must, fails, TODAY)
    must_not = {**must, "rule": "must_not"}
    assert eligibility.meets(must_not, fails, TODAY) and not eligibility.meets(must_not, meets, TODAY)


def test_a_snapshot_keeps_what_the_requirements_said_when_taken():
    reqs = [{**requirement("project", "P1", "age_over", value=55), "id": uuid.uuid4()}]
    kept = eligibility.snapshot(reqs)
    reqs[0]["value"] = 62
    assert kept == [requirement("project", "P1", "age_over", value=55)]


def test_a_requirement_value_must_fit_its_attribute():
    load = schemas.EligibilityRequirementCreateSchema().validate
    assert "value" in load({"level": "project", "target": "P1", "attribute": "veteran", "rule": "must", "value": 3})
    assert "value" in load({"level": "project", "target": "P1", "attribute": "age_over", "rule": "must"})
    assert "value" in load({"level": "unit", "target": "U1", "attribute": "household_type", "rule": "must",
                            "value": "castle"})
    assert load({"level": "unit", "target": "U1", "attribute": "age_over", "rule": "must_not", "value": 17}) == {}


# Referrals -----------------------------------------------------------------------------------------------------

def new_referral() -> dict:
    return {**workflow.opened(WORKFLOW, NOW), "id": uuid.uuid4()}


def test_a_new_referral_is_pending_with_the_case_worker_and_their_deadline():
    referral = new_referral()
    assert (referral["status"], referral["step_owner"]) == ("pending", "case_worker")
    assert referral["due_at"] == NOW + timedelta(days=3)


def test_start_hands_the_step_to_the_provider_with_their_deadline_then_accept_resolves_it():
    referral = new_referral()
    started = workflow.step(referral, "start", {"case_worker"}, WORKFLOW, NOW)
    assert (started["status"], started["step_owner"], started["due_at"]) == (
        "in_process", "provider", NOW + timedelta(days=7))
    accepted = workflow.step({**referral, **started}, "accept", {"provider"}, WORKFLOW, NOW)
    assert (accepted["status"], accepted["step_owner"], accepted["due_at"], accepted["referral_result"]) == (
        "accepted", None, None, 1)
    assert workflow.resolved_as("accepted") == "filled"


@pytest.mark.parametrize("status, action", [("pending", "accept"), ("accepted", "decline"), ("declined", "start"),
                                            ("expired", "accept"), ("cancelled", "start"), ("in_process", "start")])
def test_a_step_the_state_does_not_have_is_a_conflict(status, action):
    with pytest.raises(Conflict):
        workflow.step({**new_referral(), "status": status}, action, {"ces_team"}, WORKFLOW, NOW)


def test_every_step_goes_where_the_table_says():
    for (status, action), to in TRANSITIONS.items():
        sides = {"system"} if action == "expire" else {"ces_team"}
        reason = {"decline": "client_refused_location", "cancel": "case_conference"}.get(action)
        changes = workflow.step({**new_referral(), "status": status}, action, sides, WORKFLOW, NOW,
                                declined_by="client" if action == "decline" else None, reason=reason)
        assert changes["status"] == to


@pytest.mark.parametrize("action, sides", [("accept", {"case_worker"}), ("start", {"provider"}),
                                           ("cancel", {"provider", "case_worker"}), ("expire", {"ces_team"})])
def test_only_the_steps_owner_or_the_ces_team_may_take_it(action, sides):
    status = "in_process" if action == "accept" else "pending"
    with pytest.raises(ValidationFailed):
        workflow.step({**new_referral(), "status": status}, action, sides, WORKFLOW, NOW, reason="case_conference")


def test_the_ces_team_taking_anothers_step_is_recorded_as_its_override():
    assert workflow.acting_side("accept", {"ces_team"}) == "ces_team"
    assert workflow.acting_side("accept", {"ces_team", "provider"}) == "provider"
    assert workflow.acting_side("start", {"provider", "case_worker"}) == "case_worker"
    assert workflow.acting_side("expire", {"system"}) == "system"


def test_a_decline_names_who_declined_and_a_reason_of_theirs_mapped_to_hud():
    referral = {**new_referral(), "status": "in_process"}
    by_provider = workflow.step(referral, "decline", {"provider"}, WORKFLOW, NOW, declined_by="provider",
                                reason="provider_no_capacity")
    assert (by_provider["referral_result"], by_provider["park_until"]) == (3, None)  # keeps their place
    by_client = workflow.step(referral, "decline", {"case_worker"}, WORKFLOW, NOW, declined_by="client",
                              reason="client_refused_location")
    assert (by_client["referral_result"], by_client["park_until"]) == (2, TODAY + timedelta(days=30))
    with pytest.raises(ValidationFailed) as refused:
        workflow.step(referral, "decline", {"provider"}, WORKFLOW, NOW, declined_by="provider",
                      reason="client_refused_location")
    assert "reason" in refused.value.fields


def test_a_cancel_needs_an_override_reason():
    with pytest.raises(ValidationFailed):
        workflow.step(new_referral(), "cancel", {"ces_team"}, WORKFLOW, NOW, reason="because")


def test_overdue_steps_expire_and_stalls_are_flagged_once():
    referral = new_referral()
    assert not workflow.overdue(referral, NOW + timedelta(days=3))
    assert workflow.overdue(referral, NOW + timedelta(days=3, seconds=1))
    assert workflow.step(referral, "expire", {"system"}, WORKFLOW, NOW)["status"] == "expired"
    assert not workflow.stalled(referral, WORKFLOW, NOW + timedelta(days=2))
    assert workflow.stalled(referral, WORKFLOW, NOW + timedelta(days=2, seconds=1))
    assert not workflow.stalled({**referral, "stalled": True}, WORKFLOW, NOW + timedelta(days=5))
    assert not workflow.stalled({**referral, "status": "accepted"}, WORKFLOW, NOW + timedelta(days=5))


def test_a_steps_owner_is_told_once_when_its_deadline_is_within_the_policys_days_and_a_step_clears_it():
    referral = new_referral()  # due in 3 days; the policy's default: told a day before
    assert WORKFLOW["due_soon_days"] == 1
    assert not workflow.due_soon(referral, WORKFLOW, NOW + timedelta(days=2) - timedelta(seconds=1))
    assert workflow.due_soon(referral, WORKFLOW, NOW + timedelta(days=2))
    assert not workflow.due_soon(referral, WORKFLOW, NOW + timedelta(days=3, seconds=1))  # overdue: the sweep expires it
    assert not workflow.due_soon({**referral, "due_soon_sent": True}, WORKFLOW, NOW + timedelta(days=2))
    assert not workflow.due_soon(referral, {**WORKFLOW, "due_soon_days": 0}, NOW + timedelta(days=3))
    started = workflow.step({**referral, "due_soon_sent": True, "stalled": True}, "start", {"case_worker"}, WORKFLOW,
                            NOW + timedelta(days=2))
    assert (started["due_soon_sent"], started["stalled"]) == (False, False)


def test_an_expiry_parks_only_when_the_policy_says():
    assert workflow.park_until(WORKFLOW, "expired", TODAY) is None
    assert workflow.park_until({**WORKFLOW, "park_days": {"expired": 14}}, "expired", TODAY) == TODAY + timedelta(days=14)


def test_an_expiry_counts_as_a_refusal_only_where_the_policy_says_whose():
    pending, in_process = new_referral(), {**new_referral(), "status": "in_process"}
    assert WORKFLOW["expiry_results"] == {"pending": None, "in_process": None}
    assert workflow.step(pending, "expire", {"system"}, WORKFLOW, NOW)["referral_result"] is None
    counted = {**WORKFLOW, "expiry_results": {"pending": "client", "in_process": "provider"}}
    assert workflow.step(pending, "expire", {"system"}, counted, NOW)["referral_result"] == 2
    assert workflow.step(in_process, "expire", {"system"}, counted, NOW)["referral_result"] == 3
    # a policy stored before expiry_results existed records no result
    older = {key: value for key, value in WORKFLOW.items() if key != "expiry_results"}
    assert workflow.step(pending, "expire", {"system"}, older, NOW)["referral_result"] is None
    assert "expiry_results" in schemas.WorkflowSchema().validate({**WORKFLOW, "expiry_results": {"pending": "nobody"}})


# Openings: edited and withdrawn only while open ----------------------------------------------------------------

def test_only_an_open_opening_may_be_edited_or_withdrawn_and_a_refusal_names_its_state():
    referrals.require_open({"status": "open"}, "withdrawn")
    for status in set(OPENING_STATUSES) - {"open"}:
        with pytest.raises(Conflict) as refused:
            referrals.require_open({"status": status}, "withdrawn")
        assert status in refused.value.message and refused.value.fields == {"opening_id": [f"is {status}, not open"]}


def test_an_openings_edit_takes_only_what_may_change_and_a_withdrawal_one_of_the_reasons():
    change = schemas.OpeningChangeSchema()
    assert change.load({"unit": "Apt 4B", "available_on": "2026-12-20", "event_type": 12}) == {
        "unit": "Apt 4B", "available_on": date(2026, 12, 20), "event_type": 12}
    assert change.load({"unit": None, "available_on": None}) == {"unit": None, "available_on": None}
    assert change.validate({"project_id": "P2"}).keys() == {"project_id"}  # not its project
    assert change.validate({"event_type": 16}).keys() == {"event_type"}
    assert change.validate({"program": "Not A Code"}).keys() == {"program"}
    withdrawal = schemas.OpeningWithdrawalSchema()
    assert withdrawal.load({"reason": "unit_offline"}) == {"reason": "unit_offline"}
    assert withdrawal.validate({"reason": "the tenant, Jane Doe, stayed on"}).keys() == {"reason"}
    assert withdrawal.validate({}).keys() == {"reason"}


# HUD 4.20 -------------------------------------------------------------------------------------------------------

def test_a_referral_is_one_hud_event_of_its_openings_type_and_its_result_is_set_on_resolution():
    referral = {"created_at": NOW, "hud_event_id": None, "referral_result": None}
    opening = {"project_id": "P7", "unit": "U4", "event_type": 14}
    assert hud_events.referral_event(referral, opening) == {
        "event_date": "2026-12-04", "event": 14, "location_crisis_or_ph_housing": "project P7 U4"}
    assert hud_events.referral_event(referral, {**opening, "unit": None})["location_crisis_or_ph_housing"] == "project P7"
    assert hud_events.referral_result(referral, TODAY) is None  # no Event written
    written = {**referral, "hud_event_id": "e1"}
    assert hud_events.referral_result(written, TODAY) is None  # a step that is not a resolution, or a cancellation
    assert hud_events.referral_result({**written, "referral_result": 3}, TODAY) == {
        "referral_result": 3, "result_date": "2026-12-04"}


# Consent to refer ---------------------------------------------------------------------------------------------------

ROI_POLICY = {"release_consent": "roi_to_receiving_agency"}


def test_a_referral_to_another_agency_needs_a_consent_in_force_releasing_the_profile_to_it():
    client_agency, provider, other = (str(uuid.uuid4()) for _ in range(3))
    roi = {"type": "roi", "status": "active", "scope": ["profile"], "released_to": [provider]}
    release.require_release(ROI_POLICY, client_agency, provider, lambda: [roi])
    release.require_release(ROI_POLICY, client_agency, provider, lambda: [{**roi, "status": "expiring_soon"}])
    release.require_release(ROI_POLICY, client_agency, provider,
                            lambda: [{**roi, "type": "hmis_sharing", "released_to": []}])
    # within the client's agency nothing is released, and the consents are not even asked for
    release.require_release(ROI_POLICY, client_agency, client_agency, lambda: pytest.fail("consents asked"))
    for refused in ([], [{**roi, "released_to": [other]}], [{**roi, "status": "revoked"}],
                    [{**roi, "status": "expired"}], [{**roi, "status": "pending"}],
                    [{**roi, "scope": ["enrollments"]}], [{**roi, "type": "cie"}]):
        with pytest.raises(Conflict) as error:
            release.require_release(ROI_POLICY, client_agency, provider, lambda: refused)
        assert error.value.fields == {"client_id": ["release_consent_missing"]}
        assert error.value.message.startswith("release_consent_missing")


def test_a_referral_read_later_says_whether_the_release_is_still_in_force():
    client_agency, provider = str(uuid.uuid4()), str(uuid.uuid4())
    roi = {"type": "roi", "status": "active", "scope": ["profile"], "released_to": [provider]}
    assert release.standing(ROI_POLICY, client_agency, provider, lambda: [roi]) == "in_force"
    assert release.standing(ROI_POLICY, client_agency, provider, lambda: [{**roi, "status": "revoked"}]) == "missing"
    assert release.standing(ROI_POLICY, client_agency, client_agency, lambda: []) == "not_needed"
    assert release.standing({"release_consent": "none"}, client_agency, provider, lambda: []) == "not_needed"


def test_a_policy_whose_coc_wide_consent_covers_ce_asks_for_no_release():
    client_agency, provider = str(uuid.uuid4()), str(uuid.uuid4())
    release.require_release({"release_consent": "none"}, client_agency, provider, lambda: pytest.fail("consents asked"))
    assert not release.needed({"release_consent": "none"}, client_agency, provider)
    assert release.needed(ROI_POLICY, client_agency, provider)


def test_the_release_a_policy_asks_for_defaults_to_one_to_the_receiving_agency_and_is_one_of_two():
    loaded = schemas.WorkflowSchema().load({
        "deadline_days": {"pending": 1, "in_process": 1}, "stall_days": 1,
        "decline_reasons": [{"code": "no", "by": "client"}], "override_reasons": ["x"]})
    assert loaded["release_consent"] == "roi_to_receiving_agency"
    with pytest.raises(ValidationError) as error:
        schemas.WorkflowSchema().load({**loaded, "release_consent": "a_handshake"})
    assert "release_consent" in error.value.messages
