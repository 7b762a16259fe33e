"""HMIS CSV FY2026 export: the 24 files with the spec's headers, column order and formats.

Full: every stored record, soft-deleted ones included with their DateDeleted. For a reporting period:
every record tied to an enrollment active in it (entered on or before its end, not exited before its
start) and not dated after it (an InformationDate after the end is left out), the clients of those
enrollments, and every project descriptor. Delta (Updated): only records
created, updated or deleted within the period. Hashed (HashStatus 4, HUD's SHA-256 rule): FirstName,
MiddleName and LastName are the SHA-256 of their SOUNDEX, the SSN is its last four characters followed
by the SHA-256 of the whole (nine characters, a missing digit as `x`); no other field changes. Files
other than Client.csv stream out of PostgreSQL with COPY; Client.csv passes through Python to decrypt
(or hash) the SSN.

Every record carries the ExportID of this export's own Export.csv (HUD: "must match record in
Export.csv"), not the one it was imported with. Every other value is written as it was stored: strings
quoted (the spec pads them with double quotes), numbers, dates (`YYYY-MM-DD`), date-times
(`YYYY-MM-DD hh:mm:ss`) and money (two decimals) in the spec's formats, a null as an empty field.

An export holds the records of one source (clients/sources.py), with their ids as that source made them
and an Export.csv naming that source, so that importing it anywhere keys them as they were keyed here. HUD's
ids are unique only within their source: an export of two sources could hold two clients `C1`, so one
must be named (`source`) when the records come from more than one.
"""
from __future__ import annotations

import csv
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from importlib import metadata
from pathlib import Path

import sqlalchemy as sa

from clients import pii, settings, sources
from clients.csv import auditing
from hmis_kit.copying import copy_allowed, copy_expert
from clients.models import HUD_TABLES
from hmis_kit import audit
from hmis_kit.config import InvalidSetting
from hud.fy2026.spec import CSV_VERSION, FILES, FileSpec

SOFTWARE_NAME = "Harbor HMIS"
PACKAGE = "harbor-hmis"  # pyproject.toml: its version is the software's
# HUD's SHA-256 rule hashes these fields of Client.csv "and no others" (NameSuffix stays as it is).
HASHED_NAMES = ("FirstName", "MiddleName", "LastName")
SSN_LENGTH = 9  # a partial SSN has `x` for each digit missing
# Lists 1.1 ExportPeriodType, 1.2 ExportDirective, 1.5 HashStatus, 1.9 SourceType.
UPDATED, REPORTING_PERIOD, OTHER_PERIOD = 1, 3, 4
DELTA_REFRESH, FULL_REFRESH = 1, 2
HASHED, UNHASHED = 4, 1
OTHER_SOURCE = 4  # a source whose export named no type


class CannotExport(ValueError):
    """The export asked for cannot be made; the message says why."""


@dataclass(frozen=True)
class ExportRequest:
    start: date | None = None
    end: date | None = None
    delta: bool = False
    hashed: bool = False
    source: int | None = None  # the source whose records are exported; None: the only one holding any

    def __post_init__(self) -> None:
        if self.delta and not self.start:
            raise CannotExport("a delta export needs a start (--start): it holds the records changed since then")
        if self.start and self.end and self.start > self.end:
            raise CannotExport(f"the period starts ({self.start}) after it ends ({self.end})")

    @property
    def period_type(self) -> int:
        return UPDATED if self.delta else REPORTING_PERIOD if self.start or self.end else OTHER_PERIOD

    @property
    def directive(self) -> int:
        return DELTA_REFRESH if self.delta else FULL_REFRESH


def _select(spec: FileSpec, export_id: str) -> str:
    """The file's columns in order, formatted as the spec writes them, each under its own name (for
    FORCE_QUOTE), the ExportID this export's."""
    formatted = []
    for column in spec.columns:
        if column.name == "ExportID":
            formatted.append(f"'{export_id}'")
        elif column.kind == "datetime":
            formatted.append(f"to_char({column.db_name}, 'YYYY-MM-DD HH24:MI:SS')")
        elif column.kind == "date":
            formatted.append(f"to_char({column.db_name}, 'YYYY-MM-DD')")
        else:
            formatted.append(column.db_name)
    return ", ".join(f"{expression} AS {column.db_name}" for expression, column in zip(formatted, spec.columns))


def _quoted(spec: FileSpec) -> list[str]:
    """The file's string columns: the spec pads a string with double quotes (a null stays an empty field)."""
    return [column.db_name for column in spec.columns if column.kind == "string"]


class SeveralSources(CannotExport):
    """The records come from more than one source, and the export names none."""

    def __init__(self, held: list[int]):
        super().__init__(f"the records come from sources {', '.join(map(str, held))}: name the one to export "
                         f"(--source)")
        self.held = held


def _source(connection: sa.Connection, request: ExportRequest) -> int:
    if request.source is not None:
        return request.source
    held = sources.holding_records(connection, [table.name for table in HUD_TABLES.values()])
    if len(held) > 1:
        raise SeveralSources(held)
    return held[0] if held else sources.OWN_SOURCE


def software_version() -> str:
    return metadata.version(PACKAGE)


class Exporter:
    def __init__(self, connection: sa.Connection, request: ExportRequest):
        self.connection = connection
        self.request = request
        self.source = _source(connection, request)
        try:
            self.described = sources.described(connection, self.source)
        except sa.exc.NoResultFound:
            raise CannotExport(f"there is no source {self.source} (--source)") from None
        if self.source == sources.OWN_SOURCE:  # this HMIS: a CoC's HMIS, named by its CoC code(s)
            self.described["SourceID"] = own_coc_code()
        self.exported_at = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
        # HUD: a new ExportID for each export, unique to the exporting application (S32).
        self.export_id = uuid.uuid4().hex
        # A period's end not given is the export's date: the stated period is the one selected by.
        self.end = request.end or self.exported_at.date()
        self.counts: dict[str, int] = {}

    def _active_enrollments(self) -> str:
        start = self.request.start or date.min
        return f"""SELECT e.enrollment_id FROM hud_enrollment e LEFT JOIN hud_exit x
            ON x.enrollment_id = e.enrollment_id AND x.source = e.source AND x.date_deleted IS NULL
            WHERE e.source = {self.source} AND e.entry_date <= DATE '{self.end.isoformat()}'
            AND (x.exit_date IS NULL OR x.exit_date >= DATE '{start.isoformat()}')"""

    def _changed_in_period(self, spec: FileSpec) -> str:
        """HUD's Updated period: a DateCreated, DateUpdated or DateDeleted within it."""
        after, before = self.request.start.isoformat(), (self.end + timedelta(days=1)).isoformat()
        stamps = [spec.by_name[name].db_name for name in ("DateCreated", "DateUpdated", "DateDeleted")
                  if name in spec.by_name]
        return "(" + " OR ".join(f"({stamp} >= DATE '{after}' AND {stamp} < DATE '{before}')" for stamp in stamps) + ")"

    def _where(self, name: str) -> str:
        conditions = [f"source = {self.source}"]
        if self.request.delta:
            conditions.append(self._changed_in_period(FILES[name]))
        elif self.request.period_type == REPORTING_PERIOD:
            if name == "Enrollment" or "EnrollmentID" in FILES[name].by_name:
                conditions.append(f"enrollment_id IN ({self._active_enrollments()})")
            if "InformationDate" in FILES[name].by_name:  # HUD: no data "from the future" of the period
                conditions.append(f"information_date <= DATE '{self.end.isoformat()}'")
            elif name == "Client":
                conditions.append(f"personal_id IN (SELECT personal_id FROM hud_enrollment WHERE "
                                  f"source = {self.source} AND enrollment_id IN ({self._active_enrollments()}))")
        return f" WHERE {' AND '.join(conditions)}"

    def period(self) -> tuple[date, date]:
        """The period the export selected by, as Export.csv states it: the one asked for; without a start,
        from the earliest project start of the enrollments it holds (the export's date when it holds none)."""
        if self.request.start:
            return self.request.start, self.end
        earliest = self.connection.exec_driver_sql(
            f"SELECT min(entry_date) FROM hud_enrollment{self._where('Enrollment')}").scalar()
        return min(earliest or self.end, self.end), self.end

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
        sql = (f"SELECT {_select(spec, self.export_id)} FROM {HUD_TABLES[spec.name].name}{self._where(spec.name)} "
               f"ORDER BY {key}")
        with open(path, "w", newline="", encoding="utf-8") as out:
            csv.writer(out, lineterminator="\r\n").writerow(spec.header)
            self.counts[spec.name] = copy_expert(
                self.connection, f"COPY ({sql}) TO STDOUT WITH (FORMAT csv, FORCE_QUOTE ({', '.join(_quoted(spec))}))",
                _CrLf(out))

    def client_ids(self) -> Iterator[str]:
        """The ids of the clients Client.csv will hold, streamed (read them all before the next statement)."""
        return self.connection.execute(sa.text(f"SELECT id::text FROM clients{self._where('Client')}").execution_options(
            stream_results=True, yield_per=audit.BULK_BATCH)).scalars()

    def _write_clients(self, path: Path) -> None:
        spec = FILES["Client"]
        stored = [("ssn_ciphertext" if c.name == "SSN" else c.db_name) for c in spec.columns]
        result = self.connection.execution_options(stream_results=True, max_row_buffer=2000).execute(sa.text(
            f"SELECT {', '.join(stored)} FROM clients{self._where('Client')} ORDER BY personal_id"))
        ssn_at, export_id_at = spec.header.index("SSN"), spec.header.index("ExportID")
        name_at = [spec.header.index(name) for name in HASHED_NAMES]
        quoted = [column.kind == "string" for column in spec.columns]
        count = 0
        with open(path, "w", newline="", encoding="utf-8") as out:
            csv.writer(out, lineterminator="\r\n").writerow(spec.header)
            for row in result:
                values = [_text(value) for value in row]
                ssn = pii.decrypt_ssn(values[ssn_at]) if values[ssn_at] else None
                if self.request.hashed:
                    for at in name_at:
                        values[at] = hashed_name(values[at]) if values[at] else None
                    ssn = hashed_ssn(ssn) if ssn else None
                values[ssn_at], values[export_id_at] = ssn, self.export_id
                out.write(_line(values, quoted))
                count += 1
        self.counts["Client"] = count

    def export_row(self) -> dict:
        """Export.csv's one row: this export, and the source whose records it holds."""
        start, end = self.period()
        return {"ExportID": self.export_id, **self.described,
                "SourceType": self.described["SourceType"] or OTHER_SOURCE,
                "ExportDate": _text(self.exported_at), "ExportStartDate": start.isoformat(),
                "ExportEndDate": end.isoformat(), "SoftwareName": SOFTWARE_NAME,
                "SoftwareVersion": software_version(), "CSVVersion": CSV_VERSION,
                "ExportPeriodType": self.request.period_type, "ExportDirective": self.request.directive,
                "HashStatus": HASHED if self.request.hashed else UNHASHED}

    def _write_export_row(self, path: Path) -> None:
        spec = FILES["Export"]
        values = self.export_row()
        with open(path, "w", newline="", encoding="utf-8") as out:
            csv.writer(out, lineterminator="\r\n").writerow(spec.header)
            out.write(_line([_text(values.get(name)) for name in spec.header],
                            [column.kind == "string" for column in spec.columns]))
        self.counts["Export"] = 1


def own_coc_code() -> str:
    """HUD: a CoC HMIS (SourceType 1) names its CoC code(s) as SourceID, never null."""
    coc_code = settings.load().coc_code
    if not coc_code:
        raise InvalidSetting("HMIS_COC_CODE is not set: an export of this HMIS's own records names its CoC code "
                             "(e.g. CA-601) as Export.csv's SourceID")
    return coc_code


def hashed_name(name: str) -> str:
    """HUD's SHA-256 rule for FirstName, MiddleName, LastName: the SHA-256 of the name's SOUNDEX."""
    return pii.sha256_hex(pii.soundex(name)).upper()


def hashed_ssn(ssn: str) -> str:
    """HUD's SHA-256 rule for the SSN: its last four characters, unhashed, followed by the SHA-256 of the
    whole; a partial SSN has a lower-case `x` for each digit missing (those before the digits given)."""
    whole = "".join(c if c.isdigit() else "x" for c in ssn).rjust(SSN_LENGTH, "x")
    return whole[-4:] + pii.sha256_hex(whole).upper()


class _CrLf:
    """COPY writes "\\n" line ends; the spec's files end lines with CRLF."""

    def __init__(self, out):
        self.out = out

    def write(self, data) -> int:
        text = data.decode() if isinstance(data, bytes) else data
        return self.out.write(text.replace("\n", "\r\n"))


def _line(values: list[str | None], quoted: list[bool]) -> str:
    """One CSV record as COPY's FORCE_QUOTE writes it: a string in double quotes (a quote in it doubled),
    a null an empty field."""
    fields = ["" if value is None else '"' + value.replace('"', '""') + '"' if quote else value
              for value, quote in zip(values, quoted)]
    return ",".join(fields) + "\r\n"


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
        exporter = Exporter(connection, request or ExportRequest())  # refused before any audit row or file
        with engine.begin() as auditing_connection, copy_allowed():
            auditing.record_export(auditing_connection, access, exporter.client_ids())
        return exporter.write(Path(out_dir))
