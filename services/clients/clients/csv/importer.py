"""HMIS CSV FY2026 import: all or nothing, validated, idempotent, at close to PostgreSQL's COPY speed.

Per file, in three steps, on two connections so that two cores work on it (docs/clients.md), in the
order of STAGING_ORDER (the spec's, parents before children, arranged so neither connection waits long):

1. Stage (the `Stager`, on a connection of its own, a transaction per file). The file's bytes are
   COPYed straight into a table of the staging schema (unlogged but for small files), typed like the
   file. A file that COPY cannot read that way (a value of the wrong type, a record with too few
   fields, a blank line inside, CR line endings) is read again by the csv module into an all-text
   table, its values are checked for their types in SQL, and the readable rows are cast into the typed
   table. Client.csv's SSN field is replaced on the way by its encrypted and hashed forms, so it never
   reaches the database in clear; the import's own connection stages it, while the stager stages others.
2. Check one file (the `Stager`). HUD's rules for one record (`checks.record_checks`, compiled from
   clients/hud) run over the staged file in one SQL pass, a victim service provider's PII included;
   then the rules across its rows (duplicate ids, one entry- or exit-stage record per enrollment, one
   head per household). For a file bound for an empty table the stager also builds its batch events
   and checks that its records name staged enrollments, work the import's transaction then skips.
3. Check across files, then write (the `Importer`, in the import's one transaction: a failed import
   leaves the database as it was), while the stager works on the next file: records naming no client,
   project or enrollment of the same source, exits before entry; then the newer DateUpdated wins among
   the records of the export's source (`clients.sources`: HUD's ids are unique only within the system that
   made them), so importing the same export again changes nothing and another source's records never;
   a row with DateDeleted is kept, soft-deleted. Into a table still empty the rows are loaded first and
   the table indexed after, which is several times faster than keeping each index up to date row by row
   (see docs/benchmarks.md).

Strictness decides what a broken rule does: `reject` fails the whole import, `warn` leaves the
offending row out and reports it, `repair` applies HUD's fallback where one exists (99 for a missing
answer, dropping a dependent answer nobody asked for, the newest of duplicates) and leaves out the rest.
"""
from __future__ import annotations

import copy
import csv
import io
import operator
import queue
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg2.errors
import psycopg2.extensions
import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import dedup, domain, pii, sources
from clients.contract import events
from clients.contract.schemas import IMPORT_AGENCY
from clients.csv import announcements, auditing, checks
from clients.csv.source import CopyFeed, ExportSource, Progress, read_header
from clients.hud.spec import FILES, FileSpec
from clients.models import HUD_TABLES
from hmis_kit import audit, logs, outbox
from hmis_kit.events import CORRELATION_PARAM
from hmis_kit.outbox import record_event

STRICTNESS = ("reject", "warn", "repair")
LISTED_ERRORS_PER_FILE = 1000  # every error is counted; this many per file are listed with line and rule
# Child records that hang off an enrollment, and the ones HUD allows once per stage per enrollment.
ENROLLMENT_CHILDREN = ("Exit", "IncomeBenefits", "HealthAndDV", "EmploymentEducation", "Disabilities", "Services",
                       "CurrentLivingSituation", "Assessment", "AssessmentQuestions", "AssessmentResults", "Event",
                       "YouthEducationStatus")
ONE_PER_STAGE = {"IncomeBenefits": (), "HealthAndDV": (), "EmploymentEducation": (), "YouthEducationStatus": (),
                 "Disabilities": ("disability_type",)}
STAGE_NAMES = {1: "entry", 3: "exit"}
# Memory PostgreSQL may use for the import's hash joins, sorts and index builds; no JIT: compiling the
# large check expressions costs more than it saves; no parallel workers for queries or index builds: the
# import's two connections already keep two cores busy, and extra workers only contend with them (14 s
# against 16 s for 100k clients on two cores); lz4 for what is compressed on its way to disk (the batch
# events, chiefly), at a third of the default pglz's cost.
SESSION_SETTINGS = {"work_mem": "128MB", "maintenance_work_mem": "256MB", "jit": "off",
                    "max_parallel_workers_per_gather": "0", "max_parallel_maintenance_workers": "0",
                    "default_toast_compression": "lz4"}
# The stager's transactions: a wait for a lock this long means it touched a table the import's transaction
# holds (which waits for the stager); staged tables are of no use after a crash, so commits need not wait
# for the disk.
STAGER_SETTINGS = {**SESSION_SETTINGS, "lock_timeout": "30s", "synchronous_commit": "off"}
UNIQUE_INDEX_FROM_ROWS = 20_000  # see Stager._may_repeat
INDEXED_AFTER_FROM_ROWS = 1_000  # see Importer._indexed_after
UNLOGGED_FROM_BYTES = 2 << 20  # see Stager._create_table
STAGING_SCHEMA = "csv_staging"  # the tables files are staged in (migration 0009)
# Client.csv is read row by row in Python (its SSNs are sealed on the way): rather than wait idle for the
# stager to read it, the import's transaction stages it itself while the stager goes on with other files
# (2 s less of the stager's work for 100k clients, on the import's critical path).
STAGED_BY_THE_IMPORT = {"Client"}
# Files are staged, and written, in the spec's order, parents before children, but for three: Client.csv
# comes right after Organization.csv (which says whether the importer may store PII at all), so the
# import's transaction stages it while the stager stages the project files; among an enrollment's
# children, Disabilities.csv, the costliest to write, comes first, and Services.csv, the costliest to
# stage (its events are built there), last. So each connection works while the other does, and neither
# waits long for the other.
STAGING_ORDER = [name for name in FILES if name not in ("Client", "Disabilities", "Services")]
STAGING_ORDER.insert(STAGING_ORDER.index("Organization") + 1, "Client")
STAGING_ORDER.insert(STAGING_ORDER.index("Exit") + 1, "Disabilities")
STAGING_ORDER.append("Services")


class ImportRejected(Exception):
    """The import broke rules under `reject`; nothing was written. `report` says what and where."""

    def __init__(self, report: dict):
        super().__init__("the import was rejected; nothing was written")
        self.report = report


@dataclass
class FileReport:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    repaired: int = 0
    left_out: int = 0
    error_count: int = 0
    errors: list = field(default_factory=list)

    def add(self, line: int | None, column: str | None, rule: str, severity: str = "error") -> None:
        self.error_count += severity == "error"
        self.list(line, column, rule, severity)

    def list(self, line: int | None, column: str | None, rule: str, severity: str) -> None:
        """List a problem counted elsewhere (the SQL checks count in bulk)."""
        if len(self.errors) < LISTED_ERRORS_PER_FILE:
            self.errors.append({"line": line, "field": column, "rule": rule, "severity": severity})

    def as_dict(self) -> dict:
        return {**vars(self), "staged": self.rows - self.left_out}


def newer_column(spec: FileSpec) -> str:
    """The column saying which of two versions of a record is the newer."""
    return "date_updated" if "DateUpdated" in spec.by_name else "export_date"


def staged_ssn(ssn: str | None) -> list:
    """How an SSN is staged (checks.SSN_STAGED): its stored forms, and its length, to be checked."""
    return [*pii.ssn_forms(ssn), len(ssn) if ssn else None]


def written_columns(spec: FileSpec) -> list[str]:
    """The staged columns that are stored (the SSN's length is staged only to be checked)."""
    return [name for name, _ in checks.staged_columns(spec) if not name.startswith("_")]


def _report(strictness: str, reports: dict[str, FileReport]) -> dict:
    files = {FILES[name].filename: report.as_dict() for name, report in reports.items()}
    return {"strictness": strictness, "errors": sum(report.error_count for report in reports.values()),
            "files": files, "rows": sum(report.rows for report in reports.values()),
            "inserted": sum(report.inserted for report in reports.values()),
            "updated": sum(report.updated for report in reports.values())}


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


class _RecordOverLines(Exception):
    """A record of Client.csv whose quoted value runs over lines: the file is read by the csv module."""


class _SealingFeed:
    """Client.csv's records for COPY as the file has them, but for the SSN, replaced on the way by its
    stored forms (`pii.ssn_forms`) and its length, so that no SSN reaches the database in clear. Only a
    record quoting a value is parsed, by the csv module (several times slower than splitting at commas);
    blank lines at the end are left out, as `CopyFeed` does."""

    def __init__(self, stream: io.BufferedReader, ssn_at: int):
        self.lines = iter(stream)
        self.ssn_at = ssn_at
        self.held = b""  # blank lines, given back only if a record follows
        self.unreadable: Exception | None = None  # why it stopped: COPY reports only that it was stopped

    def read(self, size: int = 1 << 16) -> bytes:
        try:
            return self._read(size)
        except (UnicodeDecodeError, _RecordOverLines) as error:
            self.unreadable = error
            raise

    readline = read

    def _read(self, size: int) -> bytes:
        records, length = [], 0
        for line in self.lines:
            record = line.rstrip(b"\r\n")
            if not record:
                self.held += line
                continue
            records.append(self.held + self._sealed(record) + line[len(record):])
            self.held = b""
            length += len(records[-1])
            if length >= size > 0:
                break
        return b"".join(records)

    def _sealed(self, record: bytes) -> bytes:
        at = self.ssn_at
        if b'"' in record:
            if record.count(b'"') % 2:
                raise _RecordOverLines
            fields = next(csv.reader([record.decode()]))
            if len(fields) > at:
                fields[at:at + 1] = self._forms(fields[at])
            text = io.StringIO()
            csv.writer(text, lineterminator="").writerow(fields)
            return text.getvalue().encode()
        fields = record.split(b",")
        if len(fields) > at:  # too few fields, and COPY says so
            fields[at] = ",".join(self._forms(fields[at].decode())).encode()
        return b",".join(fields)

    @staticmethod
    def _forms(ssn: str) -> list[str]:
        """The SSN's stored forms and its length, as CSV fields (empty for none: NULL to COPY)."""
        return ["" if value is None else str(value) for value in staged_ssn(ssn or None)]


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


class _Pass:
    """One connection's share of an import: running SQL, and reporting (or, as strictness says, leaving
    out) the staged rows that break a rule."""

    def __init__(self, connection: sa.Connection, strictness: str, reports: dict[str, FileReport],
                 staging: dict[str, str]):
        self.connection = connection
        self.source = sources.OWN_SOURCE  # the export's (`import_export` sets it): what its ids are unique in
        self.strictness = strictness
        self.reports = reports
        self.staging = staging  # file -> its staging table
        self.trimmed: set[str] = set()  # files this pass left staged rows out of

    @property
    def _severity(self) -> str:
        """A broken rule fails the import under reject; otherwise the row is left out (or repaired) and reported."""
        return "error" if self.strictness == "reject" else "warning"

    def _run(self, sql: str, params: dict | None = None) -> sa.CursorResult:
        return self.connection.exec_driver_sql(sql, params or {})

    @property
    def _duplicates_found_by_the_write(self) -> bool:
        """Under reject a duplicate id fails the import anyway, and writing a file finds one for free: an
        empty table's unique key is built after the load, and an upsert cannot change a row twice. So the
        stager skips that pass (2.5 s for 100k clients) and the import's transaction runs it only where
        the write cannot find a duplicate, or on a failure, to say which lines."""
        return self.strictness == "reject"

    def _duplicates(self, name: str) -> None:
        key, newer = FILES[name].key.db_name, newer_column(FILES[name])
        self._violations(name, f"""
            SELECT _line FROM (SELECT _line, row_number() OVER (PARTITION BY {key} ORDER BY {newer} DESC NULLS LAST,
            _line DESC) AS newer FROM {{stage}} WHERE {key} IN (SELECT {key} FROM {{stage}} GROUP BY {key}
            HAVING count(*) > 1)) ranked WHERE newer > 1""",
            f"duplicate {FILES[name].key.name}; the newest DateUpdated is kept", repairable=True)

    def _violations(self, name: str, lines_sql: str, rule: str, repairable: bool, keep: bool = False) -> None:
        """Report the staged rows `lines_sql` selects (their line, then any values the rule's `{}` name);
        under warn/repair leave them out (unless `keep`)."""
        stage = self.staging[name]
        rows = self._run(lines_sql.format(stage=stage)).all()
        if not rows:
            return
        report = self.reports[name]
        fixed = repairable and self.strictness == "repair"
        for line, *values in rows:
            report.add(line, FILES[name].key.name, f"{rule.format(*values)}{' (repaired)' if fixed else ''}",
                       self._severity)
        lines = [row[0] for row in rows]
        if self.strictness != "reject" and not keep:
            self._run(f"DELETE FROM {stage} WHERE _line = ANY(%(lines)s)", {"lines": lines})
            self.trimmed.add(name)
            report.left_out += len(lines)


def _tune(connection: sa.Connection, settings: dict[str, str] = SESSION_SETTINGS) -> None:
    connection.exec_driver_sql("; ".join(f"SET LOCAL {setting} = '{value}'" for setting, value in settings.items()))


FINISHED = object()  # what the stager hands over last, when all went well


class Stager(_Pass):
    """Stages the files, one transaction each, on a connection of its own, so that while the import's
    transaction checks and writes one file the next is already being read: each file is COPYed into a
    table of the staging schema, and checked for every rule that needs no other file. The
    import's transaction reads those tables; `drop_tables` removes them once it has ended, and tables a
    crashed import left behind are removed by the next one."""

    def __init__(self, connection: sa.Connection, strictness: str, reports: dict[str, FileReport],
                 agency_id: uuid.UUID, progress: Progress | None = None):
        super().__init__(connection, strictness, reports, {})
        self.prefix = self._prefix()
        self.agency_id = agency_id
        self.progress = progress
        self.correlation_id = logs.current_correlation_id()  # the thread staging files does not inherit it
        self.events_table = f"{self.prefix}events"  # the batch events prepared, of the files in `announced`
        self.announced: set[str] = set()
        # Read now, before the import's transaction locks the tables it writes: this connection must
        # never wait for that transaction, which waits for it.
        self.marked_victim_service_provider = agency_id != IMPORT_AGENCY and \
            domain.is_victim_service_provider(connection, agency_id)
        self.empty_at_start = {name for name, filled in self._run(" UNION ALL ".join(
            f"SELECT '{name}', EXISTS (SELECT 1 FROM {HUD_TABLES[name].name})" for name in FILES)) if not filled}
        # The files whose batch events the stager prepares (see _prepare_announcement), each set once the
        # stager is done with them (prepared, or not: it failed).
        self.prepared = {name: threading.Event() for name in events.RECORDS
                         if name != "Client" and name in self.empty_at_start}
        self.naming_only_staged_enrollments: set[str] = set()  # see _check_enrollments_named
        self.finished = threading.Event()  # all files staged: its core is free
        self._number_lines()

    def _prefix(self) -> str:
        """Of the connection's staging tables: its backend's pid, by which an abandoned one is known."""
        return f"{STAGING_SCHEMA}.p{self._run('SELECT pg_backend_pid()').scalar()}_"

    def _number_lines(self) -> None:
        # numbers each staged record; handed out 10,000 at a time, not each from the shared sequence page
        self._run("CREATE TEMP SEQUENCE IF NOT EXISTS stage_line CACHE 10000")
        self.connection.commit()

    def on(self, connection: sa.Connection) -> Stager:
        """A stager on another connection sharing all else with this one (reports, tables, what it read at
        the start): the import's own connection stages the files of STAGED_BY_THE_IMPORT with it, in the
        import's transaction."""
        twin = copy.copy(self)
        twin.connection = connection
        twin.prefix = twin._prefix()
        twin._number_lines()
        return twin

    def table(self, spec: FileSpec) -> str:
        return self.prefix + HUD_TABLES[spec.name].name

    def stage(self, source: ExportSource, name: str) -> bool:
        """Stage one file on this connection, in its current transaction; False when it cannot be."""
        return self._stage(source, FILES[name])

    @contextmanager
    def running(self, source: ExportSource) -> Iterator[Iterator[str]]:
        """Stage the files in a thread; yields the names of the staged files, in STAGING_ORDER, each as
        soon as it is ready (those of STAGED_BY_THE_IMPORT at their turn, for the caller to stage). Leaving
        early (the import failed) cancels what is still being staged."""
        handoff: queue.Queue = queue.Queue()
        stopping = threading.Event()
        worker = threading.Thread(target=self._stage_all, args=(source, handoff, stopping), name="csv-stager")
        worker.start()

        def staged() -> Iterator[str]:
            # until the stager says it finished: an error after the last file (its events) fails the import too
            while (item := handoff.get()) is not FINISHED:
                if isinstance(item, BaseException):
                    raise item
                if item is not None:
                    yield item
        try:
            yield staged()
        finally:
            if worker.is_alive():
                stopping.set()
                self.connection.connection.dbapi_connection.cancel()
            worker.join()

    def _stage_all(self, source: ExportSource, handoff: queue.Queue, stopping: threading.Event) -> None:
        try:
            self._drop_abandoned_tables()
            self._run(f"CREATE UNLOGGED TABLE {self.events_table} (file text NOT NULL, {outbox.ROW_DEFINITION})")
            self.connection.commit()
            for name in STAGING_ORDER:
                spec = FILES[name]
                if stopping.is_set():
                    return
                if name in STAGED_BY_THE_IMPORT:
                    handoff.put(name)
                    continue
                with self._transaction():
                    staged = self._stage(source, spec)
                handoff.put(name if staged else None)
                if staged and name in self.prepared:  # while the import's transaction writes the file
                    with self._transaction():
                        self._prepare_announcement(spec)
                if name in self.prepared:
                    self.prepared[name].set()
            self.finished.set()
            handoff.put(FINISHED)
        except BaseException as error:  # the import's thread raises it where it waits for the next file
            handoff.put(error)  # first, so the import's thread hears of it even if the rollback fails too
            for prepared in self.prepared.values():  # and never waits for events that will not come
                prepared.set()
            self.connection.rollback()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.connection.begin():
            _tune(self.connection, STAGER_SETTINGS)
            yield

    def _drop_abandoned_tables(self) -> None:
        tables = self._run(r"""
            SELECT tablename FROM pg_tables WHERE schemaname = %(schema)s
            AND substring(tablename FROM '^p(\d+)_')::int NOT IN (SELECT pid FROM pg_stat_activity)""",
                           {"schema": STAGING_SCHEMA}).scalars().all()
        for table in tables:
            self._run(f'DROP TABLE IF EXISTS {STAGING_SCHEMA}."{table}"')

    def drop_tables(self) -> None:
        with self.connection.begin():
            self._run(f"DROP TABLE IF EXISTS {', '.join([*self.staging.values(), self.events_table])}")

    def _stage(self, source: ExportSource, spec: FileSpec) -> bool:
        """Stage one file and check it; False when the file is missing or cannot be staged."""
        if not source.has(spec):
            self.reports[spec.name].add(None, None, f"{spec.filename} is missing", "warning")
            return False
        self.staging[spec.name] = self.table(spec)
        if not self._stage_file(source, spec):
            return False
        self._check_record(spec)
        self._check_within_file(spec.name)
        if spec.name in ENROLLMENT_CHILDREN and "Enrollment" in self.staging and "Enrollment" in self.empty_at_start:
            self._check_enrollments_named(spec.name)
        return True

    def _check_enrollments_named(self, name: str) -> None:
        """Whether each record of a child file names a staged enrollment: when the import's transaction
        loads those enrollments into a table that was empty, leaving none out, that is the check across
        files it would make itself (`Importer._orphans`), and it is made here, while that transaction
        writes an earlier file."""
        key = FILES["Enrollment"].key.db_name
        # counted, not asked for EXISTS: planned for a first row, that would be a nested loop over both files
        orphans = self._run(f"""SELECT count(*) FROM {self.staging[name]} s WHERE NOT EXISTS (
            SELECT 1 FROM {self.staging["Enrollment"]} e WHERE e.{key} = s.enrollment_id AND e.date_deleted IS NULL)""")
        if not orphans.scalar():
            self.naming_only_staged_enrollments.add(name)

    def _prepare_announcement(self, spec: FileSpec) -> None:
        """Build the batch events of a file bound for a table that was empty, so all its staged rows will be
        inserted: built here, in a transaction of their own once the file is handed over, while the import's
        transaction writes it, that transaction only copies them (unless the table has filled meanwhile or
        it leaves rows out: then it builds its own). Client's wait for the ids its write gives them."""
        columns = ", ".join("%(source)s AS source" if column == "source" else f"{checks.typed(spec, column)} AS {column}"
                            for column in announcements.columns(spec.name))
        batches = announcements.batches(spec.name, f"SELECT {columns} FROM {self.table(spec)}",
                                        announcements.op_of("true"))
        self._run(f"INSERT INTO {self.events_table} SELECT %(file)s, * FROM ({batches}) batches",
                  {"file": spec.name, "source": self.source, CORRELATION_PARAM: self.correlation_id})
        self.announced.add(spec.name)

    def _stage_file(self, source: ExportSource, spec: FileSpec) -> bool:
        """Stage one file; False when it is left out (a required column missing, or not UTF-8 text)."""
        try:
            with self.connection.begin_nested():
                self._create_table(source, spec)  # in the savepoint COPY runs in, so that it may freeze the rows
                staged = self._copy_typed(source, spec)
        except (psycopg2.errors.DataError, UnicodeDecodeError, _RecordOverLines):
            staged = None  # some value or record COPY cannot read as typed: the slower path says which
        if staged is not None:
            return staged
        self.reports[spec.name] = FileReport()  # read again from the start, header and all
        self._create_table(source, spec)
        return self._load_as_text(source, spec)

    def _create_table(self, source: ExportSource, spec: FileSpec) -> None:
        """A file's staging table: unlogged, so that its rows are not written twice, unless the file is small
        enough that logging them costs less than the disk sync making an unlogged table takes (~15 ms)."""
        columns = [("_line", "bigint DEFAULT nextval('stage_line')"), *checks.staged_columns(spec)]
        unlogged = "UNLOGGED" if source.size(spec) >= UNLOGGED_FROM_BYTES else ""
        self._run(f"CREATE {unlogged} TABLE IF NOT EXISTS {self.table(spec)} "
                  f"({', '.join(f'{n} {t}' for n, t in columns)})")

    def _positions(self, spec: FileSpec, header: list[str]) -> list[int | None] | None:
        """For each spec column, its position in the file (headers matched case-insensitively); None when
        a required column is missing, and the file is left out."""
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

    def _copy_typed(self, source: ExportSource, spec: FileSpec) -> bool | None:
        """COPY the file into its typed staging table: True when staged, False when left out, None when
        only the csv module can read it (CR line endings)."""
        with source.raw(spec, self.progress) as stream:
            header = read_header(stream)
            if header is None:
                return None
            positions = self._positions(spec, header)
            if positions is None:
                return False
            at = {position: column.db_name for column, position in zip(spec.columns, positions) if position is not None}
            ssn_at = positions[spec.columns.index(spec.by_name["SSN"])] if spec.name == "Client" else None
            targets = []
            for index in range(len(header)):
                name = at.get(index, f"_extra_{index}")
                if name.startswith("_extra_"):  # a column the spec does not have: read, then ignored
                    self._run(f"ALTER TABLE {self.table(spec)} ADD COLUMN {name} text")
                targets += [staged for staged, _ in checks.SSN_STAGED] if index == ssn_at else [name]
            self._run("ALTER SEQUENCE stage_line RESTART WITH 2")  # the header is line 1
            # FREEZE: the rows are stored as committed already, so the import's transaction, the first to
            # read them, need not look up and mark each one's commit
            feed = _SealingFeed(stream, ssn_at) if ssn_at is not None else CopyFeed(stream)
            try:
                self.reports[spec.name].rows = copy_expert(
                    self.connection, f"COPY {self.table(spec)} ({', '.join(targets)}) FROM STDIN WITH "
                    f"(FORMAT csv, FREEZE, FORCE_NULL ({', '.join(targets)}))", feed)
            except psycopg2.errors.QueryCanceled:
                if isinstance(feed, _SealingFeed) and feed.unreadable:
                    raise feed.unreadable from None  # the file is read again by the csv module
                raise
        return True

    def _copy_rows(self, source: ExportSource, spec: FileSpec, table: str) -> bool:
        """COPY the file's rows as the csv module reads them; False when a required column is missing."""
        with source.rows(spec, self.progress) as (header, rows):
            positions = self._positions(spec, header)
            if positions is None:
                return False
            names = ["_line", *(name for name, _ in checks.staged_columns(spec))]
            copy_expert(self.connection, f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv)",
                        _CsvPipe(self._text_rows(spec, positions, rows)))
        return True

    def _load_as_text(self, source: ExportSource, spec: FileSpec) -> bool:
        """Read the file with the csv module into an all-text table, check each value's type, and cast
        the rows that can be into the typed staging table. False when the file cannot be staged."""
        staged = checks.staged_columns(spec)
        self._run(f"CREATE TEMP TABLE text_stage (_line bigint, {', '.join(f'{n} text' for n, _ in staged)}) "
                  "ON COMMIT DROP")
        try:
            with self.connection.begin_nested():
                if not self._copy_rows(source, spec, "text_stage"):
                    return False
        except UnicodeDecodeError as error:
            self.reports[spec.name].add(None, None, f"not UTF-8 text ({error.reason}); the file cannot be read")
            return False
        self._check(spec, "text_stage", checks.type_checks(spec), unreadable=True)
        names = ", ".join(name for name, _ in staged)
        self._run(f"INSERT INTO {self.table(spec)} (_line, {names}) "
                  f"SELECT _line, {', '.join(checks.casts(spec))} FROM text_stage")
        self._run("DROP TABLE text_stage")
        return True

    def _text_rows(self, spec: FileSpec, positions: list[int | None], rows: Iterator[list[str]]) -> Iterator[list]:
        report = self.reports[spec.name]
        needed = max(p for p in positions if p is not None) + 1
        ssn_at = spec.columns.index(spec.by_name["SSN"]) if spec.name == "Client" else None
        # An empty value is written as an empty field, which COPY reads as NULL; a missing column as None.
        present = operator.itemgetter(*(p for p in positions if p is not None))
        complete = None not in positions and len(positions) > 1  # itemgetter of one gives no tuple
        for line, raw in enumerate(rows, start=2):
            if not raw:
                continue  # a blank line is no record
            report.rows += 1
            if len(raw) < needed:
                report.add(line, None, f"has {len(raw)} fields, fewer than the header names", self._severity)
                report.left_out += 1
                continue
            values = list(present(raw)) if complete else [raw[p] if p is not None else None for p in positions]
            if ssn_at is not None:
                ssn = values[ssn_at] or None
                values[ssn_at:ssn_at + 1] = staged_ssn(ssn)
            yield [line, *values]

    # -- rules of one file ----------------------------------------------------------------------------

    def _check_record(self, spec: FileSpec) -> None:
        """HUD's rules for each record of a staged file."""
        rules = checks.record_checks(spec, spec.name == "Client" and self._victim_service_provider())
        table = self.table(spec)
        try:
            with self.connection.begin_nested():
                self._check(spec, table, rules)
        except sa.exc.DataError:  # a date no cast can read: find it, then check the rest
            self._check(spec, table, checks.date_checks(spec), unreadable=True)
            self._check(spec, table, rules)

    def _victim_service_provider(self) -> bool:
        """Whether the importing agency stores no PII: marked so, or running (or about to run, through
        this import) an organization HUD's data flags as a victim service provider."""
        if self.agency_id == IMPORT_AGENCY:
            return False
        if self.marked_victim_service_provider:
            return True
        return "Organization" in self.staging and self._run(f"""
            SELECT EXISTS (SELECT 1 FROM {self.staging["Organization"]} s WHERE victim_service_provider = 1
                AND NOT EXISTS (SELECT 1 FROM organization_agencies a WHERE a.organization_id = s.organization_id
                                AND a.source = %(source)s AND a.agency_id <> %(agency)s))""",
                                                            {"agency": self.agency_id, "source": self.source}).scalar()

    def _check(self, spec: FileSpec, table: str, rules: list[checks.Check], unreadable: bool = False) -> None:
        """Run `rules` over a staged table in one pass, report what broke and, as strictness says, repair
        the rows HUD's fallbacks can mend and leave out the rest. Rows breaking `unreadable` rules (values
        not of their type) go even under reject, which fails the import anyway: they cannot be cast."""
        if not rules:
            return
        broken = " OR ".join(f"({rule.bad})" for rule in rules)
        if not self._run(f"SELECT EXISTS (SELECT 1 FROM {table} WHERE {broken})").scalar():
            return  # the common case, in one statement
        found = ", ".join(f"CASE WHEN {rule.bad} THEN {index} END" for index, rule in enumerate(rules))
        named = ", ".join(f"CASE WHEN {rule.bad} THEN {rule.rule} END" for rule in rules)
        self._run(f"""CREATE TEMP TABLE problems ON COMMIT DROP AS
            SELECT _line, array_remove(ARRAY[{found}], NULL) AS broken, array_remove(ARRAY[{named}], NULL) AS rules
            FROM {table} WHERE {broken}""")
        mendable = self.strictness == "repair"
        unfixable = [index for index, rule in enumerate(rules) if not (mendable and rule.repair)]
        rows, problems, left_out = self._run("""
            SELECT count(*), coalesce(sum(cardinality(broken)), 0), count(*) FILTER (WHERE broken && %(unfixable)s)
            FROM problems""", {"unfixable": unfixable}).one()
        report = self.reports[spec.name]
        for line, broken, named_rules in self._run(
                "SELECT _line, broken, rules FROM problems ORDER BY _line LIMIT %(n)s", {"n": LISTED_ERRORS_PER_FILE}):
            fixed = mendable and not set(broken) & set(unfixable)
            for index, rule in zip(broken, named_rules):
                report.list(line, rules[index].column, f"{rule} (repaired)" if fixed else rule, self._severity)
        if self.strictness == "reject":
            report.error_count += problems
            if unreadable:
                self._run(f"DELETE FROM {table} t USING problems p WHERE p._line = t._line")
        elif rows:
            for index, rule in enumerate(rules):
                if index not in unfixable:
                    self._run(f"""UPDATE {table} t SET {rule.repair} FROM problems p WHERE p._line = t._line
                        AND {index} = ANY(p.broken) AND NOT p.broken && %(unfixable)s""", {"unfixable": unfixable})
            self._run(f"DELETE FROM {table} t USING problems p WHERE p._line = t._line AND p.broken && %(unfixable)s",
                      {"unfixable": unfixable})
            report.repaired += rows - left_out
            report.left_out += left_out
        self._run("DROP TABLE problems")

    def _check_within_file(self, name: str) -> None:
        """The rules across the rows of one file: duplicate ids, one entry- or exit-stage record per
        enrollment, one head per household."""
        if not self._duplicates_found_by_the_write and self._may_repeat(name, (FILES[name].key.db_name,)):
            self._duplicates(name)
        if name in ONE_PER_STAGE:
            self._check_one_per_stage(name)
        if name == "Enrollment":
            self._violations("Enrollment", """
                SELECT _line FROM {stage} WHERE household_id IN (SELECT household_id FROM {stage}
                WHERE date_deleted IS NULL GROUP BY household_id
                HAVING count(*) FILTER (WHERE relationship_to_hoh = 1) <> 1)""",
                "household does not have exactly one head of household", repairable=False, keep=True)

    def _check_one_per_stage(self, name: str) -> None:
        """One entry-stage and one exit-stage record per enrollment (and disability), both stages at once."""
        columns = ("enrollment_id", "data_collection_stage", *ONE_PER_STAGE[name])
        once = f"date_deleted IS NULL AND data_collection_stage IN ({', '.join(map(str, STAGE_NAMES))})"
        if not self._may_repeat(name, columns, once):
            return
        partition = ", ".join(columns)
        label = " ".join(f"WHEN {stage} THEN '{label}'" for stage, label in STAGE_NAMES.items())
        self._violations(name, f"""
            SELECT _line, CASE data_collection_stage {label} END FROM (SELECT _line, data_collection_stage,
            row_number() OVER (PARTITION BY {partition} ORDER BY date_updated DESC, _line DESC) AS newer
            FROM {{stage}} WHERE {once} AND ({partition}) IN
            (SELECT {partition} FROM {{stage}} WHERE {once} GROUP BY {partition} HAVING count(*) > 1)) ranked
            WHERE newer > 1""",
            "more than one {}-stage record for the enrollment; the newest is kept", repairable=True)

    def _may_repeat(self, name: str, columns: tuple[str, ...], where: str = "true") -> bool:
        """Whether two staged rows (of those `where` selects) may have the same `columns`, so that the query
        naming them must run. For a large file a unique index on them, built in a savepoint (text compared
        byte by byte), tells faster than that query would group the rows (0.7 s against 1 s for a
        million); for a small one the index costs more: an unlogged relation's is synced to disk as made."""
        if self.reports[name].rows < UNIQUE_INDEX_FROM_ROWS:
            return True
        kinds = {column.db_name: column.kind for column in FILES[name].columns}
        keys = ", ".join(f'{column} COLLATE "C"' if kinds[column] == "string" else column for column in columns)
        try:
            with self.connection.begin_nested():
                self._run(f"CREATE UNIQUE INDEX ON {self.staging[name]} ({keys}) NULLS NOT DISTINCT WHERE {where}")
        except sa.exc.IntegrityError as error:
            if not isinstance(error.orig, psycopg2.errors.UniqueViolation):
                raise
            return True
        return False


class Importer(_Pass):
    """The import's own transaction: each staged file, in STAGING_ORDER, is checked against the files
    before it and written. Under reject, writing stops at the first broken rule (the import will be
    rolled back) while checking goes on, so the report is complete."""

    def __init__(self, connection: sa.Connection, stager: Stager, agency_id: uuid.UUID):
        super().__init__(connection, stager.strictness, stager.reports, stager.staging)
        self.source = stager.source
        self.stager = stager  # what it prepared: batch events, checks of enrollments named
        self.agency_id = agency_id
        self.present: list[str] = []
        self.written: set[str] = set()
        self.loaded_into_empty: set[str] = set()

    @property
    def errors(self) -> int:
        return sum(report.error_count for report in self.reports.values())

    def take(self, name: str) -> None:
        """A staged file: check it against the others, then write it."""
        self.present.append(name)
        self._check_across_files(name)
        if not self.errors:
            if self._write(name):
                self.written.add(name)
        elif self._duplicates_found_by_the_write:
            self._duplicates(name)  # not written: the report still names every duplicate

    # -- rules across files ---------------------------------------------------------------------------

    def _check_across_files(self, name: str) -> None:
        """Records naming no client, project or enrollment, and exits before their enrollment's entry."""
        if name == "Enrollment":
            self._orphans("Enrollment", "personal_id", "Client", "PersonalID names no client")
            self._orphans("Enrollment", "project_id", "Project", "ProjectID names no project")
        if name in ENROLLMENT_CHILDREN and not self._names_only_enrollments_written(name):
            self._orphans(name, "enrollment_id", "Enrollment", "EnrollmentID names no enrollment")
        if name == "Exit":
            self._violations("Exit", f"""
                SELECT x._line FROM {{stage}} x JOIN ({self._current("Enrollment")}) e USING (enrollment_id)
                WHERE x.exit_date::date < e.entry_date""", "ExitDate before the enrollment's EntryDate", repairable=False)

    def _names_only_enrollments_written(self, name: str) -> bool:
        """The stager found every record of the file naming a staged enrollment, and this transaction wrote
        every staged enrollment as it is (into a table that was empty, none left out): so each record names
        a stored enrollment, and the check across files is already made."""
        return name in self.stager.naming_only_staged_enrollments and "Enrollment" in self.loaded_into_empty \
            and "Enrollment" not in self.trimmed

    def _current(self, name: str) -> str:
        """The records of a file of the export's source as they will stand: once written, the table's;
        before, the staged ones and the stored ones not being replaced."""
        table, key = HUD_TABLES[name].name, FILES[name].key.db_name
        stored_here = f"date_deleted IS NULL AND source = {int(self.source)}"
        if name in self.written or name not in self.present:
            return f"SELECT * FROM {table} WHERE {stored_here}"
        stored = [c.db_name for c in FILES[name].columns if c.name != "SSN"]
        staged = ", ".join(f"{checks.typed(FILES[name], c)} AS {c}" for c in stored)
        return (f"SELECT {staged} FROM {self.staging[name]} WHERE date_deleted IS NULL UNION ALL "
                f"SELECT {', '.join(stored)} FROM {table} WHERE {stored_here} AND {key} NOT IN "
                f"(SELECT {key} FROM {self.staging[name]})")

    def _orphans(self, name: str, column: str, parent: str, rule: str) -> None:
        parent_key = FILES[parent].key.db_name
        self._violations(name, f"""
            SELECT _line FROM {{stage}} s WHERE NOT EXISTS (SELECT 1 FROM ({self._current(parent)}) p
            WHERE p.{parent_key} = s.{column})""", rule, repairable=False)

    # -- writing ------------------------------------------------------------------------------------

    def finish(self) -> None:
        """What follows the writes: the importing agency's organizations (or, imported without an agency,
        the clients' agencies from their organizations'), and the import's announcement."""
        if self.agency_id == IMPORT_AGENCY:
            assign_unassigned_clients(self.connection)
        elif "Organization" in self.present:
            # The importing agency runs the organizations it brings in (a first import decides; a later
            # one by another agency does not take them over). An import naming no agency links none.
            self._run(f"""
                INSERT INTO organization_agencies (organization_id, source, agency_id)
                SELECT DISTINCT organization_id, %(source)s, %(agency)s FROM {self.staging["Organization"]}
                ON CONFLICT DO NOTHING""", {"agency": self.agency_id, "source": self.source})
        changed = {FILES[name].filename: {"inserted": self.reports[name].inserted, "updated": self.reports[name].updated}
                   for name in self.present if self.reports[name].inserted or self.reports[name].updated}
        if changed:  # an import that changes nothing announces nothing
            record_event(self.connection, events.IMPORT_COMPLETED,
                         {"agency_id": str(self.agency_id), "strictness": self.strictness, "files": changed})

    def _write(self, name: str) -> bool:
        """Write a staged file; False when it holds duplicate ids (reported; nothing written)."""
        spec, table = FILES[name], HUD_TABLES[name].name
        key = "personal_id" if name == "Client" else spec.key.db_name
        columns = written_columns(spec)
        stored = [checks.typed(spec, column) for column in columns]
        newer = newer_column(spec)
        sets = ", ".join(f"{c} = EXCLUDED.{c}" for c in columns if c != key)
        if name == "Client":
            # A client keeps the UUID the API knows it by and belongs to the importing agency.
            target, values = ["id", "person_id", "agency_id", *columns], ["new_id", "new_id", "%(agency)s", *stored]
            rows, sets = f"(SELECT gen_random_uuid() AS new_id, * FROM {self.staging[name]}) staged", \
                f"{sets}, updated_at = now()"
            returning = announcements.returning_columns("Client")
        else:
            target, values, rows = columns, stored, self.staging[name]
            returning = announcements.returning_columns(name) if announcements.announced(name) else key
        empty = not self._run(f"SELECT EXISTS (SELECT 1 FROM {table})").scalar()
        load = f"INSERT INTO {table} (source, {', '.join(target)}) SELECT %(source)s, {', '.join(values)} FROM {rows}"
        if empty:
            try:
                with self.connection.begin_nested():
                    with self._indexed_after(table, self.reports[name].rows):
                        inserted, updated = self._run(load, self._write_params).rowcount, 0
                    self._announce_all(name, returning)
                self.loaded_into_empty.add(name)
            except sa.exc.IntegrityError as error:
                if not (self._duplicates_found_by_the_write and self._found_duplicates(name, error)):
                    raise
                return False
        else:  # in key order, so each index is walked once rather than at random
            if self._duplicates_found_by_the_write:  # two rows older than the stored one would pass unseen
                self._duplicates(name)
                if self.reports[name].error_count:
                    return False
            inserted, updated = self._upsert(name, f"""{load} ORDER BY {key}
                ON CONFLICT ({key}, source) DO UPDATE SET {sets}
                WHERE {table}.{newer} IS NULL OR {table}.{newer} < EXCLUDED.{newer}
                RETURNING (xmax = 0) AS inserted, {returning}""")
        self.reports[name].inserted, self.reports[name].updated = inserted, updated
        if name == "Client" and inserted:
            dedup.link_imported(self.connection, all_new=empty)
        return True

    def _found_duplicates(self, name: str, error: sa.exc.IntegrityError) -> bool:
        """Whether a failed write broke the file's unique key because of duplicate ids, now reported."""
        if not isinstance(error.orig, psycopg2.errors.UniqueViolation):
            return False
        self._duplicates(name)
        return bool(self.reports[name].error_count)

    @contextmanager
    def _indexed_after(self, table: str, rows: int) -> Iterator[None]:
        """Drop an empty table's indexes for a load of many rows and build them after. The table stays
        locked until the import commits, which, for a table that was empty, holds no reader up. Keys other
        tables refer to are kept. A few rows are simply inserted: dropping and making the indexes again
        would cost more."""
        if rows < INDEXED_AFTER_FROM_ROWS:
            yield
            return
        referenced = self._run("SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE confrelid = %(t)s::regclass)",
                               {"t": table}).scalar()
        constraints = [] if referenced else self._run("""
            SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE conrelid = %(t)s::regclass AND contype IN ('p', 'u')""", {"t": table}).all()
        indexes = self._run("""
            SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %(t)s
            AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %(t)s::regclass)""",
                            {"t": table}).all()
        for name, _ in constraints:
            self._run(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        for name, _ in indexes:
            self._run(f"DROP INDEX {name}")
        yield
        if self.stager.finished.is_set():  # the stager's core is free: an index build may take it
            self._run("SET LOCAL max_parallel_maintenance_workers = 1")
        for name, definition in constraints:
            self._run(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
        for _, definition in indexes:
            self._run(definition)

    def _upsert(self, name: str, upsert_sql: str) -> tuple[int, int]:
        """Run an upsert, announce what it inserted and updated, and count inserted and updated rows."""
        announce = announcements.announcement(name, "SELECT * FROM upserted", announcements.op_of("inserted"))
        sql = f"WITH upserted AS ({upsert_sql}){f', announced AS ({announce})' if announce else ''} " \
              "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted"
        return self._run(sql, self._write_params).one()

    def _announce_all(self, name: str, returning: str) -> None:
        """Announce every row of a table that was empty: all are new."""
        if name in self.stager.prepared:
            self.stager.prepared[name].wait()
        if name in self.stager.announced and name not in self.trimmed:  # built by the stager, same rows
            self._run(outbox.insert_rows_sql(f"SELECT {outbox.ROW_COLUMNS} FROM {self.stager.events_table} "
                                             "WHERE file = %(file)s"), {"file": name})
        elif announce := announcements.announcement(name, f"SELECT {returning} FROM {HUD_TABLES[name].name}",
                                                     announcements.op_of("true")):
            # from the table, which is cheaper than carrying the rows out of the INSERT through RETURNING
            self._run(announce, self._write_params)

    @property
    def _write_params(self) -> dict:
        """What the writes and their announcements are given: the importing agency, the export's source, the
        correlation id."""
        return {"agency": self.agency_id, "source": self.source, CORRELATION_PARAM: logs.current_correlation_id()}

    def report(self) -> dict:
        return _report(self.strictness, self.reports)


WithImport = Callable[[sa.Connection, dict], None]  # see import_export


def import_export(engine: sa.Engine, path, strictness: str = "reject", agency_id: uuid.UUID | None = None,
                  progress: Progress | None = None, with_import: WithImport | None = None,
                  access: dict | None = None) -> dict:
    """Import one HMIS CSV export in a single transaction; raises ImportRejected (and writes nothing)
    when `reject` finds any broken rule. Returns the report. Each client written gets an audit row for
    `access` (by default the operating-system user as operator, see hmis_kit.audit.operator_access).
    `with_import(connection, report)` runs in the import's transaction just before it commits: what is
    written with the import or not at all (a job's outcome); raising there rolls the import back."""
    access = access or audit.operator_access(str(path))
    if strictness not in STRICTNESS:
        raise ValueError(f"strictness must be one of {', '.join(STRICTNESS)}")
    agency_id = agency_id or IMPORT_AGENCY
    reports = {name: FileReport() for name in FILES}
    if progress:
        progress = _serialized(progress)
    source = ExportSource(path)
    try:
        with engine.connect() as staging_connection:
            stager = Stager(staging_connection, strictness, reports, agency_id, progress)
            try:
                return _import(engine, stager, source, agency_id, with_import, access)
            finally:
                stager.drop_tables()
    finally:
        source.close()


def _serialized(progress: Progress) -> Progress:
    """Progress reported from both connections' threads, one report at a time."""
    lock = threading.Lock()

    def report(read: int) -> None:
        with lock:
            progress(read)
    return report


def _import(engine: sa.Engine, stager: Stager, source: ExportSource, agency_id: uuid.UUID,
            with_import: WithImport | None, access: dict) -> dict:
    try:
        named = sources.named_in(source)
    except sources.SeveralSources as several:
        stager.reports["Export"].add(several.line, "SourceID", "names another source than the line before "
                                     "(ImplementationID, SourceID); an export comes from one source")
        raise ImportRejected(_report(stager.strictness, stager.reports)) from None
    with engine.connect() as connection:
        own_stager = stager.on(connection)  # before the import's transaction: setting a stager up commits
        with connection.begin() as transaction:
            _tune(connection)
            # in the import's transaction: a new source is made only if the import is written
            stager.source = own_stager.source = sources.register(connection, named)
            importer = Importer(connection, stager, agency_id)
            with stager.running(source) as staged:
                for name in staged:
                    if name not in STAGED_BY_THE_IMPORT or own_stager.stage(source, name):
                        importer.take(name)
            if importer.errors:
                transaction.rollback()
                raise ImportRejected(importer.report())
            importer.finish()
            with copy_allowed():  # the audit chain's lock is held until the commit
                auditing.record_import(connection, access)
            report = importer.report()
            if with_import:
                with_import(connection, report)
            return report


def assign_unassigned_clients(connection: sa.Connection | Session) -> None:
    """Hand each client imported without an agency to the agency running the organization of its latest
    enrollment (among the organizations an agency runs), as an import for that agency would have left it;
    announce each client's change, and how many each agency received. Run after an import naming no agency,
    and whenever the HMIS lead says which agency runs an organization."""
    enrollment, project = HUD_TABLES["Enrollment"].name, HUD_TABLES["Project"].name
    announce = announcements.announcement("Client", f"SELECT {announcements.returning_columns('Client')} FROM assigned",
                                          announcements.op_of("false"))
    driver = connection.connection() if isinstance(connection, Session) else connection  # the SQL is pyformat
    assigned = driver.exec_driver_sql(f"""
        WITH owners AS (
            SELECT DISTINCT ON (e.personal_id, e.source) e.personal_id, e.source, a.agency_id
            FROM organization_agencies a
            JOIN {project} p ON p.organization_id = a.organization_id AND p.source = a.source
            JOIN {enrollment} e ON e.project_id = p.project_id AND e.source = p.source AND e.date_deleted IS NULL
            ORDER BY e.personal_id, e.source, e.entry_date DESC, e.enrollment_id DESC),
        assigned AS (
            UPDATE {HUD_TABLES["Client"].name} c SET agency_id = o.agency_id, updated_at = now() FROM owners o
            WHERE c.personal_id = o.personal_id AND c.source = o.source AND c.agency_id = %(unassigned)s
            RETURNING c.*),
        announced AS ({announce})
        SELECT agency_id, count(*) FROM assigned GROUP BY agency_id ORDER BY agency_id""",
        {"unassigned": IMPORT_AGENCY, CORRELATION_PARAM: logs.current_correlation_id()}).all()
    for agency_id, count in assigned:
        record_event(connection, events.CLIENTS_ASSIGNED,
                     {"agency_id": str(agency_id), "from_agency_id": str(IMPORT_AGENCY), "clients": count})
