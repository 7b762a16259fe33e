"""rows written by import: each HUD record row says which CSV import last loaded it, by the import's number

An import that loads a file into an empty table records one bundle in its outbox rather than rendering a
change event for each row (clients/csv/announcements.py); the outbox relay renders the bundle's events
from the rows carrying the import's number (`written_by_import`, from the sequence `csv_import_numbers`),
when it publishes them. NULL for rows the API made and for rows stored before this migration.

Revision ID: 8d3f1b6e2a47
Revises: 5b2e8d41c7a9
"""
from alembic import op

from hud.fy2026 import tables
from hud.fy2026.spec import FILES

revision = "8d3f1b6e2a47"
down_revision = "5b2e8d41c7a9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE SEQUENCE csv_import_numbers AS bigint")
    for name in FILES:
        op.execute(f"ALTER TABLE {tables.table_name(name)} ADD COLUMN written_by_import bigint")


def downgrade() -> None:
    for name in FILES:
        op.execute(f"ALTER TABLE {tables.table_name(name)} DROP COLUMN written_by_import")
    op.execute("DROP SEQUENCE csv_import_numbers")
