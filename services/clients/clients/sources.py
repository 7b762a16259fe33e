"""Where HUD records come from: HUD's ids (PersonalID, EnrollmentID, ...) are unique only within the system
that exported them, so every record belongs to a source and is keyed by (id, source) (docs/clients.md).

A source is the system an export's Export.csv names: its ImplementationID (HUD: the HMIS implementation,
the same across its exports) and its SourceID (the CoC code, or the agency or warehouse's own id), kept in
`sources` with the SourceType and SourceName last seen. ExportID names one export, not a source: a later
export of the same system updates the records of the earlier one. Records made through this HMIS's API
belong to its own source, OWN_SOURCE, whose ImplementationID is made once per installation (migration
0012), so that this HMIS's exports name it and two installations never share one.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from clients.csv.source import ExportSource
from clients.models import sources
from hmis_kit.errors import Conflict, NotFound
from hud.fy2026.spec import FILES

OWN_SOURCE = 1
# An export without Export.csv names no source: its records share this one.
UNNAMED = ("", "")


@dataclass(frozen=True)
class SourceKey:
    implementation_id: str
    source_id: str  # "" when Export.csv has none
    source_type: int | None = None
    source_name: str | None = None

    @property
    def natural(self) -> tuple[str, str]:
        return self.implementation_id, self.source_id


class SeveralSources(Exception):
    """Export.csv names more than one source: its records' ids could not be told apart."""

    def __init__(self, line: int):
        super().__init__("Export.csv names more than one source (ImplementationID, SourceID)")
        self.line = line


def named_in(export: ExportSource) -> SourceKey:
    """The source an export's Export.csv names (every row the same); UNNAMED without one."""
    spec = FILES["Export"]
    if not export.has(spec):
        return SourceKey(*UNNAMED)
    found: SourceKey | None = None
    with export.rows(spec) as (header, rows):
        at = {name.strip().lower(): index for index, name in enumerate(header)}

        def value(row: list[str], column: str) -> str:
            index = at.get(column.lower())
            return row[index].strip() if index is not None and index < len(row) else ""
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            source_type = value(row, "SourceType")
            key = SourceKey(value(row, "ImplementationID"), value(row, "SourceID"),
                            int(source_type) if source_type.isdigit() else None, value(row, "SourceName") or None)
            if found is not None and key.natural != found.natural:
                raise SeveralSources(line)
            found = found or key
    return found or SourceKey(*UNNAMED)


def register(connection: sa.Connection, key: SourceKey) -> int:
    """The id of the source `key` names, made if new; its type and name become the latest export's. The
    row stays locked until the caller's transaction ends, so two imports of one source take turns."""
    statement = sa.text("""
        INSERT INTO sources (implementation_id, source_id, source_type, source_name)
        VALUES (:implementation_id, :source_id, :source_type, :source_name)
        ON CONFLICT (implementation_id, source_id) DO UPDATE SET
            source_type = coalesce(EXCLUDED.source_type, sources.source_type),
            source_name = coalesce(EXCLUDED.source_name, sources.source_name)
        RETURNING id""")
    return connection.execute(statement, vars(key)).scalar_one()


def described(connection: sa.Connection, source: int) -> dict:
    """A source as Export.csv describes it: what an export of its records writes there."""
    row = connection.execute(sa.select(sources).where(sources.c.id == source)).one()
    return {"SourceType": row.source_type, "SourceID": row.source_id or None, "SourceName": row.source_name,
            "ImplementationID": row.implementation_id}


def holding_records(connection: sa.Connection, tables: list[str]) -> list[int]:
    """The sources that have records in any of `tables`."""
    union = " UNION ".join(f"SELECT DISTINCT source FROM {table}" for table in tables)
    return sorted(connection.exec_driver_sql(union).scalars().all())


def one_record(session, statement, field: str, what: str, lock: bool = False):
    """The record `statement` finds by its id: NotFound naming `field` when none, Conflict when the id names
    records of several sources (each is reached through a record of its own source, e.g. its client's
    enrollments)."""
    rows = session.execute((statement.with_for_update() if lock else statement).limit(2)).all()
    if not rows:
        raise NotFound(f"no such {what}", {field: [f"unknown {what}"]})
    if len(rows) > 1:
        raise Conflict(f"the id names {what} records of several sources",
                       {field: [f"names {what} records of several sources"]})
    return rows[0]


def references(parent: sa.Table, child_source) -> sa.ColumnElement:
    """Where a record made through the API may find what it names: in its own source, or among this HMIS's
    records, whose ids are UUIDs, unique in every source (an imported project's enrollment of a client
    recorded here)."""
    return parent.c.source.in_([child_source, OWN_SOURCE]) if isinstance(child_source, int) else \
        sa.or_(parent.c.source == child_source, parent.c.source == OWN_SOURCE)
