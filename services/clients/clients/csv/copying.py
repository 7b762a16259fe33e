"""The settings an import's connections run with (its COPYs go through hmis_kit.copying)."""
from __future__ import annotations

import sqlalchemy as sa

# Memory PostgreSQL may use for the import's hash joins, sorts and index builds; no JIT: compiling the
# large check expressions costs more than it saves; no parallel workers for queries or index builds: the
# import's two connections already keep two cores busy, and extra workers only contend with them (14 s
# against 16 s for 100k clients on two cores); lz4 for what is compressed on its way to disk (the batch
# events, chiefly), at a third of the default pglz's cost.
SESSION_SETTINGS = {"work_mem": "128MB", "maintenance_work_mem": "256MB", "jit": "off",
                    "max_parallel_workers_per_gather": "0", "max_parallel_maintenance_workers": "0",
                    "default_toast_compression": "lz4"}


def tune(connection: sa.Connection, settings: dict[str, str] = SESSION_SETTINGS) -> None:
    """Apply `settings` for the rest of the connection's transaction."""
    connection.exec_driver_sql("; ".join(f"SET LOCAL {setting} = '{value}'" for setting, value in settings.items()))
