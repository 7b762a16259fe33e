"""warehouse feed tokens: the SHA-256 of each token that may read the warehouse feed's HTTP stream
(clients/warehouse/access.py)

Revision ID: 4d6f8a0c2e13
Revises: 8e3c5a1f9d24
"""
import sqlalchemy as sa
from alembic import op

revision = "4d6f8a0c2e13"
down_revision = "8e3c5a1f9d24"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "warehouse_feed_tokens",
        sa.Column("token_hash", sa.Text, primary_key=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("warehouse_feed_tokens")
