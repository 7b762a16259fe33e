"""api keys keep their id across rotation: when the secret was last replaced

Revision ID: c3f8f247c4f7
Revises: eb4506a9e401
"""
from alembic import op
import sqlalchemy as sa

revision = "c3f8f247c4f7"
down_revision = "eb4506a9e401"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("api_keys", sa.Column("rotated_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("api_keys", "rotated_at")
