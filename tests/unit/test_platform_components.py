"""The platform's table of components (hmis_platform.components) against what the gateway and the
services say of themselves."""
from hmis_gateway.audit_views import AUDITED_SERVICES
from hmis_gateway.routes.system import SERVICES as SHOWN_BY_THE_GATEWAY
from hmis_kit.migrations import migrations_dir
from hmis_platform.components import COMPONENTS, DATABASES, NAMEKO


def test_the_gateway_shows_the_status_of_every_service_the_platform_runs():
    assert set(SHOWN_BY_THE_GATEWAY) == {name for name, component in NAMEKO.items() if component.database == name}


def test_every_audited_service_keeps_its_trail_in_a_database_the_platform_migrates():
    assert set(AUDITED_SERVICES) <= set(DATABASES)


def test_every_database_is_built_by_the_migrations_beside_its_package():
    assert [package for package in DATABASES.values() if not (migrations_dir(package) / "versions").is_dir()] == []


def test_every_component_listens_on_a_port_of_its_own():
    ports = [component.port for component in COMPONENTS.values()]
    assert len(set(ports)) == len(ports)
