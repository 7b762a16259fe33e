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

from clients.csv import jobs
from clients.models import clients, csv_import_parts, csv_imports
from hmis_kit.errors import Conflict
from support import access_for

pytestmark = pytest.mark.integration


def running_job(engine):
    import_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(csv_imports.insert().values(id=import_id, agency_id=uuid.uuid4(), strictness="reject",
                                                       status="running"))
    return import_id


def read(engine, import_id):
    with Session(engine) as session, session.begin():
        return jobs.get(session, import_id)


def test_a_running_job_whose_worker_is_gone_is_reported_failed(engine):
    job = read(engine, running_job(engine))
    assert job["status"] == "failed" and job["report"] == {"error": jobs.WORKER_GONE}
    assert job["finished_at"] is not None


def test_a_running_job_whose_worker_holds_its_lock_stays_running(engine):
    import_id = running_job(engine)
    with jobs.worker_lock(engine, import_id) as held:
        assert held
        assert read(engine, import_id)["status"] == "running"
        with jobs.worker_lock(engine, import_id) as second:
            assert not second  # a second delivery of the job's event leaves it to the first worker
        assert read(engine, import_id)["status"] == "running"
    assert read(engine, import_id)["status"] == "failed"


def queued_job(engine, export_zip: bytes, status: str = "queued"):
    """A job as the gateway opens one: with the access its worker audits the import for."""
    import_id, agency_id = uuid.uuid4(), uuid.uuid4()
    access = access_for(str(agency_id))
    with engine.begin() as connection:
        connection.execute(csv_imports.insert().values(
            id=import_id, agency_id=agency_id, requested_by=access["principal"]["id"], access=access,
            strictness="reject", status=status))
        connection.execute(csv_import_parts.insert().values(import_id=import_id, part=0, data=export_zip))
    return import_id


@pytest.fixture
def export_zip(generated, tmp_path):
    return Path(shutil.make_archive(str(tmp_path / "export"), "zip", generated)).read_bytes()


def client_count(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count()).select_from(clients)).scalar()


def test_a_worker_that_exits_before_it_took_its_job_is_started_again_then_the_job_fails_with_the_reason(
        engine, monkeypatch):
    monkeypatch.setattr(jobs, "WORKER_RETRY_SECONDS", 0.01)
    import_id, starts = queued_job(engine, b"PK\x03\x04"), []

    def worker_that_cannot_start():
        starts.append(1)
        return 1
    with Session(engine) as session, session.begin():
        jobs.start_worker(session, import_id, worker_that_cannot_start)
    job = read(engine, import_id)
    assert len(starts) == jobs.WORKER_STARTS
    assert job["status"] == "failed" and job["finished_at"] is not None
    assert job["report"] == {"error": jobs.WORKER_NEVER_STARTED.format(starts=jobs.WORKER_STARTS, status=1)}


def test_a_worker_that_exits_once_its_job_was_cancelled_is_not_started_again(engine):
    import_id, starts = queued_job(engine, b"PK\x03\x04"), []

    def cancelled_meanwhile():
        starts.append(1)
        with Session(engine) as session, session.begin():
            jobs.cancel(session, import_id)
        return 1
    with Session(engine) as session, session.begin():
        jobs.start_worker(session, import_id, cancelled_meanwhile)
    assert len(starts) == 1 and read(engine, import_id)["status"] == "cancelled"


def test_a_cancelled_queued_job_is_never_started(engine, export_zip):
    import_id = queued_job(engine, export_zip)
    with Session(engine) as session, session.begin():
        cancelled = jobs.cancel(session, import_id)
    assert cancelled["status"] == "cancelled" and cancelled["finished_at"] is not None
    jobs.run(engine, import_id)  # its event delivered all the same
    job = read(engine, import_id)
    assert job["status"] == "cancelled" and job["started_at"] is None
    assert client_count(engine) == 0


def test_a_finished_job_cannot_be_cancelled(engine, export_zip):
    import_id = queued_job(engine, export_zip)
    jobs.run(engine, import_id)
    assert read(engine, import_id)["status"] == "succeeded"
    with Session(engine) as session, session.begin(), pytest.raises(Conflict) as refused:
        jobs.cancel(session, import_id)
    assert refused.value.fields == {"import_id": ["the job is succeeded"]}
