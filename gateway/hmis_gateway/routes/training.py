"""Training: the catalogue, sessions, quizzes and each user's compliance."""
from flask import Blueprint, g, jsonify, request

from hmis_gateway.guard import json_body, protected
from hmis_gateway.schemas import SessionQuerySchema
from hmis_kit.errors import load_or_fail
from training.contract.schemas import (ComplianceSchema, CompletionSchema, CourseCreateSchema, CourseSchema, PracticeSchema,
                              QuizResultSchema, QuizSchema, QuizSubmissionSchema, RequirementSchema, TrainingSessionCreateSchema,
                              TrainingSessionSchema, UserRefSchema)

bp = Blueprint("training", __name__)


def _user_agency(principal, services, kwargs):
    return services.identity.user_agency(kwargs["resource_id"])


@bp.get("/training/courses")
@protected("training:self", "The course catalogue", returns=CourseSchema, many=True, tags=("training",))
def list_courses():
    return jsonify(g.services.training.list_courses())


@bp.post("/training/courses")
@protected("training:manage", "Add a course, e.g. a new mandatory focused training (HMIS lead)",
           body=CourseCreateSchema, returns=CourseSchema, errors=(409,), status=201, tags=("training",))
def create_course():
    return jsonify(g.services.training.create_course(json_body()))


@bp.put("/training/courses/<course_code>/requirement")
@protected("training:manage", "Make a course mandatory from a date, or withdraw the requirement (HMIS lead)",
           body=RequirementSchema, returns=CourseSchema, tags=("training",))
def set_requirement(course_code):
    return jsonify(g.services.training.set_requirement(course_code, json_body()))


@bp.get("/training/sessions")
@protected("training:self", "Scheduled sessions (`?course_code=`), with seats taken", query=SessionQuerySchema,
           returns=TrainingSessionSchema, many=True, tags=("training",))
def list_sessions():
    return jsonify(g.services.training.list_sessions(load_or_fail(SessionQuerySchema(), request.args.to_dict()).get("course_code")))


@bp.post("/training/sessions")
@protected("training:manage", "Schedule a session of a course", body=TrainingSessionCreateSchema,
           returns=TrainingSessionSchema, errors=(404,), status=201, tags=("training",))
def schedule_session():
    return jsonify(g.services.training.schedule_session(json_body()))


@bp.post("/training/sessions/<resource_id>/registrations")
@protected("training:self", "Register yourself for a session (refused when full)", resource_type="training_session",
           errors=(409,), status=201, tags=("training",))
def register(resource_id):
    g.services.training.register(resource_id, g.principal["id"])
    return ""


@bp.post("/training/sessions/<resource_id>/attendance")
@protected("training:manage", "Mark a registered user as having attended", resource_type="training_session",
           body=UserRefSchema, status=204, tags=("training",))
def mark_attendance(resource_id):
    g.services.training.mark_attendance(resource_id, json_body())
    return ""


@bp.post("/training/practice")
@protected("training:manage", "Record a user's guided data-entry practice as done", body=PracticeSchema,
           errors=(404,), status=204, tags=("training",))
def record_practice():
    g.services.training.record_practice(json_body(), g.principal["id"])
    return ""


@bp.post("/training/completions")
@protected("training:manage", "Record a completion evidenced outside the system", body=CompletionSchema,
           errors=(404,), status=201, tags=("training",))
def record_completion():
    g.services.training.record_completion(json_body())
    return ""


@bp.get("/training/courses/<course_code>/quiz")
@protected("training:self", "A course's quiz questions (never the answers)", returns=QuizSchema, tags=("training",))
def quiz(course_code):
    return jsonify(g.services.training.quiz(course_code))


@bp.post("/training/courses/<course_code>/quiz")
@protected("training:self", "Submit your answers; scored on the server, every attempt kept",
           body=QuizSubmissionSchema, returns=QuizResultSchema, tags=("training",))
def submit_quiz(course_code):
    return jsonify(g.services.training.submit_quiz(course_code, g.principal["id"], json_body()))


@bp.get("/training/status")
@protected("training:self", "Your own training compliance", returns=ComplianceSchema, tags=("training",))
def own_status():
    return jsonify(g.services.training.status_of(g.principal["id"]))


@bp.get("/training/status/<resource_id>")
@protected("training:read", "A user's training compliance", resource_type="user", owner=_user_agency,
           returns=ComplianceSchema, tags=("training",))
def user_status(resource_id):
    return jsonify(g.services.training.status_of(resource_id))
