"""the warehouse: HUD's FY2026 files as reports keep them, the findings mirrored, their sources
(reports/warehouse/tables.py, docs/reports.md)

The HUD tables are created from the FY2026 spec (hud.fy2026, imported by year), as the clients service's
migration 0002 did.

Revision ID: 7a2c4e6b8d10
Revises: 5da49d4b979a
"""
import sqlalchemy as sa
from alembic import op

from hud.fy2026 import tables

revision = "7a2c4e6b8d10"
down_revision = "5da49d4b979a"
branch_labels = None
depends_on = None


def _hud_tables() -> list[sa.Table]:
    metadata = sa.MetaData()
    return [tables.reported_client_table(metadata), *tables.record_tables(metadata).values()]


def upgrade() -> None:
    op.create_table(
        "warehouse_sources",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("clients_source", sa.Integer, unique=True),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("kind IN ('hmis', 'export')", name="warehouse_sources_kind"),
        sa.CheckConstraint("(kind = 'hmis') = (clients_source IS NOT NULL)", name="warehouse_sources_clients_source"),
    )
    for table in _hud_tables():
        table.create(op.get_bind())
    op.create_table(
        "data_quality_findings",
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("record_id", sa.Text, nullable=False),
        sa.Column("source", sa.Integer, nullable=False),
        sa.Column("personal_id", sa.Text),
        sa.Column("enrollment_id", sa.Text),
        sa.Column("project_id", sa.Text),
        sa.Column("rule_id", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("file", "record_id", "source", "rule_id", "field", name="data_quality_findings_key"),
    )
    op.create_index("data_quality_findings_rule", "data_quality_findings", ["rule_id"])
    op.create_index("data_quality_findings_personal_id", "data_quality_findings", ["personal_id", "source"])


def downgrade() -> None:
    op.drop_table("data_quality_findings")
    for table in reversed(_hud_tables()):
        table.drop(op.get_bind())
    op.drop_table("warehouse_sources")
