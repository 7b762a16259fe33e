"""COPY through psycopg2 on a SQLAlchemy connection's own transaction, under eventlet too, and a file COPY
reads rows from."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2.extensions
import sqlalchemy as sa


@contextmanager
def copy_allowed() -> Iterator[None]:
    """psycopg2 refuses COPY while a wait callback (psycogreen, under eventlet) is set, and the callback is
    process-wide: lift it for the duration. Other green threads wait meanwhile; the CLI has none."""
    callback = psycopg2.extensions.get_wait_callback()
    psycopg2.extensions.set_wait_callback(None)
    try:
        yield
    finally:
        psycopg2.extensions.set_wait_callback(callback)


def copy_expert(connection: sa.Connection, sql: str, file) -> int:
    """Run a COPY on the connection's own transaction; returns the rows it moved."""
    with copy_allowed():
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.copy_expert(sql, file, size=1 << 16)
            return cursor.rowcount
        finally:
            cursor.close()


class CsvPipe:
    """A file-like object COPY reads from, filled on demand from an iterator of rows."""

    def __init__(self, rows: Iterator[list]):
        self.rows = rows
        self.buffer = io.StringIO()
        self.writer = csv.writer(self.buffer, lineterminator="\n")

    def read(self, size: int = -1) -> str:
        for row in self.rows:
            self.writer.writerow(row)
            if self.buffer.tell() >= size > 0:
                break
        data = self.buffer.getvalue()
        self.buffer.seek(0)
        self.buffer.truncate()
        return data

    readline = read
