"""csv staging schema: the unlogged tables an import stages its files in, on a connection of its own

Revision ID: 9b3f5e1c7a20
Revises: 4c2e9a7d1b55
"""
from alembic import op

revision = "9b3f5e1c7a20"
down_revision = "4c2e9a7d1b55"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE SCHEMA IF NOT EXISTS csv_staging")


def downgrade() -> None:
    op.execute("DROP SCHEMA IF EXISTS csv_staging CASCADE")
