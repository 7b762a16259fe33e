"""record sources: every HUD record belongs to the system that exported it, keyed by (id, source)

HUD's ids are unique only within the system that made them (clients/sources.py). `sources` lists the
systems; row 1 is this HMIS, with an ImplementationID of its own. Every HUD table (and `clients`, and
`organization_agencies`) gains `source`, 1 for the records already stored (they cannot be told apart
any more: made here or imported, they were kept as this HMIS's), and its key becomes (id, source).
Migration 0002 builds the HUD tables from hud.fy2026.tables, which keys them by (id, source), so on a
new database they already have it.

Revision ID: 4c2e9a7d1f58
Revises: d7bb90a6fec2
"""
import sqlalchemy as sa
from alembic import op

from clients import models
from hud.fy2026 import tables
from hud.fy2026.spec import FILES

revision = "4c2e9a7d1f58"
down_revision = "d7bb90a6fec2"
branch_labels = None
depends_on = None


def _has_source(inspector, table: str) -> bool:
    return any(column["name"] == "source" for column in inspector.get_columns(table))


def _rekey(table: str, constraint: str, columns: list[str], primary: bool) -> None:
    op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {constraint}")
    kind = "PRIMARY KEY" if primary else "UNIQUE"
    op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {constraint} {kind} ({', '.join(columns)})")


def upgrade() -> None:
    bind = op.get_bind()
    models.sources.create(bind)
    op.execute("INSERT INTO sources (id, implementation_id, source_id, source_type, source_name) "
               "VALUES (1, 'harbor-hmis-' || replace(gen_random_uuid()::text, '-', ''), '', 1, 'Harbor HMIS')")
    op.execute("SELECT setval(pg_get_serial_sequence('sources', 'id'), 1)")
    inspector = sa.inspect(bind)
    for name in FILES:
        table = tables.table_name(name)
        if _has_source(inspector, table):
            continue  # made by 0002 from hud.fy2026.tables
        op.execute(f"ALTER TABLE {table} ADD COLUMN source integer NOT NULL DEFAULT 1")
        if name == "Client":
            _rekey("clients", "clients_personal_id_key", ["personal_id", "source"], primary=False)
        else:
            _rekey(table, f"{table}_pkey", [FILES[name].key.db_name, "source"], primary=True)
    op.execute("ALTER TABLE organization_agencies ADD COLUMN source integer NOT NULL DEFAULT 1")
    _rekey("organization_agencies", "organization_agencies_pkey", ["organization_id", "source"], primary=True)


def downgrade() -> None:
    """Back to one source: fails (a duplicate key) when two sources share an id."""
    _rekey("organization_agencies", "organization_agencies_pkey", ["organization_id"], primary=True)
    op.execute("ALTER TABLE organization_agencies DROP COLUMN source")
    for name in FILES:
        table = tables.table_name(name)
        if name == "Client":
            _rekey("clients", "clients_personal_id_key", ["personal_id"], primary=False)
        else:
            _rekey(table, f"{table}_pkey", [FILES[name].key.db_name], primary=True)
        op.execute(f"ALTER TABLE {table} DROP COLUMN source")
    op.drop_table("sources")
