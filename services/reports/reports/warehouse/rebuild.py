"""Rebuilding the warehouse's HMIS sources from the clients service, in bulk: in one transaction, every HMIS
source's rows removed, then each file's rows and the findings streamed from the clients service's warehouse
feed (clients.contract.warehouse: a COPY over HTTP) straight into a COPY here.

The rebuild takes every file's turn first (reports/warehouse/live.py), so no event is applied meanwhile: an
event that arrives during it waits, and then fetches its records as they are after it. Readers see the
warehouse as it was until the rebuild commits. Export sources are left as they are.
"""
from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable

import requests
import sqlalchemy as sa

from clients.contract.warehouse import FEED_PATH, FINDINGS, WarehouseSourceSchema, feed_columns, sources_param
from hmis_kit.errors import from_answer
from hud.fy2026.spec import FILES
from reports.warehouse import sources
from reports.warehouse.live import take_turn
from reports.warehouse.loading import Chunks, Loaded, analyze, copy_in, timed
from reports.warehouse.tables import WAREHOUSE_TABLES, data_quality_findings

CHUNK_BYTES = 1 << 16
READ_TIMEOUT_SECONDS = 120  # between two chunks: the clients service's COPY starts in a process of its own


def _label(source: dict) -> str:
    named = source["source_name"] or " ".join(filter(None, (source["implementation_id"], source["source_id"])))
    return f"HMIS: {named}"


def rebuild(engine: sa.Engine, clients, clients_url: str, echo: Callable[[str], None]) -> Loaded:
    """`clients`: an RPC proxy of the clients service; `clients_url`: its own HTTP port's address."""
    token = secrets.token_urlsafe(32)
    token_hash = hashlib.sha256(token.encode()).hexdigest()
    clients.expect_warehouse_feed(token_hash)
    loaded = Loaded()
    try:
        with engine.begin() as connection, requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {token}"
            for file in FILES:
                take_turn(connection, file)
            known = WarehouseSourceSchema(many=True).load(clients.warehouse_sources())
            labels = {source["source"]: _label(source) for source in known}
            numbers = sources.hmis_sources(connection, labels)
            sources.relabel(connection, labels)
            hmis = sources.hmis_source_ids(connection)
            tables = {**{file: WAREHOUSE_TABLES[file] for file in FILES}, FINDINGS: data_quality_findings}
            started = time.perf_counter()
            removed = sum(connection.execute(table.delete().where(table.c.source.in_(hmis))).rowcount
                          for table in tables.values())
            echo(f"  removed the HMIS sources' {removed:,} rows in {time.perf_counter() - started:.2f} s")

            def load(what: str) -> int:
                answer = http.get(clients_url + FEED_PATH.format(what=what), params=sources_param(numbers),
                                  stream=True, timeout=(10, READ_TIMEOUT_SECONDS))
                if answer.status_code >= 400:
                    raise from_answer(answer.json())
                with answer:
                    return copy_in(connection, tables[what], feed_columns(what),
                                   Chunks(answer.iter_content(CHUNK_BYTES)))

            for what in tables:
                timed(loaded, what, lambda: load(what), echo)
            analyze(connection, list(tables.values()), loaded, echo)
    finally:
        clients.end_warehouse_feed(token_hash)
    return loaded
