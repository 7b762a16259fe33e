"""client search: trigram similarity and Soundex in PostgreSQL

Both extensions are trusted (PostgreSQL 13+), so the database owner may create them.

Revision ID: 7d2c4e9b1a05
Revises: c3a1d7e5f902
"""
from alembic import op

revision = "7d2c4e9b1a05"
down_revision = "c3a1d7e5f902"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE EXTENSION IF NOT EXISTS fuzzystrmatch")


def downgrade() -> None:
    op.execute("DROP EXTENSION IF EXISTS fuzzystrmatch")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
