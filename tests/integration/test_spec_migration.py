"""Migration 0007 (FY2026 spec conformance) on a fresh database and on one built before the correction."""
import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import make_url

from clients import models
from hmis_kit import migrations
from hmis_kit.db import create_database, drop_database, make_engine

BEFORE = "2f8b5c1e7a39"  # 0006, the head before the conformance migration


@pytest.fixture
def database(settings, request):
    url = make_url(settings.database_url("clients")).set(database=f"{settings.db_prefix}_clients_{request.node.name[5:25]}")
    url = url.render_as_string(hide_password=False)
    create_database(url)
    engine = make_engine(url)
    yield url, engine
    engine.dispose()
    drop_database(url)


def _columns(engine, table: str) -> dict:
    return {column["name"]: column for column in sa.inspect(engine).get_columns(table)}


def _assert_matches_models(engine):
    dialect = engine.dialect
    for table in models.HUD_TABLES.values():
        live = _columns(engine, table.name)
        for column in table.columns:
            assert column.name in live, (table.name, column.name)
            assert live[column.name]["type"].compile(dialect=dialect) == column.type.compile(dialect=dialect)
            assert live[column.name]["nullable"] == column.nullable, (table.name, column.name)


def test_fresh_database_is_left_as_built(database):
    url, engine = database
    command.upgrade(migrations.alembic_config("clients", url), "head")
    _assert_matches_models(engine)


def test_older_database_is_brought_to_the_spec(database):
    url, engine = database
    config = migrations.alembic_config("clients", url)
    command.upgrade(config, BEFORE)
    with engine.begin() as connection:  # the shapes a database built from older column lists can have
        for statement in (
            "ALTER TABLE clients RENAME COLUMN hispanic_latinao TO hispanic_latinaeo",
            "ALTER TABLE hud_income_benefits RENAME COLUMN vha_services TO va_medical_services",
            "ALTER TABLE hud_enrollment DROP COLUMN mental_health_consultation",
            "ALTER TABLE hud_exit ALTER COLUMN destination TYPE text USING destination::text",
            "ALTER TABLE hud_funder ALTER COLUMN grant_id DROP NOT NULL",
            "ALTER TABLE hud_event ALTER COLUMN result_date SET NOT NULL",
            "ALTER TABLE hud_enrollment ADD COLUMN translation_needed integer NOT NULL DEFAULT 0",
            "INSERT INTO hud_exit (exit_id, enrollment_id, personal_id, exit_date, destination, date_created, "
            "date_updated, user_id, export_id) VALUES ('X1', 'E1', 'P1', '2025-11-01', '410', now(), now(), 'U', 'X')",
        ):
            connection.execute(sa.text(statement))
    command.upgrade(config, "head")
    _assert_matches_models(engine)
    assert "hispanic_latinaeo" not in _columns(engine, "clients")
    assert "va_medical_services" not in _columns(engine, "hud_income_benefits")
    assert _columns(engine, "hud_enrollment")["translation_needed"]["nullable"]  # kept, with its data
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT destination FROM hud_exit WHERE exit_id = 'X1'")).scalar() == 410
