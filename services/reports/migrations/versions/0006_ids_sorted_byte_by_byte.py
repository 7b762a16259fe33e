"""HUD ids sorted byte by byte: the id columns of the warehouse's HUD tables in the "C" collation
(hud.fy2026.tables.ID_COLLATION), as the clients service keeps them

0003 builds the HUD tables from hud.fy2026.tables, so a database made after this change has them already; this
brings a database made before it. The indexes on those columns are built again.

Revision ID: e2c4a6b8d0f1
Revises: d5a8f3c1e6b4
"""
import sqlalchemy as sa
from alembic import op

from hud.fy2026 import tables

revision = "e2c4a6b8d0f1"
down_revision = "d5a8f3c1e6b4"
branch_labels = None
depends_on = None


def _tables() -> list[sa.Table]:
    metadata = sa.MetaData()
    return [tables.reported_client_table(metadata), *tables.record_tables(metadata).values()]


def upgrade() -> None:
    tables.collate_ids(op.get_bind(), _tables())


def downgrade() -> None:
    tables.collate_ids(op.get_bind(), _tables(), "default")
