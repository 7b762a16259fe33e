"""openings: the day a unit or voucher can be taken up, and a withdrawal (why, when, by whom) of an open opening

Revision ID: 7c31d5e0a9f4
Revises: 4e9255bf68ea
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

revision = "7c31d5e0a9f4"
down_revision = "4e9255bf68ea"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("openings", sa.Column("available_on", sa.Date(), nullable=True))
    op.add_column("openings", sa.Column("withdrawal_reason", sa.Text(), nullable=True))
    op.add_column("openings", sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("openings", sa.Column("withdrawn_by", UUID(as_uuid=True), nullable=True))


def downgrade() -> None:
    for column in ("withdrawn_by", "withdrawn_at", "withdrawal_reason", "available_on"):
        op.drop_column("openings", column)
