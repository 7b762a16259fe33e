"""Training request and response schemas: the training service's contract (and its OpenAPI shapes)."""
from marshmallow import Schema, fields, validate

from hmis_kit.inputs import Input

COURSE_KINDS = ("new_user", "privacy_security", "ces_workflow", "focused")


class QuestionSchema(Input):
    text = fields.String(required=True, validate=validate.Length(min=3, max=1000))
    options = fields.List(fields.String(validate=validate.Length(min=1, max=500)), required=True,
                          validate=validate.Length(min=2, max=8))
    correct_option = fields.Integer(required=True, load_only=True, validate=validate.Range(min=0))
    points = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100))


class CourseCreateSchema(Input):
    code = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9_]{3,60}$", error="3-60 of a-z 0-9 _"))
    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(COURSE_KINDS))
    mandatory = fields.Boolean(load_default=False)
    effective_date = fields.Date(load_default=None, allow_none=True,
                                 metadata={"description": "mandatory courses: every user must be done by this date"})
    validity_months = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=120))
    requires_attendance = fields.Boolean(load_default=False)
    requires_practice = fields.Boolean(load_default=False)
    pass_mark = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=1, max=100))
    questions = fields.List(fields.Nested(QuestionSchema), load_default=list)


class RequirementSchema(Input):
    mandatory = fields.Boolean(required=True)
    effective_date = fields.Date(load_default=None, allow_none=True)


class CourseSchema(Schema):
    code = fields.String()
    title = fields.String()
    kind = fields.String()
    mandatory = fields.Boolean()
    effective_date = fields.Date(allow_none=True)
    validity_months = fields.Integer(allow_none=True)
    requires_attendance = fields.Boolean()
    requires_practice = fields.Boolean()
    pass_mark = fields.Integer(allow_none=True)
    questions = fields.Integer(metadata={"description": "how many quiz questions"})


class TrainingSessionCreateSchema(Input):
    course_code = fields.String(required=True)
    starts_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(required=True, validate=validate.Range(min=1, max=1000))
    location = fields.String(required=True, validate=validate.Length(min=2, max=300))


class TrainingSessionSchema(Schema):
    id = fields.UUID()
    course_code = fields.String()
    starts_at = fields.AwareDateTime()
    capacity = fields.Integer()
    location = fields.String()
    registered = fields.Integer()


class UserRefSchema(Input):
    user_id = fields.UUID(required=True)


class PracticeSchema(UserRefSchema):
    course_code = fields.String(required=True)


class CompletionSchema(PracticeSchema):
    completed_on = fields.Date(required=True)


class QuizQuestionSchema(Schema):
    position = fields.Integer()
    text = fields.String()
    options = fields.List(fields.String())
    points = fields.Integer()


class QuizSchema(Schema):
    course_code = fields.String()
    pass_mark = fields.Integer()
    questions = fields.List(fields.Nested(QuizQuestionSchema))


class QuizSubmissionSchema(Input):
    answers = fields.List(fields.Integer(validate=validate.Range(min=0)), required=True,
                          metadata={"description": "the chosen option's index for each question, in order"})


class QuizResultSchema(Schema):
    course_code = fields.String()
    score = fields.Integer(metadata={"description": "percent of points, rounded down"})
    pass_mark = fields.Integer()
    passed = fields.Boolean()


class ComplianceSchema(Schema):
    license_training_complete = fields.Boolean()
    mandatory_current = fields.Boolean()
    ces_workflow_complete = fields.Boolean()
    overdue = fields.List(fields.String())
    due_soon = fields.List(fields.String())
