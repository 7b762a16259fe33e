"""HMIS CSV imports through the API, run as jobs (hmis_kit.jobs, kind "import", the import's own id).

The gateway opens an import (`open_import`: for which agency, how strict), makes a token of its own and
hands the service only its SHA-256 (`expect_upload`), then streams the request's body to the clients
service's own HTTP port in parts of PART_BYTES, each PUT with that token (`add_part`, from
ClientsService.put_csv_import_part): no part crosses the broker, and neither service holds more than a part.
The parts wait in `csv_import_parts` until `start` queues the job, in the same transaction that ends the
upload (the token is forgotten). The service's JobRunner then runs `run_import` in a worker process of its own
(hmis_kit.jobs says how no job is lost or left waiting): it copies the upload to a file, reports its progress
(bytes of the export read) and records the job's success in the import's own transaction, so a job succeeded
exactly when its import was written, and a failed or cancelled job leaves nothing behind.

The import answers as it always has (`get`): `uploading` until its job is queued, then its job's status, progress
and report (the importer's summary, or `{"error": ...}`). Its full report, every row rejected, left out, repaired
or flagged, is stored in `csv_import_report_entries` as the import ends (`_store_report`: with the import's own
transaction when it succeeds), and read a page at a time (`report_page`).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import tempfile
import uuid
import zipfile
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from clients.contract.schemas import PART_BYTES
from clients.csv import importer
from hmis_kit.copying import CsvPipe, copy_expert
from clients.csv.report import COLUMNS, Reports
from clients.csv.source import ExportRefused, ExportSource
from clients.models import csv_import_parts, csv_import_report_entries, csv_imports
from hmis_kit import jobs
from hmis_kit.db import first_or_not_found
from hmis_kit.errors import AuthenticationFailed, Conflict, ValidationFailed

KIND = "import"
MAX_PARTS = 2048  # 2 GiB of upload
ZIP_MAGIC = b"PK\x03\x04"
NOT_A_ZIP = "the upload is not a zip of HMIS CSV files"
UPLOADING = "uploading"
log = logging.getLogger(__name__)


def open_import(session: Session, agency_id: uuid.UUID, strictness: str) -> dict:
    import_id = uuid.uuid4()
    session.execute(csv_imports.insert().values(id=import_id, agency_id=agency_id, strictness=strictness))
    return get(session, import_id)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def expect_upload(session: Session, import_id: uuid.UUID, upload_token_hash: str) -> bool:
    """Expect the import's upload, from whoever holds the token whose hash this is (any earlier token and
    parts are forgotten: the upload starts afresh); False when the upload is finished (a request repeated
    after its import started, which has nothing more to send)."""
    _import(session, import_id, lock=True)
    if jobs.find(session, import_id) is not None:
        return False
    session.execute(csv_imports.update().where(csv_imports.c.id == import_id)
                    .values(upload_token_hash=upload_token_hash))
    session.execute(csv_import_parts.delete().where(csv_import_parts.c.import_id == import_id))
    return True


def add_part(session: Session, import_id: uuid.UUID, token: str, part: int, size: int,
             read: Callable[[int], bytes]) -> None:
    """One part of the upload, `size` bytes that `read` gives, from the holder of its token: read only once
    the token and the size are good (a part sent again replaces itself)."""
    upload = _import(session, import_id, lock=True)
    if not upload.upload_token_hash or not hmac.compare_digest(upload.upload_token_hash, token_hash(token)):
        raise AuthenticationFailed("not this import's upload token", {"Authorization": ["the import's upload token"]})
    if not 0 <= part < MAX_PARTS or size > PART_BYTES:
        raise ValidationFailed("the upload is too large", {"body": [f"at most {MAX_PARTS * PART_BYTES} bytes"]})
    data = read(size)
    if part == 0 and not data.startswith(ZIP_MAGIC):
        raise ValidationFailed("not a zip file", {"body": ["must be a zip of the export's CSV files"]})
    adding = insert(csv_import_parts).values(import_id=import_id, part=part, data=data)
    session.execute(adding.on_conflict_do_update(index_elements=[csv_import_parts.c.import_id, csv_import_parts.c.part],
                                                 set_={"data": adding.excluded.data}))


def start(session: Session, import_id: uuid.UUID, access: dict) -> dict:
    """Queue the import's job for the gateway's `access` (who asked, under which decision): its worker audits
    the import for them."""
    _import(session, import_id, lock=True)
    if (job := jobs.find(session, import_id)) is not None:
        raise Conflict("the job has started", {"import_id": [f"the job is {job['status']}"]})
    size = session.execute(sa.select(sa.func.sum(sa.func.length(csv_import_parts.c.data)))
                           .where(csv_import_parts.c.import_id == import_id)).scalar()
    if not size:
        raise ValidationFailed("nothing was uploaded", {"body": ["must be a zip of the export's CSV files"]})
    session.execute(csv_imports.update().where(csv_imports.c.id == import_id).values(upload_token_hash=None))
    jobs.enqueue(session, KIND, access=access, job_id=import_id)
    return get(session, import_id)


def get(session: Session, import_id: uuid.UUID) -> dict:
    upload = _import(session, import_id)
    opened = {"id": upload.id, "agency_id": upload.agency_id, "strictness": upload.strictness,
              "created_at": upload.created_at}
    job = jobs.find(session, import_id)
    if job is None:
        return {**opened, "status": UPLOADING, "bytes_total": 0, "bytes_read": 0, "progress": 0.0,
                "report": None, "started_at": None, "finished_at": None}
    report = job["result"] if job["result"] is not None else {"error": job["error"]} if job["error"] else None
    return {**opened, "status": job["status"], "bytes_total": job["progress_total"],
            "bytes_read": job["progress_done"], "progress": job["progress"], "report": report,
            "started_at": job["started_at"], "finished_at": job["finished_at"]}


def cancel(session: Session, import_id: uuid.UUID) -> dict:
    """Cancel an import that has not finished (hmis_kit.jobs.cancel); one still uploading gets its job, born
    cancelled, so that it answers like any other and can never start. A finished one is a Conflict."""
    _import(session, import_id, lock=True)
    if jobs.find(session, import_id) is None:
        jobs.enqueue(session, KIND, job_id=import_id)
    jobs.cancel(session, import_id, field="import_id")
    # Of no more use (a running worker reads them from its own snapshot, if it has not yet).
    session.execute(csv_import_parts.delete().where(csv_import_parts.c.import_id == import_id))
    return get(session, import_id)


def agency(session: Session, import_id: uuid.UUID) -> uuid.UUID:
    """The agency an import is for: all the gateway's policy needs, read without touching the job."""
    return _import(session, import_id).agency_id


def run_import(job: jobs.Job) -> None:
    """The work of an import's job (in its worker process): the upload to a file, then the import, which
    records the job's success, and stores its full report, in its own transaction; a rejected import's
    report is stored in a transaction of its own before the job fails."""
    with job.engine.connect() as connection:
        upload = connection.execute(sa.select(csv_imports).where(csv_imports.c.id == job.id)).one()
    reports = Reports()

    def succeed(connection: sa.Connection, report: dict) -> None:
        _store_report(connection, job.id, reports)
        job.succeed(connection, {**report, "full_report": full_report_path(job.id)})

    with tempfile.NamedTemporaryFile(suffix=".zip") as path:
        _take_upload(job.engine, job.id, path)
        try:
            job.total(ExportSource.size_of(path.name))
            # the audit rows name the job, whose upload is gone once it is done
            importer.import_export(job.engine, path.name, upload.strictness, upload.agency_id, job.advance,
                                   succeed, {**job.access, "file": f"csv-imports/{job.id}"}, reports)
        except importer.ImportRejected as rejected:
            with job.engine.begin() as connection:
                _store_report(connection, job.id, reports)
            raise jobs.Failed(result={**rejected.report, "full_report": full_report_path(job.id)}) from None
        except zipfile.BadZipFile:
            raise jobs.Failed(NOT_A_ZIP) from None
        except ExportRefused as refused:  # not an export, or over a limit
            raise jobs.Failed(str(refused)) from None
        finally:
            reports.close()


def full_report_path(import_id: uuid.UUID) -> str:
    """Where the API serves an import's full report (the gateway's route)."""
    return f"/api/v1/csv-imports/{import_id}/report"


def _store_report(connection: sa.Connection, import_id: uuid.UUID, reports: Reports) -> None:
    """Every entry of the import's report into `csv_import_report_entries`, numbered from 1 in the order of
    the report (a job run again replaces what an earlier run stored), COPYed from its files on disk."""
    connection.execute(csv_import_report_entries.delete().where(csv_import_report_entries.c.import_id == import_id))
    rows = ([import_id, number, *entry] for number, entry in enumerate(reports.entries(), start=1))
    copy_expert(connection, f"COPY csv_import_report_entries (import_id, entry, {', '.join(COLUMNS)}) "
                            "FROM STDIN WITH (FORMAT csv)", CsvPipe(rows))


def report_page(session: Session, import_id: uuid.UUID, page: int, per_page: int) -> dict:
    """One page of an import's full report (entries numbered from 1, `per_page` a page); a Conflict while
    the import has not ended, for its report is stored as it ends."""
    imported = get(session, import_id)
    if imported["status"] in (UPLOADING, *jobs.UNFINISHED):
        raise Conflict("the import has not finished; its report is stored when it ends",
                       {"import_id": [f"the import is {imported['status']}"]})
    entries = csv_import_report_entries.c
    first = (page - 1) * per_page
    total = session.execute(sa.select(sa.func.count()).where(entries.import_id == import_id)).scalar()
    rows = session.execute(sa.select(*(entries[name] for name in COLUMNS))
                           .where(entries.import_id == import_id, entries.entry > first)
                           .order_by(entries.entry).limit(per_page)).mappings().all()
    return {"page": page, "per_page": per_page, "total": total, "pages": -(-total // per_page),
            "entries": [dict(row) for row in rows]}


def _take_upload(engine: sa.Engine, import_id: uuid.UUID, file) -> None:
    """The upload's parts into `file`, a part at a time, then out of the database: the job, once started, is
    never started again, so its parts are of no more use."""
    with engine.connect() as connection:
        parts = connection.execution_options(yield_per=1).execute(
            sa.select(csv_import_parts.c.data).where(csv_import_parts.c.import_id == import_id)
            .order_by(csv_import_parts.c.part))
        for data in parts.scalars():
            file.write(data)
    file.flush()
    with engine.begin() as connection:
        connection.execute(csv_import_parts.delete().where(csv_import_parts.c.import_id == import_id))


def _import(session: Session, import_id: uuid.UUID, lock: bool = False):
    return first_or_not_found(session, sa.select(csv_imports).where(csv_imports.c.id == import_id), "import_id",
                              "import", lock)
