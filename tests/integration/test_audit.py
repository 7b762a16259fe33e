"""The audit trail: one row per access in the same transaction, append-only, tamper-evident."""
import uuid

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from hmis_kit import audit
from hmis_platform.cli import main as hmis
from hmis_kit.db import Transactions, drop_database, make_engine
from hmis_kit.errors import NotFound
from support import access_for

pytestmark = pytest.mark.integration


def rows_for(engine, client_id: str) -> list[dict]:
    with engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(
            sa.select(audit.audit_log).where(audit.audit_log.c.client_id == client_id).order_by(audit.audit_log.c.id))]


def test_each_read_and_write_leaves_one_row_with_its_decision(services, clients_engine):
    agency = str(uuid.uuid4())
    creation = access_for(agency)
    client = services.clients.create_client({"first_name": "Audit", "last_name": "Me"}, creation)
    reading = access_for(agency)
    services.clients.get_client(client["id"], reading)
    rows = rows_for(clients_engine, client["id"])
    assert [(r["action"], str(r["decision_id"])) for r in rows] == [("create", creation["decision_id"]),
                                                                     ("read", reading["decision_id"])]
    assert set(rows[1]["fields"]) >= {"first_name", "last_name", "dob"}
    assert "Audit" not in str(rows)  # ids and field names, never the values


def test_no_data_is_returned_when_the_audit_row_cannot_be_written(services, clients_engine):
    agency = str(uuid.uuid4())
    client = services.clients.create_client({"first_name": "No", "last_name": "Trace"}, access_for(agency))
    unauditable = access_for(agency)
    del unauditable["decision_id"]
    with pytest.raises(Exception) as failure:
        services.clients.get_client(client["id"], unauditable)
    assert "Trace" not in str(failure.value)
    assert [r["action"] for r in rows_for(clients_engine, client["id"])] == ["create"]
    with pytest.raises(NotFound):
        services.clients.get_client(str(uuid.uuid4()), access_for(agency))


def test_no_database_role_may_change_or_remove_audit_rows(services, clients_engine):
    client = services.clients.create_client({"first_name": "Fixed", "last_name": "Row"}, access_for(str(uuid.uuid4())))
    for statement in ("UPDATE audit_log SET action = 'nothing' WHERE client_id = :c",
                      "DELETE FROM audit_log WHERE client_id = :c"):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"):
            with clients_engine.begin() as connection:
                connection.execute(sa.text(statement), {"c": client["id"]})
    with pytest.raises(sa.exc.DBAPIError, match="append-only"):
        with clients_engine.begin() as connection:
            connection.execute(sa.text("TRUNCATE audit_log"))


@pytest.fixture
def scratch_clients_db(settings, monkeypatch):
    """A clients database of its own, to tamper with without breaking the shared chain."""
    from hmis_kit import migrations

    url = settings.database_url("clients").rsplit("/", 1)[0] + f"/hmis_audit_scratch_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv("CLIENTS_DATABASE_URL", url)
    migrations.upgrade("clients")
    engine = make_engine(url)
    yield engine
    engine.dispose()
    drop_database(url)


def _tamper(engine, statement: str) -> None:
    """What an attacker with the table owner's rights could do: switch the trigger off and edit."""
    with engine.begin() as connection:
        connection.execute(sa.text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
        connection.execute(sa.text(statement))
        connection.execute(sa.text("ALTER TABLE audit_log ENABLE TRIGGER USER"))


@pytest.mark.parametrize("statement, problem, rows_after_second", [
    ("UPDATE audit_log SET action = 'export' WHERE id = (SELECT min(id) + 1 FROM audit_log)", "was changed", 0),
    # A removed row shows at the next one, whose link no longer matches.
    ("DELETE FROM audit_log WHERE id = (SELECT min(id) + 1 FROM audit_log)", "was removed", 1),
    # The newest rows removed: the chain ends at the second row, short of its signed head.
    ("DELETE FROM audit_log WHERE id > (SELECT min(id) + 1 FROM audit_log)", "removed from the end", 0),
])
def test_verify_finds_the_first_tampered_row(scratch_clients_db, statement, problem, rows_after_second):
    agency, client_id = str(uuid.uuid4()), uuid.uuid4()
    with Transactions(scratch_clients_db).transaction() as session:
        for action in ("create", "read", "read", "update"):
            audit.record_access(session, {**access_for(agency), "action": action}, client_id, action, ["first_name"])
    intact = CliRunner().invoke(hmis, ["audit", "verify"])
    assert intact.exit_code == 0 and "4 audit rows, chain intact" in intact.output
    with scratch_clients_db.connect() as connection:
        second = connection.execute(sa.text("SELECT min(id) + 1 FROM audit_log")).scalar()
    _tamper(scratch_clients_db, statement)
    result = CliRunner().invoke(hmis, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN at audit row {second + rows_after_second}:" in result.output and problem in result.output


def test_a_page_of_clients_read_at_once_is_chained_row_by_row(scratch_clients_db):
    access, clients = access_for(str(uuid.uuid4())), [uuid.uuid4() for _ in range(3)]
    with Transactions(scratch_clients_db).transaction() as session:
        audit.record_access(session, access, clients[0], "read", ["first_name"])
        audit.record_accesses(session, access, "read_findings", {client: ["VeteranStatus"] for client in clients})
        audit.record_accesses(session, access, "read_findings", {})
    with scratch_clients_db.connect() as connection:
        written = connection.execute(sa.text("SELECT client_id, action FROM audit_log ORDER BY id")).all()
    assert [tuple(row) for row in written] == [(clients[0], "read"), *((client, "read_findings") for client in clients)]
    with scratch_clients_db.connect() as connection:
        assert audit.verify(connection) == (4, None)


def _record_four(engine) -> None:
    agency, client_id = str(uuid.uuid4()), uuid.uuid4()
    with Transactions(engine).transaction() as session:
        for action in ("create", "read", "read", "update"):
            audit.record_access(session, access_for(agency), client_id, action, ["first_name"])


def test_a_head_moved_to_match_a_shortened_chain_without_the_key_is_caught_and_stays_caught(scratch_clients_db):
    _record_four(scratch_clients_db)
    with scratch_clients_db.connect() as connection:
        second_id, second_hash = connection.execute(sa.text(
            "SELECT id, row_hash FROM audit_log ORDER BY id OFFSET 1 LIMIT 1")).one()
    _tamper(scratch_clients_db, f"DELETE FROM audit_log WHERE id > {second_id}")
    with scratch_clients_db.begin() as connection:  # the head made to match, signed with a guessed key
        connection.execute(sa.text("UPDATE audit_head SET rows = 2, last_hash = :h, signature = :s"),
                           {"h": second_hash, "s": "0" * 64})
    result = CliRunner().invoke(hmis, ["audit", "verify"])
    assert result.exit_code == 1
    assert f"BROKEN at audit row {second_id}:" in result.output and "not signed with the audit key" in result.output
    # The next write extends the forged head but does not sign it: the alarm stays.
    _record_four(scratch_clients_db)
    with scratch_clients_db.connect() as connection:
        _, broken = audit.verify(connection)
    assert broken is not None and "not signed" in broken.problem


def test_removing_the_head_itself_is_caught(scratch_clients_db):
    _record_four(scratch_clients_db)
    with scratch_clients_db.begin() as connection:
        connection.execute(sa.text("DELETE FROM audit_head"))
        last = connection.execute(sa.text("SELECT max(id) FROM audit_log")).scalar()
    with scratch_clients_db.connect() as connection:
        assert audit.verify(connection) == (4, audit.BrokenLink(last, "the chain's head record is missing"))
