"""Checking each staged file against the files before it and writing it, in the import's one transaction
(the `Importer`): orphans, upserts (or loads into empty tables), announcements, then the data-quality
findings of what was written."""
from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import psycopg2.errors
import sqlalchemy as sa

from clients import data_quality, dedup
from clients.contract import events
from clients.contract.schemas import IMPORT_AGENCY
from clients.csv import announcements
from clients.csv.passes import Pass, newer_column
from clients.csv.report import import_report
from clients.csv.staging import ENROLLMENT_CHILDREN, STAGED_BY_THE_IMPORT, Stager
from clients.models import HUD_TABLES
from hmis_kit import logs
from hmis_kit.events import CORRELATION_PARAM
from hmis_kit.outbox import record_event
from hud.fy2026 import catalogue, checks
from hud.fy2026.spec import FILES, FileSpec

INDEXED_AFTER_FROM_ROWS = 1_000  # see Importer._indexed_after


def written_columns(spec: FileSpec) -> list[str]:
    """The staged columns that are stored (the SSN's length is staged only to be checked)."""
    return [name for name, _ in checks.staged_columns(spec) if not name.startswith("_")]


class Importer(Pass):
    """The import's own transaction: each staged file, in STAGING_ORDER, is checked against the files
    before it and written. Under reject, writing stops at the first broken rule (the import will be
    rolled back) while checking goes on, so the report is complete."""

    def __init__(self, connection: sa.Connection, stager: Stager, agency_id: uuid.UUID):
        super().__init__(connection, stager.strictness, stager.reports, stager.staging)
        self.source = stager.source
        self.stager = stager  # what it prepared: checks of enrollments named, the rows left out
        self.left_out_table = stager.left_out_table
        self.agency_id = agency_id
        # the rows it loads say so (announcements.IMPORT_COLUMN), for the bundles announcing them
        self.number = self._run("SELECT nextval('csv_import_numbers')").scalar()
        self.present: list[str] = []
        self.written: set[str] = set()
        self.loaded_into_empty: set[str] = set()
        self._analyzed: set[str] = set()  # the stored tables analyzed for the findings found here

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
        """Records naming no client, project or enrollment (the data-quality rules across files, an exit
        before its entry, run over the stored records once written: `find`)."""
        if name == "Enrollment":
            self._orphans("Enrollment", "PersonalID", "Client")
            self._orphans("Enrollment", "ProjectID", "Project")
        if name in ENROLLMENT_CHILDREN and not self._names_only_enrollments_written(name):
            self._orphans(name, "EnrollmentID", "Enrollment")

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

    def _orphans(self, name: str, field: str, parent: str) -> None:
        """Records naming a record of `parent` the HMIS does not have; one the import left out is named, with
        the rule that left it out, so a row is reported once, for the rule its own row broke."""
        parent_key, column = FILES[parent].key.db_name, FILES[name].by_name[field].db_name
        named = f"{field} names {'an' if parent[0] in 'AEIOU' else 'a'} {parent.lower()}"
        self._violations(name, f"""
            SELECT _line, {FILES[name].key.db_name}, {column}, coalesce('{named} left out (' || (SELECT min(rule_id)
                FROM {self.left_out_table} o WHERE o.file = '{parent}' AND o.record_id = s.{column}) || ')',
                '{field} names no {parent.lower()}') FROM {{stage}} s WHERE NOT EXISTS (
            SELECT 1 FROM ({self._current(parent)}) p WHERE p.{parent_key} = s.{column})""",
            field, "structural.key.foreign", "{}", repairable=False)

    def _find(self, name: str, while_waiting: Callable[[], None] | None) -> None:
        """The data-quality findings of the records a file wrote (every row of it: a data-quality break never
        leaves one out), each an entry of the file's report, flagged, with its line: those the stager
        prepared, when they hold, else found here, over the staged files as the stager finds them where it
        could have, over the stored records where it could not."""
        report, as_staged = self.reports[name], self._stored_as_staged(name)
        if as_staged and not data_quality.has_rules(name):
            return
        turns = self.stager.findings_turns
        if as_staged and while_waiting and turns.would_wait(name):
            while_waiting()  # this transaction's core would sit idle until the stager has them
        if as_staged and not turns.import_takes(name):
            # prepared by the stager, their entries read while this transaction wrote
            data_quality.store_prepared(self.connection, name, self.stager.prepared[name])
            report.absorb(self.stager.prepared_entries[name])
            return
        if as_staged and name not in STAGED_BY_THE_IMPORT:
            self._find_over_staged(name)
            return
        key, staged = FILES[name].key.db_name, self.staging[name]
        if data_quality.reads_across(name):  # the rules across records are planned from the tables' statistics
            for read in (data_quality.files_read(name) & self.loaded_into_empty) - self._analyzed:
                self._run(f"ANALYZE {HUD_TABLES[read].name}")
                self._analyzed.add(read)
        if name in self.loaded_into_empty:
            written = "r.source = %(source)s"
        else:  # joined to the stored records: planned from its statistics
            self._run(f"ANALYZE {staged}")
            written = f"r.source = %(source)s AND r.{key} IN (SELECT {key} FROM {staged})"
        data_quality.evaluate(self.connection, name, written, {"source": self.source}, staged, report.flag_found,
                              new=name in self.loaded_into_empty)
        # the records the written ones tie, but of the files loaded whole here (their every record is found): those
        # stored before this import (an enrollment's stored bed nights, found again by the exit it now has) too
        data_quality.evaluate_tied(self.connection, name, written, {"source": self.source},
                                   found_whole=self.loaded_into_empty)

    def _find_over_staged(self, name: str) -> None:
        """Find the findings of a file whose records, and those they read, were written as staged, over the staged
        files as the stager does (`Stager.found_over_staged`): planned from the staged files' statistics, where over
        the stored records they would need the stored tables analyzed first (100k clients: 0.5 s), and reading the
        stays the stager made."""
        found = "pg_temp.found_over_staged"
        self._run(f"CREATE TEMP TABLE {found} ON COMMIT DROP AS {self.stager.found_over_staged(name)}")
        data_quality.store_prepared(self.connection, name, found)
        data_quality.report_prepared(self.connection, found, self.reports[name].flag_found)
        self._run(f"DROP TABLE {found}")

    def _stored_as_staged(self, name: str) -> bool:
        """Whether findings found over the staged files are those of the stored records: every file they read
        was loaded whole, as staged, into a table that was empty."""
        read = data_quality.files_read(name)
        return read <= self.loaded_into_empty and not read & self.trimmed

    # -- writing ------------------------------------------------------------------------------------

    def finish(self, while_waiting: Callable[[], None] | None = None) -> None:
        """What follows the writes: the findings, the importing agency's organizations, and the import's
        announcement. `while_waiting` runs (once, for the caller to make sure) before waiting for the findings the
        stager prepares."""
        with self._findings_indexed_after():
            # the smallest file first: the stager prepares the largest first, and this transaction takes the
            # files it has not begun (Stager._prepare_findings)
            for name in sorted(self.written, key=lambda name: self.reports[name].rows):
                self._find(name, while_waiting)
        if self.agency_id != IMPORT_AGENCY and "Organization" in self.present:
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

    @contextmanager
    def _findings_indexed_after(self) -> Iterator[None]:
        """The findings table's indexes dropped for the findings and built after, as for a record table
        (`_indexed_after`), when it has none yet and every file's findings are all new (none replaces
        another, which needs the unique key): an HMIS's first import."""
        if self.written - self.loaded_into_empty or \
                self._run(f"SELECT EXISTS (SELECT 1 FROM {data_quality.FINDINGS})").scalar():
            yield
            return
        with self._indexed_after(data_quality.FINDINGS, sum(self.reports[name].rows for name in self.written)):
            yield

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
        load = f"""INSERT INTO {table} (source, {announcements.IMPORT_COLUMN}, {', '.join(target)})
                   SELECT %(source)s, %(import)s, {', '.join(values)} FROM {rows}"""
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
        announce = announcements.announcement(name, "SELECT * FROM upserted", announcements.op_of(name, "inserted"))
        sql = f"WITH upserted AS ({upsert_sql}){f', announced AS ({announce})' if announce else ''} " \
              "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM upserted"
        return self._run(sql, self._write_params).one()

    def _announce_all(self, name: str, returning: str) -> None:
        """Announce every row of a table that was empty: all are new. The relay renders the events of a
        bundled file; the others' are rendered here, from the table, which is cheaper than carrying the
        rows out of the INSERT through RETURNING."""
        if name in announcements.BUNDLED:
            announcements.record_bundle(self.connection, name, self.number)
        elif announce := announcements.announcement(name, f"SELECT {returning} FROM {HUD_TABLES[name].name}",
                                                     announcements.op_of(name, "true")):
            self._run(announce, self._write_params)

    @property
    def _write_params(self) -> dict:
        """What the writes and their announcements are given: the importing agency, the export's source, the
        import's number, the correlation id."""
        return {"agency": self.agency_id, "source": self.source, "import": self.number,
                CORRELATION_PARAM: logs.current_correlation_id()}

    def report(self) -> dict:
        return import_report(self.strictness, self.reports)
