"""HMIS CSV FY2026 export: the 24 files with the spec's headers, column order and formats.

Full: every stored record, soft-deleted ones included with their DateDeleted. For a reporting period:
every record tied to an enrollment active in it (entered on or before its end, not exited before its
start), the clients of those enrollments, and every project descriptor. Delta: only records updated
on or after the start. Hashed (HashStatus 4): names are the SHA-256 of their SOUNDEX, the SSN is the
SHA-256 of the full number followed by its last four digits. Files other than Client.csv stream out
of PostgreSQL with COPY; Client.csv passes through Python to decrypt (or hash) the SSN.

An export holds the records of one source (clients/sources.py), with their ids as that source made them
and an Export.csv naming that source, so that importing it anywhere keys them as they were keyed here. HUD's
ids are unique only within their source: an export of two sources could hold two clients `C1`, so one
must be named (`source`) when the records come from more than one.
"""
from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

import sqlalchemy as sa

from clients import pii, sources
from clients.csv import auditing
from clients.csv.copying import copy_allowed, copy_expert
from clients.models import HUD_TABLES
from hmis_kit import audit
from hud.fy2026.spec import CSV_VERSION, FILES, FileSpec

PROJECT_DESCRIPTORS = ("Organization", "User", "Project", "Funder", "ProjectCoC", "Inventory", "Affiliation",
                       "HMISParticipation", "CEParticipation")
NAME_COLUMNS = ("FirstName", "MiddleName", "LastName", "NameSuffix")
HASHED, UNHASHED = 4, 1


@dataclass(frozen=True)
class ExportRequest:
    start: date | None = None
    end: date | None = None
    delta: bool = False
    hashed: bool = False
    source: int | None = None  # the source whose records are exported; None: the only one holding any

    @property
    def period_type(self) -> int:
        return 1 if self.delta else 3 if self.start or self.end else 4


def _select(spec: FileSpec) -> str:
    """The file's columns in order, formatted as the spec writes them."""
    formatted = []
    for column in spec.columns:
        if column.kind == "datetime":
            formatted.append(f"to_char({column.db_name}, 'YYYY-MM-DD HH24:MI:SS')")
        elif column.kind == "date":
            formatted.append(f"to_char({column.db_name}, 'YYYY-MM-DD')")
        else:
            formatted.append(column.db_name)
    return ", ".join(formatted)


class SeveralSources(ValueError):
    """The records come from more than one source, and the export names none."""

    def __init__(self, held: list[int]):
        super().__init__(f"the records come from sources {', '.join(map(str, held))}: name the one to export")
        self.held = held


def _source(connection: sa.Connection, request: ExportRequest) -> int:
    if request.source is not None:
        return request.source
    held = sources.holding_records(connection, [table.name for table in HUD_TABLES.values()])
    if len(held) > 1:
        raise SeveralSources(held)
    return held[0] if held else sources.OWN_SOURCE


class Exporter:
    def __init__(self, connection: sa.Connection, request: ExportRequest):
        self.connection = connection
        self.request = request
        self.source = _source(connection, request)
        self.counts: dict[str, int] = {}

    def _active_enrollments(self) -> str:
        start, end = self.request.start or date.min, self.request.end or date.max
        return f"""SELECT e.enrollment_id FROM hud_enrollment e LEFT JOIN hud_exit x
            ON x.enrollment_id = e.enrollment_id AND x.source = e.source AND x.date_deleted IS NULL
            WHERE e.source = {self.source} AND e.entry_date <= DATE '{end.isoformat()}'
            AND (x.exit_date IS NULL OR x.exit_date >= DATE '{start.isoformat()}')"""

    def _where(self, name: str) -> str:
        conditions = [f"source = {self.source}"]
        if self.request.delta and self.request.start and name != "Export":
            conditions.append(f"date_updated >= DATE '{self.request.start.isoformat()}'")
        if (self.request.start or self.request.end) and not self.request.delta:
            if name == "Enrollment" or "EnrollmentID" in FILES[name].by_name:
                conditions.append(f"enrollment_id IN ({self._active_enrollments()})")
            elif name == "Client":
                conditions.append(f"personal_id IN (SELECT personal_id FROM hud_enrollment WHERE "
                                  f"source = {self.source} AND enrollment_id IN ({self._active_enrollments()}))")
        return f" WHERE {' AND '.join(conditions)}"

    def write(self, out_dir: Path) -> dict[str, int]:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, spec in FILES.items():
            if name == "Export":
                self._write_export_row(out_dir / spec.filename)
            elif name == "Client":
                self._write_clients(out_dir / spec.filename)
            else:
                self._copy_out(spec, out_dir / spec.filename)
        return self.counts

    def _copy_out(self, spec: FileSpec, path: Path) -> None:
        key = spec.key.db_name
        sql = f"SELECT {_select(spec)} FROM {HUD_TABLES[spec.name].name}{self._where(spec.name)} ORDER BY {key}"
        with open(path, "w", newline="", encoding="utf-8") as out:
            csv.writer(out, lineterminator="\r\n").writerow(spec.header)
            self.counts[spec.name] = copy_expert(self.connection, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", _CrLf(out))

    def client_ids(self) -> Iterator[str]:
        """The ids of the clients Client.csv will hold, streamed (read them all before the next statement)."""
        return self.connection.execute(sa.text(f"SELECT id::text FROM clients{self._where('Client')}").execution_options(
            stream_results=True, yield_per=audit.BULK_BATCH)).scalars()

    def _write_clients(self, path: Path) -> None:
        spec = FILES["Client"]
        stored = [("ssn_ciphertext" if c.name == "SSN" else c.db_name) for c in spec.columns]
        result = self.connection.execution_options(stream_results=True, max_row_buffer=2000).execute(sa.text(
            f"SELECT {', '.join(stored)} FROM clients{self._where('Client')} ORDER BY personal_id"))
        ssn_at = spec.header.index("SSN")
        name_at = [spec.header.index(name) for name in NAME_COLUMNS]
        count = 0
        with open(path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(spec.header)
            for row in result:
                values = [_text(value) for value in row]
                ssn = pii.decrypt_ssn(values[ssn_at]) if values[ssn_at] else None
                if self.request.hashed:
                    for at in name_at:
                        values[at] = pii.sha256_hex(pii.soundex(values[at])).upper() if values[at] else None
                    ssn = pii.sha256_hex(ssn).upper() + ssn[-4:] if ssn else None
                values[ssn_at] = ssn
                writer.writerow(["" if value is None else value for value in values])
                count += 1
        self.counts["Client"] = count

    def _write_export_row(self, path: Path) -> None:
        now = datetime.now(timezone.utc).replace(tzinfo=None)
        spec = FILES["Export"]
        values = {"ExportID": now.strftime("%Y%m%d%H%M%S"), **sources.described(self.connection, self.source),
                  "ExportDate": now.strftime("%Y-%m-%d %H:%M:%S"),
                  "ExportStartDate": (self.request.start or date(1900, 1, 1)).isoformat(),
                  "ExportEndDate": (self.request.end or now.date()).isoformat(), "SoftwareName": "Harbor HMIS",
                  "CSVVersion": CSV_VERSION, "ExportPeriodType": self.request.period_type,
                  "ExportDirective": 1 if self.request.delta else 2,
                  "HashStatus": HASHED if self.request.hashed else UNHASHED}
        with open(path, "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\r\n")
            writer.writerow(spec.header)
            writer.writerow(["" if values.get(name) is None else values[name] for name in spec.header])
        self.counts["Export"] = 1


class _CrLf:
    """COPY writes "\\n" line ends; the spec's files end lines with CRLF."""

    def __init__(self, out):
        self.out = out

    def write(self, data) -> int:
        text = data.decode() if isinstance(data, bytes) else data
        return self.out.write(text.replace("\n", "\r\n"))


def _text(value):
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def export(engine: sa.Engine, out_dir, request: ExportRequest | None = None, access: dict | None = None) -> dict[str, int]:
    """Write an export into `out_dir` from one consistent snapshot; returns rows per file. Each client
    exported gets an audit row for `access` (by default the operating-system user as operator, see
    hmis_kit.audit.operator_access), committed before any file is written. The rows are written on a
    connection of their own: the snapshot, taken first, may predate the audit chain's newest rows,
    which a writer must extend."""
    access = access or audit.operator_access(str(out_dir))
    with engine.connect() as connection, connection.begin():
        connection.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        exporter = Exporter(connection, request or ExportRequest())
        with engine.begin() as auditing_connection, copy_allowed():
            auditing.record_export(auditing_connection, access, exporter.client_ids())
        return exporter.write(Path(out_dir))
