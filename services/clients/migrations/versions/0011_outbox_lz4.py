"""outbox envelopes compressed with lz4: an import writes a hundred megabytes of batched events, and
PostgreSQL's default pglz took a third of their cost (docs/benchmarks.md)

Revision ID: 3e7c1f9a2d58
Revises: 6a1d8e3f2b94
"""
from alembic import op

revision = "3e7c1f9a2d58"
down_revision = "6a1d8e3f2b94"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("ALTER TABLE outbox ALTER COLUMN envelope SET COMPRESSION lz4")


def downgrade() -> None:
    op.execute("ALTER TABLE outbox ALTER COLUMN envelope SET COMPRESSION default")
