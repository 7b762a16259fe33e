"""a referral keeps the HUD id of the 4.20 Event it wrote on the client's enrollment

Revision ID: 7c1e4b2d9a05
Revises: fa46d9efa98f
"""
from alembic import op
import sqlalchemy as sa

revision = "7c1e4b2d9a05"
down_revision = "fa46d9efa98f"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("referrals", sa.Column("hud_event_id", sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column("referrals", "hud_event_id")
