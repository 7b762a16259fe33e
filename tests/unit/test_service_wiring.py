"""How the kit wires a service (hmis_kit.service, hmis_kit.db, hmis_kit.outbox): its RPCs expect the domain
errors, and its database is the one named like it unless it names another."""
import pytest
from nameko.containers import ServiceContainer
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.rpc import Rpc
from sqlalchemy.engine import make_url

from hmis_kit import config
from hmis_kit.db import Database
from hmis_kit.errors import EXPECTED_ERRORS
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import rpc
from hmis_platform import serve
from hmis_platform.components import NAMEKO


def expected_by_rpc(service_cls) -> dict[str, tuple]:
    """Each RPC method's name and the errors its entrypoint expects."""
    return {name: entrypoint.expected_exceptions for name in dir(service_cls)
            for entrypoint in getattr(getattr(service_cls, name), ENTRYPOINT_EXTENSIONS_ATTR, ())
            if isinstance(entrypoint, Rpc)}


@pytest.mark.parametrize("component", NAMEKO)
def test_every_rpc_of_a_component_takes_the_domain_errors_as_a_callers_mistake(component):
    """nameko logs an expected error as a warning and any other as the service's failure."""
    expected = expected_by_rpc(serve.load(component))
    assert "status" in expected
    assert [method for method, errors in expected.items() if errors != EXPECTED_ERRORS] == []


def test_an_rpc_may_expect_other_errors():
    @rpc(expected_exceptions=(KeyError,))
    def lookup(self):
        """An RPC whose callers may expect a KeyError."""

    assert [entrypoint.expected_exceptions for entrypoint in getattr(lookup, ENTRYPOINT_EXTENSIONS_ATTR)] == [(KeyError,)]


@pytest.mark.parametrize(("component", "database"), [(name, component.database) for name, component in NAMEKO.items()])
def test_a_component_works_in_the_database_named_like_it_unless_it_names_another(component, database):
    settings = config.load()
    container = ServiceContainer(serve.load(component), settings.nameko_config(NAMEKO[component].port))
    used = set()
    for provider in container.dependencies:
        if isinstance(provider, (Database, OutboxRelay)):
            provider.setup()  # builds the engine; nothing connects
            engine = provider.transactions.engine if isinstance(provider, Database) else provider.engine
            used.add(make_url(engine.url).database)
            engine.dispose()
    assert used == {make_url(settings.database_url(database)).database}
