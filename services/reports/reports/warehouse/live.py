"""Keeping the warehouse current: each `clients.<record>.changed` event's records fetched by key from the
clients service (clients.contract.warehouse: `warehouse_rows`) and written as they stand, with their
findings, and the rows of the files following them (an assessment's questions and results).

The rows are fetched, not taken from the event: an event carries a record's key fields only (never a date of
birth), and a record fetched is as new as the clients service has it. A record the service no longer has
goes; a deleted one (HUD's DateDeleted) stays, marked, as the service keeps it.

Order: the handlers of one file take turns (`take_turn`), each fetching after the one before committed, so
a later write is never overwritten by an earlier fetch; a rebuild takes every file's turn for its whole
transaction (reports/warehouse/rebuild.py).
"""
from __future__ import annotations

from collections.abc import Callable

import eventlet
import sqlalchemy as sa

from clients.contract import events as clients_events
from clients.contract.warehouse import (FOLLOWERS, ROW_SCHEMAS, WarehouseFindingSchema, WarehouseRowsSchema,
                                       key_column)
from hud.fy2026.spec import FILES
from reports.warehouse import sources
from reports.warehouse.tables import WAREHOUSE_TABLES, data_quality_findings as findings

# The advisory locks' class (the first of their two keys); the second is the file's place in the spec.
LOCKS = 1406
FILE_OF_EVENT = {str(event_type): file for file, event_type in clients_events.CHANGED.items()}
CHANGED = "clients.*.changed"  # every record kind's event (clients.contract.events.RECORDS)
# How long a handler waits for the clients service's answer, as the gateway waits for a service's: past it the
# handler fails, and is tried again (then dead-lettered), rather than holding its transaction and its file's
# turn for as long as the clients service is away (a call to a service whose queue nobody reads never ends).
FETCH_SECONDS = 10


def fetched_within(fetch: Callable[[dict], dict], seconds: float = FETCH_SECONDS) -> Callable[[dict], dict]:
    """`fetch`, failing with eventlet.Timeout when no answer comes within `seconds`."""
    def within(request: dict) -> dict:
        with eventlet.Timeout(seconds):
            return fetch(request)
    return within


def take_turn(connection: sa.Connection, file: str) -> None:
    """Wait for the file's turn, held until the transaction ends."""
    connection.exec_driver_sql("SELECT pg_advisory_xact_lock(%(locks)s, %(file)s)",
                               {"locks": LOCKS, "file": list(FILES).index(file)})


def apply(connection: sa.Connection, file: str, changes: list[dict], fetch: Callable[[dict], dict]) -> int:
    """Write the records `changes` name as the clients service has them now (`fetch`: its `warehouse_rows`
    RPC); returns the rows written."""
    for taken in (file, *FOLLOWERS.get(file, ())):
        take_turn(connection, taken)
    key = key_column(file)
    keys = [{"id": str(change[key]), "source": change["source"]} for change in changes]
    keys = list({(k["id"], k["source"]): k for k in keys}.values())
    answer = WarehouseRowsSchema().load(fetch({"file": file, "keys": keys}))
    numbers = sources.hmis_sources(connection, sources.numbered({k["source"] for k in keys}))
    rows = {written: ROW_SCHEMAS[written](many=True).load(listed)
            for written, listed in ((file, answer["rows"]), *answer["followers"].items())}
    found = WarehouseFindingSchema(many=True).load(answer["findings"])
    for row in (*(row for listed in rows.values() for row in listed), *found):
        row["source"] = numbers[row["source"]]
    ids, in_sources = [k["id"] for k in keys], [numbers[k["source"]] for k in keys]
    for written, listed in rows.items():  # a record's rows (and its followers') as they are now
        table = WAREHOUSE_TABLES[written]
        _remove(connection, table.name, key, ids, in_sources)
        if listed:
            connection.execute(table.insert(), listed)
    _remove(connection, findings.name, "record_id", ids, in_sources, file)
    if found:
        connection.execute(findings.insert(), found)
    return len(rows[file])


def _remove(connection: sa.Connection, table: str, key: str, ids: list[str], in_sources: list[int],
            file: str | None = None) -> None:
    of_file = "" if file is None else "file = %(file)s AND "
    connection.exec_driver_sql(
        f"DELETE FROM {table} WHERE {of_file}({key}, source) IN "
        "(SELECT * FROM unnest(%(ids)s::text[], %(sources)s::int[]))",
        {"ids": ids, "sources": in_sources, "file": file})
