"""A background import whose worker died (killed, or its host gone) is reported failed, not left
`running` for ever; one whose worker is alive is left alone, and a second worker leaves it to the first.
A worker that cannot start is started again, then its job fails with the reason; a job that has not
finished can be cancelled, and then no worker runs it."""
import shutil
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients.csv import import_jobs
from clients.models import clients, csv_import_parts, csv_imports
from hmis_kit import jobs
from hmis_kit.errors import Conflict
from support import access_for

pytestmark = pytest.mark.integration


def running_job(engine):
    import_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(csv_imports.insert().values(id=import_id, agency_id=uuid.uuid4(), strictness="reject"))
        connection.execute(jobs.jobs.insert().values(id=import_id, kind=import_jobs.KIND, status="running"))
    return import_id


def read(engine, import_id):
    with Session(engine) as session, session.begin():
        return import_jobs.get(session, import_id)


def test_a_running_job_whose_worker_is_gone_is_reported_failed(engine):
    job = read(engine, running_job(engine))
    assert job["status"] == "failed" and job["report"] == {"error": jobs.WORKER_GONE.format(kind="import")}
    assert job["report"] == {"error": "the import's worker stopped before it finished; nothing was written"}
    assert job["finished_at"] is not None


def test_a_running_job_whose_worker_holds_its_lock_stays_running(engine):
    import_id = running_job(engine)
    with jobs.worker_lock(engine, import_id) as held:
        assert held
        assert read(engine, import_id)["status"] == "running"
        with jobs.worker_lock(engine, import_id) as second:
            assert second is None  # a second worker leaves the job to the first
        assert read(engine, import_id)["status"] == "running"
    assert read(engine, import_id)["status"] == "failed"


def queued_job(engine, export_zip: bytes):
    """A job as the gateway starts one: with the access its worker audits the import for."""
    import_id, agency_id = uuid.uuid4(), uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(csv_imports.insert().values(id=import_id, agency_id=agency_id, strictness="reject"))
        connection.execute(csv_import_parts.insert().values(import_id=import_id, part=0, data=export_zip))
    with Session(engine) as session, session.begin():
        import_jobs.start(session, import_id, access_for(str(agency_id)))
    return import_id


@pytest.fixture
def export_zip(generated, tmp_path):
    return Path(shutil.make_archive(str(tmp_path / "export"), "zip", generated)).read_bytes()


def client_count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(clients)).scalar()


def claimed(engine, import_id):
    """The job, as a runner claims it (it is the only one due in the database)."""
    return next(job for job in jobs.claim(engine, [import_jobs.KIND], 100) if job.id == import_id)


def test_a_worker_that_exits_before_it_took_its_job_is_started_again_then_the_job_fails_with_the_reason(
        engine):
    import_id, starts = queued_job(engine, b"PK\x03\x04"), 0
    while read(engine, import_id)["status"] == "queued":
        job = claimed(engine, import_id)
        starts += 1
        jobs.after_exit(engine, job, 1, "clients")  # a worker that could not start
        if read(engine, import_id)["status"] == "queued":
            # claimed again after its pause (WORKER_RETRY_SECONDS, doubled each time), which is not over yet
            assert not [job for job in jobs.claim(engine, [import_jobs.KIND], 100) if job.id == import_id]
            with engine.begin() as connection:
                connection.execute(jobs.jobs.update().where(jobs.jobs.c.id == import_id).values(not_before=sa.func.now()))
    job = read(engine, import_id)
    assert starts == jobs.WORKER_STARTS
    assert job["status"] == "failed" and job["finished_at"] is not None
    assert job["report"] == {"error": "the import's worker exited before it started the import, 3 times (last exit status "
                                      "1; the clients service's log says why); nothing was written"}


def test_a_worker_that_exits_once_its_job_was_cancelled_is_not_started_again(engine):
    import_id = queued_job(engine, b"PK\x03\x04")
    job = claimed(engine, import_id)
    with Session(engine) as session, session.begin():
        import_jobs.cancel(session, import_id)
    jobs.after_exit(engine, job, 1, "clients")
    with engine.begin() as connection:
        connection.execute(jobs.jobs.update().where(jobs.jobs.c.id == import_id).values(not_before=sa.func.now()))
    assert not [job for job in jobs.claim(engine, [import_jobs.KIND], 100) if job.id == import_id]
    assert read(engine, import_id)["status"] == "cancelled"


def test_a_cancelled_queued_job_is_never_started(engine, export_zip):
    import_id = queued_job(engine, export_zip)
    with Session(engine) as session, session.begin():
        cancelled = import_jobs.cancel(session, import_id)
    assert cancelled["status"] == "cancelled" and cancelled["finished_at"] is not None
    jobs.run(engine, import_id, import_jobs.run_import)  # a worker started all the same
    job = read(engine, import_id)
    assert job["status"] == "cancelled" and job["started_at"] is None
    assert client_count(engine) == 0


def test_an_import_still_uploading_is_cancelled_and_never_started(engine):
    import_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(csv_imports.insert().values(id=import_id, agency_id=uuid.uuid4(), strictness="reject"))
    assert read(engine, import_id)["status"] == "uploading"
    with Session(engine) as session, session.begin():
        assert import_jobs.cancel(session, import_id)["status"] == "cancelled"
    with Session(engine) as session, session.begin(), pytest.raises(Conflict) as refused:
        import_jobs.start(session, import_id, access_for(str(uuid.uuid4())))
    assert refused.value.fields == {"import_id": ["the job is cancelled"]}


def test_a_finished_job_cannot_be_cancelled(engine, export_zip):
    import_id = queued_job(engine, export_zip)
    jobs.run(engine, import_id, import_jobs.run_import)
    assert read(engine, import_id)["status"] == "succeeded"
    with Session(engine) as session, session.begin(), pytest.raises(Conflict) as refused:
        import_jobs.cancel(session, import_id)
    assert refused.value.fields == {"import_id": ["the job is succeeded"]}
    with engine.connect() as connection:  # the upload went with the job
        assert not connection.execute(sa.select(csv_import_parts).where(csv_import_parts.c.import_id == import_id)).first()
