"""HMIS CSV imports run in the background, for the API.

The upload reaches the clients service in parts over RPC (`add_part`); `start` queues the job with an
event, and whichever clients instance consumes it runs `python -m clients.csv.jobs ID`: a process of
its own, because COPY holds the database driver for seconds at a time, which would stall the
service's green threads. The worker writes its progress (bytes of the export read) as it goes; the
import itself is one transaction, which also records the job's success, so a job succeeded exactly
when its import was written, and a failed or cancelled job leaves nothing behind.

A worker that exits before it claims its job (it could not reach the database, say) is started again
after a pause, WORKER_STARTS times in all; then the job fails with that reason (`start_worker`).
A worker holds an advisory lock on its job for as long as it works on it (`worker_lock`), taken before
it claims the job. A job still `running` whose lock nobody holds has lost its worker (killed, or its
host gone): reading it marks it failed, and since the import rolled back with its connection, nothing
was written. A job not yet finished can be cancelled (`cancel`): no worker starts it any more, and a
running worker's queries are cancelled (its connections carry the job in their application_name).
"""
from __future__ import annotations

import logging
import sys
import tempfile
import threading
import time
import uuid
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from clients.contract.schemas import PART_BYTES
from clients.csv import importer
from clients.csv.source import ExportSource, NotAnExport
from clients.models import csv_import_parts, csv_imports
from hmis_kit import config, logs
from hmis_kit.db import first_or_not_found, make_engine
from hmis_kit.errors import Conflict, ValidationFailed
from hmis_kit.outbox import record_event

REQUESTED = "clients.import.requested"
MAX_PARTS = 512  # 2 GiB of upload
PROGRESS_EVERY_SECONDS = 0.5
ZIP_MAGIC = b"PK\x03\x04"
WORKER_LOCK_CLASS = 7307  # the first key of the job locks, so they meet no other advisory lock
WORKER_GONE = "the import's worker stopped before it finished; nothing was written"
# A worker that exits with an error before it claimed its job is started again, after WORKER_RETRY_SECONDS,
# doubled before each further start, WORKER_STARTS times in all.
WORKER_STARTS = 3
WORKER_RETRY_SECONDS = 1.0
WORKER_NEVER_STARTED = ("the import's worker exited before it started the import, {starts} times (last exit status "
                        "{status}; the clients service's log says why); nothing was written")
WORKER_FAILED = "the import stopped on an unexpected error ({error}); nothing was written"
# How many import workers run at once beside one clients service, each with its own engine (the `import` pool,
# HMIS_IMPORT_DB_POOL_SIZE + HMIS_IMPORT_DB_MAX_OVERFLOW): `hmis db budget` counts them. An import requested
# beyond them waits, queued, for one to finish.
WORKERS = int(config.env("HMIS_IMPORT_WORKERS", "2"))
worker_slots = threading.BoundedSemaphore(WORKERS)
NOT_A_ZIP = "the upload is not a zip of HMIS CSV files"
CANCELLABLE = ("uploading", "queued", "running")
log = logging.getLogger(__name__)


class Cancelled(Exception):
    """The job was cancelled while its import ran: the import rolls back."""


def open_job(session: Session, agency_id: uuid.UUID, access: dict, strictness: str) -> dict:
    """A job for the gateway's `access` (who asked, under which decision): its worker audits the import
    for them."""
    job = {"id": uuid.uuid4(), "agency_id": agency_id, "requested_by": uuid.UUID(access["principal"]["id"]),
           "access": access, "strictness": strictness, "status": "uploading"}
    session.execute(csv_imports.insert().values(**job))
    return get(session, job["id"])


def add_part(session: Session, import_id: uuid.UUID, part: int, data: bytes) -> None:
    job = _job(session, import_id, lock=True)
    if job.status != "uploading":
        raise Conflict("the upload is finished", {"import_id": [f"the job is {job.status}"]})
    if not 0 <= part < MAX_PARTS or len(data) > PART_BYTES:
        raise ValidationFailed("the upload is too large", {"body": [f"at most {MAX_PARTS * PART_BYTES} bytes"]})
    if part == 0 and not data.startswith(ZIP_MAGIC):
        raise ValidationFailed("not a zip file", {"body": ["must be a zip of the export's CSV files"]})
    session.execute(csv_import_parts.insert().values(import_id=import_id, part=part, data=data))


def start(session: Session, import_id: uuid.UUID) -> dict:
    job = _job(session, import_id, lock=True)
    if job.status != "uploading":
        raise Conflict("the job has started", {"import_id": [f"the job is {job.status}"]})
    size = session.execute(sa.select(sa.func.sum(sa.func.length(csv_import_parts.c.data)))
                           .where(csv_import_parts.c.import_id == import_id)).scalar()
    if not size:
        raise ValidationFailed("nothing was uploaded", {"body": ["must be a zip of the export's CSV files"]})
    session.execute(csv_imports.update().where(csv_imports.c.id == import_id).values(status="queued"))
    record_event(session, "clients", REQUESTED, {"import_id": str(import_id)})
    return get(session, import_id)


def get(session: Session, import_id: uuid.UUID) -> dict:
    job = dict(_job(session, import_id)._mapping)
    if job["status"] == "running" and _worker_gone(session, import_id):
        # Only if still running: a worker that finished meanwhile has written its own outcome.
        session.execute(csv_imports.update().where(csv_imports.c.id == import_id, csv_imports.c.status == "running")
                        .values(status="failed", report={"error": WORKER_GONE}, finished_at=sa.func.now()))
        job = dict(_job(session, import_id)._mapping)
    job["progress"] = min(1.0, job["bytes_read"] / job["bytes_total"]) if job["bytes_total"] else 0.0
    return job


def cancel(session: Session, import_id: uuid.UUID) -> dict:
    """Cancel a job that has not finished: one uploading or queued is never started; a running one's
    worker has its queries cancelled, and in any case its import cannot commit (`_record_outcome` finds the
    job no longer running), so nothing is written. A finished job is a Conflict."""
    job = _job(session, import_id, lock=True)  # waits for an import committing its outcome, then sees it
    if job.status not in CANCELLABLE:
        raise Conflict("the job has finished", {"import_id": [f"the job is {job.status}"]})
    session.execute(csv_imports.update().where(csv_imports.c.id == import_id)
                    .values(status="cancelled", finished_at=sa.func.now()))
    session.execute(csv_import_parts.delete().where(csv_import_parts.c.import_id == import_id))
    if job.status == "running":
        # Before this commits: the worker's failure, recorded only for a job still running, waits for it.
        session.execute(sa.select(sa.func.pg_cancel_backend(sa.column("pid"))).select_from(sa.table("pg_stat_activity"))
                        .where(sa.column("application_name") == _worker_name(import_id)))
    log.info("csv import cancelled", extra={"import_id": str(import_id), "was": job.status})
    return get(session, import_id)


def start_worker(session: Session, import_id: uuid.UUID, run_worker: Callable[[], int]) -> None:
    """Run a queued job's worker (`run_worker` answers its exit status). One that exits with an error
    while the job is still queued never took it: it is started again, and after WORKER_STARTS such
    exits the job fails with the reason, rather than wait for ever for a worker that will not come."""
    for start in range(1, WORKER_STARTS + 1):
        status = run_worker()
        if status == 0 or not _queued(session, import_id):
            return
        log.warning("csv import worker exited before it took its job",
                    extra={"import_id": str(import_id), "exit_status": status, "start": start})
        if start < WORKER_STARTS:
            time.sleep(WORKER_RETRY_SECONDS * 2 ** (start - 1))
    session.execute(csv_imports.update().where(csv_imports.c.id == import_id, csv_imports.c.status == "queued").values(
        status="failed", report={"error": WORKER_NEVER_STARTED.format(starts=WORKER_STARTS, status=status)},
        finished_at=sa.func.now()))


def _queued(session: Session, import_id: uuid.UUID) -> bool:
    return _job(session, import_id).status == "queued"


def agency(session: Session, import_id: uuid.UUID) -> uuid.UUID:
    """The agency a job imports for: all the gateway's policy needs, read without touching the job."""
    return first_or_not_found(session, sa.select(csv_imports.c.agency_id).where(csv_imports.c.id == import_id),
                              "import_id", "import").agency_id


def _worker_gone(session: Session, import_id: uuid.UUID) -> bool:
    """Nobody holds the job's lock (taken here only until the end of this transaction)."""
    return session.execute(sa.select(sa.func.pg_try_advisory_xact_lock(*_lock_key(import_id)))).scalar()


@contextmanager
def worker_lock(engine: sa.Engine, import_id: uuid.UUID) -> Iterator[bool]:
    """Hold the job's lock on a connection of its own while the block runs; yields False when another
    worker holds it."""
    with engine.connect() as connection:
        held = connection.execute(sa.select(sa.func.pg_try_advisory_lock(*_lock_key(import_id)))).scalar()
        connection.commit()
        try:
            yield held
        finally:
            if held:  # a session lock outlives the transaction, and the connection goes back to the pool
                connection.execute(sa.select(sa.func.pg_advisory_unlock(*_lock_key(import_id))))
                connection.commit()


def _lock_key(import_id: uuid.UUID) -> tuple:
    return WORKER_LOCK_CLASS, sa.func.hashtext(str(import_id))


def _worker_name(import_id: uuid.UUID) -> str:
    """The application_name of a worker's connections, by which `cancel` finds them."""
    return f"hmis-csv-import {import_id}"


def _job(session: Session, import_id: uuid.UUID, lock: bool = False):
    return first_or_not_found(session, sa.select(csv_imports).where(csv_imports.c.id == import_id), "import_id",
                              "import", lock)


class _Progress:
    """Counts the bytes the import reads and writes the count down now and then, in its own transaction."""

    def __init__(self, engine: sa.Engine, import_id: uuid.UUID):
        self.engine, self.import_id = engine, import_id
        self.read, self.written_at = 0, 0.0

    def __call__(self, read: int) -> None:
        self.read += read
        if time.monotonic() - self.written_at >= PROGRESS_EVERY_SECONDS:
            self.written_at = time.monotonic()
            self.record(bytes_read=self.read)

    def record(self, **values) -> None:
        with self.engine.begin() as connection:
            connection.execute(csv_imports.update().where(csv_imports.c.id == self.import_id).values(**values))


def run(engine: sa.Engine, import_id: uuid.UUID) -> None:
    """Run a queued job to its end (once: a job another worker took is left to it)."""
    with worker_lock(engine, import_id) as held:
        if held:
            _run(engine, import_id)


def _run(engine: sa.Engine, import_id: uuid.UUID) -> None:
    with engine.begin() as connection:
        job = connection.execute(
            csv_imports.update().where(csv_imports.c.id == import_id, csv_imports.c.status == "queued")
            .values(status="running", started_at=sa.func.now())
            .returning(csv_imports.c.id, csv_imports.c.agency_id, csv_imports.c.strictness, csv_imports.c.access)).first()
    if job is None:
        return
    progress = _Progress(engine, import_id)
    with tempfile.NamedTemporaryFile(suffix=".zip") as upload:
        with engine.connect() as connection:
            parts = connection.execution_options(yield_per=1).execute(
                sa.select(csv_import_parts.c.data).where(csv_import_parts.c.import_id == import_id)
                .order_by(csv_import_parts.c.part))
            for data in parts.scalars():
                upload.write(data)
        upload.flush()
        try:
            _import(engine, upload.name, job, progress)  # which records the job's success with the import
            log.info("csv import finished", extra={"import_id": str(import_id), "status": "succeeded"})
            return
        except importer.ImportRejected as rejected:
            report, unexpected = rejected.report, None
        except zipfile.BadZipFile:
            report, unexpected = {"error": NOT_A_ZIP}, None
        except NotAnExport as not_an_export:
            report, unexpected = {"error": str(not_an_export)}, None
        except Exception as error:  # the job was cancelled (and its queries, see `cancel`), or the worker failed
            report, unexpected = {"error": WORKER_FAILED.format(error=type(error).__name__)}, error
    failed = _fail(engine, import_id, report, progress.read)
    log.info("csv import finished", extra={"import_id": str(import_id), "status": "failed" if failed else "cancelled"})
    if failed and unexpected:
        raise unexpected  # for the log


def _fail(engine: sa.Engine, import_id: uuid.UUID, report: dict, bytes_read: int) -> bool:
    """Record a failed job's report; False when it is no longer running (it was cancelled)."""
    with engine.begin() as connection:
        return _record_outcome(connection, import_id, "failed", report, bytes_read)


def _record_outcome(connection: sa.Connection, import_id: uuid.UUID, status: str, report: dict,
                    bytes_read: int) -> bool:
    """The job's outcome, if it is still running (a cancel takes its row lock first, and wins); its upload
    is of no more use."""
    recorded = connection.execute(
        csv_imports.update().where(csv_imports.c.id == import_id, csv_imports.c.status == "running").values(
            status=status, report=report, bytes_read=bytes_read, finished_at=sa.func.now())).rowcount
    connection.execute(csv_import_parts.delete().where(csv_import_parts.c.import_id == import_id))
    return bool(recorded)


def _import(engine: sa.Engine, path: str, job, progress: _Progress) -> None:
    progress.record(bytes_total=ExportSource.size_of(path))

    def succeeded(connection: sa.Connection, report: dict) -> None:
        if not _record_outcome(connection, job.id, "succeeded", report, progress.read):
            raise Cancelled
    # the audit rows name the job, whose upload is gone once it is done
    importer.import_export(engine, path, job.strictness, job.agency_id, progress, succeeded,
                           {**job.access, "file": f"csv-imports/{job.id}"})


def main(import_id: str) -> None:
    logs.configure("clients-import")
    job = uuid.UUID(import_id)
    settings = config.load()
    url = make_url(settings.database_url("clients")).update_query_dict({"application_name": _worker_name(job)})
    engine = make_engine(url.render_as_string(hide_password=False), settings.db_pool("import"))
    try:
        run(engine, job)
    finally:
        engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
