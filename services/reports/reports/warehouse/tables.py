"""The warehouse's tables in the reports database: HUD's FY2026 files as the clients service keeps them
(hud.fy2026.tables), Client.csv without names or SSN, the clients service's data-quality findings without
their values, and the sources the rows come from.

`source` in every table is a warehouse source (`warehouse_sources.id`), not the clients service's source
number: an HMIS source (`kind` HMIS) stands for one source of the clients service (`clients_source`), an
export source (`kind` EXPORT) for a CSV export loaded beside them (reports/warehouse/sources.py).
"""
from __future__ import annotations

import sqlalchemy as sa

from hud.fy2026.spec import FILES
from hud.fy2026.tables import CLIENT, record_tables, reported_client_table
from reports.models import metadata

HMIS, EXPORT = "hmis", "export"

warehouse_sources = sa.Table(
    "warehouse_sources",
    metadata,
    sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("clients_source", sa.Integer, unique=True),  # an HMIS source's number in the clients service
    sa.Column("label", sa.Text, nullable=False),
    sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.CheckConstraint(f"kind IN ('{HMIS}', '{EXPORT}')", name="warehouse_sources_kind"),
    sa.CheckConstraint(f"(kind = '{HMIS}') = (clients_source IS NOT NULL)", name="warehouse_sources_clients_source"),
)

# Every file's table, Client.csv's as `hud_client`, in the spec's order (parents before children).
_records = record_tables(metadata)
WAREHOUSE_TABLES: dict[str, sa.Table] = {
    name: reported_client_table(metadata) if name == CLIENT else _records[name] for name in FILES}

# The clients service's findings, but their values (a value could be PII).
data_quality_findings = sa.Table(
    "data_quality_findings",
    metadata,
    sa.Column("file", sa.Text, nullable=False),        # HUD file name, e.g. "Enrollment"
    sa.Column("record_id", sa.Text, nullable=False),   # the record's HUD id in its file
    sa.Column("source", sa.Integer, nullable=False),
    sa.Column("personal_id", sa.Text),
    sa.Column("enrollment_id", sa.Text),
    sa.Column("project_id", sa.Text),
    sa.Column("rule_id", sa.Text, nullable=False),
    sa.Column("field", sa.Text, nullable=False),       # the HUD column (CSV name) the finding is about
    sa.Column("found_at", sa.DateTime(timezone=True), nullable=False),  # since when, as the clients service says
    sa.PrimaryKeyConstraint("file", "record_id", "source", "rule_id", "field", name="data_quality_findings_key"),
    sa.Index("data_quality_findings_rule", "rule_id"),
    sa.Index("data_quality_findings_personal_id", "personal_id", "source"),
)
