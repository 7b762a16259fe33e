"""HMIS CSV FY2026 import: all or nothing, validated, idempotent, at close to PostgreSQL's COPY speed.

Per file, in three steps, on two connections so that two cores work on it (docs/clients.md), in the
order of STAGING_ORDER (the spec's, parents before children, arranged so neither connection waits long):

1. Stage (`staging.Stager`, on a connection of its own, a transaction per file). The file's bytes are
   COPYed straight into a table of the staging schema (unlogged but for small files), typed like the
   file. A file that COPY cannot read that way (a value of the wrong type, a record with too few
   fields, a blank line inside, CR line endings) is read again by the csv module into an all-text
   table, its values are checked for their types in SQL, and the readable rows are cast into the typed
   table. Client.csv's SSN field is replaced on the way by its encrypted and hashed forms, so it never
   reaches the database in clear; the import's own connection stages it, while the stager stages others.
2. Check one file (`staging.Stager`). HUD's structural rules for one record (`checks.record_checks`,
   compiled from hud/fy2026's catalogue) run over the staged file in one SQL pass, a victim service
   provider's PII included, after an earlier year's codes HUD maps are mapped (`checks.mappings`); then
   the structural rule across its rows (duplicate ids). For a file bound for an empty table the stager
   also checks that its records name staged enrollments, work the import's transaction then skips.
3. Check across files, then write (`writing.Importer`, in the import's one transaction: a failed import
   leaves the database as it was), while the stager works on the next file: records naming no client,
   project or enrollment of the same source; then the newer DateUpdated wins among
   the records of the export's source (`clients.sources`: HUD's ids are unique only within the system that
   made them), so importing the same export again changes nothing and another source's records never;
   a row with DateDeleted is kept, soft-deleted. Into a table still empty the rows are loaded first and
   the table indexed after, which is several times faster than keeping each index up to date row by row
   (see docs/benchmarks.md). Each row written is announced (clients/csv/announcements.py): a file loaded
   into an empty table by one small bundle the outbox relay renders when it publishes it, an upsert's
   rows by the events the upsert renders.

4. Findings (`writing.Importer.finish`): HUD's data-quality rules run over the records each file wrote
   (`clients.data_quality.found_query`, as for the API's writes), each break a row of
   `data_quality_findings`, counted and listed in the report. For a file bound for an empty table the
   stager finds them over the staged files while this transaction writes (`Stager._prepare_findings`).

Strictness decides what a broken structural rule does: `reject` fails the whole import, `warn` leaves
the offending row out and reports it, `repair` applies HUD's fix where one exists (99 for a coded
answer not in its list, the first characters of a value too long, the newest of duplicates) and leaves
out the rest. A data-quality rule never leaves a row out, under any strictness: the row is stored as
given and the break is a finding.
"""
from __future__ import annotations

import threading
import uuid
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import sources
from clients.contract import events
from clients.contract.schemas import IMPORT_AGENCY
from clients.csv import announcements, auditing
from clients.csv.copying import tune
from clients.csv.report import ImportRejected, Reports, import_report
from clients.csv.source import ExportSource, Progress
from clients.csv.staging import STAGED_BY_THE_IMPORT, Stager
from clients.csv.writing import Importer
from clients.models import HUD_TABLES
from hmis_kit import audit, logs
from hmis_kit.copying import copy_allowed
from hmis_kit.events import CORRELATION_PARAM
from hmis_kit.outbox import record_event

STRICTNESS = ("reject", "warn", "repair")
WithImport = Callable[[sa.Connection, dict], None]  # see import_export


def import_export(engine: sa.Engine, path, strictness: str = "reject", agency_id: uuid.UUID | None = None,
                  progress: Progress | None = None, with_import: WithImport | None = None,
                  access: dict | None = None, reports: Reports | None = None) -> dict:
    """Import one HMIS CSV export in a single transaction; raises ImportRejected (and writes nothing)
    when `reject` finds any broken rule. Returns the report's summary; every entry of the whole report is
    in `reports` (given fresh, the caller reads and closes them; by default the import's own, forgotten
    once it ends). Each client written gets an audit row for `access` (by default the operating-system
    user as operator, see hmis_kit.audit.operator_access).
    `with_import(connection, report)` runs in the import's transaction just before it commits: what is
    written with the import or not at all (a job's outcome); raising there rolls the import back."""
    access = access or audit.operator_access(str(path))
    if strictness not in STRICTNESS:
        raise ValueError(f"strictness must be one of {', '.join(STRICTNESS)}")
    agency_id = agency_id or IMPORT_AGENCY
    own_reports = reports is None
    reports = Reports() if own_reports else reports
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
        if own_reports:
            reports.close()


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
                                     "(ImplementationID, SourceID); an export comes from one source",
                                     "rejected")
        raise ImportRejected(import_report(stager.strictness, stager.reports)) from None
    with engine.connect() as connection:
        own_stager = stager.on(connection)  # before the import's transaction: setting a stager up commits
        with connection.begin() as transaction:
            tune(connection)
            # in the import's transaction: a new source is made only if the import is written
            stager.source = own_stager.source = sources.register(connection, named)
            importer = Importer(connection, stager, agency_id)
            with stager.running(source) as staged:  # the stager prepares findings until finish has them
                for name in staged:
                    if name not in STAGED_BY_THE_IMPORT or own_stager.stage(source, name):
                        importer.take(name)
                if importer.errors:
                    transaction.rollback()
                    raise ImportRejected(importer.report())
                if agency_id == IMPORT_AGENCY:  # imported without an agency: each client gets its organization's
                    assign_unassigned_clients(connection)
                audit = _audit_once(connection, access)
                importer.finish(while_waiting=audit)
            audit()
            report = importer.report()
            if with_import:
                with_import(connection, report)
            return report


def _audit_once(connection: sa.Connection, access: dict) -> Callable[[], None]:
    """Write the import's audit rows, the first time it is called: while the import's transaction waits for the
    findings the stager prepares (its core would sit idle), else last. The audit chain's lock is held from then
    until the commit: an import of 100k clients holds it 1.3-1.8 s (written last, about 0.8 s)."""
    written = False

    def audit() -> None:
        nonlocal written
        if not written:
            with copy_allowed():
                auditing.record_import(connection, access)
            written = True
    return audit


def assign_unassigned_clients(connection: sa.Connection | Session) -> None:
    """Hand each client imported without an agency to the agency running the organization of its latest
    enrollment (among the organizations an agency runs), as an import for that agency would have left it;
    announce each client's change, and how many each agency received. Run after an import naming no agency,
    and whenever the HMIS lead says which agency runs an organization."""
    enrollment, project = HUD_TABLES["Enrollment"].name, HUD_TABLES["Project"].name
    announce = announcements.announcement("Client", f"SELECT {announcements.returning_columns('Client')} FROM assigned",
                                          announcements.op_of("Client", "false"))
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
