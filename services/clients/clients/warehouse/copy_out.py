"""The warehouse feed in bulk: one file's rows (or the findings) as PostgreSQL's COPY writes them, streamed.

psycopg2 runs no COPY while eventlet's wait callback is set, and lifting it would stall every green thread
of the service for the whole stream (hmis_kit.copying). So the COPY runs in a process of its own
(clients/warehouse/copy_process.py), writing to its standard output, which the service's HTTP entrypoint
relays as it comes (`stream`): a connection to the service's database for as long as a stream lasts, and no
more than a chunk in the service's memory.
"""
from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator

from sqlalchemy.engine import make_url

from clients.contract.warehouse import parse_sources
from clients.warehouse import copy_process
from clients.warehouse.feed import copy_sql
from hmis_kit import config


class FeedBroken(RuntimeError):
    """The COPY process failed: the stream must end broken, not short (clients.contract.warehouse)."""


def _dsn() -> str:
    url = make_url(config.load().database_url("clients")).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


def stream(what: str, sources: str) -> Iterator[bytes]:
    """The COPY's output in chunks; raises FeedBroken after the last one when the process failed."""
    process = subprocess.Popen([sys.executable, "-m", copy_process.__name__], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE)
    try:
        process.stdin.write(json.dumps({"dsn": _dsn(), "sql": copy_sql(what, parse_sources(sources))}).encode()
                            + b"\n")
        process.stdin.close()
        while chunk := process.stdout.read(copy_process.CHUNK_BYTES):
            yield chunk
    finally:
        process.stdout.close()
        if process.poll() is None:  # the reader went away mid-stream
            process.kill()
        status = process.wait()
    if status != 0:
        raise FeedBroken(f"the warehouse feed's COPY of {what} exited with status {status}")
