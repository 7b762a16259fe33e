"""Staging an export's files (the `Stager`): each COPYed into a table of the staging schema, on a
connection of its own, and checked for every rule that needs no other file (docs/clients.md)."""
from __future__ import annotations

import copy
import operator
import queue
import threading
import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager

import psycopg2.errors
import sqlalchemy as sa

from clients import data_quality, domain
from clients.contract.schemas import IMPORT_AGENCY
from clients.csv.copying import SESSION_SETTINGS, tune
from clients.csv.feeds import CopyFeed, RecordOverLines, SealingFeed, staged_ssn
from clients.csv.passes import Pass
from clients.csv.report import VALUES_NEVER_REPORTED, FileReport
from clients.csv.source import ExportSource, Progress, read_header
from clients.csv.turns import FindingsTurns
from clients.models import HUD_TABLES
from hmis_kit.copying import CsvPipe, copy_expert
from hud.fy2026 import checks
from hud.fy2026.spec import FILES, FileSpec

# Child records that hang off an enrollment.
ENROLLMENT_CHILDREN = ("Exit", "IncomeBenefits", "HealthAndDV", "EmploymentEducation", "Disabilities", "Services",
                       "CurrentLivingSituation", "Assessment", "AssessmentQuestions", "AssessmentResults", "Event",
                       "YouthEducationStatus")
# The stager's transactions: a wait for a lock this long means it touched a table the import's transaction
# holds (which waits for the stager); staged tables are of no use after a crash, so commits need not wait
# for the disk.
STAGER_SETTINGS = {**SESSION_SETTINGS, "lock_timeout": "30s", "synchronous_commit": "off"}
UNIQUE_INDEX_FROM_ROWS = 20_000  # see Stager._may_repeat
# A staged file's statistics plan the joins of the findings over it: null fractions, distinct keys and the common
# codes, which a sample of 6,000 rows gives as well as the default 30,000, at a fifth of the cost.
STAGED_STATISTICS_TARGET = 20
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
# stage, last. So each connection works while the other does, and neither
# waits long for the other.
STAGING_ORDER = [name for name in FILES if name not in ("Client", "Disabilities", "Services")]
STAGING_ORDER.insert(STAGING_ORDER.index("Organization") + 1, "Client")
STAGING_ORDER.insert(STAGING_ORDER.index("Exit") + 1, "Disabilities")
STAGING_ORDER.append("Services")
FINISHED = object()  # what the stager hands over after the last file, when all went well
# The files the findings the stager prepares read (see Stager._prepare_findings), and of those, the files
# read by the rules across records of another.
READ_FOR_FINDINGS = {read for name in FILES if name not in STAGED_BY_THE_IMPORT and data_quality.has_rules(name)
                     for read in data_quality.files_read(name)}
READ_ACROSS_FILES = {read for reads in checks.READ_ACROSS.values() for read in reads}


def _reported_value(spec: FileSpec, column: str) -> str:
    """SQL: a staged column's value as text for the report ('' when empty); never PII or free text."""
    if column.lower() in VALUES_NEVER_REPORTED:
        return "''"
    return f"coalesce({spec.by_name[column].db_name}::text, '')"


def _any_broken(spec: FileSpec, table: str, rules: list[checks.Check]) -> str:
    """SQL: whether a row of a staged table breaks any of `rules`: the rules of one value (`Check.per_value`) asked
    once of each distinct set of the values they read, the others of each row. A date is then read once however many
    records give it (Disabilities.csv, 100k clients: 0.9 s against 1.7 s); a file whose every record gives other dates
    costs the hashing more, about a third (Client.csv: 0.31 s against 0.25 s)."""
    per_row = " OR ".join(f"({rule.bad})" for rule in rules if not rule.per_value)
    per_value = " OR ".join(f"({rule.bad})" for rule in rules if rule.per_value)
    # the values are made distinct first (OFFSET 0): else the planner asks the rules of each row below the grouping
    values = ", ".join(dict.fromkeys(spec.by_name[rule.column].db_name for rule in rules if rule.per_value))
    tests = []
    if per_row:
        tests.append(f"EXISTS (SELECT 1 FROM {table} WHERE {per_row})")
    if per_value:
        tests.append(f"EXISTS (SELECT 1 FROM (SELECT DISTINCT {values} FROM {table} OFFSET 0) v WHERE {per_value})")
    return " OR ".join(tests)


class Stager(Pass):
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
        self.left_out_table = f"{self.prefix}left_out"  # the rows left out, for the rows naming them
        # Read now, before the import's transaction locks the tables it writes: this connection must
        # never wait for that transaction, which waits for it.
        self.marked_victim_service_provider = agency_id != IMPORT_AGENCY and \
            domain.is_victim_service_provider(connection, agency_id)
        self.empty_at_start = {name for name, filled in self._run(" UNION ALL ".join(
            f"SELECT '{name}', EXISTS (SELECT 1 FROM {HUD_TABLES[name].name})" for name in FILES)) if not filled}
        self.naming_only_staged_enrollments: set[str] = set()  # see _check_enrollments_named
        self.live_enrollments: str | None = None  # the staged enrollments' ids (see _check_enrollments_named)
        self.prepared: dict[str, str] = {}  # file -> the findings of its staged records (see _prepare_findings)
        self.prepared_entries: dict[str, FileReport] = {}  # file -> its report's entries for those findings
        self.stays: str | None = None  # the staged enrollments' stays, read by those findings (see _stays)
        self.findings_turns = FindingsTurns()  # which files' findings the stager prepares, which the import finds
        self._staged_here: set[str] = set()  # the files this connection staged
        self.finished = threading.Event()  # all files staged and their findings prepared: its core is free
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
        soon as it is ready (those of STAGED_BY_THE_IMPORT at their turn, for the caller to stage), then
        prepares their findings (`findings_turns` says whose each file's are). Leaving cancels what the
        stager still does: the import failed, or it has all it needs."""
        handoff: queue.Queue = queue.Queue()
        stopping = threading.Event()
        worker = threading.Thread(target=self._stage_all, args=(source, handoff, stopping), name="csv-stager")
        worker.start()

        def staged() -> Iterator[str]:
            # until the stager says it staged every file
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
            self._run(f"CREATE UNLOGGED TABLE {self.left_out_table} (file text, record_id text, rule_id text)")
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
                    if staged:
                        self._staged_here.add(name)
                        self._prepare_reading(name)
                handoff.put(name if staged else None)
            planned = self._findings_to_prepare()
            self.findings_turns.planned(planned)  # before the import's transaction may ask
            handoff.put(FINISHED)
            # after the last file, not between files: the import's transaction needs the findings only at its
            # end, and the next file at once (it waited 4-7 s for Disabilities.csv, 100k clients)
            self._prepare_findings(planned, stopping)
            self.findings_turns.stager_done()
            self.finished.set()
        except BaseException as error:  # the import's thread raises it where it waits for a file or findings
            handoff.put(error)  # first, so the import's thread hears of it even if the rollback fails too
            self.findings_turns.failed(error)
            self.connection.rollback()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        with self.connection.begin():
            tune(self.connection, STAGER_SETTINGS)
            yield

    def _drop_abandoned_tables(self) -> None:
        tables = self._run(r"""
            SELECT tablename FROM pg_tables WHERE schemaname = %(schema)s
            AND substring(tablename FROM '^p(\d+)_')::int NOT IN (SELECT pid FROM pg_stat_activity)""",
                           {"schema": STAGING_SCHEMA}).scalars().all()
        for table in tables:
            self._run(f'DROP TABLE IF EXISTS {STAGING_SCHEMA}."{table}"')

    def drop_tables(self) -> None:
        for entries in self.prepared_entries.values():  # those the import did not take
            entries.close()
        tables = [*self.staging.values(), *self.prepared.values(), self.left_out_table, self.live_enrollments,
                  self.stays]
        with self.connection.begin():
            self._run(f"DROP TABLE IF EXISTS {', '.join(filter(None, tables))}")

    def _stage(self, source: ExportSource, spec: FileSpec) -> bool:
        """Stage one file and check it; False when the file is missing or cannot be staged."""
        if not source.has(spec):
            self.reports[spec.name].add(None, None, f"{spec.filename} is missing", "flagged")
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
        if self.live_enrollments is None:
            # the ids alone, once: hashing the wide staged file for each of twelve files cost three times as much
            # (100k clients: 1.1 s against 0.6 s), and as much for a small file as for a large one
            self.live_enrollments = "pg_temp.staged_live_enrollments"
            self._run(f"DROP TABLE IF EXISTS {self.live_enrollments}")  # an earlier import's on this connection
            self._run(f"""CREATE TEMP TABLE {self.live_enrollments} AS
                SELECT {key} FROM {self.staging["Enrollment"]} WHERE date_deleted IS NULL""")
        # counted, not asked for EXISTS: planned for a first row, that would be a nested loop over both files
        orphans = self._run(f"""SELECT count(*) FROM {self.staging[name]} s WHERE NOT EXISTS (
            SELECT 1 FROM {self.live_enrollments} e WHERE e.{key} = s.enrollment_id)""")
        if not orphans.scalar():
            self.naming_only_staged_enrollments.add(name)

    def _prepare_reading(self, name: str) -> None:
        """Ready a staged file bound for a table that was empty for the findings prepared over it: its
        statistics (its records are joined to others), and for a file the rules across records of another
        read, an index finding its records by enrollment, as its stored table's does (the rule's subquery per
        record would otherwise read the whole file each time). Done before the file is handed over: later, the
        import's transaction may hold it."""
        if name not in self.empty_at_start or name not in READ_FOR_FINDINGS:
            return
        if name in READ_ACROSS_FILES:
            self._run(f"CREATE INDEX ON {self.staging[name]} (enrollment_id)")
        self._run(f"SET LOCAL default_statistics_target = {STAGED_STATISTICS_TARGET}")
        self._run(f"ANALYZE {self.staging[name]}")

    def _prepare_findings(self, planned: list[str], stopping: threading.Event) -> None:
        """HUD's data-quality findings of the records of each file `planned` (`_findings_to_prepare`: bound for a
        table that was empty at the start, as are those they read), found over the staged files as they will be
        stored (`found_over_staged`) once every file is staged, while the import's transaction writes the last
        files: the largest file first, each in a transaction of its own, so that the import's transaction stores
        each as soon as it is ready and finds the findings of the files the stager has not begun itself
        (`findings_turns`). Those records are written as staged unless that transaction leaves some out; it
        stores these findings if it left none out of the files they read, and finds the others' itself
        (`Importer._find`)."""
        for name in planned:
            if stopping.is_set():
                return
            if not self.findings_turns.stager_takes(name):
                continue
            if self.stays is None and data_quality.reads_stays(name):
                self._stays()
            found = self.found_over_staged(name, self._finding_nothing(name))
            table = f"{self.prefix}found_{HUD_TABLES[name].name}"
            self.prepared_entries[name] = FileReport()
            with self._transaction():
                self._run(f"CREATE UNLOGGED TABLE {table} AS {found}")
                # their report's entries too, here rather than on the import's critical path
                data_quality.report_prepared(self.connection, table, self.prepared_entries[name].flag_found)
            self.prepared[name] = table
            self.findings_turns.prepared(name)

    def _stays(self) -> None:
        """The staged enrollments' stays (`checks.stays`), made once for the findings of every file that reads them:
        read from the staged enrollments and exits, they cost each record a second hashed join and its enrollment's
        entry date read again (Disabilities.csv, 100k clients: 2.7 s against 2.1 s, and 0.2 s to make them). Named
        once committed: the import's transaction reads them too (`found_over_staged`)."""
        stays = f"{self.prefix}stays"
        with self._transaction():
            self._run(f"CREATE UNLOGGED TABLE {stays} AS {checks.stays(self._as_stored)}")
            self._run(f"SET LOCAL default_statistics_target = {STAGED_STATISTICS_TARGET}")
            self._run(f"ANALYZE {stays}")
        self.stays = stays

    def found_over_staged(self, name: str, finding_nothing: Collection[str] = ()) -> str:
        """SQL: the findings of a staged file's records, each with its `_line` (`data_quality.found_query`), found over
        the staged files as they will be stored and the stays once made; for either connection, the file's records
        and those they read written as staged into tables that were empty."""
        return data_quality.found_query(name, "true", self._as_stored, carry="r._line", stays=self.stays,
                                        finding_nothing=finding_nothing)

    def _finding_nothing(self, name: str) -> set[str]:
        """The rules across a staged file's records that find a record only where records repeat some columns
        (`checks.Repeated`: two records of one stage, two bed nights of one date) and where none do, as a unique
        index on them tells, at less cost than the rule's join over the file (100k clients: Disabilities.csv 0.66 s
        against 1.07 s, Services.csv 0.34 s against 0.72 s; an index failing on a repeat gives up early, 0.11 s for
        IncomeBenefits.csv); and those that find a record only where some record is present (`checks.Present`: an
        annual assessment) and where none is, as one look through the file tells for every rule needing the same, where
        each rule would look itself (Disabilities.csv: 0.15 s a look). Tried waiting for no lock: the import's
        transaction holds a staged file it left rows out of (then the findings over it are that transaction's to find,
        not these), and would wait for this one."""
        needing = [check for check in checks.QUALITY_CHECKS[name] if check.only_if]
        if not needing:
            return set()
        with self._transaction():
            self._run("SET LOCAL lock_timeout = '10ms'")
            # asked once each: the rules needing the same share the answer
            lacking = {needed: self._lacks(name, needed) for needed in {check.only_if for check in needing}}
            return {check.rule_id for check in needing if lacking[check.only_if]}

    def _lacks(self, name: str, needed: checks.Repeated | checks.Present) -> bool:
        """Whether a staged file lacks what a rule needs to find anything: records repeating some columns, or a
        record present."""
        if isinstance(needed, checks.Present):
            return not self._run(f"SELECT EXISTS (SELECT 1 FROM {self.staging[name]} WHERE {needed.where})").scalar()
        return not self._may_repeat(name, needed.columns, needed.where)

    def _findings_to_prepare(self) -> list[str]:
        """The files whose findings the stager prepares, the largest first (see `_prepare_findings`)."""
        ready = self._staged_here & self.empty_at_start
        return [name for name in sorted(ready, key=lambda name: -self.reports[name].rows)
                if data_quality.has_rules(name) and data_quality.files_read(name) <= ready]

    def _as_stored(self, name: str) -> str:
        """A staged file's records as they will be stored (typed, of the export's source), in parentheses."""
        spec = FILES[name]
        # DateDeleted is left as staged (text): the rules only ask whether it is blank, which the staged file's
        # statistics answer; asked of the cast, the planner guesses one row in 200 and plans nested loops
        columns = [(column.db_name if column.name == "DateDeleted" else checks.typed(spec, column.db_name))
                   + f" AS {column.db_name}" for column in spec.columns if column.name != "SSN"]
        return f"(SELECT _line, {', '.join(columns)}, {int(self.source)} AS source FROM {self.staging[name]})"

    def _stage_file(self, source: ExportSource, spec: FileSpec) -> bool:
        """Stage one file; False when it is left out (a required column missing, or not UTF-8 text)."""
        try:
            with self.connection.begin_nested():
                self._create_table(source, spec)  # in the savepoint COPY runs in, so that it may freeze the rows
                staged = self._copy_typed(source, spec)
        except (psycopg2.errors.DataError, UnicodeDecodeError, RecordOverLines):
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
            report.add(1, name, "not a column of this file; ignored", "left_out")
        positions = [found.get(column.name.lower()) for column in spec.columns]
        missing = [column.name for column, at in zip(spec.columns, positions) if at is None and column.required]
        for name in missing:
            report.add(1, name, "required column missing from the header; the file is left out", self._outcome,
                       rule_id="structural.header")
        for column, at in zip(spec.columns, positions):
            if at is None and not column.required:
                report.add(1, column.name, "column missing from the header; read as empty", "flagged")
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
            feed = SealingFeed(stream, ssn_at) if ssn_at is not None else CopyFeed(stream)
            try:
                self.reports[spec.name].rows = copy_expert(
                    self.connection, f"COPY {self.table(spec)} ({', '.join(targets)}) FROM STDIN WITH "
                    f"(FORMAT csv, FREEZE, FORCE_NULL ({', '.join(targets)}))", feed)
            except psycopg2.errors.QueryCanceled:
                if isinstance(feed, SealingFeed) and feed.unreadable:
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
                        CsvPipe(self._text_rows(spec, positions, rows)))
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
            self.reports[spec.name].add(None, None, f"not UTF-8 text ({error.reason}); the file cannot be read",
                                        "rejected",
                                        rule_id="structural.encoding")
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
        last_four_hashes: dict[str, str] = {}  # see pii.ssn_forms
        for line, raw in enumerate(rows, start=2):
            if not raw:
                continue  # a blank line is no record
            report.rows += 1
            if len(raw) < needed:
                report.add(line, None, f"has {len(raw)} fields, fewer than the header names", self._outcome,
                           rule_id="structural.fields")
                report.left_out += 1
                continue
            values = list(present(raw)) if complete else [raw[p] if p is not None else None for p in positions]
            if ssn_at is not None:
                ssn = values[ssn_at] or None
                values[ssn_at:ssn_at + 1] = staged_ssn(ssn, last_four_hashes)
            yield [line, *values]

    # -- rules of one file ----------------------------------------------------------------------------

    def _check_record(self, spec: FileSpec) -> None:
        """HUD's structural rules for each record of a staged file, after mapping an earlier year's codes."""
        rules = checks.record_checks(spec, spec.name == "Client" and self._victim_service_provider())
        table = self.table(spec)
        for mapping in checks.mappings(spec):
            self._map(spec, table, mapping)
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

    def _map(self, spec: FileSpec, table: str, mapping: checks.Check) -> None:
        """Bring an earlier year's code HUD maps to this year's, under every strictness; each row mapped is
        reported as repaired, with the value the file gave."""
        column = spec.by_name[mapping.column].db_name
        mapped = self._run(f"""UPDATE {table} t SET {mapping.repair} FROM (SELECT _line, {column} AS given
            FROM {table} WHERE {mapping.bad}) m WHERE t._line = m._line
            RETURNING t._line, t.{spec.key.db_name}, m.given, {mapping.rule}""").all()
        report = self.reports[spec.name]
        for line, record_id, given, message in sorted(mapped):
            report.add(line, mapping.column, message, "repaired", record_id=record_id, rule_id=mapping.rule_id,
                       value=str(given))
        report.repaired += len(mapped)

    def _check(self, spec: FileSpec, table: str, rules: list[checks.Check], unreadable: bool = False) -> None:
        """Run structural `rules` over a staged table in one pass, report what broke and, as strictness
        says, repair the rows HUD's fallbacks can mend and leave out the rest. Rows breaking `unreadable`
        rules (values not of their type) go even under reject, which fails the import anyway: they cannot
        be cast."""
        if not rules:
            return
        if not self._run(f"SELECT {_any_broken(spec, table, rules)}").scalar():
            return  # the common case, in one statement
        broken = " OR ".join(f"({rule.bad})" for rule in rules)
        found = ", ".join(f"CASE WHEN {rule.bad} THEN {index} END" for index, rule in enumerate(rules))
        named = ", ".join(f"CASE WHEN {rule.bad} THEN {rule.rule} END" for rule in rules)
        # each broken rule's value as the file has it ('' when empty, and for PII, which no report holds)
        values = ", ".join(f"CASE WHEN {rule.bad} THEN {_reported_value(spec, rule.column)} END" for rule in rules)
        self._run(f"""CREATE TEMP TABLE problems ON COMMIT DROP AS
            SELECT _line, {spec.key.db_name}::text AS record_id, array_remove(ARRAY[{found}], NULL) AS broken,
                array_remove(ARRAY[{named}], NULL) AS rules, array_remove(ARRAY[{values}], NULL) AS broken_values
            FROM {table} WHERE {broken}""")
        mendable = self.strictness == "repair"
        unfixable = [index for index, rule in enumerate(rules) if not (mendable and rule.repair)]
        rows, left_out = self._run("SELECT count(*), count(*) FILTER (WHERE broken && %(unfixable)s) FROM problems",
                                   {"unfixable": unfixable}).one()
        report = self.reports[spec.name]
        # every problem, read from a server-side cursor: a file may have hundreds of thousands
        for line, record_id, broken, named_rules, broken_values in self.connection.exec_driver_sql(
                "SELECT _line, record_id, broken, rules, broken_values FROM problems ORDER BY _line",
                execution_options={"stream_results": True, "yield_per": 10_000}):
            outcome = self._outcome if not mendable or set(broken) & set(unfixable) else "repaired"
            for index, rule, value in zip(broken, named_rules, broken_values):
                report.add(line, rules[index].column, rule, outcome, record_id=record_id,
                           rule_id=rules[index].rule_id, value=value or None)
        if self.strictness == "reject":
            if unreadable:
                self._run(f"DELETE FROM {table} t USING problems p WHERE p._line = t._line")
        elif rows:
            for index, rule in enumerate(rules):
                if index not in unfixable:
                    self._run(f"""UPDATE {table} t SET {rule.repair} FROM problems p WHERE p._line = t._line
                        AND {index} = ANY(p.broken) AND NOT p.broken && %(unfixable)s""", {"unfixable": unfixable})
            self._run(f"""WITH gone AS (DELETE FROM {table} t USING problems p WHERE p._line = t._line
                AND p.broken && %(unfixable)s RETURNING t.{spec.key.db_name}, p.broken[1] AS broken)
                INSERT INTO {self.left_out_table} SELECT %(file)s, {spec.key.db_name}, (%(rule_ids)s::text[])[broken + 1]
                FROM gone""", {"unfixable": unfixable, "file": spec.name, "rule_ids": [rule.rule_id for rule in rules]})
            report.repaired += rows - left_out
            report.left_out += left_out
        self._run("DROP TABLE problems")

    def _check_within_file(self, name: str) -> None:
        """The structural rule across the rows of one file: duplicate ids."""
        if not self._duplicates_found_by_the_write and self._may_repeat(name, (FILES[name].key.db_name,)):
            self._duplicates(name)

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
        except sa.exc.DBAPIError as error:
            if not isinstance(error.orig, (psycopg2.errors.UniqueViolation, psycopg2.errors.LockNotAvailable)):
                raise
            return True
        return False
