"""COPY into the warehouse's tables, and the figures of a load (rows and rows per second, by file)."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa

from hmis_kit.copying import copy_expert


@dataclass
class Loaded:
    """Rows loaded and seconds spent, by file (or `findings`)."""

    rows: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())

    def line(self, what: str) -> str:
        return _line(what, self.rows[what], self.seconds[what])

    def summary(self) -> str:
        return _line("total", self.total_rows, self.total_seconds)


def _line(what: str, rows: int, seconds: float) -> str:
    return f"  {what:<24} {rows:>10,} rows {seconds:8.2f} s {rows / max(seconds, 1e-9):>12,.0f} rows/s"


STATISTICS = "(statistics)"  # a load's last step, `analyze`: no rows, its seconds


class Chunks:
    """A readable file over an iterator of byte chunks, for COPY FROM STDIN (which reads whatever a read gives)."""

    def __init__(self, chunks: Iterator[bytes]):
        self.chunks = chunks

    def read(self, size: int = -1) -> bytes:
        return next(self.chunks, b"")


def copy_in(connection: sa.Connection, table: sa.Table, columns: tuple[str, ...], readable) -> int:
    """COPY `readable` (CSV, no header, `columns` in order) into `table`; returns the rows."""
    return copy_expert(connection, f"COPY {table.name} ({', '.join(columns)}) FROM STDIN (FORMAT csv)", readable)


def analyze(connection: sa.Connection, tables: list[sa.Table], loaded: Loaded, echo: Callable[[str], None]) -> None:
    """Refresh the planner's statistics of `tables` in the load's transaction (ANALYZE counts its own rows): a
    report run right after a load would otherwise be planned on the tables' old statistics, or none when
    autovacuum is off or has not come round yet (nested loops over what are now hundreds of thousands of rows)."""
    def statistics() -> int:
        for table in tables:
            connection.exec_driver_sql(f"ANALYZE {table.name}")
        return 0

    timed(loaded, STATISTICS, statistics, echo)


def timed(loaded: Loaded, what: str, load: Callable[[], int], echo: Callable[[str], None]) -> None:
    started = time.perf_counter()
    loaded.rows[what] = load()
    loaded.seconds[what] = time.perf_counter() - started
    echo(loaded.line(what))
