"""The records an enrollment carries (health and DV, employment and education, disabilities, current
living situations, CE assessments and events, youth education status), over RPC against the real clients
database: HUD's rules across records, what is read back and under which consent, the audit rows and the
events (ids, codes and dates only)."""
import functools
import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from clients.contract import events
from clients.contract.records import KINDS
from clients.models import HUD_TABLES
from hmis_kit import audit
from hmis_kit.errors import Conflict, ValidationFailed
from integration.test_clients_enrollments import ENTRY, household, rejected, says
from support import access_for, announced_changes

pytestmark = pytest.mark.integration
EXIT = "2025-12-01"
TOMORROW = (date.today() + timedelta(days=1)).isoformat()
# HUD's annual window: within 30 days of the anniversary of the head of household's entry (2025-10-15).
IN_WINDOW, LATE_IN_WINDOW, OUTSIDE_WINDOW = "2026-10-20", "2026-11-10", "2026-11-16"


@pytest.fixture
def enrolled(services, agency, project) -> str:
    return household(services, agency, project, 1)["enrollments"][0]["enrollment_id"]


@pytest.fixture
def add(services, agency):
    """Record one of an enrollment's records as agency `agency` (the RPC the gateway calls)."""
    def add(kind: str, enrollment_id: str, body: dict) -> dict:
        return services.clients.add_record(kind, enrollment_id, body, access_for(agency))
    return add


def refused(add, kind: str, enrollment_id: str, body: dict, error=ValidationFailed) -> dict:
    return rejected(functools.partial(add, kind), enrollment_id, body, error=error)


def exited(add, enrollment_id: str) -> None:
    add("exit", enrollment_id, {"exit_date": EXIT, "destination": 410})


def stored(engine, file: str, enrollment_id: str) -> list[dict]:
    table = HUD_TABLES[file]
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(
            sa.select(table).where(table.c.enrollment_id == enrollment_id))]


def test_information_is_dated_within_the_enrollment_and_not_in_the_future(add, enrolled):
    body = {"information_date": ENTRY, "data_collection_stage": 2}
    assert refused(add, "health_and_dv", enrolled, {**body, "information_date": "2025-10-14"}) == {
        "information_date": says("dq.record.before_entry")}
    assert refused(add, "health_and_dv", enrolled, {**body, "information_date": TOMORROW}) == {
        "information_date": ["must not be in the future"]}
    assert add("health_and_dv", enrolled, body)["enrollment_id"] == enrolled
    exited(add, enrolled)
    assert refused(add, "current_living_situation", enrolled, {"information_date": "2025-12-02"}) == {
        "information_date": says("dq.record.after_exit")}
    assert add("current_living_situation", enrolled, {"information_date": EXIT})["id"]


def test_assessments_and_events_are_dated_within_the_enrollment(add, enrolled):
    assessment = {"assessment_date": "2025-10-14", "assessment_location": "Harbor House", "assessment_type": 1,
                  "assessment_level": 1, "prioritization_status": 1}
    assert refused(add, "assessment", enrolled, assessment) == {
        "assessment_date": says("dq.record.before_entry")}
    assert add("assessment", enrolled, {**assessment, "assessment_date": ENTRY})["id"]
    assert refused(add, "event", enrolled, {"event_date": "2025-10-14", "event": 10}) == {
        "event_date": says("dq.record.before_entry")}
    assert add("event", enrolled, {"event_date": ENTRY, "event": 10})["id"]


@pytest.mark.parametrize("kind", ["income_benefits", "health_and_dv", "employment_education", "youth_education_status"])
def test_a_staged_file_has_one_project_start_and_one_exit_record(add, enrolled, kind):
    start = {"information_date": ENTRY, "data_collection_stage": 1}
    assert add(kind, enrolled, start)["id"]
    assert refused(add, kind, enrolled, start, error=Conflict) == {
        "data_collection_stage": says("dq.stage.duplicate")}
    at_exit = {"information_date": EXIT, "data_collection_stage": 3}
    assert refused(add, kind, enrolled, at_exit) == {
        "data_collection_stage": says("dq.stage.needs_exit")}
    exited(add, enrolled)
    assert add(kind, enrolled, at_exit)["id"]
    assert refused(add, kind, enrolled, at_exit, error=Conflict) == {
        "data_collection_stage": says("dq.stage.duplicate")}
    for _ in range(2):
        assert add(kind, enrolled, {"information_date": "2025-11-01", "data_collection_stage": 2})["id"]


def test_disabilities_have_one_project_start_record_of_each_type(add, enrolled, clients_engine):
    physical = {"information_date": ENTRY, "data_collection_stage": 1, "disability_type": 5, "disability_response": 1}
    assert add("disability", enrolled, physical)["id"]
    assert add("disability", enrolled, {**physical, "disability_type": 9})["id"]
    assert refused(add, "disability", enrolled, physical, error=Conflict) == {
        "data_collection_stage": says("dq.stage.duplicate")}
    unanswered = {"information_date": ENTRY, "data_collection_stage": 1, "disability_type": 6}
    assert add("disability", enrolled, unanswered)["id"]
    responses = {row["disability_type"]: row["disability_response"] for row in stored(clients_engine, "Disabilities",
                                                                                        enrolled)}
    assert responses == {5: 1, 9: 1, 6: 99}


def test_drug_use_answers_are_for_substance_use_only(add, enrolled):
    """4.05-4.09 are answered No/Yes (HUD's list 1.8); only 4.10 with alcohol, drug or both (rules.ANSWER_LISTS)."""
    drugs = {"information_date": ENTRY, "data_collection_stage": 1, "disability_type": 7, "disability_response": 2}
    assert refused(add, "disability", enrolled, drugs) == {
        "disability_response": ["one of 0, 1, 8, 9, 99 (NoYesReasons) when DisabilityType is 7"]}
    assert add("disability", enrolled, {**drugs, "disability_type": 10})["id"]


def test_hud_dependent_answers_hold_within_each_record(add, enrolled):
    assert refused(add, "health_and_dv", enrolled, {"information_date": ENTRY, "data_collection_stage": 1,
                                                    "domestic_violence_survivor": 0, "when_occurred": 1}) == {
        "when_occurred": ["only when DomesticViolenceSurvivor is 1"]}
    assert add("health_and_dv", enrolled, {"information_date": ENTRY, "data_collection_stage": 1,
                                           "domestic_violence_survivor": 1, "when_occurred": 1})["id"]
    assert refused(add, "event", enrolled, {"event_date": ENTRY, "event": 10, "prob_sol_div_rr_result": 1}) == {
        "prob_sol_div_rr_result": ["only when Event is 2"]}
    assert add("event", enrolled, {"event_date": ENTRY, "event": 2, "prob_sol_div_rr_result": 1})["id"]


def test_an_annual_assessment_falls_near_an_anniversary_once(add, enrolled):
    annual = {"information_date": "2025-11-15", "data_collection_stage": 5}
    window = says("dq.annual.outside_window")
    assert refused(add, "employment_education", enrolled, annual) == {"information_date": window}
    assert refused(add, "employment_education", enrolled, {**annual, "information_date": OUTSIDE_WINDOW}) == {
        "information_date": window}
    assert add("employment_education", enrolled, {**annual, "information_date": IN_WINDOW})["id"]
    assert refused(add, "employment_education", enrolled, {**annual, "information_date": LATE_IN_WINDOW},
                   error=Conflict) == {"data_collection_stage": says("dq.annual.duplicate")}


def test_an_annual_assessment_follows_the_head_of_households_entry(services, agency, project, add, clients_engine):
    members = household(services, agency, project, 1, 2)["enrollments"]
    child = members[1]["enrollment_id"]
    with clients_engine.begin() as connection:  # the child joined the household a month later
        enrollment = HUD_TABLES["Enrollment"]
        connection.execute(enrollment.update().where(enrollment.c.enrollment_id == child).values(
            entry_date=date(2025, 11, 15)))
    annual = {"data_collection_stage": 5}
    assert refused(add, "youth_education_status", child, {**annual, "information_date": "2026-11-15"})
    # In the head's window (2026-09-15 to 2026-11-14), not in the child's own.
    assert add("youth_education_status", child, {**annual, "information_date": "2026-09-20"})["id"]


def test_an_assessment_keeps_its_questions_and_results_and_is_announced(add, enrolled, clients_engine):
    recorded = add("assessment", enrolled, {
        "assessment_date": ENTRY, "assessment_location": "Harbor House", "assessment_type": 1, "assessment_level": 2,
        "prioritization_status": 1,
        "questions": [{"assessment_question": "Nights outside in the last 90 days", "assessment_answer": "30",
                       "assessment_question_order": 1}],
        "results": [{"assessment_result_type": "Vulnerability score", "assessment_result": "11"}]})
    for file in ("AssessmentQuestions", "AssessmentResults"):
        rows = stored(clients_engine, file, enrolled)
        assert [row["assessment_id"] for row in rows] == [recorded["id"]]
    announced = announced_changes(clients_engine, events.CHANGED["Assessment"], "assessment_id", recorded["id"])
    assert announced == [{"op": events.CREATED, "assessment_id": recorded["id"], "source": announced[0]["source"],
                          "enrollment_id": enrolled, "personal_id": announced[0]["personal_id"],
                          "assessment_date": ENTRY, "assessment_level": 2, "prioritization_status": 1}]


def test_a_refused_record_leaves_nothing_behind(add, enrolled, clients_engine):
    assert refused(add, "event", enrolled, {"event_date": ENTRY, "event": 10, "referral_result": 1,
                                            "result_date": "2025-10-14"}) == {"result_date": says("dq.event.result_before_event")}
    assert stored(clients_engine, "Event", enrolled) == []
    assert announced_changes(clients_engine, events.CHANGED["Event"], "enrollment_id", enrolled) == []


def test_a_result_set_later_is_refused_before_its_event(services, agency, add, enrolled, clients_engine):
    """The result of a referral, set once known (set_event_result), is refused before the event as one recorded with
    it is (dq.event.result_before_event), and the event is left as it was."""
    event_id = add("event", enrolled, {"event_date": "2025-10-20", "event": 10})["id"]
    assert rejected(services.clients.set_event_result, enrolled, event_id, {
        "referral_result": 1, "result_date": "2025-10-19"}, access_for(agency)) == {
        "result_date": says("dq.event.result_before_event")}
    assert [row["result_date"] for row in stored(clients_engine, "Event", enrolled)] == [None]
    assert services.clients.set_event_result(enrolled, event_id, {"referral_result": 1, "result_date": "2025-10-20"},
                                             access_for(agency))["id"] == event_id


def test_an_exit_recorded_after_records_keeps_them_each_with_its_finding(add, enrolled, clients_engine):
    """The API refuses a new record dated after the exit; an exit recorded later, before records already there, keeps
    them, each with its finding, as an import keeps and finds them (dq.record.after_exit); an exit-stage record recorded
    once it has exited has no finding of needing one."""
    later = add("current_living_situation", enrolled, {"information_date": "2025-12-05"})["id"]
    add("exit", enrolled, {"exit_date": EXIT, "destination": 410})
    at_exit = add("health_and_dv", enrolled, {"information_date": EXIT, "data_collection_stage": 3})["id"]
    with clients_engine.connect() as connection:
        found = connection.execute(sa.text(
            "SELECT record_id, rule_id, field FROM data_quality_findings WHERE enrollment_id = :e AND rule_id IN "
            "('dq.record.after_exit', 'dq.stage.needs_exit')"), {"e": enrolled}).all()
    assert [tuple(row) for row in found] == [(later, "dq.record.after_exit", "InformationDate")]
    assert at_exit


MINIMAL = {"exit": {"exit_date": EXIT}, "service": {"date_provided": ENTRY, "record_type": 200, "type_provided": 200},
           "disability": {"information_date": ENTRY, "data_collection_stage": 1, "disability_type": 5},
           "assessment": {"assessment_date": ENTRY, "assessment_location": "Harbor House", "assessment_type": 1,
                          "assessment_level": 1, "prioritization_status": 1},
           "event": {"event_date": ENTRY, "event": 10},
           "current_living_situation": {"information_date": ENTRY, "current_living_situation": 116}}


def test_every_kind_of_record_is_announced_with_ids_codes_and_dates_only(add, enrolled, clients_engine):
    for kind in KINDS:
        body = MINIMAL.get(kind.name, {"information_date": ENTRY, "data_collection_stage": 1})
        recorded = add(kind.name, enrolled, body)
        key = HUD_TABLES[kind.file].primary_key.columns.values()[0].name
        announced = announced_changes(clients_engine, events.CHANGED[kind.file], key, recorded["id"])
        assert len(announced) == 1 and set(announced[0]) == {"op", *events.RECORDS[kind.file].fields}, kind.name


def test_each_assessment_is_read_with_its_own_questions(services, agency, add, enrolled):
    for question in ("Q1", "Q2"):
        add("assessment", enrolled, {**MINIMAL["assessment"], "questions": [{"assessment_question": question}]})
    whole = services.clients.enrollment_record(enrolled, access_for(agency))
    assert sorted([q["assessment_question"] for q in assessment["questions"]] for assessment in whole["assessments"]) \
        == [["Q1"], ["Q2"]]


def test_an_enrollment_is_read_whole_by_its_agency_and_by_parts_under_a_consent(services, agency, add, enrolled,
                                                                             clients_engine):
    add("service", enrolled, MINIMAL["service"])
    add("disability", enrolled, MINIMAL["disability"])
    add("assessment", enrolled, {**MINIMAL["assessment"], "questions": [{"assessment_question": "Q1"}]})
    whole = services.clients.enrollment_record(enrolled, access_for(agency))
    assert whole["enrollment_id"] == enrolled and whole["exit"] is None
    assert [len(whole[key]) for key in ("services", "disabilities", "assessments", "health_and_dv")] == [1, 1, 1, 0]
    assert whole["assessments"][0]["questions"][0]["assessment_question"] == "Q1"
    exited(add, enrolled)
    consent = {"consent_id": str(uuid.uuid4()), "scope": ["profile", "enrollments"], "start_date": "2025-01-01",
               "end_date": "2099-12-31", "revoked_on": None}
    shared = services.clients.enrollment_record(enrolled, {**access_for(agency), "consent": consent})
    assert shared["exit"]["exit_date"] == EXIT
    assert not {"services", "disabilities", "assessments", "events", "health_and_dv"} & set(shared)
    with clients_engine.connect() as connection:
        rows = connection.execute(sa.select(audit.audit_log.c.action, audit.audit_log.c.fields).where(
            audit.audit_log.c.client_id == whole["client_id"], audit.audit_log.c.action == "read")
            .order_by(audit.audit_log.c.id)).all()
    assert [sorted(row.fields) for row in rows] == [sorted(whole), sorted(shared)]


def test_a_clients_enrollments_are_listed_newest_first(services, agency, project, clients_engine, add):
    client_id = household(services, agency, project, 1)["enrollments"][0]["client_id"]
    later = services.clients.enroll_household({"project_id": project, "entry_date": "2026-01-10", "members": [
        {"client_id": client_id, "relationship_to_hoh": 1}]}, access_for(agency))["enrollments"][0]["enrollment_id"]
    listed = services.clients.client_enrollments(client_id, access_for(agency))
    assert [row["entry_date"] for row in listed] == ["2026-01-10", ENTRY]
    assert listed[0]["enrollment_id"] == later and listed[1]["exit_date"] is None
    with clients_engine.connect() as connection:
        actions = connection.execute(sa.select(audit.audit_log.c.action).where(
            audit.audit_log.c.client_id == client_id).order_by(audit.audit_log.c.id)).scalars().all()
    assert actions == ["create", "enroll", "enroll", "read"]
