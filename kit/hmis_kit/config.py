"""Settings from the environment, read in one place.

`DATABASE_URL` names the PostgreSQL server (any database on it); each service gets its own database
on that server, named `<HMIS_DB_PREFIX>_<service>` (e.g. `hmis_identity`), unless
`<SERVICE>_DATABASE_URL` names one outright. Tests set `HMIS_DB_PREFIX` and an AMQP vhost per run so
parallel runs never see each other.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from sqlalchemy.engine import URL, make_url

SERVICES = ("identity", "clients", "consent", "ces", "training", "reports")
# The gateway keeps its own database too: the decision log and the policy data it follows from events.
DATABASES = SERVICES + ("gateway",)

# Every nameko process the platform runs, and the class each one serves (`python -m hmis_kit.serve NAME`).
COMPONENTS = {
    "identity": "identity.service:IdentityService",
    "clients": "clients.service:ClientsService",
    "consent": "consent.service:ConsentService",
    "ces": "ces.service:CesService",
    "training": "training.service:TrainingService",
    "reports": "reports.service:ReportsService",
    "policy_feed": "hmis_gateway.policy_feed:PolicyFeedService",
}

HTTP_PORTS = {
    "gateway": 8000,
    "identity": 8001,
    "clients": 8002,
    "consent": 8003,
    "ces": 8004,
    "training": 8005,
    "reports": 8006,
    "policy_feed": 8007,
}


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    database_server_url: str = field(
        default_factory=lambda: _env("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    db_prefix: str = field(default_factory=lambda: _env("HMIS_DB_PREFIX", "hmis"))
    amqp_uri: str = field(default_factory=lambda: _env("AMQP_URI", "amqp://guest:guest@127.0.0.1:5672/"))
    events_exchange: str = field(default_factory=lambda: _env("HMIS_EVENTS_EXCHANGE", "hmis.events"))
    dead_letter_exchange: str = field(
        default_factory=lambda: _env("HMIS_DEAD_LETTER_EXCHANGE", "hmis.dead-letter")
    )
    http_host: str = field(default_factory=lambda: _env("HMIS_HTTP_HOST", "127.0.0.1"))
    port_offset: int = field(default_factory=lambda: int(_env("HMIS_PORT_OFFSET", "0")))
    log_level: str = field(default_factory=lambda: _env("LOG_LEVEL", "INFO"))
    session_idle_minutes: int = field(default_factory=lambda: int(_env("HMIS_SESSION_IDLE_MINUTES", "15")))
    session_absolute_hours: int = field(default_factory=lambda: int(_env("HMIS_SESSION_ABSOLUTE_HOURS", "12")))
    login_max_failures: int = field(default_factory=lambda: int(_env("HMIS_LOGIN_MAX_FAILURES", "5")))
    login_lockout_minutes: int = field(default_factory=lambda: int(_env("HMIS_LOGIN_LOCKOUT_MINUTES", "15")))
    # Failed logins from one client address within the window before its attempts are refused unevaluated.
    login_address_max_failures: int = field(
        default_factory=lambda: int(_env("HMIS_LOGIN_ADDRESS_MAX_FAILURES", "20")))
    login_address_window_minutes: int = field(
        default_factory=lambda: int(_env("HMIS_LOGIN_ADDRESS_WINDOW_MINUTES", "15")))
    # Proxies (addresses or CIDR networks, comma-separated) whose X-Forwarded-For the gateway believes.
    trusted_proxies: tuple[str, ...] = field(default_factory=lambda: tuple(
        entry.strip() for entry in _env("HMIS_TRUSTED_PROXIES", "").split(",") if entry.strip()))
    inactive_lock_days: int = field(default_factory=lambda: int(_env("HMIS_INACTIVE_LOCK_DAYS", "90")))
    fee_grace_days: int = field(default_factory=lambda: int(_env("HMIS_FEE_GRACE_DAYS", "30")))
    consent_term_days: int = field(default_factory=lambda: int(_env("HMIS_CONSENT_TERM_DAYS", "365")))
    consent_expiring_days: int = field(default_factory=lambda: int(_env("HMIS_CONSENT_EXPIRING_DAYS", "30")))
    handler_max_attempts: int = field(default_factory=lambda: int(_env("HMIS_HANDLER_MAX_ATTEMPTS", "5")))
    outbox_poll_seconds: float = field(default_factory=lambda: float(_env("HMIS_OUTBOX_POLL_SECONDS", "0.05")))
    # The heartbeat our own pika connections propose; the broker drops a peer silent for two of them.
    amqp_heartbeat_seconds: int = field(default_factory=lambda: int(_env("HMIS_AMQP_HEARTBEAT_SECONDS", "30")))

    def database_url(self, database: str) -> str:
        """The SQLAlchemy URL of one service's own database."""
        override = os.environ.get(f"{database.upper()}_DATABASE_URL")
        if override:
            return override
        # psycopg2 explicitly: SQLAlchemy 2.1 defaults to psycopg 3, and psycogreen makes psycopg2 cooperative.
        url: URL = make_url(self.database_server_url).set(
            drivername="postgresql+psycopg2", database=f"{self.db_prefix}_{database}")
        return url.render_as_string(hide_password=False)

    def http_port(self, component: str) -> int:
        return HTTP_PORTS[component] + self.port_offset

    def nameko_config(self, component: str) -> dict:
        """The nameko container config for one component (service or the policy feed)."""
        return {
            "AMQP_URI": self.amqp_uri,
            "WEB_SERVER_ADDRESS": f"{self.http_host}:{self.http_port(component)}",
            "serializer": "json",
            # Finish in-flight workers on shutdown rather than dropping them.
            "max_workers": 10,
            "PARENT_CALLS_TRACKED": 10,
        }


def load() -> Settings:
    return Settings()
