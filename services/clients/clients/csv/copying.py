"""COPY through psycopg2 under eventlet, on a SQLAlchemy connection's own transaction, and the settings an
import's connections run with."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg2.extensions
import sqlalchemy as sa

# Memory PostgreSQL may use for the import's hash joins, sorts and index builds; no JIT: compiling the
# large check expressions costs more than it saves; no parallel workers for queries or index builds: the
# import's two connections already keep two cores busy, and extra workers only contend with them (14 s
# against 16 s for 100k clients on two cores); lz4 for what is compressed on its way to disk (the batch
# events, chiefly), at a third of the default pglz's cost.
SESSION_SETTINGS = {"work_mem": "128MB", "maintenance_work_mem": "256MB", "jit": "off",
                    "max_parallel_workers_per_gather": "0", "max_parallel_maintenance_workers": "0",
                    "default_toast_compression": "lz4"}


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


def tune(connection: sa.Connection, settings: dict[str, str] = SESSION_SETTINGS) -> None:
    """Apply `settings` for the rest of the connection's transaction."""
    connection.exec_driver_sql("; ".join(f"SET LOCAL {setting} = '{value}'" for setting, value in settings.items()))
