"""HMIS CSV imports run in the background, for the API.

The upload reaches the clients service in parts over RPC (`add_part`); `start` queues the job with an
event, and whichever clients instance consumes it runs `python -m clients.csv.jobs ID`: a process of
its own, because COPY holds the database driver for seconds at a time, which would stall the
service's green threads. The worker writes its progress (bytes of the export read) as it goes and
the report at the end; the import itself is one transaction, so a failed job leaves nothing behind.

A worker holds an advisory lock on its job for as long as it works on it (`worker_lock`), taken before
it claims the job. A job still `running` whose lock nobody holds has lost its worker (killed, or its
host gone): reading it marks it failed, and since the import rolled back with its connection, nothing
was written.
"""
from __future__ import annotations

import logging
import sys
import tempfile
import time
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients.csv import importer
from clients.csv.source import ExportSource
from clients.models import csv_import_parts, csv_imports
from hmis_kit import config, logs
from hmis_kit.db import first_or_not_found, make_engine
from hmis_kit.errors import Conflict, ValidationFailed
from hmis_kit.outbox import record_event

REQUESTED = "clients.import.requested"
PART_BYTES = 4 << 20
MAX_PARTS = 512  # 2 GiB of upload
PROGRESS_EVERY_SECONDS = 0.5
ZIP_MAGIC = b"PK\x03\x04"
WORKER_LOCK_CLASS = 7307  # the first key of the job locks, so they meet no other advisory lock
WORKER_GONE = "the import's worker stopped before it finished; nothing was written"
log = logging.getLogger(__name__)


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
            status, report = "succeeded", _import(engine, upload.name, job, progress)
        except importer.ImportRejected as rejected:
            status, report = "failed", rejected.report
        except zipfile.BadZipFile:
            status, report = "failed", {"error": "the upload is not a zip of HMIS CSV files"}
    with engine.begin() as connection:
        connection.execute(csv_imports.update().where(csv_imports.c.id == import_id).values(
            status=status, report=report, bytes_read=progress.read, finished_at=sa.func.now()))
        connection.execute(csv_import_parts.delete().where(csv_import_parts.c.import_id == import_id))
    log.info("csv import finished", extra={"import_id": str(import_id), "status": status})


def _import(engine: sa.Engine, path: str, job, progress: _Progress) -> dict:
    progress.record(bytes_total=ExportSource.size_of(path))
    # the audit rows name the job, whose upload is gone once it is done
    return importer.import_export(engine, path, job.strictness, job.agency_id, progress,
                                  {**job.access, "file": f"csv-imports/{job.id}"})


def main(import_id: str) -> None:
    logs.configure("clients-import")
    engine = make_engine(config.load().database_url("clients"))
    try:
        run(engine, uuid.UUID(import_id))
    finally:
        engine.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
