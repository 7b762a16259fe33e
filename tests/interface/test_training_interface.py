"""The training service alone against its contract (training.contract): every RPC the gateway calls, its
answers and refusals, and its events. A trainee arrives as identity announces a new user."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest

from conformance import announced, conforms, refused
from identity.contract import events as identity_events
from support import eventually
from training.contract import events, schemas

pytestmark = pytest.mark.integration

SERVICE = "training"
LEAD = str(uuid.uuid4())


@pytest.fixture(scope="module")
def trainee(service):
    """A new case manager, as identity announces them; training answers with their compliance."""
    user_id, agency_id = str(uuid.uuid4()), str(uuid.uuid4())
    service.published()
    service.feed(identity_events.USER_CREATED, "identity",
                 {"user_id": user_id, "agency_id": agency_id, "roles": ["case_manager"], "active": True})
    first = announced(eventually(service.published), SERVICE)
    assert [(event.type, event.data["user_id"]) for event in first] == [(events.COMPLIANCE_CHANGED, user_id)]
    return user_id


@pytest.fixture(scope="module")
def course(service):
    """A course with every step: a session to attend, guided practice and a quiz."""
    body = {"code": f"iface_{uuid.uuid4().hex[:8]}", "title": "Interface refresher", "kind": "focused",
            "requires_attendance": True, "requires_practice": True, "pass_mark": 50,
            "questions": [{"text": "Who may see a client's record?", "options": ["anyone", "those allowed"],
                           "correct_option": 1}]}
    answer, published = service.call("create_course", body)
    announced(published, SERVICE)
    return conforms(schemas.CourseSchema(), answer)


def test_the_catalogue(service, course):
    assert refused(service.rpc.create_course, {"code": "Bad Code", "title": "T", "kind": "hobby"}).keys() \
        == {"code", "title", "kind"}
    listed = conforms(schemas.CourseSchema(), service.rpc.list_courses(), many=True)
    assert course["code"] in {row["code"] for row in listed}

    assert refused(service.rpc.set_requirement, course["code"], {"mandatory": "perhaps"}).keys() == {"mandatory"}
    later = (date.today() + timedelta(days=3650)).isoformat()
    for mandatory, effective in ((True, later), (False, None)):  # and back: other tests share this catalogue
        answer, published = service.call("set_requirement", course["code"],
                                         {"mandatory": mandatory, "effective_date": effective})
        assert conforms(schemas.CourseSchema(), answer)["mandatory"] is mandatory
        announced(published, SERVICE)


def test_a_course_taken_step_by_step(service, course, trainee):
    code = course["code"]
    starts_at = (datetime.now(timezone.utc) + timedelta(days=7)).isoformat()
    assert refused(service.rpc.schedule_session, {"course_code": code, "starts_at": starts_at, "capacity": 0,
                                                  "location": "Room 1"}).keys() == {"capacity"}
    answer, published = service.call("schedule_session", {"course_code": code, "starts_at": starts_at,
                                                          "capacity": 5, "location": "Room 1"})
    scheduled = conforms(schemas.TrainingSessionSchema(), answer)
    announced(published, SERVICE)
    session_id = str(scheduled["id"])

    assert service.call("register", session_id, trainee) == (None, [])
    listed = conforms(schemas.TrainingSessionSchema(), service.rpc.list_sessions(code), many=True)
    assert [(row["id"], row["registered"]) for row in listed] == [(scheduled["id"], 1)]

    assert refused(service.rpc.mark_attendance, session_id, {"user_id": "someone"}).keys() == {"user_id"}
    answer, published = service.call("mark_attendance", session_id, {"user_id": trainee})
    announced(published, SERVICE)
    assert refused(service.rpc.record_practice, {}, LEAD).keys() == {"course_code", "user_id"}
    answer, published = service.call("record_practice", {"course_code": code, "user_id": trainee}, LEAD)
    announced(published, SERVICE)

    quiz = conforms(schemas.QuizSchema(), service.rpc.quiz(code))
    assert [question["options"] for question in quiz["questions"]] == [["anyone", "those allowed"]]
    assert refused(service.rpc.submit_quiz, code, trainee, {"answers": "the second"}).keys() == {"answers"}
    answer, published = service.call("submit_quiz", code, trainee, {"answers": [1]})
    assert conforms(schemas.QuizResultSchema(), answer)["passed"] is True
    announced(published, SERVICE)


def test_completions_make_a_user_compliant(service, trainee):
    assert refused(service.rpc.record_completion, {"course_code": "new_user_training", "user_id": trainee,
                                                   "completed_on": "soon"}).keys() == {"completed_on"}
    before = conforms(schemas.ComplianceSchema(), service.rpc.status_of(trainee))
    assert before["license_training_complete"] is False
    published = []
    for code in ("new_user_training", "privacy_security_essentials"):
        answer, published = service.call("record_completion", {"course_code": code, "user_id": trainee,
                                                               "completed_on": date.today().isoformat()})
        assert answer is None
    changed = announced(published, SERVICE)
    assert [(event.type, event.data["license_training_complete"]) for event in changed] \
        == [(events.COMPLIANCE_CHANGED, True)]
    assert conforms(schemas.ComplianceSchema(), service.rpc.status_of(trainee))["license_training_complete"] is True
