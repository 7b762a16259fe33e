"""Loading an HMIS CSV export (a zip or a folder, e.g. HUD's sample) into the warehouse as a source of its own,
beside the HMIS's records and without importing it into the clients service: every row of every file kept
as the export gives it, by COPY. Client.csv's names and SSNs are dropped as they are read, each row getting
the three verdicts about them instead (hud.fy2026.tables.CLIENT_VERDICTS; an SSN is judged by HUD's rule,
hud.fy2026.rules.valid_ssn), so they never reach the reports database.

Columns are matched to the spec by name in any case; a column the spec does not know is left out, one the
export lacks is blank. A file the export lacks loads no rows. Values are PostgreSQL's to read: a value that
does not fit its column (a date that is none, a code that is not a number) fails the load, and nothing of
it is kept.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

import sqlalchemy as sa

from hmis_kit.copying import CsvPipe
from hud.fy2026.export_files import ExportFiles, csv_rows
from hud.fy2026.rules import valid_ssn
from hud.fy2026.spec import FILES, FileSpec
from hud.fy2026.tables import CLIENT, CLIENT_VERDICTS
from reports.warehouse import sources
from reports.warehouse.loading import Loaded, analyze, copy_in, timed
from reports.warehouse.tables import WAREHOUSE_TABLES


def _verdicts(value: Callable[[str], str]) -> list[bool]:
    """name_missing, ssn_missing, ssn_invalid of one Client.csv row (`value`: its value of a column)."""
    ssn = value("SSN").strip()
    return [not value("FirstName").strip() or not value("LastName").strip(), not ssn,
            bool(ssn) and not valid_ssn(ssn)]


def _rows(spec: FileSpec, header: list[str], records: Iterator[list[str]], columns: tuple[str, ...],
          source: int) -> Iterator[list]:
    """The file's records as the warehouse table's `columns`: its own columns, `source`, Client.csv's verdicts."""
    at = {name.strip().lower(): position for position, name in enumerate(header)}
    by_db_name = {column.db_name: column.name.lower() for column in spec.columns}
    positions = [at.get(by_db_name[name]) for name in columns if name in by_db_name]
    client = spec.name == CLIENT
    for record in records:
        if not record:  # a blank line, as exports often end
            continue

        def value(name: str) -> str:
            position = at.get(name.lower())
            return record[position] if position is not None and position < len(record) else ""

        row = [record[p] if p is not None and p < len(record) else "" for p in positions]
        yield [*row, source, *(_verdicts(value) if client else ())]


def load_export(engine: sa.Engine, path: str, label: str, echo: Callable[[str], None]) -> tuple[int, Loaded]:
    """Load the export at `path` as a new export source labelled `label`, in one transaction; returns the
    source's id and the rows loaded by file."""
    files, loaded = ExportFiles(path), Loaded()
    try:
        with engine.begin() as connection:
            source = sources.add_export(connection, label)
            for name, spec in FILES.items():
                table = WAREHOUSE_TABLES[name]
                columns = tuple(column.name for column in table.columns
                                if column.name != "source" and column.name not in CLIENT_VERDICTS)
                columns = (*columns, "source", *(CLIENT_VERDICTS if name == CLIENT else ()))

                def load() -> int:
                    if not files.has(spec):
                        return 0
                    with files.open(spec) as stream:
                        header, records = csv_rows(stream)
                        return copy_in(connection, table, columns, CsvPipe(_rows(spec, header, records, columns,
                                                                                  source)))

                timed(loaded, name, load, echo)
            analyze(connection, list(WAREHOUSE_TABLES.values()), loaded, echo)
    finally:
        files.close()
    return source, loaded
