"""What a CSV import announces, built in SQL: every row it inserted or updated, as a change of its record
(clients/contract/events.py: which records, which payload columns), gathered into `clients.<record>.changed`
events of up to IMPORT_BATCH changes by the kit's builder (hmis_kit.outbox), which owns the envelope and the
outbox. Only the columns and the op are the clients service's.

A file loaded into a table that was empty (most rows of a first import, and the costliest to announce) is
announced by a bundle (`record_bundle`; Client.csv excepted, see BUNDLED): one small outbox row naming the
import's number, whose events the outbox relay renders (`render`, RENDERERS) when it reaches it, from the
rows the import wrote as they stand then; rendering the 2.6 million changes of a 100k-client import as JSON
took about 14 s of a core in its path (docs/benchmarks.md). An upsert's rows, whose op only the upsert knows, and the clients loaded,
are announced by events the import renders itself (`announcement`).
"""
from __future__ import annotations

from clients.contract import events
from clients.models import HUD_TABLES
from hmis_kit import outbox
from hud.fy2026.spec import FILES

IMPORT_RENDERER = "clients.import"  # the renderer of an import's bundles, by the name a bundle gives
IMPORT_COLUMN = "written_by_import"  # the number of the import that loaded a row (migration 0018)
# The files whose loads are announced by bundles: all but Client.csv. A bundle renders a record as it stands
# when published, and a client's agency may change before then (an import naming no agency hands its
# clients to one in its own transaction, `importer.assign_unassigned_clients`), announced by
# `clients.client.assigned`, which moves a count from the agency the `created` change named: so a client's
# `created` change must name the agency it was created under. Its 100,000 changes of a 100k-client import
# are rendered by the import, as before (about 4% of the changes).
BUNDLED = frozenset(events.RECORDS) - {"Client"}


def op_of(file: str, inserted_sql: str) -> str:
    """The op of a written row of `file`, whether it was inserted being the SQL `inserted_sql` (`true` for a load
    into an empty table, `inserted` for an upsert's rows, `false` for an update): HUD deletes a record by
    setting its DateDeleted (a file without one, Export.csv, is never deleted)."""
    deleted = f"WHEN date_deleted IS NOT NULL THEN '{events.DELETED}' " if deletable(file) else ""
    return f"CASE {deleted}WHEN {inserted_sql} THEN '{events.CREATED}' ELSE '{events.UPDATED}' END"


def announced(file: str) -> bool:
    return file in events.RECORDS


def deletable(file: str) -> bool:
    """Whether `file` has HUD's DateDeleted."""
    return "DateDeleted" in FILES[file].by_name


def columns(file: str) -> tuple[str, ...]:
    """The columns a change of `file` is built from: its payload fields and date_deleted (when it has one)."""
    return (*events.RECORDS[file].fields, *(("date_deleted",) if deletable(file) else ()))


def returning_columns(file: str) -> str:
    """What an import's write of `file` returns (or reads back) for its announcements."""
    return ", ".join("id AS client_id" if column == "client_id" else column for column in columns(file))


def announcement(file: str, records_sql: str, op_sql: str) -> str:
    """An INSERT into the outbox of the events announcing the rows `records_sql` selects (`batches`); empty
    for a file an import does not announce."""
    if not announced(file):
        return ""
    return outbox.insert_rows_sql(batches(file, records_sql, op_sql))


def batches(file: str, records_sql: str, op_sql: str, bundled: bool = False) -> str:
    """A SELECT of the outbox rows of the events announcing the rows `records_sql` selects (with at least
    `columns(file)`, and what `op_sql` reads), each row a change `{"op": op_sql, <payload fields>}`: the row
    as JSON, so fields come out as the Python builder gives them (numbers as numbers, ids and dates as
    text). `bundled`: a bundle's, numbered by the record's id, so that each rendering makes the same
    events."""
    fields = ", ".join(events.RECORDS[file].fields)
    record_id = events.RECORDS[file].fields[0]
    changes = f"""SELECT row_to_json(change) AS item, {record_id} AS record_id
                  FROM (SELECT {op_sql} AS op, {fields} FROM ({records_sql}) records) change"""
    return outbox.batched_events_sql(events.CHANGED[file], changes, "changes", events.IMPORT_BATCH,
                                     bundled_by="record_id" if bundled else None)


def record_bundle(connection, file: str, import_number: int) -> None:
    """Announce, in the import's transaction, the rows of `file` the import numbered `import_number` loaded
    into its empty table: all of them new (or deleted, HUD's DateDeleted), rendered by the relay."""
    outbox.record_bundle(connection, events.CHANGED[file], IMPORT_RENDERER, {"file": file, "import": import_number})


def render(parameters: dict) -> str:
    """The events of an import's bundle (`record_bundle`): each row of the file that import loaded, as it
    stands now, which is at least as new as any event published before the bundle. A row a later import
    updated is announced by that import too (`announcement`, after this bundle); a row HUD deleted since
    (DateDeleted) is announced as deleted."""
    file = parameters["file"]
    if file not in BUNDLED:
        raise ValueError(f"{file} records are not announced by bundles")
    rows = f"SELECT {returning_columns(file)} FROM {HUD_TABLES[file].name} WHERE {IMPORT_COLUMN} = %(import)s"
    return batches(file, rows, op_of(file, "true"), bundled=True)


RENDERERS = {IMPORT_RENDERER: render}
