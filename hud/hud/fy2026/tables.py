"""HUD's FY2026 records as SQLAlchemy tables, built from the spec (spec.py) for a MetaData the caller owns.

One table per CSV file, column for column, named in snake case (`PersonalID` -> `personal_id`), in
`hud_<file's key less _id>` (`hud_enrollment`). `DateDeleted` is the soft delete: a deleted record stays,
marked. Client.csv is the exception: it lives in the clients service's `clients` table, which has
columns of its own and carries `client_columns()`; there the SSN is never stored in clear but as
`SSN_COLUMNS` (a ciphertext plus keyed hashes for matching).

HUD's ids are unique only within the system that exported them, so every record belongs to a source (the
clients service's `sources`) and is keyed by its id and its source: `(enrollment_id, source)`. The id
comes first, so the key also finds a record by its id alone.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from hud.fy2026.spec import FILES, Column, FileSpec

SQL_TYPES = {
    "string": sa.Text,
    "integer": sa.Integer,
    "date": sa.Date,
    "datetime": sa.DateTime,  # HUD date-times carry no zone; they are the source system's local time
    "money": lambda: sa.Numeric(12, 2),
}
# HUD's ids are opaque strings, so they are compared and sorted byte by byte: in the "C" collation PostgreSQL
# sorts them with abbreviated keys instead of the locale's rules, and a key or an index on an id builds about
# a third faster (an import builds them for millions of rows). No one reads ids in a locale's order.
ID_COLLATION = "C"
CLIENT = "Client"
# Client.csv's SSN column is stored as these instead of itself.
SSN_COLUMNS = ("ssn_ciphertext", "ssn_hash", "ssn_last4_hash")
# Client.csv's columns that `clients` defines itself (it had them before it carried HUD's).
CLIENT_OWN = ("personal_id", "first_name", "last_name", "dob")
# Client.csv's columns that never leave the clients service: reports keep verdicts about them instead.
CLIENT_WITHHELD = ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN")
# The verdicts, each a boolean: FirstName or LastName blank; SSN blank; an SSN given that SSA cannot have
# issued (rules.valid_ssn: not 9 digits, or a number SSA never issues).
CLIENT_VERDICTS = ("name_missing", "ssn_missing", "ssn_invalid")
# The files whose records hang off an enrollment, and so are looked up by it.
BY_ENROLLMENT = ("Exit", "IncomeBenefits", "HealthAndDV", "EmploymentEducation", "Disabilities", "Services",
                 "CurrentLivingSituation", "Assessment", "AssessmentQuestions", "AssessmentResults", "Event",
                 "YouthEducationStatus")


def source_column() -> sa.Column:
    """The source a record belongs to; this HMIS's own unless an import says otherwise. No foreign key:
    checking one per row would cost an import more than the rest of a row's write."""
    return sa.Column("source", sa.Integer, nullable=False, server_default="1")


def sql_column(column: Column, key: bool, nullable: bool | None = None) -> sa.Column:
    """A column as stored: NOT NULL where the spec requires a value, but for a coded answer a blank of which
    reads as 99 (kept blank, as the export gave it: a data-quality finding)."""
    required = column.required and not column.read_as_missing
    sql_type = sa.Text(collation=ID_COLLATION) if column.is_id else SQL_TYPES[column.kind]()
    return sa.Column(column.db_name, sql_type, primary_key=key,
                     nullable=(not required) if nullable is None else nullable)


def id_columns(table: sa.Table) -> list[str]:
    """The columns of `table` sorted as ids (`ID_COLLATION`)."""
    return [column.name for column in table.columns if getattr(column.type, "collation", None) == ID_COLLATION]


def collate_ids(bind, tables: Iterable[sa.Table], collation: str = ID_COLLATION) -> None:
    """Put the id columns of each table (as the table has them, `id_columns`) in `collation` where a database made
    before them has them in another (a migration's work: the indexes on them are built again)."""
    for table in tables:
        if columns := id_columns(table):
            bind.exec_driver_sql(f'ALTER TABLE "{table.name}" ' + ", ".join(
                f'ALTER COLUMN "{name}" TYPE text COLLATE "{collation}"' for name in columns))


def table_name(file: str) -> str:
    return "clients" if file == CLIENT else "hud_" + FILES[file].key.db_name.removesuffix("_id")


def client_columns() -> list[sa.Column]:
    """Client.csv's columns on `clients` (but `CLIENT_OWN`), nullable: rows made before them have none."""
    columns = []
    for column in FILES[CLIENT].columns:
        if column.name == "SSN":
            columns += [sa.Column(name, sa.Text) for name in SSN_COLUMNS]
        elif column.db_name not in CLIENT_OWN:
            columns.append(sql_column(column, key=False, nullable=True))
    return columns


def reported_client_columns() -> list[Column]:
    """Client.csv's columns as reports keep them, in the spec's order: all but `CLIENT_WITHHELD`."""
    return [column for column in FILES[CLIENT].columns if column.name not in CLIENT_WITHHELD]


def reported_client_table(metadata: sa.MetaData, name: str = "hud_client") -> sa.Table:
    """Client.csv for reporting, keyed by PersonalID and source: `reported_client_columns()`, nullable as on
    `clients` (`client_columns()`: a client made through the API has no ExportID), then `CLIENT_VERDICTS` (not
    null: whoever fills the table decides each)."""
    key = FILES[CLIENT].key
    columns = [sql_column(column, key=column is key, nullable=False if column is key else True)
               for column in reported_client_columns()]
    source = source_column()
    source.primary_key = True
    verdicts = [sa.Column(verdict, sa.Boolean, nullable=False) for verdict in CLIENT_VERDICTS]
    return sa.Table(name, metadata, *columns, source, *verdicts)


def _record_table(metadata: sa.MetaData, spec: FileSpec) -> sa.Table:
    columns = [sql_column(column, key=column is spec.key) for column in spec.columns]
    source = source_column()
    source.primary_key = True
    return sa.Table(table_name(spec.name), metadata, *columns, source)


def record_tables(metadata: sa.MetaData) -> dict[str, sa.Table]:
    """Every file's table but Client.csv's, in the spec's order, with its indexes, added to `metadata`."""
    tables = {name: _record_table(metadata, spec) for name, spec in FILES.items() if name != CLIENT}
    sa.Index("hud_enrollment_personal_id", tables["Enrollment"].c.personal_id)
    sa.Index("hud_enrollment_household_id", tables["Enrollment"].c.household_id)
    for name in BY_ENROLLMENT:
        sa.Index(f"{tables[name].name}_enrollment_id", tables[name].c.enrollment_id)
    return tables
