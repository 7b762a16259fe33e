"""The training service: RPC wiring only; the rules are in domain.py and compliance.py."""
from __future__ import annotations

from datetime import date

from nameko.timer import timer

from hmis_kit.db import Database
from hmis_kit.errors import load_or_fail, parse_id
from hmis_kit.idempotency import KeepsAnswers, applied_once
from hmis_kit.inbox import handles
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase, rpc
from identity.contract import events as identity_events
from training import domain
from training.contract import schemas

# Dates move on without any event: refreshers expire and mandatory courses fall due.
RECHECK_INTERVAL_SECONDS = 3600


class TrainingService(ServiceBase, KeepsAnswers):
    name = "training"
    db = Database()
    outbox_relay = OutboxRelay()

    @rpc
    def list_courses(self) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.CourseSchema(many=True).dump(domain.list_courses(session))

    @rpc
    @applied_once
    def create_course(self, payload: dict) -> dict:
        data = load_or_fail(schemas.CourseCreateSchema(), payload)
        with self.db.transaction() as session:
            return schemas.CourseSchema().dump(domain.create_course(session, data, date.today()))

    @rpc
    @applied_once
    def set_requirement(self, course_code: str, payload: dict) -> dict:
        data = load_or_fail(schemas.RequirementSchema(), payload)
        with self.db.transaction() as session:
            course = domain.set_requirement(session, course_code, data["mandatory"], data["effective_date"], date.today())
        return schemas.CourseSchema().dump(course)

    @rpc
    @applied_once
    def schedule_session(self, payload: dict) -> dict:
        data = load_or_fail(schemas.TrainingSessionCreateSchema(), payload)
        with self.db.transaction() as session:
            return schemas.TrainingSessionSchema().dump(domain.schedule_session(session, **data))

    @rpc
    def list_sessions(self, course_code: str | None = None) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.TrainingSessionSchema(many=True).dump(domain.list_sessions(session, course_code))

    @rpc
    @applied_once
    def register(self, session_id: str, user_id: str) -> None:
        with self.db.transaction() as session:
            domain.register(session, parse_id(session_id, "session_id"), parse_id(user_id, "user_id"))

    @rpc
    @applied_once
    def mark_attendance(self, session_id: str, payload: dict) -> None:
        data = load_or_fail(schemas.UserRefSchema(), payload)
        with self.db.transaction() as session:
            domain.mark_attendance(session, parse_id(session_id, "session_id"), data["user_id"], date.today())

    @rpc
    @applied_once
    def record_practice(self, payload: dict, actor: str) -> None:
        data = load_or_fail(schemas.PracticeSchema(), payload)
        with self.db.transaction() as session:
            domain.record_practice(session, data["course_code"], data["user_id"], parse_id(actor, "actor"),
                                   date.today())

    @rpc
    @applied_once
    def record_completion(self, payload: dict) -> None:
        data = load_or_fail(schemas.CompletionSchema(), payload)
        with self.db.transaction() as session:
            domain.record_completion(session, data["course_code"], data["user_id"], data["completed_on"],
                                     date.today())

    @rpc
    def quiz(self, course_code: str) -> dict:
        with self.db.transaction() as session:
            return schemas.QuizSchema().dump(domain.quiz(session, course_code))

    @rpc
    @applied_once
    def submit_quiz(self, course_code: str, user_id: str, payload: dict) -> dict:
        data = load_or_fail(schemas.QuizSubmissionSchema(), payload)
        with self.db.transaction() as session:
            result = domain.submit_quiz(session, course_code, parse_id(user_id, "user_id"), data["answers"],
                                        date.today())
        return schemas.QuizResultSchema().dump(result)

    @rpc
    def status_of(self, user_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.ComplianceSchema().dump(domain.status_of(session, parse_id(user_id, "user_id"), date.today()))

    @handles(identity_events.USER_CREATED)
    def add_trainee(self, session, event):
        domain.add_trainee(session, parse_id(event.data["user_id"], "user_id"),
                           parse_id(event.data["agency_id"], "agency_id"), date.today())

    @handles(identity_events.USER_DEACTIVATED)
    def retire_trainee(self, session, event):
        domain.retire_trainee(session, parse_id(event.data["user_id"], "user_id"))

    @timer(interval=RECHECK_INTERVAL_SECONDS)
    def recheck_everyone(self) -> None:
        with self.db.transaction() as session:
            domain.refresh_all(session, date.today())
