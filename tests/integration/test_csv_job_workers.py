"""A background import whose worker died (killed, or its host gone) is reported failed, not left
`running` for ever; one whose worker is alive is left alone, and a second worker leaves it to the first."""
import uuid

import pytest
from sqlalchemy.orm import Session

from clients.csv import jobs
from clients.models import csv_imports

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
