"""report runs: the jobs and idempotency tables, and each run's questions, universe and cells (reports.engine)

Revision ID: b7e41c2d9a03
Revises: 7a2c4e6b8d10
"""
from alembic import op

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

from hmis_kit import jobs
from hmis_kit.idempotency import create_idempotency_table, drop_idempotency_table

revision = "b7e41c2d9a03"
down_revision = "7a2c4e6b8d10"
branch_labels = None
depends_on = None


def _run_key() -> list:
    # No foreign key to jobs: the run's inserts would hold its job's row (FOR KEY SHARE) until they commit, and a
    # cancel, which locks the row FOR UPDATE, would wait for the run to end instead of stopping it.
    return [sa.Column("run_id", UUID(as_uuid=True), nullable=False)]


def upgrade() -> None:
    jobs.create_table()
    create_idempotency_table()  # a run is queued once per request (hmis_kit.idempotency)
    op.create_table(
        "report_questions", *_run_key(),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("columns", ARRAY(sa.Text), nullable=False),
        sa.Column("rows", ARRAY(sa.Text), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "question"),
    )
    op.create_table(
        "report_universe", *_run_key(),
        sa.Column("member_no", sa.Integer, nullable=False),
        sa.Column("personal_id", sa.Text, nullable=False),
        sa.Column("source", sa.Integer, nullable=False),
        sa.Column("enrollment_id", sa.Text),
        sa.Column("household_id", sa.Text),
        sa.Column("project_id", sa.Text),
        sa.PrimaryKeyConstraint("run_id", "member_no"),
    )
    op.create_table(
        "report_cells", *_run_key(),
        sa.Column("question", sa.Text, nullable=False),
        sa.Column("row_no", sa.Integer, nullable=False),
        sa.Column("column_no", sa.Integer, nullable=False),
        sa.Column("value", sa.Numeric),
        sa.Column("members", ARRAY(sa.Integer)),
        sa.PrimaryKeyConstraint("run_id", "question", "row_no", "column_no"),
    )
    # A report's cells hold its universe's member numbers many times over (the APR of a CoC: millions): lz4
    # compresses them faster than the default pglz, at about the same size.
    op.execute("ALTER TABLE report_cells ALTER COLUMN members SET COMPRESSION lz4")


def downgrade() -> None:
    for table in ("report_cells", "report_universe", "report_questions"):
        op.drop_table(table)
    drop_idempotency_table()
    jobs.drop_table()
