"""What a CSV import announces, built in SQL: every row it inserted or updated, as a change of its record
(clients/contract/events.py: which records, which payload columns), gathered into `clients.<record>.changed`
events of up to IMPORT_BATCH changes by the kit's builder (hmis_kit.outbox), which owns the envelope and the
outbox, and written in the import's transaction. Only the columns and the op are the clients service's.
"""
from __future__ import annotations

from clients.contract import events
from hmis_kit import outbox



def op_of(inserted_sql: str) -> str:
    """The op of a written row, whether it was inserted being the SQL `inserted_sql` (`true` for a load
    into an empty table, `inserted` for an upsert's rows, `false` for an update): HUD deletes a record by
    setting its DateDeleted."""
    return f"""CASE WHEN date_deleted IS NOT NULL THEN '{events.DELETED}' WHEN {inserted_sql} THEN '{events.CREATED}'
               ELSE '{events.UPDATED}' END"""


def announced(file: str) -> bool:
    return file in events.RECORDS


def columns(file: str) -> tuple[str, ...]:
    """The columns a change of `file` is built from: its payload fields and date_deleted."""
    return (*events.RECORDS[file].fields, "date_deleted")


def returning_columns(file: str) -> str:
    """What an import's write of `file` returns (or reads back) for its announcements."""
    return ", ".join("id AS client_id" if column == "client_id" else column for column in columns(file))


def announcement(file: str, records_sql: str, op_sql: str) -> str:
    """An INSERT into the outbox of the events announcing the rows `records_sql` selects (`batches`); empty
    for a file an import does not announce."""
    if not announced(file):
        return ""
    return outbox.insert_rows_sql(batches(file, records_sql, op_sql))


def batches(file: str, records_sql: str, op_sql: str) -> str:
    """A SELECT of the outbox rows of the events announcing the rows `records_sql` selects (with at least
    `columns(file)`, and what `op_sql` reads), each row a change `{"op": op_sql, <payload fields>}`: the row
    as JSON, so fields come out as the Python builder gives them (numbers as numbers, ids and dates as
    text)."""
    fields = ", ".join(events.RECORDS[file].fields)
    changes = f"SELECT row_to_json(change) AS item FROM (SELECT {op_sql} AS op, {fields} FROM ({records_sql}) records) change"
    return outbox.batched_events_sql(events.CHANGED[file], changes, "changes", events.IMPORT_BATCH)
