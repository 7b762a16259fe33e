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
from clients.csv import importer
from hmis_kit.events import Event
from integration.test_csv_import import AGENCY, agencies_of_clients, change
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
    for file in events.RECORDS:
        change(again, file, 2, DateUpdated=LATER)
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
