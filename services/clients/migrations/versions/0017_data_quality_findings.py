"""data quality findings: one row per data-quality rule a stored HUD record breaks (clients.models)

Revision ID: 5b2e8d41c7a9
Revises: 3f6a1c9e2b70
"""
import sqlalchemy as sa
from alembic import op

revision = "5b2e8d41c7a9"
down_revision = "3f6a1c9e2b70"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "data_quality_findings",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("source", sa.Integer, nullable=False, server_default="1"),
        sa.Column("personal_id", sa.Text),
        sa.Column("enrollment_id", sa.Text),
        sa.Column("project_id", sa.Text),
        sa.Column("rule_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("value", sa.Text),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.UniqueConstraint("file", "record_id", "source", "rule_id", "field", name="data_quality_findings_key"),
    )
    op.create_index("data_quality_findings_rule", "data_quality_findings", ["rule_id"])
    op.create_index("data_quality_findings_personal_id", "data_quality_findings", ["personal_id", "source"])
    op.create_index("data_quality_findings_project_id", "data_quality_findings", ["project_id", "source"])


def downgrade() -> None:
    op.drop_table("data_quality_findings")
