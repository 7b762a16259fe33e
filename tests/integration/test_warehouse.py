"""The reports warehouse (docs/reports.md, "The warehouse"), with the whole platform running: an API write and
an import reach it within seconds (the lag printed), its Export.csv and User.csv too, a deleted record stays
marked, the findings a rule across records makes of records that did not change reach it too, `hmis reports rebuild`
leaves it equal to the clients service's tables row for row (names and SSNs as verdicts), nothing of the feed
carries a name or an SSN (and no event a date of birth), and HUD's sample loads as a source of its own with
every row."""
import hashlib
import json
import shutil
import subprocess
import sys
import time
import uuid

import pytest
import requests
import sqlalchemy as sa

from clients import pii
from clients.contract import warehouse
from clients.csv import generator, importer
from clients.models import HUD_TABLES, data_quality_findings as clients_findings
from hmis_kit.db import make_engine
from hmis_platform.components import service_url
from hud.fy2026.export_files import ExportFiles, csv_rows
from hud.fy2026.rules import valid_ssn
from hud.fy2026.spec import FILES
from hud.fy2026.tables import CLIENT_WITHHELD
from integration.test_csv_import import change
from integration.test_import_events import PII_KEY
from reports.warehouse.tables import WAREHOUSE_TABLES, data_quality_findings
from support import HUD_SAMPLE, access_for, eventually, read_csv

pytestmark = pytest.mark.integration
CHANGED_CLIENTS = 1000  # the lag is measured after a change of this many records
SEED = 23  # the generated export's own source (ImplementationID harbor-synthetic-23)
HUD_SAMPLE_ROWS = 255_203
# The files events keep current: every one, Export.csv and User.csv included.
LIVE_FILES = tuple(FILES)


@pytest.fixture(scope="module")
def reports_engine(settings):
    engine = make_engine(settings.database_url("reports"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    out = tmp_path_factory.mktemp("warehouse-export")
    generator.generate(out, CHANGED_CLIENTS, seed=SEED, problems=generator.Problems())
    return out


def hmis(*args: str) -> subprocess.CompletedProcess:
    """The operator's command line, in a process of its own (as an operator runs it, beside the platform)."""
    return subprocess.run([sys.executable, "-c", "from hmis_platform.cli import main; main()", *args],
                          capture_output=True, text=True, timeout=600)


def _clients_rows(clients_engine, file: str, sources: list[int] | None = None) -> set[tuple]:
    """A file's rows in the clients service (of `sources`, by default all) as the warehouse should have them:
    Client.csv without names or SSN, its verdicts decided here from the names and the SSN itself (decrypted)."""
    table = HUD_TABLES[file]
    columns = [name for name in warehouse.feed_columns(file) if name in table.c]
    of_sources = table.c.source.in_(sources) if sources is not None else sa.true()
    if file != "Client":
        with clients_engine.connect() as connection:
            return {tuple(row) for row in connection.execute(sa.select(*(table.c[name] for name in columns))
                                                             .where(of_sources))}
    with clients_engine.connect() as connection:
        found = connection.execute(sa.select(*(table.c[name] for name in columns), table.c.first_name,
                                             table.c.last_name, table.c.ssn_ciphertext).where(of_sources)).all()
    rows = set()
    for *kept, first, last, sealed in found:
        ssn = pii.decrypt_ssn(sealed) if sealed else None
        rows.add((*kept, not (first or "").strip() or not (last or "").strip(), ssn is None,
                  ssn is not None and not valid_ssn(ssn)))
    return rows


def _warehouse_rows(reports_engine, table: sa.Table, columns: tuple[str, ...],
                    sources: list[int] | None = None) -> set[tuple]:
    """The warehouse's rows of the HMIS sources (those of the clients service's `sources`, by default all), each
    with the clients service's source number for its source."""
    selected = ", ".join(f"t.{name}" if name != "source" else "s.clients_source" for name in columns)
    of_sources = "" if sources is None else f" AND s.clients_source IN ({', '.join(map(str, map(int, sources)))})"
    with reports_engine.connect() as connection:
        return {tuple(row) for row in connection.exec_driver_sql(
            f"SELECT {selected} FROM {table.name} t JOIN warehouse_sources s ON s.id = t.source "
            f"WHERE s.kind = 'hmis'{of_sources}")}


def differences(clients_engine, reports_engine, files=tuple(FILES), sources: list[int] | None = None,
                findings: bool = True) -> dict[str, tuple[int, int]]:
    """Files (and, with `findings`, the findings) whose rows (of the clients service's `sources`, by default all)
    differ: rows only in the clients service, rows only in the warehouse."""
    different = {}
    for file in files:
        expected = _clients_rows(clients_engine, file, sources)
        found = _warehouse_rows(reports_engine, WAREHOUSE_TABLES[file], warehouse.feed_columns(file), sources)
        if expected != found:
            different[file] = (len(expected - found), len(found - expected))
    if not findings:
        return different
    columns = warehouse.FINDING_COLUMNS
    of_sources = clients_findings.c.source.in_(sources) if sources is not None else sa.true()
    with clients_engine.connect() as connection:
        expected = {tuple(row) for row in connection.execute(
            sa.select(*(clients_findings.c[name] for name in columns)).where(of_sources))}
    found = _warehouse_rows(reports_engine, data_quality_findings, columns, sources)
    if expected != found:
        different["findings"] = (len(expected - found), len(found - expected))
    return different


def assert_settled(clients_engine, reports_engine, sources: list[int], timeout: float = 60) -> None:
    """The warehouse equals the clients service's tables (the files events keep current, of `sources`: other tests
    write records straight into the clients database, unannounced) once the events in flight are applied. Not the
    findings: a re-import re-evaluates the findings of records it leaves unchanged, which no event announces (a
    rebuild brings them, docs/reports.md; the rebuild's test compares them)."""
    def settled() -> dict:
        return differences(clients_engine, reports_engine, LIVE_FILES, sources, findings=False)
    try:
        eventually(lambda: settled() == {}, timeout=timeout, interval=0.5)
    except AssertionError:
        assert settled() == {}


def warehouse_row(reports_engine, file: str, record_id: str) -> dict | None:
    table = WAREHOUSE_TABLES[file]
    key = FILES[file].key.db_name
    with reports_engine.connect() as connection:
        row = connection.execute(sa.select(table).where(table.c[key] == record_id)).first()
    return dict(row._mapping) if row else None


def test_an_api_write_reaches_the_warehouse_with_verdicts_for_the_names_and_ssn(services, agency, clients_engine,
                                                                                reports_engine):
    client = services.clients.create_client({"first_name": "Ada", "last_name": "Byron", "dob": "1985-12-10",
                                             "ssn": "123456789", "ssn_data_quality": 2}, access_for(agency))
    with clients_engine.connect() as connection:
        personal_id = connection.exec_driver_sql("SELECT personal_id FROM clients WHERE id = %(id)s",
                                                 {"id": client["id"]}).scalar_one()
    row = eventually(lambda: warehouse_row(reports_engine, "Client", personal_id))
    assert (row["name_missing"], row["ssn_missing"], row["ssn_invalid"]) == (False, False, True)
    assert str(row["dob"]) == "1985-12-10" and row["ssn_data_quality"] == 2
    assert not {"first_name", "last_name", "ssn", "ssn_ciphertext", "ssn_hash"} & set(row)
    services.clients.update_client(client["id"], {"first_name": None, "name_data_quality": 2, "ssn": "287654321",
                                                  "ssn_data_quality": 1}, access_for(agency))
    eventually(lambda: (warehouse_row(reports_engine, "Client", personal_id)["name_missing"],
                        warehouse_row(reports_engine, "Client", personal_id)["ssn_invalid"]) == (True, False))


def test_an_import_reaches_the_warehouse_and_the_lag_is_printed(settings, platform, clients_engine, reports_engine,
                                                                 export, agency):
    importer.import_export(clients_engine, export, "reject", uuid.UUID(agency))
    written = time.perf_counter()
    ids = [row[0] for row in read_csv(export / "Client.csv")[1:]]
    table = WAREHOUSE_TABLES["Client"]

    def arrived() -> bool:
        with reports_engine.connect() as connection:
            return connection.execute(sa.select(sa.func.count()).where(table.c.personal_id.in_(ids))).scalar_one() \
                == len(ids)

    eventually(arrived, timeout=60, interval=0.02)
    print(f"\nwarehouse lag after an import of {len(ids)} clients (its Client.csv's 1,000 changes): "
          f"{time.perf_counter() - written:.2f} s")
    with clients_engine.connect() as connection:
        sources = connection.execute(sa.select(HUD_TABLES["Client"].c.source).distinct()
                                     .where(HUD_TABLES["Client"].c.personal_id.in_(ids))).scalars().all()
    assert_settled(clients_engine, reports_engine, sources)


def test_a_deleted_record_stays_in_the_warehouse_marked(settings, platform, clients_engine, reports_engine, export,
                                                        agency, tmp_path):
    importer.import_export(clients_engine, export, "reject", uuid.UUID(agency))
    again = tmp_path / "again"
    shutil.copytree(export, again)
    change(again, "Services", 2, DateUpdated="2026-06-01 09:30:00", DateDeleted="2026-06-01 09:30:00")
    importer.import_export(clients_engine, again, "reject", uuid.UUID(agency))
    services_id = read_csv(again / "Services.csv")[1][0]
    eventually(lambda: str((warehouse_row(reports_engine, "Services", services_id) or {}).get("date_deleted"))
               == "2026-06-01 09:30:00", timeout=60)


def test_an_imports_export_and_users_reach_the_warehouse_without_a_rebuild(settings, platform, clients_engine,
                                                                          reports_engine, export, agency, tmp_path):
    """Export.csv and User.csv are announced as every other file is: a later export of the same source, its user
    renamed and its ExportDate later, reaches the warehouse, its rows updated, with no rebuild."""
    importer.import_export(clients_engine, export, "reject", uuid.UUID(agency))
    export_id, user_id = read_csv(export / "Export.csv")[1][0], read_csv(export / "User.csv")[1][0]
    eventually(lambda: warehouse_row(reports_engine, "Export", export_id) is not None
               and warehouse_row(reports_engine, "User", user_id) is not None, timeout=60)
    again = tmp_path / "again"
    shutil.copytree(export, again)
    change(again, "User", 2, UserLastName="Renamed", DateUpdated="2026-06-01 09:30:00")
    change(again, "Export", 2, ExportDate="2026-06-01 09:30:00", SoftwareVersion="2.0")
    importer.import_export(clients_engine, again, "reject", uuid.UUID(agency))
    eventually(lambda: (warehouse_row(reports_engine, "User", user_id) or {}).get("user_last_name") == "Renamed",
               timeout=60)
    eventually(lambda: (warehouse_row(reports_engine, "Export", export_id) or {}).get("software_version") == "2.0",
               timeout=60)


def warehouse_findings(reports_engine, record_id: str) -> set[tuple[str, str]]:
    """A record's findings in the warehouse, (rule, field)."""
    with reports_engine.connect() as connection:
        return set(connection.exec_driver_sql("SELECT rule_id, field FROM data_quality_findings "
                                              "WHERE record_id = %(record)s", {"record": record_id}).all())


def test_a_rule_across_records_brings_the_findings_of_the_records_it_ties_without_a_rebuild(
        services, agency, project, clients_engine, reports_engine):
    """A client's second stay in the project, entered through the API while the first is open, makes the stays
    overlap: a finding of each, the first's too, though only the second was written (and announced). An exit ending
    the first before the second began takes the finding from both, though neither enrollment changed."""
    client_id = services.clients.create_client({"first_name": "Tied", "last_name": "Stays"}, access_for(agency))["id"]
    first, second = (services.clients.enroll_household({"project_id": project, "entry_date": entry, "members": [
        {"client_id": client_id, "relationship_to_hoh": 1}]}, access_for(agency))["enrollments"][0]["enrollment_id"]
        for entry in ("2025-01-01", "2025-02-01"))
    overlap = ("dq.stay.overlap", "EntryDate")
    eventually(lambda: overlap in warehouse_findings(reports_engine, second))
    eventually(lambda: overlap in warehouse_findings(reports_engine, first))
    services.clients.add_record("exit", first, {"exit_date": "2025-01-20", "destination": 410}, access_for(agency))
    eventually(lambda: overlap not in warehouse_findings(reports_engine, first)
               and overlap not in warehouse_findings(reports_engine, second))


def test_a_second_head_imported_brings_the_first_heads_finding_without_a_rebuild(
        settings, platform, clients_engine, reports_engine, export, agency, tmp_path):
    """A re-import makes a member of a household its second head: the household's head, whose record the import
    leaves as it was (and does not announce), has the finding too."""
    importer.import_export(clients_engine, export, "reject", uuid.UUID(agency))
    enrollments = read_csv(export / "Enrollment.csv")
    at = {name: enrollments[0].index(name) for name in ("EnrollmentID", "HouseholdID", "RelationshipToHoH")}
    households: dict[str, list[tuple[int, list[str]]]] = {}
    for line, row in enumerate(enrollments[1:], start=2):
        households.setdefault(row[at["HouseholdID"]], []).append((line, row))
    members = next(members for members in households.values() if len(members) > 1
                   and [row[at["RelationshipToHoH"]] for _, row in members].count("1") == 1)
    (_, head), (line, member) = sorted(members, key=lambda member: member[1][at["RelationshipToHoH"]] != "1")[:2]
    two_heads = ("dq.household.head", "RelationshipToHoH")
    with clients_engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM data_quality_findings WHERE rule_id = %(rule)s "
                                          "AND record_id = %(record)s", {"rule": two_heads[0],
                                                                         "record": head[at["EnrollmentID"]]}
                                          ).scalar_one() == 0
    again = tmp_path / "again"
    shutil.copytree(export, again)
    change(again, "Enrollment", line, RelationshipToHoH="1", DateUpdated="2026-06-01 09:30:00")
    importer.import_export(clients_engine, again, "reject", uuid.UUID(agency))
    eventually(lambda: two_heads in warehouse_findings(reports_engine, member[at["EnrollmentID"]]), timeout=60)
    eventually(lambda: two_heads in warehouse_findings(reports_engine, head[at["EnrollmentID"]]), timeout=60)


def test_the_rebuild_equals_the_clients_tables_row_for_row(settings, platform, clients_engine, reports_engine,
                                                           export, agency):
    importer.import_export(clients_engine, export, "reject", uuid.UUID(agency))
    with reports_engine.begin() as connection:  # the warehouse gone astray: a row lost, a row changed
        connection.exec_driver_sql("DELETE FROM hud_enrollment WHERE enrollment_id IN "
                                   "(SELECT enrollment_id FROM hud_enrollment LIMIT 1)")
        connection.exec_driver_sql("UPDATE hud_client SET ssn_missing = NOT ssn_missing WHERE personal_id IN "
                                   "(SELECT personal_id FROM hud_client LIMIT 1)")
    assert differences(clients_engine, reports_engine)
    rebuilt = hmis("reports", "rebuild")
    print(rebuilt.stdout)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Client" in rebuilt.stdout and "rows/s" in rebuilt.stdout
    assert differences(clients_engine, reports_engine) == {}


def test_no_name_or_ssn_in_the_feed_and_no_date_of_birth_in_any_event(settings, platform, services, clients_engine,
                                                                     reports_engine, export, agency):
    importer.import_export(clients_engine, export, "reject", uuid.UUID(agency))
    clients = read_csv(export / "Client.csv")
    header = clients[0]
    withheld = {row[header.index(column)] for row in clients[1:] for column in CLIENT_WITHHELD} - {""}
    source = services.clients.warehouse_sources()[-1]["source"]
    answer = services.clients.warehouse_rows({"file": "Client", "keys": [{"id": row[0], "source": source}
                                                                         for row in clients[1:1001]]})
    assert len(answer["rows"]) == min(len(clients) - 1, 1000)
    assert not {"first_name", "last_name", "middle_name", "name_suffix", "ssn"} & set(answer["rows"][0])
    text = json.dumps(answer)
    assert withheld and [value for value in withheld if f'"{value}"' in text] == []
    token = "a-test-token-" + uuid.uuid4().hex
    services.clients.expect_warehouse_feed(hashlib.sha256(token.encode()).hexdigest())
    streamed = requests.get(service_url(settings, "clients") + warehouse.FEED_PATH.format(what="Client"),
                            params=warehouse.sources_param({source: source}),
                            headers={"Authorization": f"Bearer {token}"}, timeout=60).text
    assert streamed.count("\n") >= len(clients) - 1
    assert [value for value in withheld if f",{value}," in f",{streamed.replace(chr(10), ',')},"] == []
    refused = requests.get(service_url(settings, "clients") + warehouse.FEED_PATH.format(what="Client"),
                           params=warehouse.sources_param({source: source}),
                           headers={"Authorization": "Bearer not-a-token"}, timeout=60)
    assert refused.status_code == 401
    with reports_engine.connect() as connection:  # every event the reports service received
        logged = connection.exec_driver_sql("SELECT data FROM event_log").scalars().all()
    assert [value for value in withheld if any(f'"{value}"' in json.dumps(data) for data in logged)] == []
    keys = {key for data in logged for change in data.get("changes", [data]) for key in change}
    assert [key for key in keys if PII_KEY.search(key)] == []  # no name, SSN or date of birth field


def test_hud_sample_loads_as_a_source_of_its_own_with_every_row_and_its_verdicts(reports_engine):
    loaded = hmis("reports", "load-source", str(HUD_SAMPLE), "--label", "HUD FY2026 sample")
    print(loaded.stdout)
    assert loaded.returncode == 0, loaded.stderr
    with reports_engine.connect() as connection:
        source = connection.exec_driver_sql(
            "SELECT max(id) FROM warehouse_sources WHERE kind = 'export' AND label = 'HUD FY2026 sample'").scalar_one()
        counts = {file: connection.execute(sa.select(sa.func.count()).select_from(table)
                                           .where(table.c.source == source)).scalar_one()
                  for file, table in WAREHOUSE_TABLES.items()}
        verdicts = connection.exec_driver_sql(
            "SELECT count(*) FILTER (WHERE name_missing), count(*) FILTER (WHERE ssn_missing), "
            "count(*) FILTER (WHERE ssn_invalid) FROM hud_client WHERE source = %(source)s",
            {"source": source}).one()
    assert sum(counts.values()) == HUD_SAMPLE_ROWS
    files = ExportFiles(HUD_SAMPLE)
    with files.open(FILES["Client"]) as stream:
        header, records = csv_rows(stream)
        at = {name: header.index(name) for name in ("FirstName", "LastName", "SSN")}
        clients = [row for row in records if row]
    files.close()
    assert counts["Client"] == len(clients)
    assert tuple(verdicts) == (
        sum(1 for row in clients if not row[at["FirstName"]].strip() or not row[at["LastName"]].strip()),
        sum(1 for row in clients if not row[at["SSN"]].strip()),
        sum(1 for row in clients if row[at["SSN"]].strip() and not valid_ssn(row[at["SSN"]].strip())))
