"""The runner of a service's jobs (hmis_kit/jobs.py): a nameko extension the service adds,

    job_runner = JobRunner({"import": "clients.csv.import_jobs:run_import"})

naming the work of each kind of job it runs. For as long as the service's container runs, it claims due
queued jobs of those kinds from the jobs table of the service's database, starts a worker process for each
(at most HMIS_JOB_WORKERS at a time), starts again or fails a job whose worker exited before it took it, and
fails running jobs whose worker is gone. Not an event consumer: a job runs in no consumer's transaction, and
no event carries it.
"""
from __future__ import annotations

import logging
import subprocess

import eventlet
from eventlet.greenpool import GreenPool

from hmis_kit import jobs
from hmis_kit.background import BackgroundLoop

log = logging.getLogger(__name__)


class JobRunner(BackgroundLoop):
    """Reaps, claims and records exits in turn on one connection; the workers are processes of their own,
    which finish their jobs, and keep their locks, when the runner stops."""

    identifier = "job_runner"

    def __init__(self, kinds: dict[str, str], database: str | None = None):
        super().__init__(database)
        self.kinds = kinds

    def setup(self) -> None:
        super().setup()
        self.workers = GreenPool(self.settings.job_workers)

    def loop(self) -> None:
        failures = 0
        while self.running:
            try:
                jobs.reap(self.engine)
                claimed = jobs.claim(self.engine, list(self.kinds), self.workers.free())
                failures = 0
            except Exception as error:  # noqa: BLE001 - the runner must outlive database restarts
                failures += 1
                log.warning("job runner failed, retrying", extra={"error": type(error).__name__, "failures": failures})
                eventlet.sleep(min(0.5 * 2 ** failures, 10))
                continue
            for job in claimed:
                self.workers.spawn_n(self._work, job)
            eventlet.sleep(self.settings.jobs_poll_seconds)

    def _work(self, job) -> None:
        command = jobs.worker_command(self.database, job.id, self.kinds[job.kind])
        status = subprocess.run(command, check=False).returncode
        try:
            jobs.after_exit(self.engine, job, status, self.container.service_name)
        except Exception as error:  # noqa: BLE001 - the claim lapses, and the next claim starts it again
            log.warning("job worker's exit not recorded", extra={"job_id": str(job.id), "error": type(error).__name__})
