"""Training tables: the course catalogue with quiz questions, scheduled sessions and registrations,
guided practice, quiz attempts, completions, and each user's derived compliance."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

metadata = sa.MetaData()

courses = sa.Table(
    "courses",
    metadata,
    sa.Column("code", sa.Text, primary_key=True),
    sa.Column("title", sa.Text, nullable=False),
    # new_user, privacy_security, ces_workflow, focused
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("mandatory", sa.Boolean, nullable=False),
    # For a mandatory course: the date from which every user must have completed it.
    sa.Column("effective_date", sa.Date),
    # Completions expire after this many months (annual refreshers: 12); null: never.
    sa.Column("validity_months", sa.Integer),
    sa.Column("requires_attendance", sa.Boolean, nullable=False),
    sa.Column("requires_practice", sa.Boolean, nullable=False),
    sa.Column("pass_mark", sa.Integer),  # percent; null: no quiz
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

questions = sa.Table(
    "questions",
    metadata,
    sa.Column("course_code", sa.Text, sa.ForeignKey("courses.code"), primary_key=True),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("options", JSONB, nullable=False),
    sa.Column("correct_option", sa.Integer, nullable=False),  # never leaves the service
    sa.Column("points", sa.Integer, nullable=False),
)

training_sessions = sa.Table(
    "training_sessions",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("course_code", sa.Text, sa.ForeignKey("courses.code"), nullable=False, index=True),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("location", sa.Text, nullable=False),
)

registrations = sa.Table(
    "registrations",
    metadata,
    sa.Column("session_id", UUID(as_uuid=True), sa.ForeignKey("training_sessions.id"), primary_key=True),
    sa.Column("user_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("attended", sa.Boolean, nullable=False, server_default=sa.false()),
)

practice = sa.Table(
    "practice",
    metadata,
    sa.Column("course_code", sa.Text, sa.ForeignKey("courses.code"), primary_key=True),
    sa.Column("user_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("recorded_by", UUID(as_uuid=True), nullable=False),
)

quiz_attempts = sa.Table(
    "quiz_attempts",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("course_code", sa.Text, sa.ForeignKey("courses.code"), nullable=False),
    sa.Column("user_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("answers", ARRAY(sa.Integer), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("passed", sa.Boolean, nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
)

completions = sa.Table(
    "completions",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("course_code", sa.Text, sa.ForeignKey("courses.code"), nullable=False),
    sa.Column("user_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("completed_on", sa.Date, nullable=False),
    sa.Column("expires_on", sa.Date),
    sa.Column("source", sa.Text, nullable=False),  # requirements_met or recorded
)

# Users as identity announced them: who must be kept compliant.
trainees = sa.Table(
    "trainees",
    metadata,
    sa.Column("user_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
)

# The last compliance announced per user: events go out only when it changes.
compliance = sa.Table(
    "compliance",
    metadata,
    sa.Column("user_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("status", JSONB, nullable=False),
    sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
)
