"""Every process the platform runs: the nameko service or the gateway it serves, its HTTP port, its
database. The kit takes a port or a database name from here; it knows no component itself."""
from __future__ import annotations

from dataclasses import dataclass

from hmis_kit.config import Settings, env


@dataclass(frozen=True)
class Component:
    name: str
    # Its HTTP port before HMIS_PORT_OFFSET: the API for the gateway, /health and /ready for a service.
    port: int
    # The database it works in: its own, named like it, or the one of the component whose data it keeps.
    database: str
    # The package beside whose folder its migrations/ lie (those of its own database).
    package: str
    # `module:Class` of the nameko service it runs; None for the gateway, a WSGI app (hmis_gateway.server).
    service: str | None
    # Whether its service runs jobs (a hmis_kit.job_runner.JobRunner): its runner and job workers hold
    # connections of their own (hmis_platform.budget).
    runs_jobs: bool = False


GATEWAY = Component("gateway", 8000, "gateway", "hmis_gateway", None)
COMPONENTS = {component.name: component for component in (
    Component("identity", 8001, "identity", "identity", "identity.service:IdentityService"),
    Component("clients", 8002, "clients", "clients", "clients.service:ClientsService", runs_jobs=True),
    Component("consent", 8003, "consent", "consent", "consent.service:ConsentService"),
    Component("ces", 8004, "ces", "ces", "ces.service:CesService"),
    Component("training", 8005, "training", "training", "training.service:TrainingService"),
    Component("reports", 8006, "reports", "reports", "reports.service:ReportsService", runs_jobs=True),
    # Keeps the gateway's policy data from events, in the gateway's database.
    Component("policy_feed", 8007, "gateway", "hmis_gateway", "hmis_gateway.policy_feed:PolicyFeedService"),
    GATEWAY,
)}
# The nameko services among them (every component but the gateway).
NAMEKO = {name: component for name, component in COMPONENTS.items() if component.service}
# Each database and the package whose migrations build it, in the order `hmis db upgrade` takes them.
DATABASES = {component.database: component.package for component in COMPONENTS.values()
             if component.database == component.name}


def gateway_url(settings: Settings) -> str:
    """The gateway of this machine's platform."""
    return f"http://{settings.http_host}:{settings.http_port(GATEWAY.port)}"


def service_url(settings: Settings, name: str) -> str:
    """Where another component reaches a service's own HTTP port (the gateway streams uploads to clients'):
    `<NAME>_URL`, else this machine's port (a server listening on every address is reached on loopback)."""
    host = "127.0.0.1" if settings.http_host in ("0.0.0.0", "::") else settings.http_host
    return env(f"{name.upper()}_URL", f"http://{host}:{settings.http_port(COMPONENTS[name].port)}").rstrip("/")
