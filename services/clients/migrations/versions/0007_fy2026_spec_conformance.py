"""HUD FY2026 spec conformance: bring the HUD tables to the corrected spec data

The spec data (hud/fy2026/columns.csv) was checked against HUD's FY2026 HMIS CSV specification
(docs/clients.md, "Conformance to the FY2026 CSV spec"). 0002 builds the HUD tables from that data file,
so a database made after the correction already has the corrected shape and one made before may not.
This migration therefore looks at each HUD table as it stands and changes only what differs from the
tables hud.fy2026.tables builds (on `clients`, its HUD columns):

- a column under a name HUD used before FY2026 is renamed to its FY2026 name (when the new one is absent);
- a missing spec column is added (nullable; NOT NULL only where the table holds no row without a value);
- a column of another SQL type is converted (`USING column::type`);
- NOT NULL follows the spec's Required flag (set only when no row is null, so no data is refused);
- a column the spec no longer has is kept with its data, but made nullable so inserts need not name it.

Nothing is dropped, so downgrade has nothing to undo and leaves the tables as they are.

Revision ID: 8d41c7a2e6b3
Revises: 2f8b5c1e7a39
"""
import sqlalchemy as sa
from alembic import op

from hud.fy2026 import tables
from hud.fy2026.spec import FILES, db_name

revision = "8d41c7a2e6b3"
down_revision = "2f8b5c1e7a39"
branch_labels = None
depends_on = None

# (file, name before FY2026) -> FY2026 name. HispanicLatinaeo became HispanicLatinao in FY2026; the
# FY2024 renames are here too so a table built from an older column list is brought all the way.
RENAMES = {
    ("Client", "HispanicLatinaeo"): "HispanicLatinao",
    ("IncomeBenefits", "VAMedicalServices"): "VHAServices",
    ("IncomeBenefits", "NoVAMedReason"): "NoVHAReason",
    ("HealthAndDV", "DomesticViolenceVictim"): "DomesticViolenceSurvivor",
}


def _fy2026_tables() -> dict[str, sa.Table]:
    """Each file's table as FY2026 has it; Client.csv's holds only the HUD columns of `clients`."""
    metadata = sa.MetaData()
    return {"Client": sa.Table("clients", metadata, *tables.client_columns()), **tables.record_tables(metadata)}


def _spec_columns(file: str, table: sa.Table) -> list[sa.Column]:
    """The table's columns that carry the file's spec columns (Client.csv's SSN is stored as others)."""
    if file == "Client":
        return list(table.columns)
    names = {column.db_name for column in FILES[file].columns}
    return [column for column in table.columns if column.name in names]


def _has_nulls(bind, table: str, column: str) -> bool:
    return bool(bind.execute(sa.text(f'SELECT EXISTS (SELECT 1 FROM "{table}" WHERE "{column}" IS NULL)')).scalar())


def upgrade() -> None:
    bind = op.get_bind()
    dialect = bind.dialect
    inspector = sa.inspect(bind)
    for file, table in _fy2026_tables().items():
        if not inspector.has_table(table.name):
            table.create(bind)
            continue
        live = {column["name"]: column for column in inspector.get_columns(table.name)}
        for (renamed_file, old), new in RENAMES.items():
            old_name, new_name = db_name(old), db_name(new)
            if renamed_file == file and old_name in live and new_name not in live:
                op.alter_column(table.name, old_name, new_column_name=new_name)
                live[new_name] = live.pop(old_name)
        wanted = _spec_columns(file, table)
        for column in wanted:
            sql_type = column.type.compile(dialect=dialect)
            if column.name not in live:
                op.add_column(table.name, sa.Column(column.name, column.type, nullable=True))
                if not column.nullable and not _has_nulls(bind, table.name, column.name):
                    op.alter_column(table.name, column.name, nullable=False)
                continue
            if live[column.name]["type"].compile(dialect=dialect) != sql_type:
                op.alter_column(table.name, column.name, type_=column.type,
                                postgresql_using=f'"{column.name}"::{sql_type}')
            if column.nullable and not live[column.name]["nullable"]:
                op.alter_column(table.name, column.name, nullable=True)
            elif not column.nullable and live[column.name]["nullable"]:
                if not _has_nulls(bind, table.name, column.name):
                    op.alter_column(table.name, column.name, nullable=False)
        if file == "Client":
            continue  # `clients` has columns of its own, and 0002 added its HUD columns nullable
        known = {column.name for column in table.columns}
        for name, column in live.items():
            if name not in known and not column["nullable"]:
                op.alter_column(table.name, name, nullable=True)


def downgrade() -> None:
    """Nothing was dropped: the tables stay as they are."""
