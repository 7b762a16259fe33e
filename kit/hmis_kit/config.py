"""The infrastructure's settings from the environment: the database server, the broker, where to listen,
logging and delivery. They hold for any component; the kit knows none by name.

`DATABASE_URL` names the PostgreSQL server (any database on it); each database a component names gets
its own database on that server, `<HMIS_DB_PREFIX>_<name>`, unless `<NAME>_DATABASE_URL` names one
outright. A component's HTTP port comes from whoever runs it (the platform's table of components), shifted
by `HMIS_PORT_OFFSET`. Tests set `HMIS_DB_PREFIX`, the offset and an AMQP vhost per run so parallel runs
never see each other. A service reads its own domain settings with `env` (docs/operations.md lists all).

Each engine a component opens holds at most `pool_size + max_overflow` connections
(`HMIS_DB_POOL_SIZE`, `HMIS_DB_MAX_OVERFLOW`, or `HMIS_<COMPONENT>_DB_POOL_SIZE` and
`HMIS_<COMPONENT>_DB_MAX_OVERFLOW` for one component), so the installation's connections add up to a
budget that must fit the server's `max_connections` (`hmis db budget`, docs/operations.md).
`HMIS_ENV` says whether this is a development installation (public development keys allowed) or not.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from sqlalchemy.engine import URL, make_url


def env(name: str, default: str) -> str:
    """The variable's value, or `default` when it is unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or default


ENVIRONMENTS = ("development", "production")


class InvalidSetting(ValueError):
    """A setting the environment gives that cannot be used."""

# What a job worker holds at most at once: its job's lock, its work's two connections (a CSV import's and
# its stager's; a report run needs one) and a progress write.
JOB_POOL_SIZE = 4

@dataclass(frozen=True)
class Pool:
    """How many connections one engine keeps (`size`), may open beyond them (`overflow`), and how long a
    caller waits for one before the engine gives up (`timeout_seconds`, sooner than an RPC caller's
    timeout, so the caller hears "unavailable" from the service rather than nothing)."""

    size: int
    overflow: int
    timeout_seconds: float

    @property
    def connections(self) -> int:
        return self.size + self.overflow


@dataclass(frozen=True)
class Settings:
    # development: public development keys are allowed (with a warning); production: missing keys refuse start.
    environment: str = field(default_factory=lambda: env("HMIS_ENV", "development").lower())
    database_server_url: str = field(
        default_factory=lambda: env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    db_prefix: str = field(default_factory=lambda: env("HMIS_DB_PREFIX", "hmis"))
    amqp_uri: str = field(default_factory=lambda: env("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"))
    events_exchange: str = field(default_factory=lambda: env("HMIS_EVENTS_EXCHANGE", "hmis.events"))
    dead_letter_exchange: str = field(
        default_factory=lambda: env("HMIS_DEAD_LETTER_EXCHANGE", "hmis.dead-letter")
    )
    http_host: str = field(default_factory=lambda: env("HMIS_HTTP_HOST", "127.0.0.1"))
    port_offset: int = field(default_factory=lambda: int(env("HMIS_PORT_OFFSET", "0")))
    log_level: str = field(default_factory=lambda: env("LOG_LEVEL", "INFO"))
    # Proxies (addresses or CIDR networks, comma-separated) whose X-Forwarded-For names the client address.
    trusted_proxies: tuple[str, ...] = field(default_factory=lambda: tuple(
        entry.strip() for entry in env("HMIS_TRUSTED_PROXIES", "").split(",") if entry.strip()))
    handler_max_attempts: int = field(default_factory=lambda: int(env("HMIS_HANDLER_MAX_ATTEMPTS", "5")))
    outbox_poll_seconds: float = field(default_factory=lambda: float(env("HMIS_OUTBOX_POLL_SECONDS", "0.05")))
    # How often a service's job runner looks for queued jobs (hmis_kit.job_runner).
    jobs_poll_seconds: float = field(default_factory=lambda: float(env("HMIS_JOBS_POLL_SECONDS", "0.5")))
    # Job workers (processes) a service's JobRunner runs at once, each with the `job` pool (hmis_kit.jobs).
    job_workers: int = field(default_factory=lambda: int(env("HMIS_JOB_WORKERS", "2")))
    # The heartbeat our own pika connections propose; the broker drops a peer silent for two of them.
    amqp_heartbeat_seconds: int = field(default_factory=lambda: int(env("HMIS_AMQP_HEARTBEAT_SECONDS", "30")))

    db_pool_size: int = field(default_factory=lambda: int(env("HMIS_DB_POOL_SIZE", "5")))
    db_max_overflow: int = field(default_factory=lambda: int(env("HMIS_DB_MAX_OVERFLOW", "3")))
    db_pool_timeout_seconds: float = field(default_factory=lambda: float(env("HMIS_DB_POOL_TIMEOUT_SECONDS", "5")))

    def __post_init__(self) -> None:
        if self.environment not in ENVIRONMENTS:
            raise InvalidSetting(f"HMIS_ENV must be one of {', '.join(ENVIRONMENTS)}, not {self.environment!r}")

    @property
    def development(self) -> bool:
        return self.environment == "development"

    def db_pool(self, component: str | None = None) -> Pool:
        """The pool of an engine `component` opens: its own HMIS_<COMPONENT>_DB_POOL_SIZE and
        HMIS_<COMPONENT>_DB_MAX_OVERFLOW where set, else the installation's."""
        prefix = f"HMIS_{component.upper()}_" if component else "HMIS_"
        return Pool(size=int(env(f"{prefix}DB_POOL_SIZE", str(self.db_pool_size))),
                    overflow=int(env(f"{prefix}DB_MAX_OVERFLOW", str(self.db_max_overflow))),
                    timeout_seconds=self.db_pool_timeout_seconds)

    def job_pool(self) -> Pool:
        """A job worker's pool (hmis_kit.jobs): HMIS_JOB_DB_POOL_SIZE and HMIS_JOB_DB_MAX_OVERFLOW where set,
        else JOB_POOL_SIZE connections and no overflow: a worker has no requests to serve, only its job."""
        return Pool(size=int(env("HMIS_JOB_DB_POOL_SIZE", str(JOB_POOL_SIZE))),
                    overflow=int(env("HMIS_JOB_DB_MAX_OVERFLOW", "0")), timeout_seconds=self.db_pool_timeout_seconds)

    def database_url(self, database: str) -> str:
        """The SQLAlchemy URL of the database named `database` (a component's own, or one it shares)."""
        override = os.environ.get(f"{database.upper()}_DATABASE_URL")
        if override:
            return override
        # psycopg2 explicitly: SQLAlchemy 2.1 defaults to psycopg 3, and psycogreen makes psycopg2 cooperative.
        url: URL = make_url(self.database_server_url).set(
            drivername="postgresql+psycopg2", database=f"{self.db_prefix}_{database}")
        return url.render_as_string(hide_password=False)

    def http_port(self, port: int) -> int:
        """Where a component listens: its port in the platform's table, shifted by HMIS_PORT_OFFSET."""
        return port + self.port_offset

    def nameko_config(self, port: int | None = None) -> dict:
        """The nameko config of a service answering HTTP on `port` (its port in the platform's table), or of
        a caller that only sends RPCs and events (no port)."""
        return {
            "AMQP_URI": self.amqp_uri,
            **({"WEB_SERVER_ADDRESS": f"{self.http_host}:{self.http_port(port)}"} if port is not None else {}),
            "serializer": "json",
            # Finish in-flight workers on shutdown rather than dropping them.
            "max_workers": 10,
            "PARENT_CALLS_TRACKED": 10,
        }


def load() -> Settings:
    return Settings()
