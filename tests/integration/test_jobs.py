"""The jobs primitive (hmis_kit.jobs) on its own, on a real database: a job is claimed once among runners,
reports its progress, is cancelled, records its success in its work's own transaction or not at all, and a
job whose worker process dies or never starts ends failed with the reason (or is started again)."""
import os
import signal
import subprocess
import uuid
from pathlib import Path

import eventlet
import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit import jobs
from hmis_kit.db import make_engine
from hmis_kit.errors import Conflict
from support import access_for, eventually

pytestmark = pytest.mark.integration
KIND = "sample"
# The private clients database of the CSV tests (conftest.csv_database): `hmis_kit.jobs DATABASE` names it so.
DATABASE = "clients_csv"


@pytest.fixture
def written(engine):
    """A table of the work's own, to see what a job wrote."""
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE IF NOT EXISTS job_writes (job_id uuid NOT NULL)")
        connection.exec_driver_sql("TRUNCATE job_writes")

    def rows_of(job_id) -> int:
        with engine.connect() as connection:
            return connection.execute(sa.text("SELECT count(*) FROM job_writes WHERE job_id = :id"),
                                      {"id": job_id}).scalar()
    return rows_of


def queue(engine, kind: str = KIND) -> uuid.UUID:
    with Session(engine) as session, session.begin():
        return jobs.enqueue(session, kind, {"rows": 1}, access_for(str(uuid.uuid4())))


def read(engine, job_id) -> dict:
    with Session(engine) as session, session.begin():
        return jobs.find(session, job_id)


def test_each_job_is_claimed_once_among_two_runners(engine, settings):
    queued = {queue(engine) for _ in range(20)}
    other = make_engine(settings.database_url(DATABASE))  # the second runner's own connections
    try:
        def runner(runner_engine):
            taken = []
            while batch := jobs.claim(runner_engine, [KIND], 1):
                taken += [job.id for job in batch]
                eventlet.sleep(0)
            return taken
        first, second = eventlet.spawn(runner, engine), eventlet.spawn(runner, other)
        taken_first, taken_second = first.wait(), second.wait()
    finally:
        other.dispose()
    assert sorted(taken_first + taken_second) == sorted(queued)  # each once
    assert taken_first and taken_second  # and both runners had some
    assert {read(engine, job_id)["attempts"] for job_id in queued} == {1}


def test_a_job_reports_its_progress_and_its_result(engine):
    job_id, seen = queue(engine), []

    def work(job):
        job.total(4)
        job.advance(1)
        seen.append(read(engine, job_id))
        job.advance(3)
        return {"rows": job.params["rows"]}
    jobs.run(engine, job_id, work)
    assert seen[0]["status"] == "running" and seen[0]["progress"] == 0.25
    job = read(engine, job_id)
    assert job["status"] == "succeeded" and job["progress"] == 1.0 and job["result"] == {"rows": 1}
    assert job["finished_at"] >= job["started_at"] >= job["created_at"]


def test_a_job_succeeds_exactly_when_its_work_commits(engine, written):
    def work(job):
        with job.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO job_writes VALUES (:id)"), {"id": job.id})
            job.succeed(connection, {"rows": 1})
    job_id = queue(engine)
    jobs.run(engine, job_id, work)
    assert read(engine, job_id)["status"] == "succeeded" and written(job_id) == 1

    def work_failing_before_its_commit(job):
        with job.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO job_writes VALUES (:id)"), {"id": job.id})
            job.succeed(connection, {"rows": 1})
            raise RuntimeError("after its success was recorded, before the commit")
    job_id = queue(engine)
    with pytest.raises(RuntimeError):
        jobs.run(engine, job_id, work_failing_before_its_commit)
    job = read(engine, job_id)
    assert job["status"] == "failed" and job["result"] is None and written(job_id) == 0
    assert job["error"] == jobs.WORKER_FAILED.format(kind=KIND, error="RuntimeError")


def test_a_job_fails_with_what_its_work_says(engine):
    def work(job):
        raise jobs.Failed("the input is not usable", {"errors": 1})
    job_id = queue(engine)
    jobs.run(engine, job_id, work)
    job = read(engine, job_id)
    assert (job["status"], job["error"], job["result"]) == ("failed", "the input is not usable", {"errors": 1})


def test_a_job_cancelled_while_it_runs_writes_nothing(engine, written):
    def work(job):
        with job.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO job_writes VALUES (:id)"), {"id": job.id})
            with Session(engine) as session, session.begin():
                assert jobs.cancel(session, job.id)["status"] == "cancelled"
            job.succeed(connection, {"rows": 1})
    job_id = queue(engine)
    jobs.run(engine, job_id, work)
    job = read(engine, job_id)
    assert job["status"] == "cancelled" and job["result"] is None and written(job_id) == 0


def test_a_query_the_work_begins_after_the_cancel_is_cancelled_too(engine):
    """`cancel` reaches the queries running when it runs; the worker's own watch, one begun later."""
    job_id = queue(engine)
    named = engine.url.update_query_dict({"application_name": jobs.worker_name(job_id)})
    worker_engine = make_engine(named.render_as_string(hide_password=False))
    stopped_by = []

    def work(job):
        with Session(engine) as session, session.begin():
            jobs.cancel(session, job.id)  # no query of the work runs yet
        with job.engine.connect() as connection:
            connection.exec_driver_sql("SET statement_timeout = '60s'")  # what stops it if the watch does not
            try:
                connection.exec_driver_sql("SELECT pg_sleep(120)")
            except sa.exc.OperationalError as error:
                stopped_by.append(str(error.orig).splitlines()[0])
                raise
    try:
        jobs.run(worker_engine, job_id, work)
    finally:
        worker_engine.dispose()
    assert stopped_by == ["canceling statement due to user request"]
    assert read(engine, job_id)["status"] == "cancelled"


def test_a_cancelled_job_is_never_claimed_and_a_finished_one_cannot_be_cancelled(engine):
    job_id = queue(engine)
    with Session(engine) as session, session.begin():
        jobs.cancel(session, job_id)
    assert job_id not in {job.id for job in jobs.claim(engine, [KIND], 100)}
    jobs.run(engine, job_id, lambda job: pytest.fail("a cancelled job ran"))
    with Session(engine) as session, session.begin(), pytest.raises(Conflict) as refused:
        jobs.cancel(session, job_id)
    assert refused.value.fields == {"job_id": ["the job is cancelled"]}


@pytest.fixture
def worker_env(monkeypatch):
    """Worker processes import this folder's job_work."""
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(Path(__file__).parent), os.environ.get("PYTHONPATH", "")]))


def test_a_job_whose_worker_process_dies_is_failed(engine, worker_env):
    job_id = queue(engine)
    worker = subprocess.Popen(jobs.worker_command(DATABASE, job_id, "job_work:wait_for_ever"))
    try:
        eventually(lambda: read(engine, job_id)["progress"] == 0.1, timeout=30)
        assert read(engine, job_id)["status"] == "running"  # its worker holds its lock
        jobs.reap(engine)
        assert read(engine, job_id)["status"] == "running"
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
    jobs.reap(engine)  # the runner's sweep, without anyone reading the job
    with engine.connect() as connection:
        job = connection.execute(sa.select(jobs.jobs).where(jobs.jobs.c.id == job_id)).one()
    assert job.status == "failed" and job.error == "the sample's worker stopped before it finished; nothing was written"


def test_a_job_whose_worker_never_starts_is_started_again_then_failed_with_the_reason(engine, worker_env, monkeypatch):
    monkeypatch.setattr(jobs, "WORKER_RETRY_SECONDS", 0.01)
    job_id, statuses = queue(engine), []
    while read(engine, job_id)["status"] == "queued":
        for job in eventually(lambda: jobs.claim(engine, [KIND], 1), timeout=10):
            statuses.append(subprocess.run(jobs.worker_command(DATABASE, job.id, "job_work:no_such_work")).returncode)
            jobs.after_exit(engine, job, statuses[-1], "sample")
    job = read(engine, job_id)
    assert statuses == [1] * jobs.WORKER_STARTS and job["attempts"] == jobs.WORKER_STARTS
    assert job["status"] == "failed" and job["started_at"] is None
    assert job["error"] == jobs.WORKER_NEVER_STARTED.format(kind=KIND, starts=3, status=1, service="sample")
