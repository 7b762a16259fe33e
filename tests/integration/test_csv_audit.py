"""Bulk reads and writes of client data are audited like any other: one chained row per client per
import or export, naming the operator, the operation and the file."""
import getpass
import shutil
import uuid

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from clients.csv import importer
from hmis_kit import audit
from hmis_platform.cli import main as hmis
from support import GENERATED_CLIENTS, read_csv, write_csv

pytestmark = pytest.mark.integration
AGENCY = uuid.UUID("a0000000-0000-4000-8000-00000000000b")


@pytest.fixture
def cli_on(engine, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    return engine


def audit_rows(engine, file: str) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(
            sa.select(audit.audit_log).where(audit.audit_log.c.file == file).order_by(audit.audit_log.c.id))]


def client_ids(engine, personal_ids=None) -> set:
    statement = "SELECT id FROM clients" + (" WHERE personal_id = ANY(%(p)s)" if personal_ids else "")
    with engine.connect() as connection:
        return set(connection.exec_driver_sql(statement, {"p": list(personal_ids or [])}).scalars())


def intact(engine) -> int:
    with engine.connect() as connection:
        checked, broken = audit.verify(connection)
    assert broken is None
    return checked


def test_a_command_line_import_audits_each_client_it_writes_for_its_operator(cli_on, generated, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(generated, export)
    result = CliRunner().invoke(hmis, ["csv", "import", str(export), "--agency-id", str(AGENCY), "--operator", "dana"])
    assert result.exit_code == 0, result.output
    rows = audit_rows(cli_on, str(export))
    assert len(rows) == GENERATED_CLIENTS and {row["client_id"] for row in rows} == client_ids(cli_on)
    first = rows[0]
    assert (first["principal_kind"], first["operator"], first["action"], first["principal_id"]) == \
        ("operator", "dana", "import", None)
    assert first["fields"] == ["Client.csv"]  # every field of its record in that file
    intact(cli_on)

    # Imported again with one client changed: only that client is written, so only it gets a row.
    table = read_csv(export / "Client.csv")
    table[1][table[0].index("DateUpdated")] = "2030-01-01 00:00:00"
    write_csv(export / "Client.csv", table)
    again = CliRunner().invoke(hmis, ["csv", "import", str(export), "--agency-id", str(AGENCY), "--operator", "dana"])
    assert again.exit_code == 0, again.output
    assert [row["client_id"] for row in audit_rows(cli_on, str(export))[GENERATED_CLIENTS:]] == \
        list(client_ids(cli_on, [table[1][0]]))
    intact(cli_on)


def test_a_rejected_import_leaves_no_audit_row(engine, generated, tmp_path):
    export = tmp_path / "export"
    shutil.copytree(generated, export)
    table = read_csv(export / "Client.csv")
    table[1][table[0].index("NameDataQuality")] = "7"
    write_csv(export / "Client.csv", table)
    with pytest.raises(importer.ImportRejected):
        importer.import_export(engine, export, "reject", AGENCY)
    assert audit_rows(engine, str(export)) == []


def test_a_command_line_export_audits_each_client_exported_before_writing_it(cli_on, generated, tmp_path):
    importer.import_export(cli_on, generated, "reject", AGENCY)
    out = tmp_path / "out"
    result = CliRunner().invoke(hmis, ["csv", "export", str(out)])
    assert result.exit_code == 0, result.output
    rows = audit_rows(cli_on, str(out))
    exported = {row[0] for row in read_csv(out / "Client.csv")[1:]}
    assert len(rows) == len(exported) == GENERATED_CLIENTS
    assert {row["client_id"] for row in rows} == client_ids(cli_on, exported)
    # No gateway principal at the command line: the operating-system user is the operator by default.
    assert {(row["principal_kind"], row["operator"], row["action"]) for row in rows} == \
        {("operator", getpass.getuser(), "export")}
    intact(cli_on)


def test_bulk_rows_share_the_chain_with_single_accesses_and_a_changed_one_is_caught(engine, generated, monkeypatch):
    from hmis_kit.db import Transactions
    from support import access_for

    monkeypatch.setattr(audit, "BULK_BATCH", 7)  # the rows chained over several COPYs
    with Transactions(engine).transaction() as session:
        audit.record_access(session, access_for(str(AGENCY)), uuid.uuid4(), "read", ["first_name"])
    importer.import_export(engine, generated, "reject", AGENCY)
    with Transactions(engine).transaction() as session:
        audit.record_access(session, access_for(str(AGENCY)), uuid.uuid4(), "read", ["first_name"])
    checked = intact(engine)
    assert checked >= GENERATED_CLIENTS + 2
    victim = audit_rows(engine, str(generated))[GENERATED_CLIENTS // 2]
    set_client_of(engine, victim["id"], uuid.uuid4())
    with engine.connect() as connection:
        assert audit.verify(connection)[1].row_id == victim["id"]
    set_client_of(engine, victim["id"], victim["client_id"])  # put back: the module's database is shared
    intact(engine)


def set_client_of(engine, row_id: int, client_id) -> None:
    """What someone able to switch the trigger off could do."""
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        connection.execute(sa.text("UPDATE audit_log SET client_id = :c WHERE id = :i"), {"c": client_id, "i": row_id})
        connection.execute(sa.text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
