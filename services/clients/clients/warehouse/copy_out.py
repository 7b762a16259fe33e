"""The warehouse feed in bulk: one file's rows (or the findings) as PostgreSQL's COPY writes them, streamed.

psycopg2 runs no COPY while eventlet's wait callback is set, and lifting it would stall every green thread
of the service for the whole stream (clients/csv/copying.py). So the COPY runs in a process of its own,
`python -m clients.warehouse.copy_out <what> <sources>`, writing to its standard output, which the service's
HTTP entrypoint relays as it comes (`stream`): a connection of the service's database for as long as a stream
lasts, and no more than a chunk in the service's memory.
"""
from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

from clients.contract.warehouse import parse_sources
from clients.warehouse.feed import copy_sql
from hmis_kit import config
from hmis_kit.db import make_engine

CHUNK_BYTES = 1 << 16


class FeedBroken(RuntimeError):
    """The COPY process failed: the stream must end broken, not short (clients.contract.warehouse)."""


def stream(what: str, sources: str) -> Iterator[bytes]:
    """The COPY's output in chunks; raises FeedBroken after the last one when the process failed."""
    process = subprocess.Popen([sys.executable, "-m", __name__, what, sources], stdout=subprocess.PIPE)
    try:
        while chunk := process.stdout.read(CHUNK_BYTES):
            yield chunk
    finally:
        process.stdout.close()
        if process.poll() is None:  # the reader went away mid-stream
            process.kill()
        status = process.wait()
    if status != 0:
        raise FeedBroken(f"the warehouse feed's COPY of {what} exited with status {status}")


def copy_out(what: str, sources: str, out) -> None:
    engine = make_engine(config.load().database_url("clients"), config.Pool(size=1, overflow=0, timeout_seconds=5))
    try:
        connection = engine.raw_connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.copy_expert(copy_sql(what, parse_sources(sources)), out, size=CHUNK_BYTES)
            connection.rollback()
        finally:
            connection.close()
    finally:
        engine.dispose()


if __name__ == "__main__":
    copy_out(sys.argv[1], sys.argv[2], sys.stdout.buffer)
