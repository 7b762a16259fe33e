"""The installation's PostgreSQL connection budget: every connection its processes may hold at once, against
what the server allows (`hmis db budget`; `hmis run` refuses to start when it does not fit).

    components x (pool + overflow) + outbox relays + job runners + job workers x (pool + overflow) + migrations
        <= max_connections - superuser_reserved_connections (- reserved_connections, PostgreSQL 16+)

Each component's engine takes its pool from HMIS_<COMPONENT>_DB_POOL_SIZE / _DB_MAX_OVERFLOW or the
installation's HMIS_DB_POOL_SIZE / HMIS_DB_MAX_OVERFLOW (hmis_kit.config); each nameko service's outbox relay
holds one connection; a service running jobs (the clients service: CSV imports; the reports service: report
runs) holds one more for its job runner, and runs at most HMIS_JOB_WORKERS job workers, each with the job pool
(hmis_kit.config.Settings.job_pool: HMIS_JOB_DB_POOL_SIZE / _DB_MAX_OVERFLOW, by default 4 and 0); migrations run one database at a time on one connection.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from hmis_kit import config
from hmis_kit.background import one_connection
from hmis_platform.components import COMPONENTS

MIGRATIONS = 1


@dataclass(frozen=True)
class Line:
    what: str
    how: str
    connections: int


@dataclass(frozen=True)
class Server:
    max_connections: int
    reserved: int

    @property
    def available(self) -> int:
        return self.max_connections - self.reserved


def lines(settings: config.Settings) -> list[Line]:
    """What each process may hold at once, as the settings say."""
    budget = []
    for component in COMPONENTS.values():
        pool = settings.db_pool(component.name)
        if component.service:  # a nameko service: its Database and its outbox relay
            relay = one_connection(settings).connections
            budget.append(Line(component.name, f"pool {pool.size} + overflow {pool.overflow} + relay {relay}",
                               pool.connections + relay))
        else:
            budget.append(Line(component.name, f"pool {pool.size} + overflow {pool.overflow}", pool.connections))
    workers, job = settings.job_workers, settings.job_pool()
    for component in COMPONENTS.values():
        if component.runs_jobs:
            runner = one_connection(settings).connections
            budget.append(Line(f"{component.name} jobs", f"runner {runner} + {workers} workers x (pool {job.size} + "
                                                          f"overflow {job.overflow})", runner + workers * job.connections))
    budget.append(Line("migrations", "one database at a time", MIGRATIONS))
    return budget


def server(settings: config.Settings) -> Server:
    """What the server allows: max_connections less the connections it keeps for superusers (and, from
    PostgreSQL 16, for roles with pg_use_reserved_connections)."""
    url = sa.engine.make_url(settings.database_server_url).set(drivername="postgresql+psycopg2")
    engine = sa.create_engine(url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            def setting(name: str) -> int:
                found = connection.execute(sa.text("SELECT setting FROM pg_settings WHERE name = :n"),
                                           {"n": name}).scalar()
                return int(found or 0)
            return Server(setting("max_connections"),
                          setting("superuser_reserved_connections") + setting("reserved_connections"))
    finally:
        engine.dispose()


def report(settings: config.Settings) -> tuple[bool, list[str]]:
    """Whether the budget fits the server, and the lines that say so."""
    budget, limit = lines(settings), server(settings)
    total = sum(line.connections for line in budget)
    fits = total <= limit.available
    text = [f"{line.what:<16} {line.how:<40} {line.connections:>4}" for line in budget]
    text.append(f"{'total':<16} {'':<40} {total:>4}")
    text.append(f"server: max_connections {limit.max_connections} - reserved {limit.reserved} = "
                f"{limit.available} available: " + ("fits" if fits else
                f"DOES NOT FIT by {total - limit.available}; lower HMIS_DB_POOL_SIZE / HMIS_DB_MAX_OVERFLOW "
                "(or a component's own) or raise max_connections (docs/operations.md)"))
    return fits, text
