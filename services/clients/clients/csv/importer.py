"""HMIS CSV FY2026 import: all or nothing, streamed, validated, idempotent.

Per file, rows are read as a stream, checked against HUD's rules (clients/hud/rules.py) and fed
straight into `COPY` into a temporary staging table (the SSN is encrypted on the way). Rules across
rows and files (duplicate ids, exit before entry, one entry- or exit-stage record per enrollment,
records naming no enrollment, one head per household) are then checked in SQL over the staging
tables. Finally each file is upserted in the spec's order: the newer DateUpdated wins, so importing
the same export again changes nothing; a row with DateDeleted is kept, soft-deleted.

Strictness decides what a broken rule does: `reject` fails the whole import, `warn` leaves the
offending row out and reports it, `repair` applies HUD's fallback where one exists (99 for a missing
answer, dropping a dependent answer nobody asked for, the newest of duplicates) and leaves out the
rest. Everything runs in one transaction: a failed import leaves the database as it was.
"""
from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg2.extensions
import sqlalchemy as sa

from clients import dedup, events, pii
from clients.csv.source import ExportSource, Progress
from clients.hud import rules
from clients.hud.spec import FILES, FileSpec
from clients.models import HUD_TABLES
from hmis_kit import logs

STRICTNESS = ("reject", "warn", "repair")
LISTED_ERRORS_PER_FILE = 1000  # every error is counted; this many per file are listed with line and rule
SQL_TYPES = {"string": "text", "integer": "integer", "date": "date", "datetime": "timestamp",
             "money": "numeric(12,2)"}
# Child records that hang off an enrollment, and the ones HUD allows once per stage per enrollment.
ENROLLMENT_CHILDREN = ("Exit", "IncomeBenefits", "HealthAndDV", "EmploymentEducation", "Disabilities", "Services",
                       "CurrentLivingSituation", "Assessment", "AssessmentQuestions", "AssessmentResults", "Event",
                       "YouthEducationStatus")
ONE_PER_STAGE = {"IncomeBenefits": (), "HealthAndDV": (), "EmploymentEducation": (), "YouthEducationStatus": (),
                 "Disabilities": ("disability_type",)}
STAGE_NAMES = {1: "entry", 3: "exit"}


class ImportRejected(Exception):
    """The import broke rules under `reject`; nothing was written. `report` says what and where."""

    def __init__(self, report: dict):
        super().__init__("the import was rejected; nothing was written")
        self.report = report


@dataclass
class FileReport:
    rows: int = 0
    staged: int = 0
    inserted: int = 0
    updated: int = 0
    repaired: int = 0
    left_out: int = 0
    error_count: int = 0
    errors: list = field(default_factory=list)

    def add(self, line: int | None, column: str | None, rule: str, severity: str = "error") -> None:
        self.error_count += severity == "error"
        if len(self.errors) < LISTED_ERRORS_PER_FILE:
            self.errors.append({"line": line, "field": column, "rule": rule, "severity": severity})


def stage_table(spec: FileSpec) -> str:
    return f"stage_{HUD_TABLES[spec.name].name}"


def stage_columns(spec: FileSpec) -> list[tuple[str, str]]:
    """(name, SQL type) of a staging table: the file's columns, the SSN as its stored forms."""
    columns = [("_line", "bigint")]
    for column in spec.columns:
        if spec.name == "Client" and column.name == "SSN":
            columns += [(name, "text") for name in ("ssn_ciphertext", "ssn_hash", "ssn_last4_hash")]
        else:
            columns.append((column.db_name, SQL_TYPES[column.kind]))
    return columns


class _CsvPipe:
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
            cursor.copy_expert(sql, file)
            return cursor.rowcount
        finally:
            cursor.close()


def copy_rows(connection: sa.Connection, table: str, columns: list[str], rows: Iterator[list]) -> None:
    """Bulk-load rows with PostgreSQL COPY (CSV; an unquoted empty field is NULL)."""
    copy_expert(connection, f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", _CsvPipe(rows))


class Importer:
    def __init__(self, connection: sa.Connection, strictness: str, agency_id: uuid.UUID,
                 progress: Progress | None = None):
        if strictness not in STRICTNESS:
            raise ValueError(f"strictness must be one of {', '.join(STRICTNESS)}")
        self.connection = connection
        self.strictness = strictness
        self.agency_id = agency_id
        self.progress = progress
        self.reports = {name: FileReport() for name in FILES}
        self.present: list[str] = []

    @property
    def _severity(self) -> str:
        """A broken rule fails the import under reject; otherwise the row is left out (or repaired) and reported."""
        return "error" if self.strictness == "reject" else "warning"

    # -- reading and staging ------------------------------------------------------------------------

    def stage(self, source: ExportSource) -> None:
        for name, spec in FILES.items():
            if not source.has(spec):
                self.reports[name].add(None, None, f"{spec.filename} is missing", "warning")
                continue
            columns = stage_columns(spec)
            self.connection.exec_driver_sql(
                f"CREATE TEMP TABLE {stage_table(spec)} ({', '.join(f'{n} {t}' for n, t in columns)}) ON COMMIT DROP")
            with source.rows(spec, self.progress) as (header, rows):
                positions = self._positions(spec, header)
                if positions is None:
                    continue
                copy_rows(self.connection, stage_table(spec), [n for n, _ in columns],
                          self._checked_rows(spec, positions, rows))
            self.present.append(name)

    def _positions(self, spec: FileSpec, header: list[str]) -> list[int | None] | None:
        """For each spec column, its position in the file (headers matched case-insensitively)."""
        report = self.reports[spec.name]
        found = {name.strip().lower(): index for index, name in enumerate(header)}
        known = {column.name.lower() for column in spec.columns}
        for name in found.keys() - known:
            report.add(1, name, "not a column of this file; ignored", "warning")
        positions = [found.get(column.name.lower()) for column in spec.columns]
        missing = [column.name for column, at in zip(spec.columns, positions) if at is None and column.required]
        for name in missing:
            report.add(1, name, "required column missing from the header; the file is left out", self._severity)
        for column, at in zip(spec.columns, positions):
            if at is None and not column.required:
                report.add(1, column.name, "column missing from the header; read as empty", "warning")
        return None if missing else positions

    def _checked_rows(self, spec: FileSpec, positions: list[int | None], rows: Iterator[list[str]]) -> Iterator[list]:
        report = self.reports[spec.name]
        checker = rules.RecordChecker(spec.name)
        by_name = {column.name: index for index, column in enumerate(spec.columns)}
        width = len(positions)
        in_order = positions == list(range(width))
        ssn_at = by_name.get("SSN") if spec.name == "Client" else None
        for line, raw in enumerate(rows, start=2):
            if not raw:
                continue  # a blank line (often the last one) is no record
            report.rows += 1
            if in_order and len(raw) == width:
                values = [value or None for value in raw]
            else:
                if len(raw) < max((p for p in positions if p is not None), default=-1) + 1:
                    report.add(line, None, f"has {len(raw)} fields, fewer than the header names", self._severity)
                    report.left_out += 1
                    continue
                values = [(raw[p] or None) if p is not None else None for p in positions]
            broken = checker.problems(values)
            if broken and not self._settle(report, line, values, by_name, broken):
                continue
            report.staged += 1
            if ssn_at is not None:
                values[ssn_at:ssn_at + 1] = pii.ssn_forms(values[ssn_at])
            yield [line, *values]

    def _settle(self, report: FileReport, line: int, values: list, by_name: dict, broken: list) -> bool:
        """Record what `broken` means under the strictness; True when the row is kept."""
        if self.strictness == "repair" and rules.repair(values, by_name, broken):
            report.repaired += 1
            for problem in broken:
                report.add(line, problem.column, f"{problem.rule} (repaired)", "warning")
            return True
        for problem in broken:
            report.add(line, problem.column, problem.rule, self._severity)
        report.left_out += 1
        return False

    # -- rules across rows and files ----------------------------------------------------------------

    def check_across_rows(self) -> None:
        for name in self.present:
            key = FILES[name].key.db_name
            order = "date_updated" if "DateUpdated" in FILES[name].by_name else "export_date"
            self._violations(name, f"""
                SELECT _line FROM (SELECT _line, row_number() OVER (PARTITION BY {key} ORDER BY {order} DESC NULLS LAST,
                _line DESC) AS newer FROM {{stage}}) ranked WHERE newer > 1""",
                f"duplicate {FILES[name].key.name}; the newest DateUpdated is kept", repairable=True)
        self._orphans("Enrollment", "personal_id", "Client", "PersonalID names no client")
        self._orphans("Enrollment", "project_id", "Project", "ProjectID names no project")
        for child in ENROLLMENT_CHILDREN:
            self._orphans(child, "enrollment_id", "Enrollment", "EnrollmentID names no enrollment")
        for name, extra in ONE_PER_STAGE.items():
            partition = ", ".join(("enrollment_id", "data_collection_stage", *extra))
            for stage, label in STAGE_NAMES.items():
                self._violations(name, f"""
                    SELECT _line FROM (SELECT _line, data_collection_stage, row_number() OVER (PARTITION BY {partition}
                    ORDER BY date_updated DESC, _line DESC) AS newer FROM {{stage}} WHERE date_deleted IS NULL) ranked
                    WHERE newer > 1 AND data_collection_stage = {stage}""",
                    f"more than one {label}-stage record for the enrollment; the newest is kept", repairable=True)
        if "Exit" in self.present:
            self._violations("Exit", f"""
                SELECT x._line FROM {{stage}} x JOIN ({self._current("Enrollment")}) e USING (enrollment_id)
                WHERE x.exit_date < e.entry_date""", "ExitDate before the enrollment's EntryDate", repairable=False)
        if "Enrollment" in self.present:
            self._violations("Enrollment", """
                SELECT _line FROM {stage} WHERE household_id IN (SELECT household_id FROM {stage}
                WHERE date_deleted IS NULL GROUP BY household_id
                HAVING count(*) FILTER (WHERE relationship_to_hoh = 1) <> 1)""",
                "household does not have exactly one head of household", repairable=False, keep=True)

    def _current(self, name: str) -> str:
        """The records of a file as they will stand: staged ones, and stored ones not being replaced."""
        table, key = HUD_TABLES[name].name, FILES[name].key.db_name
        if name not in self.present:
            return f"SELECT * FROM {table} WHERE date_deleted IS NULL"
        columns = ", ".join(c.db_name for c in FILES[name].columns if c.name != "SSN")
        return (f"SELECT {columns} FROM {stage_table(FILES[name])} WHERE date_deleted IS NULL UNION ALL "
                f"SELECT {columns} FROM {table} WHERE date_deleted IS NULL AND {key} NOT IN "
                f"(SELECT {key} FROM {stage_table(FILES[name])})")

    def _orphans(self, name: str, column: str, parent: str, rule: str) -> None:
        if name not in self.present:
            return
        parent_key = FILES[parent].key.db_name
        self._violations(name, f"""
            SELECT _line FROM {{stage}} s WHERE NOT EXISTS (SELECT 1 FROM ({self._current(parent)}) p
            WHERE p.{parent_key} = s.{column})""", rule, repairable=False)

    def _violations(self, name: str, lines_sql: str, rule: str, repairable: bool, keep: bool = False) -> None:
        """Report the staged rows `lines_sql` selects; under warn/repair leave them out (unless `keep`)."""
        if name not in self.present:
            return
        stage = stage_table(FILES[name])
        lines = [row[0] for row in self.connection.exec_driver_sql(lines_sql.format(stage=stage))]
        if not lines:
            return
        report = self.reports[name]
        fixed = repairable and self.strictness == "repair"
        for line in lines:
            report.add(line, FILES[name].key.name, f"{rule}{' (repaired)' if fixed else ''}", self._severity)
        if self.strictness != "reject" and not keep:
            self.connection.exec_driver_sql(f"DELETE FROM {stage} WHERE _line = ANY(%(lines)s)", {"lines": lines})
            report.left_out += len(lines)
            report.staged -= len(lines)

    # -- writing ------------------------------------------------------------------------------------

    def upsert_all(self) -> None:
        for name in self.present:
            if name == "Client":
                self._upsert_clients()
            else:
                self._upsert(name)
        if "Organization" in self.present and self.agency_id != IMPORT_AGENCY:
            # The importing agency runs the organizations it brings in (a first import decides; a later
            # one by another agency does not take them over). An import naming no agency links none.
            self.connection.exec_driver_sql(f"""
                INSERT INTO organization_agencies (organization_id, agency_id)
                SELECT DISTINCT organization_id, %(agency)s FROM {stage_table(FILES["Organization"])}
                ON CONFLICT DO NOTHING""", {"agency": self.agency_id})

    def _upsert(self, name: str) -> None:
        spec, table = FILES[name], HUD_TABLES[name].name
        key = spec.key.db_name
        columns = [column.db_name for column in spec.columns]
        newer = "date_updated" if "DateUpdated" in spec.by_name else "export_date"
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
        returning = events.returning_columns(name) or key
        inserted, updated = self._count(f"""
            INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM {stage_table(spec)}
            ON CONFLICT ({key}) DO UPDATE SET {sets} WHERE {table}.{newer} IS NULL OR {table}.{newer} < EXCLUDED.{newer}
            RETURNING (xmax = 0) AS inserted, {returning}""", name)
        self.reports[name].inserted, self.reports[name].updated = inserted, updated

    def _upsert_clients(self) -> None:
        spec = FILES["Client"]
        columns = [n for n, _ in stage_columns(spec)[1:]]
        kept = [c for c in columns if c != "personal_id"]
        inserted, updated = self._count(f"""
            INSERT INTO clients (id, person_id, agency_id, {', '.join(columns)})
            SELECT new_id, new_id, %(agency)s, {', '.join(columns)}
            FROM (SELECT gen_random_uuid() AS new_id, * FROM {stage_table(spec)}) staged
            ON CONFLICT (personal_id) DO UPDATE SET {', '.join(f'{c} = EXCLUDED.{c}' for c in kept)}, updated_at = now()
            WHERE clients.date_updated IS NULL OR clients.date_updated < EXCLUDED.date_updated
            RETURNING (xmax = 0) AS inserted, {events.returning_columns('Client')}""", "Client")
        self.reports["Client"].inserted, self.reports["Client"].updated = inserted, updated

    def _count(self, upsert_sql: str, name: str) -> tuple[int, int]:
        """Run an upsert, announce what it inserted, and count inserted and updated rows."""
        announce = events.import_events_sql(name)
        sql = f"WITH upserted AS ({upsert_sql}) {announce} SELECT count(*) FILTER (WHERE inserted), " \
              f"count(*) FILTER (WHERE NOT inserted) FROM upserted"
        params = {"agency": self.agency_id, "correlation": logs.current_correlation_id()}
        inserted, updated = self.connection.exec_driver_sql(sql, params).one()
        if name == "Client" and inserted:
            dedup.link_imported(self.connection)
        return inserted, updated

    def report(self) -> dict:
        files = {FILES[name].filename: {k: v for k, v in vars(report).items()}
                 for name, report in self.reports.items()}
        errors = sum(report.error_count for report in self.reports.values())
        return {"strictness": self.strictness, "errors": errors, "files": files,
                "rows": sum(report.rows for report in self.reports.values()),
                "inserted": sum(report.inserted for report in self.reports.values()),
                "updated": sum(report.updated for report in self.reports.values())}


def import_export(engine: sa.Engine, path, strictness: str = "reject", agency_id: uuid.UUID | None = None,
                  progress: Progress | None = None) -> dict:
    """Import one HMIS CSV export in a single transaction; raises ImportRejected (and writes nothing)
    when `reject` finds any broken rule. Returns the report."""
    source = ExportSource(path)
    try:
        with engine.connect() as connection, connection.begin() as transaction:
            importer = Importer(connection, strictness, agency_id or IMPORT_AGENCY, progress)
            importer.stage(source)
            importer.check_across_rows()
            if importer.report()["errors"]:
                transaction.rollback()
                raise ImportRejected(importer.report())
            importer.upsert_all()
            return importer.report()
    finally:
        source.close()


# Owner of records imported without a named agency (the command line): no agency's users may read them
# until the HMIS lead assigns them; the policy treats it as any other agency's.
IMPORT_AGENCY = uuid.UUID("00000000-0000-0000-0000-000000000000")
