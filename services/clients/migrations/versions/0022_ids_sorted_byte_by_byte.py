"""HUD ids sorted byte by byte: the id columns of the HUD tables and of `clients` (PersonalID, ExportID), and the
findings' key columns, in the "C" collation (hud.fy2026.tables.ID_COLLATION: keys and indexes on ids build about
a third faster, and no one reads ids in a locale's order)

0002 builds the HUD tables from hud.fy2026.tables, so a database made after this change has them already; this
brings a database made before it. The indexes on those columns are built again.

Revision ID: 6b1d3f5a7c92
Revises: 4d6f8a0c2e13
"""
import sqlalchemy as sa
from alembic import op

from hud.fy2026 import tables

revision = "6b1d3f5a7c92"
down_revision = "4d6f8a0c2e13"
branch_labels = None
depends_on = None


def _id(name: str) -> sa.Column:
    return sa.Column(name, sa.Text(collation=tables.ID_COLLATION))


def _tables() -> list[sa.Table]:
    metadata = sa.MetaData()
    return [*tables.record_tables(metadata).values(),
            sa.Table("clients", metadata, _id("personal_id"), *tables.client_columns()),
            sa.Table("data_quality_findings", metadata, *map(_id, ("file", "record_id", "personal_id", "enrollment_id",
                                                                   "project_id", "rule_id", "field")))]


def upgrade() -> None:
    tables.collate_ids(op.get_bind(), _tables())


def downgrade() -> None:
    tables.collate_ids(op.get_bind(), _tables(), "default")
