"""Fixtures for every test. Real PostgreSQL and RabbitMQ, never stand-ins.

Where they come from, in order: TEST_DATABASE_URL / TEST_AMQP_URI when set; else testcontainers when a
Docker engine runs; else the servers on loopback (as on the development machines and CI). Each run
gets its own databases (prefix `hmis_t<run id>`) and, on a local broker, its own vhost, so two runs never
see each other's rows or messages. Unit tests request none of this and run without either server.
"""
from hmis_kit.green import patch

patch()  # before anything imports sockets: nameko's containers run on eventlet

import os  # noqa: E402
import uuid  # noqa: E402

import pytest  # noqa: E402

LOOPBACK_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
LOOPBACK_AMQP_URI = "amqp://guest:guest@127.0.0.1:5672/"


def _containers(stack: list):
    """PostgreSQL and RabbitMQ from testcontainers, or None when no Docker engine runs."""
    try:
        from docker.errors import DockerException
        from testcontainers.community.postgres import PostgresContainer
        from testcontainers.community.rabbitmq import RabbitMqContainer
    except ImportError:
        return None
    try:
        postgres = PostgresContainer("postgres:15", driver="psycopg2")
        rabbit = RabbitMqContainer("rabbitmq:3.13")
    except DockerException:  # constructing one already asks the engine
        return None
    stack.extend([postgres.start(), rabbit.start()])
    params = rabbit.get_connection_params()
    return postgres.get_connection_url(), f"amqp://guest:guest@{params.host}:{params.port}/"


@pytest.fixture(scope="session")
def settings():
    """This run's settings, with every database created and migrated; torn down at the end."""
    from hmis_kit import config, migrations
    from hmis_kit.db import drop_database
    from hmis_kit.isolation import delete_vhost, private_vhost
    from hmis_platform.components import DATABASES

    stack: list = []
    run_id = uuid.uuid4().hex[:8]
    database_url, amqp_uri = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_AMQP_URI")
    if not (database_url and amqp_uri):
        database_url, amqp_uri = _containers(stack) or (LOOPBACK_DATABASE_URL, LOOPBACK_AMQP_URI)
    vhost = f"hmis-test-{run_id}"
    isolated_amqp = private_vhost(amqp_uri, vhost)
    os.environ.update({
        "DATABASE_URL": database_url,
        "AMQP_URI": isolated_amqp or amqp_uri,
        "HMIS_DB_PREFIX": f"hmis_t{run_id}",
        # Ports of this run's own, clear of a `make run` on the same machine.
        "HMIS_PORT_OFFSET": str(20000 + int(run_id[:4], 16) % 20000),
        "HMIS_HANDLER_MAX_ATTEMPTS": "3",
        # The session's people (the HMIS lead, the network) log in once; on a slow machine the modules between two of
        # a person's requests may take longer than the default 15 idle minutes (the API fuzzing, last, found the lead's
        # session expired after a 28-minute run). test_access's test of the expiry sets 0 itself.
        "HMIS_SESSION_IDLE_MINUTES": "120",
    })
    current = config.load()
    for database, package in DATABASES.items():
        migrations.upgrade(database, current, package)
    yield current
    for database in DATABASES:
        drop_database(current.database_url(database))
    if isolated_amqp:
        delete_vhost(vhost)
    for container in stack:
        container.stop()


FUZZING = "test_api_fuzzing.py"


def pytest_collection_modifyitems(items):
    """Interface tests first: each starts one service alone, which it cannot be once the session's platform
    runs on the same vhost (the `service` fixture checks). The API fuzzing last: what it adds as the HMIS lead
    (agencies, mandatory courses, fees) no other test should meet."""
    items.sort(key=lambda item: (item.path.parent.name != "interface", item.path.name == FUZZING))


def _container(settings, component: str):
    """A nameko container of one component (`hmis_platform.components.NAMEKO`) on this run's broker and databases,
    with all its extensions: RPC, event consumers and inbox, outbox relay, timers, health endpoints."""
    from nameko.containers import ServiceContainer

    from hmis_platform import serve
    from hmis_platform.components import NAMEKO

    return ServiceContainer(serve.load(component), settings.nameko_config(NAMEKO[component].port))


@pytest.fixture(scope="session")
def platform(settings):
    """Every service and the policy feed running in this process on the real broker and databases."""
    from hmis_platform.components import NAMEKO

    containers = [_container(settings, component) for component in NAMEKO]
    for container in containers:
        container.start()
    yield {container.service_name: container for container in containers}
    for container in containers:
        container.stop()


@pytest.fixture(scope="session")
def app(platform, settings):
    """The gateway app on this run's services (its policy engine is the embedded one unless OPA_URL)."""
    from hmis_gateway.app import create_app
    from hmis_platform.components import service_url

    application = create_app(settings, clients_url=service_url(settings, "clients"))
    yield application
    application.extensions["hmis"].rpc.close()


@pytest.fixture
def client(app):
    """A test client of the gateway."""
    return app.test_client()


@pytest.fixture(scope="module")
def service(request, settings):
    """The test module's service (its `SERVICE = "<name>"`) running alone: no other service and no policy
    feed, on this run's vhost and its own database. Gives its RPC proxy and what it publishes (support.OneService)."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from hmis_platform.components import NAMEKO
    from support import EventTap, OneService

    name = request.module.SERVICE
    tap = EventTap(settings)  # bound before the service starts: its first event is caught (and routable)
    running = [other for other in NAMEKO if tap.consumers(f"rpc-{other}")]
    if running:
        tap.close()
        pytest.fail(f"{', '.join(running)} already running on this vhost: {name} cannot be tested alone")
    container = _container(settings, name)
    try:
        container.start()
        with ClusterRpcProxy(settings.nameko_config(), timeout=15) as cluster:
            yield OneService(name, cluster[name], tap, settings)
    finally:
        container.stop()
        tap.close()
