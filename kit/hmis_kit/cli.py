"""`hmis`: the operator's command line (databases, running the platform, dead letters, demo data)."""
from __future__ import annotations

import sys

import click

from hmis_kit import config


@click.group()
def main() -> None:
    """Harbor HMIS operations. Reads DATABASE_URL and AMQP_URI like the services."""


@main.group()
def db() -> None:
    """Each service's own database."""


@db.command()
@click.argument("databases", nargs=-1, type=click.Choice(config.DATABASES))
def upgrade(databases: tuple[str, ...]) -> None:
    """Create (when missing) and migrate the databases, all by default."""
    from hmis_kit import migrations

    for database in databases or config.DATABASES:
        migrations.upgrade(database)
        click.echo(f"{database}: at head ({config.load().database_url(database).rsplit('/', 1)[-1]})")


@db.command()
@click.argument("database", type=click.Choice(config.DATABASES))
@click.option("-m", "--message", required=True)
def revision(database: str, message: str) -> None:
    """Autogenerate a migration for one database from its models (review it before committing)."""
    from alembic import command

    from hmis_kit import migrations

    settings = config.load()
    migrations.upgrade(database, settings)
    command.revision(migrations.alembic_config(database, settings.database_url(database)), message=message,
                     autogenerate=True)


@main.group()
def events() -> None:
    """Events on the bus."""


@events.command()
@click.argument("queue")
@click.option("--limit", type=int, default=None, help="move at most this many")
def replay(queue: str, limit: int | None) -> None:
    """Put dead-lettered messages of QUEUE (e.g. reports.count_client) back for another try."""
    from hmis_kit.inbox import replay_dead_letters

    moved = replay_dead_letters(config.load(), queue, limit)
    click.echo(f"{moved} message(s) moved from {queue}.dead-letter back to {queue}")


@main.command()
def run() -> None:
    """Start the whole platform in this terminal with demo data (Ctrl-C stops all)."""
    from hmis_kit.launch import launch

    sys.exit(launch())


@main.command()
@click.option("--url", default=None, help="gateway URL (default: this machine's)")
def seed(url: str | None) -> None:
    """Load demo data through the gateway of a running platform (idempotent)."""
    from hmis_kit.demo import seed as seed_demo

    for person in seed_demo(url):
        click.echo(f"{person.username} / {person.password}" + (f" / {person.totp_secret}" if person.totp_secret else ""))
