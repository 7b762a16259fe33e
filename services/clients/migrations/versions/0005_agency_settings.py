"""agency settings: the victim service provider flag

Revision ID: 9e4a6b2d8c17
Revises: 7d2c4e9b1a05
"""
import sqlalchemy as sa
from alembic import op

revision = "9e4a6b2d8c17"
down_revision = "7d2c4e9b1a05"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "agency_settings",
        sa.Column("agency_id", sa.UUID(), primary_key=True),
        sa.Column("victim_service_provider", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("changed_by", sa.UUID()),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("agency_settings")
