"""HMIS CSV import and export against the real PostgreSQL.

The tests run on a clients database of their own (migrated like the service's), emptied before each
test, so imports of generated data never meet the records other tests make through the gateway.
"""
import shutil
import uuid
import zipfile
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session
from click.testing import CliRunner

from clients import dedup, pii, projects, search
from clients.contract import events, schemas
from clients.csv import exporter, generator, importer, staging, writing
from clients.csv.source import NotAnExport
from clients.models import HUD_TABLES, organization_agencies
from hmis_platform.cli import main as hmis
from hmis_kit.events import Event
from hud.fy2026.rules import valid_ssn
from hud.fy2026.spec import FILES
from support import GENERATED_CLIENTS, eventually, outbox_envelopes, read_csv, write_csv

pytestmark = pytest.mark.integration
AGENCY = uuid.UUID("a0000000-0000-4000-8000-00000000000a")
VALID_SSN = "287654321"  # one SSA could have issued (hud.fy2026.rules.valid_ssn)


@pytest.fixture
def export_copy(generated, tmp_path):
    target = tmp_path / "export"
    shutil.copytree(generated, target)
    return target


def change(folder, file, line, **values):
    """Set columns of one data line (2 = the first after the header) of a file."""
    table = read_csv(folder / f"{file}.csv")
    header = table[0]
    for name, value in values.items():
        table[line - 1][header.index(name)] = value
    write_csv(folder / f"{file}.csv", table)


def counts(engine):
    with engine.connect() as connection:
        result = {name: connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                  for name, table in HUD_TABLES.items()}
        result["outbox"] = connection.exec_driver_sql("SELECT count(*) FROM outbox").scalar_one()
    return result


def indexes(engine):
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'").scalars().all()


@pytest.fixture(params=["small", "large"])
def export_size(request, monkeypatch):
    """Files taken as those of a small export, or of a large one: staged in unlogged tables, and loaded
    into empty tables with their indexes dropped and built again after."""
    if request.param == "large":
        monkeypatch.setattr(staging, "UNLOGGED_FROM_BYTES", 0)
        monkeypatch.setattr(writing, "INDEXED_AFTER_FROM_ROWS", 0)
    return request.param


def test_import_then_export_reproduces_every_record(engine, generated, tmp_path, export_size):
    schema = sorted(indexes(engine))
    report = importer.import_export(engine, generated, "reject", AGENCY)
    assert sorted(indexes(engine)) == schema
    assert report["errors"] == 0 and report["inserted"] == report["rows"]
    exporter.export(engine, tmp_path / "out")
    export_id = read_csv(tmp_path / "out" / "Export.csv")[1][0]
    for name, spec in FILES.items():
        if name == "Export":
            continue
        original, exported = read_csv(generated / spec.filename), read_csv(tmp_path / "out" / spec.filename)
        assert exported[0] == spec.header
        # Every record carries the export's own ExportID (tests/integration/test_csv_export.py), not the import's.
        assert sorted(exported[1:]) == sorted([*row[:-1], export_id] for row in original[1:]), name
    assert read_csv(tmp_path / "out" / "Export.csv")[1][FILES["Export"].header.index("CSVVersion")] == "2026 v1.0"


def test_importing_the_same_export_again_changes_nothing(engine, generated):
    importer.import_export(engine, generated, "reject", AGENCY)
    before = counts(engine)
    with engine.connect() as connection:
        stamps = connection.exec_driver_sql("SELECT personal_id, updated_at FROM clients ORDER BY 1").all()
    again = importer.import_export(engine, generated, "reject", AGENCY)
    assert again["inserted"] == 0 and again["updated"] == 0
    assert counts(engine) == before
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT personal_id, updated_at FROM clients ORDER BY 1").all() == stamps


def test_the_newer_date_updated_wins(engine, export_copy):
    importer.import_export(engine, export_copy, "reject", AGENCY)
    change(export_copy, "Exit", 2, Destination="101", DateUpdated="2030-01-01 00:00:00")
    change(export_copy, "Exit", 3, Destination="101", DateUpdated="2000-01-01 00:00:00")
    report = importer.import_export(engine, export_copy, "reject", AGENCY)
    assert report["files"]["Exit.csv"]["updated"] == 1
    exits = read_csv(export_copy / "Exit.csv")
    with engine.connect() as connection:
        destinations = dict(connection.exec_driver_sql("SELECT exit_id, destination FROM hud_exit").all())
    assert destinations[exits[1][0]] == 101
    assert destinations[exits[2][0]] != 101 or exits[2][4] == "101"


def test_a_deleted_row_is_soft_deleted(engine, export_copy):
    importer.import_export(engine, export_copy, "reject", AGENCY)
    change(export_copy, "Services", 2, DateDeleted="2025-10-01 12:00:00", DateUpdated="2025-10-01 12:00:00")
    importer.import_export(engine, export_copy, "reject", AGENCY)
    service_id = read_csv(export_copy / "Services.csv")[1][0]
    with engine.connect() as connection:
        deleted = connection.exec_driver_sql("SELECT date_deleted FROM hud_services WHERE services_id = %(i)s",
                                             {"i": service_id}).scalar_one()
    assert deleted is not None


def another_source(folder, tmp_path):
    """A copy of an export made by another system: the same ids, other people and other stays."""
    other = tmp_path / "other-source"
    shutil.copytree(folder, other)
    change(other, "Export", 2, ImplementationID="another-hmis", SourceName="Another HMIS")
    change(other, "Client", 2, FirstName="Otto", LastName="Quist", DOB="1950-02-03", SSN="", SSNDataQuality="99")
    exit_ = dict(zip(*read_csv(other / "Exit.csv")[:2]))
    enrollment_line = [row[0] for row in read_csv(other / "Enrollment.csv")].index(exit_["EnrollmentID"]) + 1
    change(other, "Enrollment", enrollment_line, EntryDate="2020-01-06")
    change(other, "Exit", 2, Destination="101" if exit_["Destination"] != "101" else "410")
    return other


def stays(engine, exit_id):
    """Of each source, the exit's destination and its enrollment's entry, joined as the importer joins."""
    with engine.connect() as connection:
        return connection.exec_driver_sql("""
            SELECT x.source, x.destination, e.entry_date::text, c.first_name FROM hud_exit x
            JOIN hud_enrollment e ON e.enrollment_id = x.enrollment_id AND e.source = x.source
            JOIN clients c ON c.personal_id = e.personal_id AND c.source = e.source
            WHERE x.exit_id = %(x)s ORDER BY x.source""", {"x": exit_id}).all()


def test_two_sources_sharing_ids_keep_their_own_records_and_a_reimport_updates_its_own(engine, export_copy,
                                                                                        tmp_path):
    other = another_source(export_copy, tmp_path)
    importer.import_export(engine, export_copy, "reject", AGENCY)
    first = counts(engine)
    report = importer.import_export(engine, other, "reject", AGENCY)
    assert report["updated"] == 0 and report["inserted"] == report["rows"]
    assert {name: counts(engine)[name] for name in HUD_TABLES} == {name: 2 * first[name] for name in HUD_TABLES}
    personal_id = read_csv(export_copy / "Client.csv")[1][0]
    with engine.connect() as connection:
        people = connection.exec_driver_sql("SELECT first_name, last_name, dob::text FROM clients "
                                            "WHERE personal_id = %(p)s ORDER BY source", {"p": personal_id}).all()
    original = dict(zip(*read_csv(export_copy / "Client.csv")[:2]))
    assert [tuple(person) for person in people] == [
        (original["FirstName"], original["LastName"], original["DOB"]), ("Otto", "Quist", "1950-02-03")]
    exit_ = dict(zip(*read_csv(export_copy / "Exit.csv")[:2]))
    ours, theirs = stays(engine, exit_["ExitID"])
    entry = {row[0]: row[3] for row in read_csv(export_copy / "Enrollment.csv")[1:]}[exit_["EnrollmentID"]]
    assert (ours.destination, ours.entry_date) == (int(exit_["Destination"]), entry)
    assert (theirs.destination, theirs.entry_date) == (int(read_csv(other / "Exit.csv")[1][4]), "2020-01-06")

    change(export_copy, "Client", 2, FirstName="Renamed", DateUpdated="2030-01-01 00:00:00")
    again = importer.import_export(engine, export_copy, "reject", AGENCY)
    assert again["inserted"] == 0 and again["files"]["Client.csv"]["updated"] == 1
    assert {name: counts(engine)[name] for name in HUD_TABLES} == {name: 2 * first[name] for name in HUD_TABLES}
    assert [row.first_name for row in stays(engine, exit_["ExitID"])][1] == "Otto"
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT first_name FROM clients WHERE personal_id = %(p)s ORDER BY source",
                                          {"p": personal_id}).scalars().all() == ["Renamed", "Otto"]


def test_an_export_csv_naming_two_sources_rejects_the_import(engine, export_copy):
    table = read_csv(export_copy / "Export.csv")
    write_csv(export_copy / "Export.csv", [*table, [*table[1][:-1], "another-hmis"]])
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert rejected.value.report["files"]["Export.csv"]["listed"][0]["line"] == 3
    assert counts(engine)["Client"] == 0


def test_generated_exports_of_two_seeds_share_no_id_and_name_two_sources(tmp_path):
    ids = {}
    for seed in (1, 2):
        generator.generate(tmp_path / str(seed), 30, seed=seed)
        ids[seed] = {(name, row[0]) for name, spec in FILES.items()
                     for row in read_csv(tmp_path / str(seed) / spec.filename)[1:]}
        ids[seed] |= {("User", row[FILES["Client"].header.index("UserID")])
                      for row in read_csv(tmp_path / str(seed) / "Client.csv")[1:]}
    assert ids[1] and ids[2] and not ids[1] & ids[2]
    implementation = FILES["Export"].header.index("ImplementationID")
    assert len({read_csv(tmp_path / str(seed) / "Export.csv")[1][implementation] for seed in (1, 2)}) == 2


def test_an_export_of_several_sources_names_one_and_reimports_as_it(engine, export_copy, tmp_path):
    other = another_source(export_copy, tmp_path)
    importer.import_export(engine, export_copy, "reject", AGENCY)
    importer.import_export(engine, other, "reject", AGENCY)
    with pytest.raises(exporter.SeveralSources):
        exporter.export(engine, tmp_path / "all")
    with engine.connect() as connection:
        theirs = connection.exec_driver_sql(
            "SELECT id FROM sources WHERE implementation_id = 'another-hmis'").scalar_one()
    exporter.export(engine, tmp_path / "theirs", exporter.ExportRequest(source=theirs))
    exported = dict(zip(*read_csv(tmp_path / "theirs" / "Export.csv")[:2]))
    assert (exported["ImplementationID"], exported["SourceName"]) == ("another-hmis", "Another HMIS")
    assert sorted(read_csv(tmp_path / "theirs" / "Client.csv")[1:]) == \
        sorted([*row[:-1], exported["ExportID"]] for row in read_csv(other / "Client.csv")[1:])
    before = counts(engine)
    again = importer.import_export(engine, tmp_path / "theirs", "reject", AGENCY)
    assert again["inserted"] == again["files"]["Export.csv"]["inserted"] == 1  # the export's own row
    after = counts(engine)
    assert {name: after[name] for name in HUD_TABLES} == {**{name: before[name] for name in HUD_TABLES},
                                                         "Export": before["Export"] + 1}


def test_a_failed_import_leaves_nothing_behind(engine, export_copy):
    change(export_copy, "Enrollment", 5, RelationshipToHoH="7")
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert all(count == 0 for count in counts(engine).values())
    problems = rejected.value.report["files"]["Enrollment.csv"]["listed"]
    assert (5, "RelationshipToHoH", "structural.list", "7", "not in list RelationshipToHoH", "rejected") in {
        (p["line"], p["field"], p["rule_id"], p["value"], p["message"], p["outcome"]) for p in problems}


def add_a_duplicate_of_line_2(folder, file, date_updated):
    """Append a copy of a file's first record, updated at `date_updated`; returns its line."""
    table = read_csv(folder / f"{file}.csv")
    duplicate = list(table[1])
    duplicate[table[0].index("DateUpdated")] = date_updated
    write_csv(folder / f"{file}.csv", table + [duplicate])
    return len(table) + 1


def duplicate_lines(report, file):
    return [p["line"] for p in report["files"][f"{file}.csv"]["listed"] if p["message"].startswith("duplicate")]


@pytest.mark.parametrize("file", ["Client", "Services"])
def test_a_duplicate_id_rejects_the_import_and_names_its_line(engine, export_copy, file, export_size):
    line = add_a_duplicate_of_line_2(export_copy, file, "2001-01-01 00:00:00")  # the older of the two
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert duplicate_lines(rejected.value.report, file) == [line]
    assert all(count == 0 for count in counts(engine).values())


def test_a_duplicate_id_is_named_on_a_reimport_and_when_an_earlier_file_already_failed(engine, export_copy):
    importer.import_export(engine, export_copy, "reject", AGENCY)
    before = counts(engine)
    line = add_a_duplicate_of_line_2(export_copy, "Services", "2001-01-01 00:00:00")  # older than the stored row
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert duplicate_lines(rejected.value.report, "Services") == [line]
    change(export_copy, "Enrollment", 5, RelationshipToHoH="7")  # fails first: Services is never written
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert duplicate_lines(rejected.value.report, "Services") == [line]
    assert counts(engine) == before


@pytest.mark.parametrize("strictness", ["warn", "repair"])
def test_of_duplicate_ids_the_newest_is_kept(engine, export_copy, strictness, repeats_found):
    line = add_a_duplicate_of_line_2(export_copy, "Disabilities", "2030-01-01 00:00:00")
    report = importer.import_export(engine, export_copy, strictness, AGENCY)
    assert duplicate_lines(report, "Disabilities") == [2] and report["files"]["Disabilities.csv"]["left_out"] == 1
    with engine.connect() as connection:
        kept = connection.exec_driver_sql("SELECT date_updated FROM hud_disabilities WHERE disabilities_id = %(d)s",
                                          {"d": read_csv(export_copy / "Disabilities.csv")[line - 1][0]}).scalar_one()
    assert kept.year == 2030


def staging_tables(engine):
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT tablename FROM pg_tables WHERE schemaname = %(schema)s",
                                          {"schema": staging.STAGING_SCHEMA}).scalars().all()


def test_a_failure_while_staging_fails_the_import_and_leaves_nothing(engine, generated, monkeypatch):
    stage = staging.Stager._stage

    def failing(self, source, spec):  # after Client and Enrollment have been written in the import's transaction
        if spec.name == "Services":
            raise RuntimeError("the disk went away")
        return stage(self, source, spec)
    monkeypatch.setattr(staging.Stager, "_stage", failing)
    with pytest.raises(RuntimeError, match="the disk went away"):
        importer.import_export(engine, generated, "reject", AGENCY)
    assert all(count == 0 for count in counts(engine).values())
    assert staging_tables(engine) == []


def test_no_staging_table_outlives_an_import(engine, export_copy):
    importer.import_export(engine, export_copy, "reject", AGENCY)
    assert staging_tables(engine) == []
    change(export_copy, "Client", 2, DOB="yesterday", DateUpdated="2030-01-01 00:00:00")
    with pytest.raises(importer.ImportRejected):
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert staging_tables(engine) == []


def test_an_import_drops_the_staging_tables_a_crashed_one_left_and_keeps_a_running_ones(engine, generated):
    with engine.connect() as gone:
        dead = gone.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        gone.invalidate()  # its backend ends, as a crashed import's would

    def backend_ended():
        with engine.connect() as connection:
            return not connection.exec_driver_sql("SELECT count(*) FROM pg_stat_activity WHERE pid = %(pid)s",
                                                  {"pid": dead}).scalar_one()
    eventually(backend_ended)
    with engine.connect() as running:
        alive = running.exec_driver_sql("SELECT pg_backend_pid()").scalar_one()
        running.commit()
        with engine.begin() as connection:
            for pid in (dead, alive):
                connection.exec_driver_sql(f"CREATE UNLOGGED TABLE {staging.STAGING_SCHEMA}.p{pid}_clients (x int)")
        importer.import_export(engine, generated, "reject", AGENCY)
        assert staging_tables(engine) == [f"p{alive}_clients"]
        running.exec_driver_sql(f"DROP TABLE {staging.STAGING_SCHEMA}.p{alive}_clients")
        running.commit()


def test_warn_leaves_out_broken_rows_and_reports_each(engine, export_copy):
    change(export_copy, "Client", 3, Sex="5")
    change(export_copy, "Client", 4, DOB="1980-13-45")
    report = importer.import_export(engine, export_copy, "warn", AGENCY)
    client = report["files"]["Client.csv"]
    assert client["left_out"] == 2 and client["inserted"] == GENERATED_CLIENTS - 2 and report["errors"] == 0
    assert {(p["line"], p["field"], p["rule_id"], p["outcome"]) for p in client["listed"]} >= {
        (3, "Sex", "structural.list", "left_out"), (4, "DOB", "structural.type", "left_out")}
    # their enrollments name no client now, so they are left out too and reported, and so are their records
    for file, field in (("Enrollment", "PersonalID"), ("Disabilities", "EnrollmentID")):
        assert any((p["field"], p["rule_id"], p["outcome"]) == (field, "structural.key.foreign", "left_out")
                   for p in report["files"][f"{file}.csv"]["listed"])


@pytest.mark.parametrize("file", ["Services", "Disabilities"])
def test_a_record_naming_no_enrollment_rejects_the_import(engine, export_copy, file):
    change(export_copy, file, 3, EnrollmentID="NO-SUCH-ENROLLMENT")
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert [p["line"] for p in rejected.value.report["files"][f"{file}.csv"]["listed"]
            if (p["rule_id"], p["value"]) == ("structural.key.foreign", "NO-SUCH-ENROLLMENT")] == [3]


def test_repair_applies_hud_fallbacks_and_leaves_out_what_it_cannot_fix(engine, export_copy):
    change(export_copy, "Client", 3, Sex="5")
    change(export_copy, "Client", 4, DOB="1980-13-45")
    report = importer.import_export(engine, export_copy, "repair", AGENCY)
    client = report["files"]["Client.csv"]
    assert client["repaired"] == 1 and client["left_out"] == 1 and client["inserted"] == GENERATED_CLIENTS - 1
    personal_id = read_csv(export_copy / "Client.csv")[2][0]
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT sex FROM clients WHERE personal_id = %(p)s",
                                          {"p": personal_id}).scalar_one() == 99


@pytest.mark.parametrize("strictness", ["reject", "warn", "repair"])
def test_exit_before_entry_is_stored_as_given_and_found(engine, export_copy, strictness):
    exits = read_csv(export_copy / "Exit.csv")
    change(export_copy, "Exit", 2, ExitDate="2000-01-01")
    report = importer.import_export(engine, export_copy, strictness, AGENCY)
    assert report["files"]["Exit.csv"]["rules"]["dq.exit.before_entry"] == {"flagged": 1}
    assert {(p["line"], p["record_id"], p["rule_id"], p["value"], p["outcome"])
            for p in report["files"]["Exit.csv"]["listed"]} >= {
        (2, exits[1][0], "dq.exit.before_entry", "2000-01-01", "flagged")}
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT exit_date::text FROM hud_exit WHERE exit_id = %(x)s",
                                          {"x": exits[1][0]}).scalar_one() == "2000-01-01"


@pytest.fixture(params=["grouped", "indexed"])
def repeats_found(request, monkeypatch):
    """Repeated ids and stages are found by grouping the rows of a small file, by a unique index on a large
    one: every file is taken as large for "indexed"."""
    if request.param == "indexed":
        monkeypatch.setattr(staging, "UNIQUE_INDEX_FROM_ROWS", 0)
    return request.param


@pytest.mark.parametrize("strictness", ["reject", "repair"])
def test_a_second_entry_or_exit_stage_record_is_stored_and_found(engine, export_copy, strictness):
    table = read_csv(export_copy / "HealthAndDV.csv")
    stage, updated = table[0].index("DataCollectionStage"), table[0].index("DateUpdated")
    duplicates = []
    for collected, label in (("1", "ENTRY"), ("3", "EXIT")):
        duplicate = list(next(row for row in table[1:] if row[stage] == collected))
        duplicate[0], duplicate[updated] = f"DUPLICATE-{label}", "2030-01-01 00:00:00"
        duplicates.append(duplicate)
    write_csv(export_copy / "HealthAndDV.csv", table + duplicates)
    report = importer.import_export(engine, export_copy, strictness, AGENCY)
    assert report["files"]["HealthAndDV.csv"]["inserted"] == len(table) + 1  # every record, the header aside
    with engine.connect() as connection:
        flagged = set(connection.exec_driver_sql(
            "SELECT record_id FROM data_quality_findings WHERE rule_id = 'dq.stage.duplicate'").scalars())
    originals = {next(row[0] for row in table[1:] if (row[1], row[stage]) == (duplicate[1], duplicate[stage]))
                 for duplicate in duplicates}
    assert flagged == {duplicate[0] for duplicate in duplicates} | originals  # each of the pair is found


@pytest.mark.parametrize("file, column", [("Client", "MiddleName"), ("Services", "FAAmount")])
def test_an_optional_column_missing_from_the_header_is_read_as_empty(engine, export_copy, file, column):
    table = read_csv(export_copy / f"{file}.csv")
    at = table[0].index(column)
    write_csv(export_copy / f"{file}.csv", [row[:at] + row[at + 1:] for row in table])
    report = importer.import_export(engine, export_copy, "reject", AGENCY)
    assert {"line": 1, "record_id": None, "field": column, "rule_id": None, "value": None,
            "message": "column missing from the header; read as empty", "outcome": "flagged"} \
        in report["files"][f"{file}.csv"]["listed"]
    assert report["files"][f"{file}.csv"]["inserted"] == len(table) - 1
    stored = HUD_TABLES[file].c[FILES[file].by_name[column].db_name]
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).where(stored.isnot(None))).scalar_one() == 0
    first = dict(zip(table[0], table[1]))  # and every other column is read where it now is
    with engine.connect() as connection:
        key = HUD_TABLES[file].c[FILES[file].key.db_name if file != "Client" else "personal_id"]
        row = connection.execute(sa.select(HUD_TABLES[file]).where(key == table[1][0])).one()._mapping
    assert row[FILES[file].columns[-1].db_name] == first[FILES[file].columns[-1].name]


def test_headers_any_case_bom_and_line_endings_in_a_zip_are_tolerated(engine, generated, tmp_path):
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        for spec in FILES.values():
            text = (generated / spec.filename).read_bytes().decode("utf-8")
            header, _, body = text.partition("\r\n")
            if spec.name == "Client":
                text = "\ufeff" + header.lower() + "\n" + body.replace("\r\n", "\n")
            elif spec.name == "Enrollment":
                text = header.upper() + "\r" + body.replace("\r\n", "\r")
            out.writestr(f"nested/{spec.filename.lower()}", text.encode("utf-8"))
    report = importer.import_export(engine, archive, "reject", AGENCY)
    assert report["files"]["Client.csv"]["inserted"] == GENERATED_CLIENTS
    assert report["files"]["Enrollment.csv"]["inserted"] == len(read_csv(generated / "Enrollment.csv")) - 1


def test_ssn_is_encrypted_at_rest(engine, generated):
    importer.import_export(engine, generated, "reject", AGENCY)
    ssns = [row[6] for row in read_csv(generated / "Client.csv")[1:] if row[6]]
    with engine.connect() as connection:
        dump = " ".join(str(row) for row in connection.exec_driver_sql("SELECT * FROM clients").all())
    assert ssns and not any(ssn in dump for ssn in ssns)


@pytest.mark.parametrize("first_name", ['Ann, "Annie"', "Ann\nMarie"])  # a quoted value; one over two lines
def test_ssns_are_sealed_and_every_value_read_as_written(engine, export_copy, first_name):
    table = read_csv(export_copy / "Client.csv")
    header = table[0]
    table[1][header.index("FirstName")] = first_name
    write_csv(export_copy / "Client.csv", table)
    importer.import_export(engine, export_copy, "reject", AGENCY)
    with engine.connect() as connection:
        stored = {row.personal_id: row for row in connection.execute(sa.select(HUD_TABLES["Client"]))}
    for record in table[1:]:
        row = stored[record[0]]
        assert row.first_name == (record[header.index("FirstName")] or None)
        assert row.dob.isoformat() == record[header.index("DOB")]
        ssn = record[header.index("SSN")]
        assert (pii.decrypt_ssn(row.ssn_ciphertext) if row.ssn_ciphertext else "") == ssn
        assert row.ssn_hash == (pii.ssn_match_hash(ssn) if valid_ssn(ssn) else None)


@pytest.mark.parametrize("file", ["Client", "Exit"])
def test_a_file_that_is_not_utf8_is_reported_and_rejected(engine, export_copy, file):
    path = export_copy / f"{file}.csv"
    lines = path.read_bytes().split(b"\n")
    lines[1] = lines[1].replace(b",", b",Jos\xe9", 1)  # Latin-1, not UTF-8
    path.write_bytes(b"\n".join(lines))
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, export_copy, "reject", AGENCY)
    assert any(p["message"].startswith("not UTF-8 text") for p in rejected.value.report["files"][f"{file}.csv"]["listed"])
    assert all(count == 0 for count in counts(engine).values())


def test_import_announces_what_it_inserted_in_batches_with_ids_and_codes_only(engine, generated):
    importer.import_export(engine, generated, "reject", AGENCY)
    envelopes = outbox_envelopes(engine)
    records, batches = {}, {}
    for envelope in envelopes:
        event = Event.load(envelope)
        batches[event.type] = batches.get(event.type, 0) + 1
        records.setdefault(event.type, []).extend(event.data.get("changes", [event.data]))
    clients_changed, exits_changed = events.CHANGED["Client"], events.CHANGED["Exit"]
    assert len(records[clients_changed]) == GENERATED_CLIENTS
    assert batches[clients_changed] == -(-GENERATED_CLIENTS // events.IMPORT_BATCH)
    for file in ("Enrollment", "Exit", "Services", "Project"):
        assert len(records[events.CHANGED[file]]) == len(read_csv(generated / f"{file}.csv")) - 1, file
    assert set(records[clients_changed][0]) == {"op", "client_id", "personal_id", "source", "agency_id"}
    assert records[clients_changed][0]["agency_id"] == str(AGENCY)
    assert records[exits_changed][0].keys() == {"op", "exit_id", "source", "enrollment_id", "personal_id",
                                                "exit_date", "destination"}
    assert isinstance(records[exits_changed][0]["destination"], int)
    summary = records["clients.import.completed"][0]
    assert summary["files"]["Client.csv"] == {"inserted": GENERATED_CLIENTS, "updated": 0}


def test_rows_the_import_leaves_out_are_not_announced(engine, export_copy):
    change(export_copy, "Services", 2, EnrollmentID="NO-SUCH-ENROLLMENT")
    left_out = read_csv(export_copy / "Services.csv")[1][0]
    report = importer.import_export(engine, export_copy, "warn", AGENCY)
    announced = [change["services_id"] for envelope in outbox_envelopes(engine, events.CHANGED["Services"])
                 for change in envelope["data"]["changes"]]
    assert report["files"]["Services.csv"]["left_out"] == 1 and left_out not in announced
    assert len(announced) == len(set(announced)) == report["files"]["Services.csv"]["inserted"]


def import_with_a_second_record_of(engine, folder, ssn=None, after_a_first_import=False, **twin_columns):
    """Import the export plus a record "TWIN" of the first client: a copy but for `twin_columns`, with no
    SSN, or with `ssn` given to both records (`after_a_first_import` without the twin: the twin alone is
    new). Returns the two records' (id, person_id) by PersonalID."""
    if after_a_first_import:
        importer.import_export(engine, folder, "reject", AGENCY)
    table = read_csv(folder / "Client.csv")
    header, twin = table[0], list(table[1])
    twin[0] = "TWIN"
    for record in (table[1], twin) if ssn else (twin,):
        record[header.index("SSN")], record[header.index("SSNDataQuality")] = (ssn, "1") if ssn else ("", "99")
    for name, value in twin_columns.items():
        twin[header.index(name)] = value
    write_csv(folder / "Client.csv", table + [twin])
    importer.import_export(engine, folder, "reject", AGENCY)
    with engine.connect() as connection:
        return {personal_id: (client_id, person_id) for personal_id, client_id, person_id in connection.exec_driver_sql(
            "SELECT personal_id, id, person_id FROM clients WHERE personal_id IN (%(a)s, 'TWIN')", {"a": table[1][0]})}


def reviews_of(engine, client_id):
    with engine.connect() as connection:
        return dict(connection.exec_driver_sql(
            "SELECT candidate_id, matched_on FROM client_match_reviews WHERE client_id = %(c)s", {"c": client_id}).all())


@pytest.mark.parametrize("after_a_first_import", [False, True])
def test_records_matching_on_name_and_dob_are_linked_to_one_person(engine, export_copy, after_a_first_import):
    original = read_csv(export_copy / "Client.csv")[1][0]
    people = import_with_a_second_record_of(engine, export_copy, after_a_first_import=after_a_first_import)
    assert people["TWIN"][1] == people[original][1]


def test_records_matching_on_name_and_ssn_are_linked_whatever_their_dob(engine, export_copy):
    original = read_csv(export_copy / "Client.csv")[1][0]
    people = import_with_a_second_record_of(engine, export_copy, ssn=VALID_SSN, DOB="1901-02-03")
    assert people["TWIN"][1] == people[original][1]


def test_an_uncertain_match_goes_to_the_review_list_unlinked(engine, export_copy):
    original = read_csv(export_copy / "Client.csv")[1][0]
    people = import_with_a_second_record_of(engine, export_copy, FirstName="Someone Else")
    assert people["TWIN"][1] != people[original][1]  # DOB and last name only: one of the three agrees
    assert reviews_of(engine, people["TWIN"][0]) == {people[original][0]: ["dob", "last_name"]}


def test_records_sharing_only_an_ssn_go_to_the_review_list_unlinked(engine, export_copy):
    original = read_csv(export_copy / "Client.csv")[1][0]
    people = import_with_a_second_record_of(engine, export_copy, ssn=VALID_SSN, FirstName="Other", LastName="Name",
                                            DOB="1901-02-03")
    assert people["TWIN"][1] != people[original][1]
    assert reviews_of(engine, people["TWIN"][0]) == {people[original][0]: ["ssn"]}


def test_a_split_pair_is_never_linked_again_automatically(engine, export_copy):
    original = read_csv(export_copy / "Client.csv")[1][0]
    people = import_with_a_second_record_of(engine, export_copy)
    (twin, linked_to), (anchor, person) = people["TWIN"], people[original]
    assert linked_to == person
    with engine.begin() as connection:
        dedup.split(connection, twin, anchor, uuid.uuid4())
        assert dedup.link_client(connection, twin) == 0
        assert connection.exec_driver_sql("SELECT person_id FROM clients WHERE id = %(c)s", {"c": twin}).scalar() == twin


def test_period_export_holds_only_records_of_enrollments_active_in_it(engine, generated, tmp_path):
    importer.import_export(engine, generated, "reject", AGENCY)
    start, end = date(2024, 1, 1), date(2024, 1, 31)
    exporter.export(engine, tmp_path / "period", exporter.ExportRequest(start, end))
    enrollments = read_csv(tmp_path / "period" / "Enrollment.csv")[1:]
    exits = {row[1]: row[3] for row in read_csv(generated / "Exit.csv")[1:]}
    assert enrollments
    for row in enrollments:
        assert row[3] <= end.isoformat() and exits.get(row[0], "9999") >= start.isoformat()
    kept = {row[0] for row in enrollments}
    assert {row[1] for row in read_csv(tmp_path / "period" / "Services.csv")[1:]} <= kept
    assert len(read_csv(tmp_path / "period" / "Project.csv")) == len(read_csv(generated / "Project.csv"))


def test_command_line_import_prints_a_summary_and_fails_non_zero(engine, export_copy, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    change(export_copy, "Client", 2, NameDataQuality="7")
    runner = CliRunner()
    failed = runner.invoke(hmis, ["csv", "import", str(export_copy)])
    assert failed.exit_code == 1 and "FAILED, nothing was written" in failed.output
    assert "Client.csv line 2 NameDataQuality: not in list NameDataQuality" in failed.output
    repaired = runner.invoke(hmis, ["csv", "import", str(export_copy), "--strictness", "repair"])
    assert repaired.exit_code == 0, repaired.output
    assert "Client.csv" in repaired.output and counts(engine)["Client"] == GENERATED_CLIENTS


@pytest.mark.parametrize("strictness", importer.STRICTNESS)
def test_an_export_without_export_csv_and_client_csv_fails_naming_them_and_writes_nothing(
        engine, export_copy, strictness):
    (export_copy / "Export.csv").unlink()
    (export_copy / "Client.csv").unlink()
    with pytest.raises(NotAnExport, match="Export.csv and Client.csv missing"):
        importer.import_export(engine, export_copy, strictness, AGENCY)
    assert not any(counts(engine).values())


def test_command_line_import_of_a_zip_without_hmis_files_fails_in_one_line(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    archive = tmp_path / "not-an-export.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("notes.txt", "no HMIS files here")
    for strictness in importer.STRICTNESS:
        failed = CliRunner().invoke(hmis, ["csv", "import", str(archive), "--strictness", strictness])
        assert failed.exit_code == 1
        assert failed.output == ("FAILED: not an HMIS CSV export: Export.csv and Client.csv missing (every export has "
                                 "Export.csv and Client.csv); nothing was written\n")
    assert not any(counts(engine).values())


def agencies_of_clients(engine) -> dict:
    with engine.connect() as connection:
        return dict(connection.exec_driver_sql("SELECT personal_id, agency_id FROM clients").all())


def latest_organization(export, among: set[str]) -> dict:
    """Each client's organization of its latest enrollment with one of the organizations `among`, from the
    export's files."""
    organization_of = {row[0]: row[1] for row in read_csv(export / "Project.csv")[1:]}
    enrollments = read_csv(export / "Enrollment.csv")
    header = enrollments[0]
    at = {name: header.index(name) for name in ("EnrollmentID", "PersonalID", "ProjectID", "EntryDate")}
    latest = {}
    for row in sorted(enrollments[1:], key=lambda row: (row[at["EntryDate"]], row[at["EnrollmentID"]])):
        if organization_of[row[at["ProjectID"]]] in among:
            latest[row[at["PersonalID"]]] = organization_of[row[at["ProjectID"]]]
    return latest


def found_by_search(engine, agency_id, personal_id) -> bool:
    """Whether the agency's search before create finds the client, by its name and date of birth."""
    with Session(engine) as session:
        first, last, dob = session.execute(sa.text(
            "SELECT first_name, last_name, dob FROM clients WHERE personal_id = :id"), {"id": personal_id}).one()
        query = schemas.ClientSearchSchema().load({"first_name": first, "last_name": last, "dob": dob.isoformat()})
        return personal_id in {candidate["personal_id"] for candidate in search.search(session, query, agency_id)}


def test_a_command_line_import_without_an_agency_gives_each_client_to_the_agency_running_its_organization(
        engine, generated, monkeypatch):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    assert CliRunner().invoke(hmis, ["csv", "import", str(generated)]).exit_code == 0  # the source and its organizations
    runs = {"S11-O1": AGENCY, "S11-O2": uuid.uuid4()}  # as the HMIS lead said (organization_agencies); O3: nobody
    with engine.begin() as connection:
        source = connection.exec_driver_sql("SELECT source FROM hud_organization LIMIT 1").scalar()
        connection.execute(organization_agencies.insert(), [
            {"organization_id": organization, "source": source, "agency_id": agency}
            for organization, agency in runs.items()])
    imported = CliRunner().invoke(hmis, ["csv", "import", str(generated)])
    assert imported.exit_code == 0, imported.output
    latest, owners = latest_organization(generated, set(runs)), agencies_of_clients(engine)
    assert owners == {personal_id: runs[latest[personal_id]] if personal_id in latest else importer.IMPORT_AGENCY
                      for personal_id in owners}
    assert set(owners.values()) == {*runs.values(), importer.IMPORT_AGENCY}
    assert found_by_search(engine, AGENCY, next(p for p, owner in owners.items() if owner == AGENCY))


def test_linking_an_organization_hands_it_the_clients_imported_without_an_agency(engine, generated):
    importer.import_export(engine, generated, "reject")  # naming no agency
    assert set(agencies_of_clients(engine).values()) == {importer.IMPORT_AGENCY}
    with Session(engine) as session, session.begin():
        projects.link(session, "S11-O2", AGENCY)
    mine = {personal_id for personal_id, owner in agencies_of_clients(engine).items() if owner == AGENCY}
    assert mine == set(latest_organization(generated, {"S11-O2"})) != set()
    assert found_by_search(engine, AGENCY, next(iter(mine)))
    with engine.connect() as connection:
        assigned = connection.exec_driver_sql(
            "SELECT envelope FROM outbox WHERE routing_key = 'clients.client.assigned'").scalars().all()
    assert [event["data"] for event in assigned] == [
        {"agency_id": str(AGENCY), "from_agency_id": str(importer.IMPORT_AGENCY), "clients": len(mine)}]


def test_each_client_keeps_the_hash_of_its_own_last_four_digits_when_others_share_them(engine, export_copy):
    table = read_csv(export_copy / "Client.csv")
    header, ssn_at = table[0], table[0].index("SSN")
    # three clients given SSNs ending alike, and one ending otherwise after them: the hashes made for the first serve
    # the others (pii.ssn_forms), and the last gets its own
    for line, ssn in zip(range(1, 5), ("123451111", "223451111", "323451111", "423452222")):
        table[line][ssn_at] = ssn
    write_csv(export_copy / "Client.csv", table)
    importer.import_export(engine, export_copy, "reject", AGENCY)
    with engine.connect() as connection:
        stored = dict(connection.exec_driver_sql("SELECT personal_id, ssn_last4_hash FROM clients").all())
    for record in table[1:]:
        ssn = record[ssn_at]
        assert stored[record[header.index("PersonalID")]] == (pii.ssn_match_hash(ssn[-4:]) if ssn else None)
    assert len({stored[record[0]] for record in table[1:5]}) == 2
