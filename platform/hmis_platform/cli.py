"""`hmis`: the operator's command line (databases, running the platform, dead letters, HMIS CSV import,
export and generation, HUD reports and their warehouse, the CES sweep, verifying the audit trail, demo data, break-glass recovery
of a system administrator)."""
from __future__ import annotations

import sys
import uuid

import click

from hmis_kit import config
from hmis_platform.components import DATABASES
from reports.contract.schemas import REPORT_NAMES


class Operations(click.Group):
    """The commands, answering a database or broker that does not answer with one line and exit status 2, not
    a traceback: the operator's next step is the infrastructure, not the code."""

    def invoke(self, ctx: click.Context):
        from hmis_kit.errors import INFRASTRUCTURE_ERRORS

        try:
            return super().invoke(ctx)
        except INFRASTRUCTURE_ERRORS as error:
            click.echo(f"hmis: {unavailable(error)}", err=True)
            ctx.exit(2)
        except config.InvalidSetting as error:
            click.echo(f"hmis: {error}", err=True)
            ctx.exit(2)


def unavailable(error: Exception) -> str:
    """One line naming what did not answer, without the statement or its parameters."""
    import sqlalchemy.exc

    if isinstance(error, sqlalchemy.exc.SQLAlchemyError):
        settings = config.load()
        cause = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return (f"the database server ({sqlalchemy.engine.make_url(settings.database_server_url).render_as_string()}) "
                f"is not answering: {cause} (check DATABASE_URL)")
    return f"the broker is not answering: {type(error).__name__}: {error} (check AMQP_URI)"


@click.group(cls=Operations)
def main() -> None:
    """Harbor HMIS operations. Reads DATABASE_URL and AMQP_URI like the services."""
    from hmis_kit import crypto

    refused = crypto.refusal(config.load())  # outside development, as the services do (docs/security.md, "Keys")
    if refused:
        raise click.ClickException(refused)
    crypto.load_keys()


@main.group()
def db() -> None:
    """Each service's own database."""


@db.command()
@click.argument("databases", nargs=-1, type=click.Choice(tuple(DATABASES)))
def upgrade(databases: tuple[str, ...]) -> None:
    """Create (when missing) and migrate the databases, all by default."""
    from hmis_kit import migrations

    for database in databases or DATABASES:
        migrations.upgrade(database, package=DATABASES[database])
        click.echo(f"{database}: at head ({config.load().database_url(database).rsplit('/', 1)[-1]})")


@db.command()
@click.option("--yes", is_flag=True, help="really drop them")
def reset(yes: bool) -> None:
    """Drop every database of this installation (HMIS_DB_PREFIX): all its data is gone. For a demo or a
    development machine whose demo secrets (.run/) were lost; the next `hmis run` starts afresh."""
    from hmis_kit.db import drop_database

    settings = config.load()
    if not yes:
        raise click.UsageError(f"this drops every {settings.db_prefix}_* database and all its data; add --yes")
    for database in DATABASES:
        drop_database(settings.database_url(database))
        click.echo(f"{database}: dropped ({settings.database_url(database).rsplit('/', 1)[-1]})")


@db.command()
def budget() -> None:
    """The connections every process may hold at once against the server's max_connections; exit 1 when
    they do not fit (docs/operations.md, "Connection budget")."""
    from hmis_platform.budget import report

    fits, lines = report(config.load())
    for line in lines:
        click.echo(line)
    sys.exit(0 if fits else 1)


@db.command()
@click.argument("database", type=click.Choice(tuple(DATABASES)))
@click.option("-m", "--message", required=True)
def revision(database: str, message: str) -> None:
    """Autogenerate a migration for one database from its models (review it before committing)."""
    from alembic import command

    from hmis_kit import migrations

    settings = config.load()
    migrations.upgrade(database, settings, DATABASES[database])
    command.revision(migrations.alembic_config(DATABASES[database], settings.database_url(database)),
                     message=message, autogenerate=True)


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


@main.group("csv")
def csv_group() -> None:
    """HMIS CSV FY2026: import, export, and synthetic data (clients database)."""


# Who the audit rows of an import or export name: the command line has no gateway principal.
operator_option = click.option("--operator", default=None,
                               help="who runs it, for its audit rows (default: the operating-system user)")


@csv_group.command("import")
@click.argument("path", type=click.Path(exists=True))
@click.option("--strictness", type=click.Choice(["reject", "warn", "repair"]), default="reject", show_default=True,
              help="reject: any broken rule fails the import; warn: leave such rows out; repair: fix what HUD allows")
@click.option("--agency-id", type=click.UUID, default=None,
              help="agency that owns the imported clients and runs the imported organizations, as an API import "
                   "for it would (default: each client goes to the agency running the organization of its latest "
                   "enrollment, once the HMIS lead says which agency runs it)")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="write the full report (every row rejected, left out, repaired or flagged) to this CSV file "
                   "(default: a new file in the temporary folder, when there is anything to report)")
@operator_option
def csv_import(path: str, strictness: str, agency_id: uuid.UUID | None, report_path: str | None,
               operator: str | None) -> None:
    """Import an export (a zip or a folder of the 24 files) in one transaction; each client written gets
    an audit row. Exit status 0: every row written; 2: written, but rows were left out (the report says
    which); 1: failed, nothing written."""
    from clients.csv.commands import run_import

    sys.exit(run_import(path, strictness, agency_id, operator, click.echo, report_path))


@csv_group.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), default=None, help="the period's start")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), default=None, help="the period's end (default: today)")
@click.option("--hashed", is_flag=True, help="HashStatus 4: names and SSN hashed with SHA-256")
@click.option("--delta", is_flag=True, help="only records created, updated or deleted in the period (needs --start)")
@click.option("--source", type=int, default=None,
              help="the source whose records are exported (needed when they come from several)")
@operator_option
def csv_export(out_dir: str, start, end, hashed: bool, delta: bool, source: int | None, operator: str | None) -> None:
    """Write the 24 files of an export into OUT_DIR; each client exported gets an audit row first. With
    --start or --end, HUD's reporting period; an export of this HMIS's own records needs HMIS_COC_CODE."""
    from clients.csv.commands import run_export

    sys.exit(run_export(out_dir, start and start.date(), end and end.date(), hashed, delta, operator, click.echo,
                        source))


@csv_group.command("generate")
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--clients", type=click.IntRange(min=1), required=True, help="how many people")
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--clean", is_flag=True, help="no data-quality problems (every rate 0)")
@click.option("--rate", "rates", multiple=True, metavar="NAME=RATE",
              help="a data-quality problem's rate, e.g. late_entry=0.3 (docs/benchmarks.md lists them)")
def csv_generate(out_dir: str, clients: int, seed: int, clean: bool, rates: tuple[str, ...]) -> None:
    """Write a synthetic, spec-conformant export of a CoC into OUT_DIR, with the data-quality problems
    a CoC's data has at their default rates."""
    from clients.csv.commands import run_generate

    sys.exit(run_generate(out_dir, clients, seed, click.echo, clean, list(rates)))


@main.group()
def reports() -> None:
    """HUD reports (APR, CAPER, CE APR, Data Quality) and the warehouse they are computed from (reports
    database; docs/reports.md)."""


@reports.command("run")
@click.argument("report", type=click.Choice(REPORT_NAMES))
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="the period's first day")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), required=True, help="the period's last day (inclusive)")
@click.option("--coc", "coc_codes", multiple=True, metavar="CODE", help="a CoC covered (e.g. CA-601; default: all)")
@click.option("--project-id", "project_ids", multiple=True, metavar="ID",
              help="a HUD ProjectID covered (default: every project)")
@click.option("--source", "sources", multiple=True, type=int, metavar="SOURCE_ID",
              help="a warehouse source covered (default: the HMIS's own records)")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), required=True,
              help="where to write the Sage upload zip")
@click.option("--xlsx", type=click.Path(dir_okay=False, writable=True), default=None,
              help="also write the XLSX workbook here")
def reports_run(report: str, start, end, coc_codes: tuple[str, ...], project_ids: tuple[str, ...],
                sources: tuple[int, ...], out: str, xlsx: str | None) -> None:
    """Run a HUD report with a progress bar, print its summary and write its Sage zip. Exit status 0: written;
    1: refused or failed, nothing written."""
    from reports.commands import run_report

    request = {"report": report, "start": start.date().isoformat(), "end": end.date().isoformat(),
               "coc_codes": list(coc_codes), "project_ids": list(project_ids), "sources": list(sources)}
    sys.exit(run_report(request, out, xlsx, click.echo))


@reports.command("rebuild")
def reports_rebuild() -> None:
    """Reload the warehouse's HMIS sources from the running clients service in bulk (COPY), in one
    transaction; export sources are kept. Prints rows and rows/s by file."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from hmis_platform.components import service_url
    from reports.warehouse.commands import run_rebuild

    settings = config.load()
    with ClusterRpcProxy(settings.nameko_config(), timeout=60) as cluster:
        sys.exit(run_rebuild(cluster.clients, service_url(settings, "clients"), click.echo))


@reports.command("load-source")
@click.argument("path", type=click.Path(exists=True))
@click.option("--label", default=None, help="what reports call the source (default: PATH)")
def reports_load_source(path: str, label: str | None) -> None:
    """Load an HMIS CSV export (a zip or a folder, e.g. HUD's sample) as a warehouse source of its own,
    without importing it into the clients service; names and SSNs are dropped as it is read, verdicts kept.
    Prints the new source's id, and rows and rows/s by file."""
    from reports.warehouse.commands import run_load_source

    sys.exit(run_load_source(path, label, click.echo))


@main.group()
def ces() -> None:
    """Coordinated Entry (docs/ces.md)."""


@ces.command("sweep")
def ces_sweep() -> None:
    """Run the CES sweep now, as the running ces service does every HMIS_CES_SWEEP_SECONDS: expire referral steps
    past their deadline, tell each step's owner of a stalled referral and of a deadline near (an event each, kept as
    notices), end parks. Prints the counts."""
    from nameko.standalone.rpc import ClusterRpcProxy

    settings = config.load()
    with ClusterRpcProxy(settings.nameko_config(), timeout=60) as cluster:
        swept = cluster.ces.sweep()
    click.echo(f"expired {swept['expired']}, stalled {swept['stalled']}, due soon {swept['due_soon']}, "
               f"unparked {swept['unparked']}")


@main.group()
def audit() -> None:
    """The audit trail of client-data access."""


@audit.command("verify")
def verify_audit() -> None:
    """Check the hash chain of every audited database; exit 1 at the first broken link."""
    from hmis_gateway.audit_views import AUDITED_SERVICES
    from hmis_kit.audit import verify
    from hmis_kit.db import make_engine

    settings, broken_any = config.load(), False
    for database in AUDITED_SERVICES:  # each keeps its trail in its own database, named like it
        engine = make_engine(settings.database_url(database))
        with engine.connect() as connection:
            checked, broken = verify(connection)
        engine.dispose()
        if broken:
            broken_any = True
            click.echo(f"{database}: BROKEN at audit row {broken.row_id}: {broken.problem} "
                       f"({checked} rows before it are intact)")
        else:
            click.echo(f"{database}: {checked} audit rows, chain intact")
    sys.exit(1 if broken_any else 0)


@main.group()
def admin() -> None:
    """The HMIS lead's system administrators."""


@admin.command("recover")
@click.option("--username", required=True, help="the system administrator to recover (created when missing)")
@click.option("--agency-id", type=click.UUID, default=None,
              help="the agency to create a missing user in (the HMIS lead's)")
@operator_option
def recover_admin(username: str, agency_id: uuid.UUID | None, operator: str | None) -> None:
    """Break glass when nobody can act as the HMIS lead: make USERNAME an active system administrator with a
    new password, printed once; audited in the authentication log (docs/security.md, "Break-glass recovery")."""
    from hmis_kit.audit import operator_name
    from identity.commands import run_recovery

    sys.exit(run_recovery(username, agency_id, operator_name(operator), click.echo))


@main.group()
def keys() -> None:
    """The field key that seals SSNs and TOTP secrets (docs/security.md, "Keys")."""


@keys.command("rotate-field-key")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
              help="rows re-sealed per transaction")
def rotate_field_key(batch_size: int) -> None:
    """Re-seal every SSN (clients) and TOTP secret (identity) under the first key of HMIS_FIELD_KEY, the
    others still opening what they sealed. Safe to stop and run again: it resumes. Needs HMIS_HASH_KEY set,
    so SSN matching and the audit trail's heads keep their keyed hashes."""
    import os

    from clients.keys import reseal_ssns
    from identity.keys import reseal_totp_secrets

    if not os.environ.get("HMIS_HASH_KEY", "").strip():
        raise click.UsageError("set HMIS_HASH_KEY to the key keyed hashes are under now (the old field key, "
                               "or the one already set) before rotating; docs/security.md")
    if "," not in os.environ.get("HMIS_FIELD_KEY", ""):
        raise click.UsageError("HMIS_FIELD_KEY must list the new key first and the old key(s) after it")
    ssns = reseal_ssns(batch_size, click.echo)
    secrets = reseal_totp_secrets(batch_size, click.echo)
    click.echo(f"re-sealed {ssns} SSN(s) and {secrets} TOTP secret(s) under the first key; "
               "once every process runs with it, HMIS_FIELD_KEY may name the new key alone")


@main.command()
def run() -> None:
    """Start the whole platform in this terminal with demo data (Ctrl-C stops all)."""
    from hmis_platform.launch import launch

    sys.exit(launch())


@main.command()
@click.option("--url", default=None, help="gateway URL (default: this machine's)")
def seed(url: str | None) -> None:
    """Load demo data through the gateway of a running platform (idempotent)."""
    from hmis_platform.demo import seed as seed_demo

    for person in seed_demo(url):
        click.echo(f"{person.username} / {person.password}" + (f" / {person.totp_secret}" if person.totp_secret else ""))


@main.command()
def openapi() -> None:
    """Print the gateway's OpenAPI document (what GET /openapi.json answers), built without a running platform:
    the web app's API types are generated from it (docs/web.md)."""
    import json

    from hmis_gateway import openapi as document
    from hmis_gateway.app import create_app

    click.echo(json.dumps(document.build(create_app()), indent=1))
