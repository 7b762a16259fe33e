"""Alembic, once for every database: each service keeps only its `migrations/versions/`.

A service's `migrations/env.py` is one call: `run_env(metadata)`. `upgrade(database)` creates the
database when missing and migrates it to head; `hmis db upgrade` runs it for all.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import sqlalchemy as sa
from alembic import command, context, op
from alembic.config import Config
from sqlalchemy.dialects.postgresql import JSON, JSONB

from hmis_kit import config
from hmis_kit.db import create_database
from hmis_kit.outbox import messaging_metadata


def migrations_dir(package: str) -> Path:
    """The `migrations/` folder beside a component's package (`services/<name>/migrations` beside
    `services/<name>/<name>`)."""
    return Path(importlib.import_module(package).__file__).resolve().parent.parent / "migrations"


def alembic_config(package: str, url: str) -> Config:
    """Alembic on the database at `url` with the migrations of `package` (see migrations_dir)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir(package)))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(database: str, settings: config.Settings | None = None, package: str | None = None) -> None:
    """Create the database `database` when missing and migrate it to head with the migrations of `package`
    (by default the package named like the database)."""
    settings = settings or config.load()
    url = settings.database_url(database)
    create_database(url)
    command.upgrade(alembic_config(package or database, url), "head")


def run_env(*metadata: sa.MetaData) -> None:
    """The body of every service's env.py (online mode only: we always migrate a live database)."""
    engine = sa.create_engine(context.config.get_main_option("sqlalchemy.url"), poolclass=sa.pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=[*metadata, messaging_metadata])
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


def create_messaging_tables() -> None:
    """Create the outbox and inbox tables; called from each service's first migration."""
    bind = op.get_bind()
    messaging_metadata.create_all(bind)


def drop_messaging_tables() -> None:
    messaging_metadata.drop_all(op.get_bind())


def store_outbox_envelopes_as_json() -> None:
    """The outbox's envelope column as json (it was jsonb): see hmis_kit.outbox."""
    op.alter_column("outbox", "envelope", type_=JSON, postgresql_using="envelope::json")


def store_outbox_envelopes_as_jsonb() -> None:
    op.alter_column("outbox", "envelope", type_=JSONB, postgresql_using="envelope::jsonb")
