"""The clients service's tables: HUD's FY2026 records, one table per CSV file, keyed by the CSV ids
within their source, and the service's own.

The HUD tables are built from the spec by hud.fy2026.tables (column for column, keyed by id and source,
`DateDeleted` the soft delete). Client.csv lives in `clients`, the table the first slice made: it keeps
its UUID `id` (the API's and the policy's handle) and owning agency, and gains the HUD columns. The SSN
is never stored in clear: a Fernet ciphertext plus keyed hashes for matching (clients/pii.py).

HUD's ids are unique only within the system that exported them, so every HUD record belongs to a source
(`sources`, clients/sources.py): `(enrollment_id, source)`, `(personal_id, source)`.

Every HUD table also has `written_by_import` (migration 0018), the number of the CSV import that loaded the
row, which only the import's SQL writes and its announcements read (clients/csv/announcements.py); it is
not part of these tables' models, so no API answer or export carries it.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from hud.fy2026.spec import FILES
from hud.fy2026.tables import ID_COLLATION, client_columns, record_tables, source_column

metadata = sa.MetaData()


# The systems HUD records come from (clients/sources.py): one row per source an export names in Export.csv
# (its ImplementationID and SourceID), and this HMIS's own (OWN_SOURCE), to which records made through the
# API belong.
sources = sa.Table(
    "sources",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("implementation_id", sa.Text, nullable=False),
    sa.Column("source_id", sa.Text, nullable=False, server_default=""),  # HUD's SourceID; "" when none
    sa.Column("source_type", sa.Integer),
    sa.Column("source_name", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.UniqueConstraint("implementation_id", "source_id"),
)


clients = sa.Table(
    "clients",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("personal_id", sa.Text(collation=ID_COLLATION), nullable=False),
    source_column(),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("first_name", sa.Text),
    sa.Column("last_name", sa.Text),
    sa.Column("dob", sa.Date),
    # The person this record belongs to after de-duplication (its own id until linked to another).
    sa.Column("person_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("created_by", UUID(as_uuid=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    *client_columns(),
    sa.UniqueConstraint("personal_id", "source", name="clients_personal_id_key"),
    sa.Index("clients_ssn_hash", "ssn_hash"),
    sa.Index("clients_dob", "dob"),
)

_records = record_tables(metadata)
HUD_TABLES: dict[str, sa.Table] = {name: clients if name == "Client" else _records[name] for name in FILES}

# De-duplication: pairs a person should review, and pairs a person split that must stay apart.
match_reviews = sa.Table(
    "client_match_reviews",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("client_id", UUID(as_uuid=True), nullable=False),
    sa.Column("candidate_id", UUID(as_uuid=True), nullable=False),
    sa.Column("matched_on", sa.ARRAY(sa.Text), nullable=False),
    sa.Column("status", sa.Text, nullable=False, server_default="pending"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    # How a person resolved it (contract.schemas.MATCH_DECISIONS), who and when: null while pending.
    sa.Column("decision", sa.Text),
    sa.Column("resolved_by", UUID(as_uuid=True)),
    sa.Column("resolved_at", sa.DateTime(timezone=True)),
    sa.UniqueConstraint("client_id", "candidate_id"),
)

client_splits = sa.Table(
    "client_splits",
    metadata,
    sa.Column("client_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("other_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("split_by", UUID(as_uuid=True)),
    sa.Column("split_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

# HMIS CSV imports through the API: the import (who it is for, how strict), its upload as it arrives in chunks
# (`csv_import_parts`), and then its job (hmis_kit.jobs, kind "import", the same id): status, progress, report.
csv_imports = sa.Table(
    "csv_imports",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
    sa.Column("strictness", sa.Text, nullable=False),
    # SHA-256 of the token the gateway streams the upload with (clients/csv/import_jobs.py); none once started.
    sa.Column("upload_token_hash", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

csv_import_parts = sa.Table(
    "csv_import_parts",
    metadata,
    sa.Column("import_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("part", sa.Integer, primary_key=True),
    sa.Column("data", sa.LargeBinary, nullable=False),
)

# Tokens of the warehouse feed's HTTP stream (clients/warehouse/access.py): only their SHA-256, each good until
# it expires or its holder ends it.
warehouse_feed_tokens = sa.Table(
    "warehouse_feed_tokens",
    metadata,
    sa.Column("token_hash", sa.Text, primary_key=True),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

# An API import's full report (clients/csv/report.py), one row per entry in the order written: kept with the
# import, and removed with it.
csv_import_report_entries = sa.Table(
    "csv_import_report_entries",
    metadata,
    sa.Column("import_id", UUID(as_uuid=True), sa.ForeignKey("csv_imports.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("entry", sa.BigInteger, primary_key=True),  # 1, 2, ... within the import
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("line", sa.BigInteger),
    sa.Column("record_id", sa.Text),
    sa.Column("field", sa.Text),
    sa.Column("rule_id", sa.Text),
    sa.Column("value", sa.Text),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
)

# Per-agency settings the identity service does not hold. A victim service provider (VAWA) stores no
# client PII in HMIS; identity has no such flag for agencies, so the clients service, which enforces
# it, keeps it.
agency_settings = sa.Table(
    "agency_settings",
    metadata,
    sa.Column("agency_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("victim_service_provider", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("changed_by", UUID(as_uuid=True)),
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

# Which trust-network agency runs each HUD organization (2.01), and so owns its projects and their
# enrollments. Kept beside hud_organization, which holds exactly the spec's columns; an import sets it
# for the organizations it brings in.
organization_agencies = sa.Table(
    "organization_agencies",
    metadata,
    sa.Column("organization_id", sa.Text, primary_key=True),
    sa.Column("source", sa.Integer, primary_key=True, server_default="1"),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False, index=True),
)

# Data-quality findings (HUD's data-quality rules, hud.fy2026's catalogue): one row per rule a stored record
# breaks, per field, kept with the records and re-evaluated whenever a record changes (through the API or an
# import), so they can be listed and counted per agency, project, rule and period. A record is its HUD file,
# its id and its source; the ids of the client, enrollment and project it belongs to (where it has them) let
# a finding be scoped to an agency under the same policy as the record. `value` is the value as stored, and
# is never an SSN, a name or a date of birth (withheld, `None`): findings are read by data-quality staff.
data_quality_findings = sa.Table(
    "data_quality_findings",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    # the key's columns are ids and names of HUD's and the catalogue's: sorted byte by byte, as HUD's ids are
    sa.Column("file", sa.Text(collation=ID_COLLATION), nullable=False),        # HUD file name, e.g. "Enrollment"
    sa.Column("record_id", sa.Text(collation=ID_COLLATION), nullable=False),   # the record's HUD id in its file
    source_column(),
    sa.Column("personal_id", sa.Text(collation=ID_COLLATION)),
    sa.Column("enrollment_id", sa.Text(collation=ID_COLLATION)),
    sa.Column("project_id", sa.Text(collation=ID_COLLATION)),
    sa.Column("rule_id", sa.Text(collation=ID_COLLATION), nullable=False),     # the catalogue's stable id
    sa.Column("field", sa.Text(collation=ID_COLLATION), nullable=False),       # the HUD column (CSV name) the finding is about
    sa.Column("value", sa.Text),                       # as stored; None for a blank or a withheld value
    sa.Column("found_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),  # since when
    sa.UniqueConstraint("file", "record_id", "source", "rule_id", "field", name="data_quality_findings_key"),
    sa.Index("data_quality_findings_rule", "rule_id"),
    sa.Index("data_quality_findings_personal_id", "personal_id", "source"),
    sa.Index("data_quality_findings_project_id", "project_id", "source"),
)
