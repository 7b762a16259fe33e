"""The whole platform as separate processes (as `make run` starts it), on databases and a vhost of its
own, with the HMIS lead logged in; torn down afterwards. Shared by the benchmarks that need it."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

PASSWORD = "benchmark password 2026"


@dataclass
class Platform:
    settings: object
    url: str
    call: object  # hmis_platform.onboarding's call over HTTP
    lead: object  # the HMIS lead's system administrator, with a second factor
    logs: str


@contextmanager
def running_platform(environment: dict[str, str] | None = None,
                     prepare: Callable[[object], None] | None = None) -> Iterator[Platform]:
    """`environment`: settings of this run's own (e.g. a short broker heartbeat), for every process; `prepare`:
    work on the migrated databases before any process starts, given the run's settings (e.g. data loaded)."""
    from hmis_kit import config, migrations  # first: it sets the warning filters nameko's imports need
    from hmis_kit.db import drop_database
    from hmis_kit.isolation import delete_vhost, private_vhost
    from hmis_platform import demo
    from hmis_platform.components import COMPONENTS, DATABASES, gateway_url
    from hmis_platform.onboarding import Person, enroll_second_factor, log_in, wait_until_allowed

    run_id = uuid.uuid4().hex[:8]
    vhost = f"hmis-bench-{run_id}"
    base = config.load()
    isolated = private_vhost(base.amqp_uri, vhost)
    os.environ.update({"HMIS_DB_PREFIX": f"hmis_bench_{run_id}", "HMIS_PORT_OFFSET": "30000",
                       "AMQP_URI": isolated or base.amqp_uri, "LOG_LEVEL": "WARNING", "PYTHONUNBUFFERED": "1",
                       **(environment or {})})
    settings = config.load()
    processes: list[subprocess.Popen] = []
    log_dir = tempfile.mkdtemp(prefix="hmis-bench-")
    try:
        for database, package in DATABASES.items():
            migrations.upgrade(database, settings, package)
        if prepare:
            prepare(settings)
        for component in COMPONENTS:
            log = open(os.path.join(log_dir, f"{component}.log"), "w")
            processes.append(subprocess.Popen([sys.executable, "-m", "hmis_platform.serve", component],
                                              env=dict(os.environ), stdout=log, stderr=subprocess.STDOUT))
        url = gateway_url(settings)
        if not demo.wait_until_ready(url, timeout=60):
            raise RuntimeError("the platform did not become ready")
        call = demo.http_caller(url)
        demo.bootstrap_lead(settings)
        lead = log_in(call, Person(*demo.ADMIN))
        wait_until_allowed(call, lead, "mfa:enroll")
        enroll_second_factor(call, lead)
        yield Platform(settings, url, call, lead, log_dir)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)
        for database in DATABASES:
            drop_database(settings.database_url(database))
        if isolated:
            delete_vhost(vhost)


def new_worker(platform: Platform, agency_name: str):
    """A licensed, trained case manager of a new agency."""
    from hmis_platform.onboarding import Person, expect, onboard

    agency = expect(platform.call, "POST", "/api/v1/agencies", headers=platform.lead.headers,
                    json={"name": agency_name})
    return onboard(platform.call, platform.lead, platform.lead,
                   Person(f"bench.{uuid.uuid4().hex[:6]}", PASSWORD), ["case_manager"], agency["id"], "clients:read")
