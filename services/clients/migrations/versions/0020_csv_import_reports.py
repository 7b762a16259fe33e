"""csv import reports: every entry of an API import's full report, kept with the import (clients.models)

Revision ID: 8e3c5a1f9d24
Revises: 9c4d7e2a1f30
"""
import sqlalchemy as sa
from alembic import op

revision = "8e3c5a1f9d24"
down_revision = "9c4d7e2a1f30"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "csv_import_report_entries",
        sa.Column("import_id", sa.UUID(), sa.ForeignKey("csv_imports.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("entry", sa.BigInteger, primary_key=True),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("line", sa.BigInteger),
        sa.Column("record_id", sa.Text),
        sa.Column("field", sa.Text),
        sa.Column("rule_id", sa.Text),
        sa.Column("value", sa.Text),
        sa.Column("message", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("csv_import_report_entries")
