"""Jobs: long work (an import, a report) run in the background, in a process of its own, with its progress,
its outcome and a cancel; the same for every service that keeps the `jobs` table in its database.

A job is `queued` by `enqueue`, in the caller's transaction: it exists exactly when the request that
asked for it committed. A service's `JobRunner` (hmis_kit/job_runner.py) claims due queued jobs
(`FOR UPDATE SKIP LOCKED`, so several instances share them, each job claimed once) and starts a worker
for each, `python -m hmis_kit.jobs DATABASE JOB_ID module:function`: a process of its own, because work
such as COPY holds the database driver for seconds at a time, which would stall a service's green threads.
The worker takes the job's advisory lock (`worker_lock`), then the job (`queued` -> `running`), and calls
the function with a `Job`, which reports progress and, for transactional work, records the job's success
in the work's own transaction (`Job.succeed`): a job succeeded exactly when its work was written. The job
ends `succeeded`, `failed` (with `error`, and `result` where the work reports why) or `cancelled`.

No job is lost or left waiting for ever:
- A worker that exits while its job is still `queued` never took it (it could not reach the database, its
  code would not load): the job is claimed again after WORKER_RETRY_SECONDS, doubled before each further
  start, WORKER_STARTS starts in all; then it fails with WORKER_NEVER_STARTED (`after_exit`). A claim is a
  lease of CLAIM_SECONDS: a runner that dies between its claim and its worker's start leaves the job to
  the next claim.
- A worker holds its job's advisory lock for as long as it works. A job still `running` whose lock nobody
  holds lost its worker (killed, or its host gone): reading it (`get`) or the runner's sweep (`reap`)
  marks it failed with WORKER_GONE; its transaction rolled back with its connection, so nothing was written.
- `cancel`: a queued job is never started; a running one's queries are cancelled (its worker's connections
  carry the job in their application_name), and its work cannot record success (`Job.succeed` finds it no
  longer running), so it writes nothing. A query the work begins after the cancel (its connection opened
  late) is cancelled by the worker itself, which looks every CANCEL_WATCH_SECONDS (`_cancel_watch`).

A kind is a noun naming what the job makes ("import", "report"): the messages say "the import's worker...".
"""
from __future__ import annotations

import importlib
import logging
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hmis_kit import config, logs
from hmis_kit.db import make_engine
from hmis_kit.errors import Conflict, NotFound

log = logging.getLogger(__name__)

QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED = "queued", "running", "succeeded", "failed", "cancelled"
UNFINISHED = (QUEUED, RUNNING)
PROGRESS_EVERY_SECONDS = 0.5
# A runner's claim on a queued job lasts this long: its worker takes the job well within it.
CLAIM_SECONDS = 60
WORKER_LOCK_CLASS = 7307  # the first key of the job locks, so they meet no other advisory lock
# A worker that exits before it took its job is started again after WORKER_RETRY_SECONDS, doubled before
# each further start, WORKER_STARTS times in all.
WORKER_STARTS = 3
WORKER_RETRY_SECONDS = 1.0
CANCEL_WATCH_SECONDS = 1.0
WORKER_GONE = "the {kind}'s worker stopped before it finished; nothing was written"
WORKER_NEVER_STARTED = ("the {kind}'s worker exited before it started the {kind}, {starts} times (last exit status "
                        "{status}; the {service} service's log says why); nothing was written")
WORKER_FAILED = "the {kind} stopped on an unexpected error ({error}); nothing was written"

jobs_metadata = sa.MetaData()

jobs = sa.Table(
    "jobs",
    jobs_metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),  # queued, running, succeeded, failed, cancelled
    sa.Column("params", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    # How far the work is, in units of its own (an import: bytes of its export read), out of progress_total.
    sa.Column("progress_done", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("progress_total", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("result", JSONB),  # what the work reports: its answer, or why it failed
    sa.Column("error", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),  # workers started
    # When a runner may claim the queued job: now, after a retry's pause, or once a dead runner's claim lapsed.
    sa.Column("not_before", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("requested_by", UUID(as_uuid=True)),
    # What the gateway authorized (principal, decision id, purpose), for the audit rows the work writes.
    sa.Column("access", JSONB),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Index("jobs_queued", "not_before", postgresql_where=sa.text("status = 'queued'")),
)


class Cancelled(Exception):
    """The job was cancelled while its work ran: the work's transaction rolls back."""


class Failed(Exception):
    """Work that cannot succeed, and says why: `error`, and what it found (`result`, e.g. a report)."""

    def __init__(self, error: str | None = None, result: dict | None = None):
        super().__init__(error)
        self.error, self.result = error, result


# The caller's side: enqueue, read, cancel.

def enqueue(session: Session, kind: str, params: dict | None = None, access: dict | None = None,
            job_id: uuid.UUID | None = None) -> uuid.UUID:
    """Queue a job in the caller's transaction; `access` (the gateway's) names who asked."""
    job_id = job_id or uuid.uuid4()
    requested_by = uuid.UUID(access["principal"]["id"]) if access else None
    session.execute(jobs.insert().values(id=job_id, kind=kind, status=QUEUED, params=params or {}, access=access,
                                         requested_by=requested_by))
    return job_id


def find(session: Session, job_id: uuid.UUID) -> dict | None:
    """The job and its progress (0 to 1), or None; a running job whose worker is gone is failed first."""
    job = _row(session, job_id)
    if job is not None and job.status == RUNNING and _worker_gone(session, job_id):
        _fail_gone(session, job)
        job = _row(session, job_id)
    return None if job is None else with_progress(job)


def with_progress(job) -> dict:
    """A row of `jobs` as a dict, with its progress (0 to 1)."""
    answer = dict(job._mapping)
    answer["progress"] = min(1.0, job.progress_done / job.progress_total) if job.progress_total else 0.0
    return answer


def cancel(session: Session, job_id: uuid.UUID, field: str = "job_id") -> dict:
    """Cancel a job that has not finished: a queued one is never started; a running one's worker has its
    queries cancelled, and in any case its work cannot record success (`Job.succeed` finds the job no longer
    running), so nothing is written. A finished job is a Conflict naming `field`."""
    job = _row(session, job_id, lock=True)  # waits for work committing its success, then sees it
    if job is None:
        raise NotFound("no such job", {field: ["unknown job"]})
    if job.status not in UNFINISHED:
        raise Conflict("the job has finished", {field: [f"the job is {job.status}"]})
    session.execute(jobs.update().where(jobs.c.id == job_id).values(status=CANCELLED, finished_at=sa.func.now()))
    if job.status == RUNNING:
        # Before this commits: the worker's failure, recorded only for a job still running, waits for it.
        _cancel_queries(session, job_id)
    log.info("job cancelled", extra={"job_id": str(job_id), "kind": job.kind, "was": job.status})
    return find(session, job_id)


# The runner's side: claim, start again or give up, sweep.

def claim(engine: sa.Engine, kinds: list[str], limit: int) -> list:
    """Up to `limit` due queued jobs of these kinds, each claimed once among all runners (a lease of
    CLAIM_SECONDS, counted as a start): rows of (id, kind, attempts)."""
    if limit <= 0:
        return []
    with engine.begin() as connection:
        due = (sa.select(jobs.c.id).where(jobs.c.status == QUEUED, jobs.c.kind.in_(kinds),
                                          jobs.c.not_before <= sa.func.now())
               .order_by(jobs.c.not_before).limit(limit).with_for_update(skip_locked=True))
        return connection.execute(
            jobs.update().where(jobs.c.id.in_(due.scalar_subquery()))
            .values(attempts=jobs.c.attempts + 1, not_before=sa.func.now() + timedelta(seconds=CLAIM_SECONDS))
            .returning(jobs.c.id, jobs.c.kind, jobs.c.attempts)).all()


def after_exit(engine: sa.Engine, job, status: int, service: str) -> None:
    """A claimed job's worker exited with `status`. If the job is still queued, that worker never took it:
    it is claimed again after a pause, or, after WORKER_STARTS starts, fails with the reason rather than wait
    for ever for a worker that will not come."""
    with engine.begin() as connection:
        still_queued = (jobs.c.id == job.id) & (jobs.c.status == QUEUED)
        if job.attempts < WORKER_STARTS:
            pause = timedelta(seconds=WORKER_RETRY_SECONDS * 2 ** (job.attempts - 1))
            retried = connection.execute(jobs.update().where(still_queued)
                                         .values(not_before=sa.func.now() + pause)).rowcount
        else:
            retried = connection.execute(jobs.update().where(still_queued).values(
                status=FAILED, finished_at=sa.func.now(), error=WORKER_NEVER_STARTED.format(
                    kind=job.kind, starts=job.attempts, status=status, service=service))).rowcount
    if retried:
        log.warning("job worker exited before it took its job", extra={
            "job_id": str(job.id), "kind": job.kind, "exit_status": status, "start": job.attempts})


def reap(engine: sa.Engine) -> None:
    """Fail every running job whose worker is gone, whether or not anyone reads it."""
    with engine.connect() as connection:
        running = connection.execute(sa.select(jobs.c.id).where(jobs.c.status == RUNNING)).scalars().all()
    for job_id in running:
        with Session(engine) as session, session.begin():
            job = _row(session, job_id)
            if job.status == RUNNING and _worker_gone(session, job_id):
                _fail_gone(session, job)


def worker_command(database: str, job_id: uuid.UUID, work: str) -> list[str]:
    return [sys.executable, "-m", "hmis_kit.jobs", database, str(job_id), work]


# The worker's side.

class Job:
    """What the work of a job is handed: its params and access, a database engine (its connections name the
    job, see `cancel`), progress reports, and `succeed` for work that commits its own transaction."""

    def __init__(self, engine: sa.Engine, row):
        self.engine, self.id, self.kind = engine, row.id, row.kind
        self.params, self.access = row.params, row.access
        self.done, self.written_at, self.recorded = 0, 0.0, False

    def total(self, total: int) -> None:
        """How many units the work will do, once it knows."""
        self._write(progress_total=total)

    def advance(self, done: int) -> None:
        """`done` more units done; written now and then (every PROGRESS_EVERY_SECONDS), in a transaction of its own."""
        self.done += done
        if time.monotonic() - self.written_at >= PROGRESS_EVERY_SECONDS:
            self.written_at = time.monotonic()
            self._write(progress_done=self.done)

    def succeed(self, connection: sa.Connection, result: dict | None) -> None:
        """Record the job's success in the work's own transaction, just before it commits; raises Cancelled
        (rolling the work back) when the job is no longer running. A cancel takes the job's row lock first,
        or waits for this transaction's, so of the two only the first wins."""
        if not _finish(connection, self.id, SUCCEEDED, self.done, result=result):
            raise Cancelled
        self.recorded = True

    def _write(self, **values) -> None:
        with self.engine.begin() as connection:
            connection.execute(jobs.update().where(jobs.c.id == self.id).values(**values))


def run(engine: sa.Engine, job_id: uuid.UUID, work: Callable[[Job], dict | None]) -> None:
    """Run a queued job to its end (once: a job another worker took is left to it). Work that returns
    without `Job.succeed` has its answer recorded as the job's result."""
    with worker_lock(engine, job_id) as held:
        if held:
            _run(engine, job_id, work, held)


def _run(engine: sa.Engine, job_id: uuid.UUID, work: Callable[[Job], dict | None], idle: sa.Connection) -> None:
    with engine.begin() as connection:
        row = connection.execute(jobs.update().where(jobs.c.id == job_id, jobs.c.status == QUEUED)
                                 .values(status=RUNNING, started_at=sa.func.now()).returning(jobs)).first()
    if row is None:
        return  # cancelled, or another worker took it and finished
    job = Job(engine, row)
    unexpected = None
    try:
        with _cancel_watch(idle, job_id):
            result = work(job)
        if not job.recorded:
            with engine.begin() as connection:
                job.recorded = _finish(connection, job_id, SUCCEEDED, job.done, result=result)
        log.info("job finished", extra={"job_id": str(job_id), "kind": job.kind,
                                        "status": SUCCEEDED if job.recorded else CANCELLED})
        return
    except Failed as failed:
        error, result = failed.error, failed.result
    except Exception as raised:  # the job was cancelled (and its queries, see `cancel`), or the work failed
        error, result, unexpected = WORKER_FAILED.format(kind=job.kind, error=type(raised).__name__), None, raised
    with engine.begin() as connection:
        failed = _finish(connection, job_id, FAILED, job.done, result=result, error=error)
    log.info("job finished", extra={"job_id": str(job_id), "kind": job.kind, "status": FAILED if failed else CANCELLED})
    if failed and unexpected:
        raise unexpected  # for the log


def _finish(connection: sa.Connection, job_id: uuid.UUID, status: str, done: int, **outcome) -> bool:
    """The job's outcome, if it is still running; False when it is not (it was cancelled)."""
    return bool(connection.execute(jobs.update().where(jobs.c.id == job_id, jobs.c.status == RUNNING).values(
        status=status, progress_done=done, finished_at=sa.func.now(), **outcome)).rowcount)


def _cancel_queries(connection: sa.Connection | Session, job_id: uuid.UUID) -> None:
    """Cancel the queries of the job's worker's connections (but the one asking)."""
    connection.execute(sa.select(sa.func.pg_cancel_backend(sa.column("pid"))).select_from(sa.table("pg_stat_activity"))
                       .where(sa.column("application_name") == worker_name(job_id),
                              sa.column("pid") != sa.func.pg_backend_pid()))


@contextmanager
def _cancel_watch(idle: sa.Connection, job_id: uuid.UUID) -> Iterator[None]:
    """While the work runs, look every CANCEL_WATCH_SECONDS whether the job was cancelled, and if so cancel the
    worker's queries: `cancel` reaches only those running when it ran, not one the work began after. It asks on
    the connection holding the job's lock (`worker_lock`), which is otherwise idle until the work ends, so it takes
    none of the work's connections."""
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(CANCEL_WATCH_SECONDS):
            status = idle.execute(sa.select(jobs.c.status).where(jobs.c.id == job_id)).scalar()
            if status == CANCELLED:
                _cancel_queries(idle, job_id)
            idle.commit()

    watcher = threading.Thread(target=watch, name=f"cancel watch {job_id}", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join()


@contextmanager
def worker_lock(engine: sa.Engine, job_id: uuid.UUID) -> Iterator[sa.Connection | None]:
    """Hold the job's lock on a connection of its own while the block runs, and yield that connection (idle
    meanwhile); yields None when another worker holds the lock."""
    with engine.connect() as connection:
        held = connection.execute(sa.select(sa.func.pg_try_advisory_lock(*_lock_key(job_id)))).scalar()
        connection.commit()
        try:
            yield connection if held else None
        finally:
            if held:  # a session lock outlives the transaction, and the connection goes back to the pool
                connection.execute(sa.select(sa.func.pg_advisory_unlock(*_lock_key(job_id))))
                connection.commit()


def worker_name(job_id: uuid.UUID) -> str:
    """The application_name of a worker's connections, by which `cancel` finds them."""
    return f"hmis-job {job_id}"


def _worker_gone(session: Session, job_id: uuid.UUID) -> bool:
    """Nobody holds the job's lock (taken here only until the end of this transaction)."""
    return session.execute(sa.select(sa.func.pg_try_advisory_xact_lock(*_lock_key(job_id)))).scalar()


def _fail_gone(session: Session, job) -> None:
    # Only if still running: a worker that finished meanwhile has written its own outcome.
    session.execute(jobs.update().where(jobs.c.id == job.id, jobs.c.status == RUNNING).values(
        status=FAILED, error=WORKER_GONE.format(kind=job.kind), finished_at=sa.func.now()))


def _lock_key(job_id: uuid.UUID) -> tuple:
    return WORKER_LOCK_CLASS, sa.func.hashtext(str(job_id))


def _row(session: Session, job_id: uuid.UUID, lock: bool = False):
    statement = sa.select(jobs).where(jobs.c.id == job_id)
    return session.execute(statement.with_for_update() if lock else statement).first()


def load_work(path: str) -> Callable[[Job], dict | None]:
    """`module:function`, as a runner names a kind's work."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def main(database: str, job_id: str, work_path: str) -> None:
    """A worker process: run one job of `database`'s jobs table with the work named `module:function`."""
    logs.configure(f"{database}-job")
    work = load_work(work_path)  # work that cannot load exits before it takes its job: it is started again
    job = uuid.UUID(job_id)
    settings = config.load()
    url = make_url(settings.database_url(database)).update_query_dict({"application_name": worker_name(job)})
    engine = make_engine(url.render_as_string(hide_password=False), settings.job_pool())
    try:
        run(engine, job, work)
    finally:
        engine.dispose()


def create_table() -> None:
    """Called from the migration of each database whose service runs jobs."""
    from alembic import op

    jobs_metadata.create_all(op.get_bind())


def drop_table() -> None:
    from alembic import op

    jobs_metadata.drop_all(op.get_bind())


if __name__ == "__main__":
    from hmis_kit.jobs import main as worker_main  # the module proper, whose exceptions the work raises
    worker_main(*sys.argv[1:])
