"""Where a run's results are stored, in the reports database beside the run's job (hmis_kit.jobs: its id is the
run's id, its params the run's parameters, its progress questions done out of all).

- report_questions: the questions the run answered, in order, with the shell's labels as they were at the run,
  so that its outputs read the same whatever the catalogue says later;
- report_universe: the people in the report (the run's TEMP TABLE `universe`, by member_no), HUD ids only;
- report_cells: every cell of every question (members: the universe member_nos behind it; a text cell, such as
  a project's name in Q4a, has its text and no value; a shaded cell has neither, and no members).
"""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

metadata = sa.MetaData()

report_questions = sa.Table(
    "report_questions",
    metadata,
    sa.Column("run_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("question", sa.Text, primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("columns", ARRAY(sa.Text), nullable=False),
    sa.Column("rows", ARRAY(sa.Text), nullable=False),
)

report_universe = sa.Table(
    "report_universe",
    metadata,
    sa.Column("run_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("member_no", sa.Integer, primary_key=True),
    sa.Column("personal_id", sa.Text, nullable=False),
    sa.Column("source", sa.Integer, nullable=False),
    sa.Column("enrollment_id", sa.Text),
    sa.Column("household_id", sa.Text),
    sa.Column("project_id", sa.Text),
)

report_cells = sa.Table(
    "report_cells",
    metadata,
    sa.Column("run_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("question", sa.Text, primary_key=True),
    sa.Column("row_no", sa.Integer, primary_key=True),
    sa.Column("column_no", sa.Integer, primary_key=True),
    sa.Column("value", sa.Numeric),  # NULL: a text cell or a shaded one
    sa.Column("members", ARRAY(sa.Integer)),
    sa.Column("text", sa.Text),  # a text cell's text (Q4a's names, codes and dates); NULL for a figure
)
