"""Training rules over the database: the catalogue, sessions with capacity, attendance, guided practice,
quizzes scored on the server, completions, and announcing each user's compliance when it changes.

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import uuid
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hmis_kit.db import first_or_not_found
from hmis_kit.errors import Conflict, NotFound, ValidationFailed
from hmis_kit.outbox import record_event
from training import compliance
from training.contract import events
from training.models import (completions, courses, practice, questions, quiz_attempts, registrations, trainees,
                             training_sessions)
from training.models import compliance as compliance_table


def now() -> datetime:
    return datetime.now(timezone.utc)


def _course(session: Session, code: str):
    return first_or_not_found(session, sa.select(courses).where(courses.c.code == code), "course_code", "course")


def list_courses(session: Session) -> list[dict]:
    counted = (sa.select(sa.func.count()).select_from(questions)
               .where(questions.c.course_code == courses.c.code).scalar_subquery())
    query = sa.select(courses, counted.label("questions")).order_by(courses.c.code)
    return [dict(row._mapping) for row in session.execute(query)]


def create_course(session: Session, data: dict, today: date) -> dict:
    course_questions = data.pop("questions")
    if (data["pass_mark"] is None) != (not course_questions):
        raise ValidationFailed("a quiz needs both a pass mark and questions",
                               {"pass_mark" if data["pass_mark"] is None else "questions": ["needed for a quiz"]})
    if data["mandatory"] and data["effective_date"] is None:
        raise ValidationFailed("a mandatory course needs an effective date", {"effective_date": ["required"]})
    try:
        with session.begin_nested():
            session.execute(courses.insert().values(**data))
    except IntegrityError:
        raise Conflict("a course with that code exists", {"code": ["already taken"]}) from None
    for position, question in enumerate(course_questions, start=1):
        if not 0 <= question["correct_option"] < len(question["options"]):
            raise ValidationFailed("the correct option is not one of the options",
                                   {"questions": {position - 1: {"correct_option": ["out of range"]}}})
        session.execute(questions.insert().values(course_code=data["code"], position=position, **question))
    if data["mandatory"]:
        refresh_all(session, today)  # a new mandatory course may take effect at once
    return dict(_course(session, data["code"])._mapping)


def set_requirement(session: Session, course_code: str, mandatory: bool, effective_date: date | None,
                    today: date) -> dict:
    """Make a course mandatory from a date, or withdraw the requirement; everyone's compliance follows."""
    if mandatory and effective_date is None:
        raise ValidationFailed("a mandatory course needs an effective date", {"effective_date": ["required"]})
    _course(session, course_code)
    session.execute(courses.update().where(courses.c.code == course_code)
                    .values(mandatory=mandatory, effective_date=effective_date))
    refresh_all(session, today)
    return dict(_course(session, course_code)._mapping)


def schedule_session(session: Session, course_code: str, starts_at: datetime, capacity: int, location: str) -> dict:
    if not _course(session, course_code).requires_attendance:
        raise ValidationFailed("this course has no sessions to attend", {"course_code": ["no attendance required"]})
    row = {"id": uuid.uuid4(), "course_code": course_code, "starts_at": starts_at, "capacity": capacity,
           "location": location}
    session.execute(training_sessions.insert().values(**row))
    return {**row, "registered": 0}


def list_sessions(session: Session, course_code: str | None) -> list[dict]:
    registered = (sa.select(sa.func.count()).select_from(registrations)
                  .where(registrations.c.session_id == training_sessions.c.id).scalar_subquery())
    query = sa.select(training_sessions, registered.label("registered")).order_by(training_sessions.c.starts_at)
    if course_code:
        query = query.where(training_sessions.c.course_code == course_code)
    return [dict(row._mapping) for row in session.execute(query)]


def register(session: Session, session_id: uuid.UUID, user_id: uuid.UUID) -> None:
    # Locking the session row serialises registrations, so capacity cannot be overrun by a race.
    scheduled = session.execute(sa.select(training_sessions).where(training_sessions.c.id == session_id)
                                .with_for_update()).first()
    if scheduled is None:
        raise NotFound("no such training session", {"session_id": ["unknown session"]})
    taken = session.execute(sa.select(sa.func.count()).select_from(registrations)
                            .where(registrations.c.session_id == session_id)).scalar_one()
    if taken >= scheduled.capacity:
        raise Conflict("the session is full", {"session_id": ["no seats left"]})
    try:
        with session.begin_nested():
            session.execute(registrations.insert().values(session_id=session_id, user_id=user_id))
    except IntegrityError:
        raise Conflict("already registered for this session", {"session_id": ["already registered"]}) from None


def mark_attendance(session: Session, session_id: uuid.UUID, user_id: uuid.UUID, today: date) -> None:
    marked = session.execute(registrations.update().where(
        registrations.c.session_id == session_id, registrations.c.user_id == user_id,
    ).values(attended=True).returning(registrations.c.session_id)).first()
    if marked is None:
        raise ValidationFailed("only a registered user can attend", {"user_id": ["not registered for this session"]})
    course_code = session.execute(sa.select(training_sessions.c.course_code)
                                  .where(training_sessions.c.id == session_id)).scalar_one()
    _progress(session, course_code, user_id, today)


def record_practice(session: Session, course_code: str, user_id: uuid.UUID, actor: uuid.UUID, today: date) -> None:
    if not _course(session, course_code).requires_practice:
        raise ValidationFailed("this course has no guided practice", {"course_code": ["no practice required"]})
    values = {"course_code": course_code, "user_id": user_id, "completed_at": now(), "recorded_by": actor}
    session.execute(insert(practice).values(**values).on_conflict_do_nothing())
    _progress(session, course_code, user_id, today)


def _questions(session: Session, course_code: str):
    return session.execute(sa.select(questions).where(questions.c.course_code == course_code)
                           .order_by(questions.c.position)).all()


def quiz(session: Session, course_code: str) -> dict:
    course = _course(session, course_code)
    if course.pass_mark is None:
        raise NotFound("this course has no quiz", {"course_code": ["no quiz"]})
    return {"course_code": course_code, "pass_mark": course.pass_mark,
            "questions": [{"position": q.position, "text": q.text, "options": q.options, "points": q.points}
                          for q in _questions(session, course_code)]}


def submit_quiz(session: Session, course_code: str, user_id: uuid.UUID, answers: list[int], today: date) -> dict:
    """Score on the server; every attempt is kept."""
    course = _course(session, course_code)
    asked = _questions(session, course_code)
    if course.pass_mark is None or not asked:
        raise NotFound("this course has no quiz", {"course_code": ["no quiz"]})
    if len(answers) != len(asked):
        raise ValidationFailed("answer every question", {"answers": [f"expected {len(asked)} answers"]})
    result = compliance.score([q.points for q in asked], [q.correct_option for q in asked], answers)
    passed = result >= course.pass_mark
    session.execute(quiz_attempts.insert().values(course_code=course_code, user_id=user_id, answers=answers,
                                                  score=result, passed=passed, submitted_at=now()))
    if passed:
        _progress(session, course_code, user_id, today)
    return {"course_code": course_code, "score": result, "pass_mark": course.pass_mark, "passed": passed}


def _requirements_met(session: Session, course, user_id: uuid.UUID) -> bool:
    attended = not course.requires_attendance or session.execute(sa.select(sa.exists().where(
        registrations.c.user_id == user_id, registrations.c.attended,
        registrations.c.session_id.in_(sa.select(training_sessions.c.id)
                                       .where(training_sessions.c.course_code == course.code))))).scalar()
    practised = not course.requires_practice or session.execute(sa.select(sa.exists().where(
        practice.c.user_id == user_id, practice.c.course_code == course.code))).scalar()
    quizzed = course.pass_mark is None or session.execute(sa.select(sa.exists().where(
        quiz_attempts.c.user_id == user_id, quiz_attempts.c.course_code == course.code, quiz_attempts.c.passed))).scalar()
    return bool(attended and practised and quizzed)


def _complete(session: Session, course, user_id: uuid.UUID, completed_on: date, source: str) -> None:
    session.execute(completions.insert().values(
        course_code=course.code, user_id=user_id, completed_on=completed_on, source=source,
        expires_on=compliance.expiry(completed_on, course.validity_months)))


def _progress(session: Session, course_code: str, user_id: uuid.UUID, today: date) -> None:
    """Called after each step a user takes: a completion when the course's requirements are all met."""
    course = _course(session, course_code)
    if _requirements_met(session, course, user_id):
        _complete(session, course, user_id, today, "requirements_met")
        refresh(session, user_id, today)


def record_completion(session: Session, course_code: str, user_id: uuid.UUID, completed_on: date, today: date) -> None:
    """A completion evidenced outside the system (a sign-in sheet, a recorded webinar), entered by the lead."""
    if completed_on > today:
        raise ValidationFailed("a completion cannot be in the future", {"completed_on": ["after today"]})
    _complete(session, _course(session, course_code), user_id, completed_on, "recorded")
    refresh(session, user_id, today)


def status_of(session: Session, user_id: uuid.UUID, today: date) -> dict:
    catalogue = [compliance.Course(r.code, r.kind, r.mandatory, r.effective_date)
                 for r in session.execute(sa.select(courses))]
    record = [compliance.Completion(r.course_code, r.completed_on, r.expires_on)
              for r in session.execute(sa.select(completions).where(completions.c.user_id == user_id))]
    return compliance.status(catalogue, record, today)


def refresh(session: Session, user_id: uuid.UUID, today: date) -> None:
    """Recompute one user's compliance and announce it if it changed."""
    trainee = session.execute(sa.select(trainees).where(trainees.c.user_id == user_id)).first()
    if trainee is None or not trainee.active:
        return
    current = status_of(session, user_id, today)
    previous = session.execute(sa.select(compliance_table.c.status)
                               .where(compliance_table.c.user_id == user_id).with_for_update()).scalar()
    if previous == current:
        return
    session.execute(insert(compliance_table).values(user_id=user_id, status=current, computed_at=now())
                    .on_conflict_do_update(index_elements=[compliance_table.c.user_id],
                                           set_={"status": current, "computed_at": now()}))
    record_event(session, events.COMPLIANCE_CHANGED,
                 events.compliance_payload(user_id, trainee.agency_id, current))


def refresh_all(session: Session, today: date) -> None:
    for user_id in session.execute(sa.select(trainees.c.user_id).where(trainees.c.active)).scalars():
        refresh(session, user_id, today)


def add_trainee(session: Session, user_id: uuid.UUID, agency_id: uuid.UUID, today: date) -> None:
    session.execute(insert(trainees).values(user_id=user_id, agency_id=agency_id, active=True)
                    .on_conflict_do_nothing())
    refresh(session, user_id, today)


def retire_trainee(session: Session, user_id: uuid.UUID) -> None:
    session.execute(trainees.update().where(trainees.c.user_id == user_id).values(active=False))
