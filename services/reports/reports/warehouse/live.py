"""Keeping the warehouse current: each `clients.<record>.changed` event's records fetched by key from the
clients service (clients.contract.warehouse: `warehouse_rows`) and written as they stand, with their
findings, and the rows of the files following them (an assessment's questions and results), and the findings of
the records HUD's rules across records tie to them (a household's other members, a person's other stays, ...),
which a change of theirs may have changed though they did not change themselves.

The rows are fetched, not taken from the event: an event carries a record's key fields only (never a date of
birth), and a record fetched is as new as the clients service has it. A record the service no longer has
goes; a deleted one (HUD's DateDeleted) stays, marked, as the service keeps it.

Order: the handlers of one file take turns (`take_turn`), each fetching after the one before committed, so
a later write is never overwritten by an earlier fetch; a handler takes the turns of every file it writes (its
own, its followers', the tied records'), always in the specification's order, so two handlers never wait for each
other; a rebuild takes every file's turn for its whole transaction (reports/warehouse/rebuild.py).
"""
from __future__ import annotations

import json
from collections.abc import Callable

import eventlet
import sqlalchemy as sa

from clients.contract import events as clients_events
from clients.contract.warehouse import FINDINGS, FOLLOWERS, TIED, WarehouseTiedSchema, feed_columns, key_column
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


def turns(file: str) -> list[str]:
    """The files whose turns a handler of `file`'s event takes, in the specification's order: its own, its
    followers' and those of the records tied to it (whose findings it writes)."""
    written = {file, *FOLLOWERS.get(file, ()), *TIED.get(file, ())}
    return [taken for taken in FILES if taken in written]


def apply(connection: sa.Connection, file: str, changes: list[dict], fetch: Callable[[dict], dict]) -> int:
    """Write the records `changes` name as the clients service has them now (`fetch`: its `warehouse_rows`
    RPC), and the findings of the records tied to them; returns the rows written."""
    for taken in turns(file):
        take_turn(connection, taken)
    key = key_column(file)
    keys = [{"id": str(change[key]), "source": change["source"]} for change in changes]
    keys = list({(k["id"], k["source"]): k for k in keys}.values())
    answer, tied = fed_rows(file, fetch({"file": file, "keys": keys}))
    numbers = sources.hmis_sources(connection, sources.numbered({k["source"] for k in (*keys, *tied)}))
    for listed in (*answer.values(), tied):
        for row in listed:
            row["source"] = numbers[row["source"]]
    ids, in_sources = [k["id"] for k in keys], [numbers[k["source"]] for k in keys]
    for written, listed in answer.items():  # a record's rows (and its followers'), then its findings, as they are now
        if written == FINDINGS:
            _remove(connection, findings.name, "record_id", ids, in_sources, file)
            for tied_file in TIED.get(file, ()):  # the findings of the records tied to them, as they are now
                of_file = [record for record in tied if record["file"] == tied_file]
                _remove(connection, findings.name, "record_id", [record["id"] for record in of_file],
                        [record["source"] for record in of_file], tied_file)
            _insert(connection, findings.name, feed_columns(written), listed)
        else:
            _remove(connection, WAREHOUSE_TABLES[written].name, key, ids, in_sources)
            _insert(connection, WAREHOUSE_TABLES[written].name, feed_columns(written), listed)
    return len(answer[file])


def fed_rows(file: str, answer: dict) -> tuple[dict[str, list[dict]], list[dict]]:
    """The rows of a `warehouse_rows` answer by what they are rows of (`file`, its followers, FINDINGS), each
    holding exactly the columns the feed gives (feed_columns), and the records tied to those asked, each of a file
    TIED names for `file`. Their values are typed by the warehouse's tables as they are written (`_insert`):
    PostgreSQL refuses a value its column cannot hold, and the event is retried, then dead-lettered. (marshmallow's
    load of a thousand rows cost about a quarter of a second.)"""
    if not (isinstance(answer, dict) and isinstance(answer.get("rows"), list)
            and isinstance(answer.get("followers"), dict) and isinstance(answer.get("tied"), list)
            and isinstance(answer.get("findings"), list)):
        raise ValueError("a warehouse_rows answer holds rows, followers, tied and findings")
    fed = {file: answer["rows"], **{follower: answer["followers"].get(follower, []) for follower in
                                   FOLLOWERS.get(file, ())}, FINDINGS: answer["findings"]}
    for what, listed in fed.items():
        columns = set(feed_columns(what))
        if not all(isinstance(row, dict) and row.keys() == columns for row in listed):
            raise ValueError(f"each row of {what} must hold exactly the columns {sorted(columns)}")
    tied_columns = set(WarehouseTiedSchema().fields)
    if not all(isinstance(record, dict) and record.keys() == tied_columns
               and record["file"] in TIED.get(file, ()) for record in answer["tied"]):
        raise ValueError(f"each tied record must hold exactly {sorted(tied_columns)}, of a file among "
                         f"{list(TIED.get(file, ()))}")
    return fed, answer["tied"]


def _insert(connection: sa.Connection, table: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    """Insert `rows` in one statement, PostgreSQL reading and typing them from one JSON document."""
    if not rows:
        return
    listed = ", ".join(columns)
    connection.exec_driver_sql(
        f"INSERT INTO {table} ({listed}) SELECT {listed} FROM json_populate_recordset(NULL::{table}, "
        "%(rows)s)", {"rows": json.dumps(rows)})


def _remove(connection: sa.Connection, table: str, key: str, ids: list[str], in_sources: list[int],
            file: str | None = None) -> None:
    of_file = "" if file is None else "file = %(file)s AND "
    connection.exec_driver_sql(
        f"DELETE FROM {table} WHERE {of_file}({key}, source) IN "
        "(SELECT * FROM unnest(%(ids)s::text[], %(sources)s::int[]))",
        {"ids": ids, "sources": in_sources, "file": file})
