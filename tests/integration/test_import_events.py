"""A CSV import announces every row it inserts or updates the way the API announces a write:
`clients.<record>.changed`, as the record's contract schema says, in batches, with no PII. Every record
kind: a first import inserts each file's rows; a second, with one row of each file newer (and one deleted),
updates just those; clients imported without an agency and handed to one are changed too."""
import json
import re
import shutil

import pytest
from sqlalchemy.orm import Session

from clients import projects
from clients.contract import events
from clients.csv import announcements, importer
from clients.contract.schemas import IMPORT_AGENCY
from clients.models import HUD_TABLES
from hmis_kit.events import CORRELATION_PARAM, Event
from integration.test_csv_import import AGENCY, agencies_of_clients, change, export_copy  # noqa: F401 (a fixture)
from support import GENERATED_CLIENTS, announced_changes, outbox_envelopes, read_csv

pytestmark = pytest.mark.integration
LATER = "2026-06-01 09:30:00"
PII_KEY = re.compile(r"(^|_)(name|ssn|dob|birth)($|_)")


def changes_of(engine, file: str) -> list[dict]:
    """Every change announced of `file`'s records, each event checked against the record's contract schema."""
    return announced_changes(engine, events.CHANGED[file])


def key_of(file: str) -> str:
    return events.RECORDS[file].fields[0]


def test_an_import_announces_each_row_it_inserts_then_each_it_updates_by_its_contract(engine, generated, tmp_path):
    importer.import_export(engine, generated, "reject", AGENCY)
    first = {file: changes_of(engine, file) for file in events.RECORDS}
    for file, changes in first.items():
        rows = read_csv(generated / f"{file}.csv")[1:]
        assert len(changes) == len(rows) > 0, file
        assert {change["op"] for change in changes} == {events.CREATED}, file
        if file != "Client":  # a client is announced by its UUID, which the import gives it
            assert sorted(change[key_of(file)] for change in changes) == sorted(row[0] for row in rows), file
    assert {change["agency_id"] for change in first["Client"]} == {str(AGENCY)}
    sizes = [len(envelope["data"]["changes"]) for envelope in outbox_envelopes(engine, events.CHANGED["Client"])]
    assert sorted(sizes) == [GENERATED_CLIENTS % events.IMPORT_BATCH or events.IMPORT_BATCH] * \
        -(-GENERATED_CLIENTS // events.IMPORT_BATCH)
    with engine.connect() as connection:
        connection.exec_driver_sql("TRUNCATE outbox")
        connection.commit()

    again = tmp_path / "again"
    shutil.copytree(generated, again)
    for file in events.RECORDS:  # each record's newer version: a later DateUpdated (Export.csv has none: ExportDate)
        change(again, file, 2, **{"ExportDate" if file == "Export" else "DateUpdated": LATER})
    change(again, "Services", 3, DateUpdated=LATER, DateDeleted=LATER)
    report = importer.import_export(engine, again, "reject", AGENCY)
    for file in events.RECORDS:
        rows = read_csv(again / f"{file}.csv")
        expected = [(rows[1][0], events.UPDATED)] + ([(rows[2][0], events.DELETED)] if file == "Services" else [])
        key = "personal_id" if file == "Client" else key_of(file)
        assert sorted((change[key], change["op"]) for change in changes_of(engine, file)) == sorted(expected), file
        assert report["files"][f"{file}.csv"]["updated"] == len(expected), file


def test_no_pii_is_in_any_envelope_an_import_writes(engine, generated):
    importer.import_export(engine, generated, "reject", AGENCY)
    envelopes = outbox_envelopes(engine)
    clients = read_csv(generated / "Client.csv")
    header = clients[0]
    secrets = {row[header.index(column)] for row in clients[1:]
               for column in ("FirstName", "MiddleName", "LastName", "NameSuffix", "SSN")} - {""}
    text = json.dumps(envelopes)
    assert secrets and [secret for secret in secrets if f'"{secret}"' in text] == []
    dobs = {row[0]: row[header.index("DOB")] for row in clients[1:]}
    for envelope in envelopes:
        Event.load(envelope)
        for change in envelope["data"].get("changes", [envelope["data"]]):
            assert [key for key in change if PII_KEY.search(key)] == [], envelope["type"]
            if envelope["type"] == events.CHANGED["Client"]:
                assert dobs[change["personal_id"]] not in change.values()


def test_clients_handed_to_the_agency_running_their_organization_are_announced_as_changed(engine, generated):
    importer.import_export(engine, generated, "reject")  # naming no agency
    with engine.connect() as connection:
        connection.exec_driver_sql("TRUNCATE outbox")
        connection.commit()
    with Session(engine) as session, session.begin():
        projects.link(session, "S11-O2", AGENCY)
    changed = announced_changes(engine, events.CHANGED["Client"])
    mine = {personal_id for personal_id, owner in agencies_of_clients(engine).items() if owner == AGENCY}
    assert sorted(change["personal_id"] for change in changed) == sorted(mine) != []
    assert {(change["op"], change["agency_id"]) for change in changed} == {(events.UPDATED, str(AGENCY))}


def test_a_bundle_announces_what_the_import_announced_when_it_rendered_its_changes_itself(engine, export_copy):
    """Each file loaded into an empty table is announced by a bundle the relay renders; its changes are the
    ones the import's own SQL rendered from the same rows before (announcements.batches, unbundled): the
    same records, ops (a row with DateDeleted is deleted), payload fields and their JSON types."""
    change(export_copy, "Services", 3, DateDeleted=LATER)
    deleted = read_csv(export_copy / "Services.csv")[2][0]
    importer.import_export(engine, export_copy, "reject", AGENCY)
    with engine.connect() as connection:
        bundles = connection.exec_driver_sql("SELECT routing_key FROM outbox WHERE envelope::jsonb ? 'bundle'")
        assert sorted(bundles.scalars()) == sorted(str(events.CHANGED[file]) for file in announcements.BUNDLED)
        rendered_by_the_import = {file: rendered_unbundled(connection, file) for file in events.RECORDS}
    for file, expected in rendered_by_the_import.items():
        key = key_of(file)
        assert sorted(changes_of(engine, file), key=lambda c: c[key]) == sorted(expected, key=lambda c: c[key]) != []
    ops = {change["services_id"]: change["op"] for change in changes_of(engine, "Services")}
    assert ops.pop(deleted) == events.DELETED and set(ops.values()) == {events.CREATED}


def rendered_unbundled(connection, file: str) -> list[dict]:
    """The changes of every row of `file`'s table, all new, as the import rendered them in its transaction."""
    rows = f"SELECT {announcements.returning_columns(file)} FROM {HUD_TABLES[file].name}"
    envelopes = connection.exec_driver_sql(announcements.batches(file, rows, announcements.op_of(file, "true")),
                                           {CORRELATION_PARAM: None}).scalars(2)
    return [change for envelope in envelopes for change in envelope["data"]["changes"]]


def test_rendering_an_imports_bundles_twice_gives_the_same_events(engine, generated):
    importer.import_export(engine, generated, "reject", AGENCY)
    first, second = outbox_envelopes(engine), outbox_envelopes(engine)
    assert first == second
    assert len({envelope["event_id"] for envelope in first}) == len(first) > len(events.RECORDS)


def test_a_row_a_later_import_changes_is_announced_by_that_import_after_the_first_ones_bundle(
        engine, export_copy, tmp_path):
    """The first import's bundle, not yet published, renders the row as it stands (the later import's
    values); the later import announces its update after it."""
    importer.import_export(engine, export_copy, "reject", AGENCY)
    exits = read_csv(export_copy / "Exit.csv")
    header, exit_id = exits[0], exits[1][0]
    destination = next(row[header.index("Destination")] for row in exits[2:]
                       if row[header.index("Destination")] != exits[1][header.index("Destination")])
    again = tmp_path / "again"
    shutil.copytree(export_copy, again)
    change(again, "Exit", 2, DateUpdated=LATER, Destination=destination)
    report = importer.import_export(engine, again, "reject", AGENCY)
    assert report["files"]["Exit.csv"]["updated"] == 1
    announced = [(change["op"], change["destination"]) for change in changes_of(engine, "Exit")
                 if change["exit_id"] == exit_id]
    assert announced == [(events.CREATED, int(destination)), (events.UPDATED, int(destination))]


def test_a_clients_created_change_names_the_agency_it_was_created_under_though_handed_on_before_published(
        engine, generated):
    """`clients.client.assigned` moves a count from the agency a client's `created` change named (the reports
    service's counts), so that change names the agency the client was created under, even when the client
    is handed to another before the relay publishes the import's events."""
    importer.import_export(engine, generated, "reject")  # naming no agency
    with Session(engine) as session, session.begin():
        projects.link(session, "S11-O2", AGENCY)
    changed = announced_changes(engine, events.CHANGED["Client"])
    assert {change["agency_id"] for change in changed if change["op"] == events.CREATED} == {str(IMPORT_AGENCY)}
    assert {change["agency_id"] for change in changed if change["op"] == events.UPDATED} == {str(AGENCY)}
