"""Fixtures the integration tests share: the running services over RPC, the clients database, a
fresh agency id and a project it runs, and a private clients database for HMIS CSV work with a generated export."""
import uuid

import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from clients.csv import generator
from clients.models import HUD_TABLES
from hmis_kit.db import make_engine
from support import GENERATED_CLIENTS, add_project, migrated_database


@pytest.fixture
def services(settings, platform):
    with ClusterRpcProxy(settings.nameko_config(), timeout=15) as proxy:
        yield proxy


@pytest.fixture
def clients_engine(settings):
    engine = make_engine(settings.database_url("clients"))
    yield engine
    engine.dispose()


@pytest.fixture
def agency():
    """A fresh agency of its own, so no other test's clients are candidates."""
    return str(uuid.uuid4())


@pytest.fixture
def project(clients_engine, agency):
    """A project of an organization the fresh agency runs, as an import would leave it."""
    return add_project(clients_engine, agency)


@pytest.fixture(scope="module")
def csv_database(settings):
    with migrated_database(settings, "clients", "clients_csv") as engine:
        yield engine


@pytest.fixture
def engine(csv_database):
    """The private clients database, emptied."""
    tables = ", ".join(table.name for table in HUD_TABLES.values())
    with csv_database.begin() as connection:
        connection.exec_driver_sql(
            f"TRUNCATE {tables}, data_quality_findings, outbox, client_match_reviews, client_splits, "
            "organization_agencies, jobs, csv_imports, csv_import_parts, csv_import_report_entries")
    return csv_database


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated export (read-only: copy it before changing it)."""
    out = tmp_path_factory.mktemp("generated")
    generator.generate(out, GENERATED_CLIENTS, seed=11, problems=generator.CLEAN)
    return out
