"""HMIS CSV export against the real PostgreSQL: every stored value given back, Export.csv describing the
export itself, HUD's SHA-256 hashing (docs/clients.md, "CSV export").

Values are compared by the spec's type where the spec defines no exact text for them (a date as a date,
money as a number); the exported text must still be in the spec's format.
"""
import hashlib
import re
import shutil
import tomllib
import uuid
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from clients import pii
from clients.csv import exporter, importer
from hmis_kit.config import InvalidSetting
from hmis_platform.cli import main as hmis
from hud.fy2026.spec import CSV_VERSION, FILES, codes
from support import HUD_SAMPLE, read_csv, write_csv

pytestmark = pytest.mark.integration
AGENCY = uuid.UUID("a0000000-0000-4000-8000-00000000000e")
ROOT = Path(__file__).resolve().parents[2]

# The columns HUD has the exporter set rather than give back (HMIS CSV Format Specifications FY2026 v1.0):
SET_BY_THE_EXPORT = {
    # Every file: "ExportID ... Must match record in Export.csv"; Export.csv: "a new ExportID should be
    # created each time data are exported - and will be used to identify all CSV files generated as a
    # part of the same export process".
    "ExportID": "the export's own, from its Export.csv",
}
# Export.csv: "For each export, there must be one and only one record in Export.csv": its row describes
# this export (ExportDate "the date and time that the export process was initiated", the period, period
# type, directive and hash status used, SoftwareName/SoftwareVersion "of the software generating the
# export", SourceContact* "the user generating the export"), not the exports the records came in. What
# it keeps of them is the source: these columns (checked below).
SOURCE_COLUMNS = ("SourceType", "SourceID", "SourceName", "ImplementationID")
# The spec's text for each type (Data Types: D "YYYY-MM-DD", T "YYYY-MM-DD hh:mm:ss", M "number with two
# decimal places", I "a non-negative whole number").
FORMATS = {kind: re.compile(pattern) for kind, pattern in (
    ("date", r"\d{4}-\d{2}-\d{2}"), ("datetime", r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"),
    ("money", r"-?\d+\.\d{2}"), ("integer", r"\d+"))}


def typed(kind: str, text: str):
    """A field as the spec's type reads it: an empty field is a null."""
    if text == "":
        return None
    if kind == "money":
        return Decimal(text)
    if kind == "integer":
        return int(text)
    if kind == "date":
        return date.fromisoformat(text)
    if kind == "datetime":
        return datetime.strptime(text, "%Y-%m-%d %H:%M:%S")
    return text


def unpacked(tmp_path) -> Path:
    folder = tmp_path / "hud-sample"
    shutil.unpack_archive(HUD_SAMPLE, folder, "zip")
    return folder


def as_huds_mapping_stores(given: Path) -> int:
    """The sample's Exit.csv as the import stores it: HUD's mapping (catalogue rule structural.list.mapped)
    turns a Destination given as a rental subsidy type's code, with no DestinationSubsidyType, into 435
    (rental by client, with ongoing housing subsidy) and that subsidy type; a repaired value comes back as
    repaired. Returns how many rows it changed."""
    table = read_csv(given / "Exit.csv")
    destination, subsidy = table[0].index("Destination"), table[0].index("DestinationSubsidyType")
    destinations, subsidy_types = codes(FILES["Exit"].by_name["Destination"].list_name), codes("RentalSubsidyType")
    mapped = 0
    for row in table[1:]:
        if row[destination] and int(row[destination]) not in destinations and int(row[destination]) in subsidy_types \
                and not row[subsidy]:
            row[destination], row[subsidy], mapped = "435", row[destination], mapped + 1
    write_csv(given / "Exit.csv", table)
    return mapped


def export_row(folder: Path) -> dict:
    table = read_csv(folder / "Export.csv")
    assert len(table) == 2, "one and only one record in Export.csv"
    return dict(zip(*table))


def differences(given: Path, exported: Path, export_id: str) -> dict:
    """Every field of every file but Export.csv that the export does not give back, by file and column
    (one example: record id, value expected, value exported), and the records missing or added (a few of
    each); {} when all are given back."""
    found: dict = {}
    for name, spec in FILES.items():
        if name == "Export":
            continue
        original, written = read_csv(given / spec.filename), read_csv(exported / spec.filename)
        assert written[0] == spec.header, name
        # Headers are matched case-insensitively, as the import does (real exports get the case wrong).
        at = {column.lower(): index for index, column in enumerate(original[0])}
        originals = {row[0]: row for row in original[1:]}
        exported_rows = {row[0]: row for row in written[1:]}
        if originals.keys() != exported_rows.keys():
            found[(name, "records")] = (sorted(originals.keys() - exported_rows.keys())[:5],
                                        sorted(exported_rows.keys() - originals.keys())[:5])
        for key in originals.keys() & exported_rows.keys():
            for index, column in enumerate(spec.columns):
                value = exported_rows[key][index]
                if column.name in SET_BY_THE_EXPORT:
                    expected = export_id
                    wrong = value != expected
                else:  # the text given, or the same value in the spec's format
                    expected = originals[key][at[column.name.lower()]]
                    wrong = value != expected and (typed(column.kind, value) != typed(column.kind, expected) or (
                        column.kind in FORMATS and not FORMATS[column.kind].fullmatch(value)))
                if wrong:
                    found.setdefault((name, column.name), (key, expected, value))
    return found


def test_an_export_of_huds_sample_gives_back_every_value_of_every_file(engine, tmp_path):
    given = unpacked(tmp_path)
    importer.import_export(engine, HUD_SAMPLE)  # the default strictness, no agency named (as `hmis csv import`)
    exporter.export(engine, tmp_path / "out")
    stated = export_row(tmp_path / "out")
    assert as_huds_mapping_stores(given) == 4  # 419, 434 and 440 given as Destinations
    assert differences(given, tmp_path / "out", stated["ExportID"]) == {}
    sample = read_csv(given / "Export.csv")
    for column in SOURCE_COLUMNS:
        assert {row[sample[0].index(column)] for row in sample[1:]} == {stated[column]}, column


def test_every_record_carries_the_exports_own_export_id_and_export_csv_states_the_export(engine, generated,
                                                                                          tmp_path):
    importer.import_export(engine, generated, "reject", AGENCY)
    before = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    start, end = date(2024, 1, 1), date(2024, 6, 30)
    exporter.export(engine, tmp_path / "out", exporter.ExportRequest(start, end))
    stated, given = export_row(tmp_path / "out"), export_row(generated)
    for name, spec in FILES.items():
        if name != "Export":
            assert {row[-1] for row in read_csv(tmp_path / "out" / spec.filename)[1:]} <= {stated["ExportID"]}, name
    assert stated["ExportID"] != given["ExportID"] and len(stated["ExportID"]) <= 32
    assert {column: stated[column] for column in SOURCE_COLUMNS} == {column: given[column] for column in SOURCE_COLUMNS}
    assert before <= datetime.strptime(stated["ExportDate"], "%Y-%m-%d %H:%M:%S") <= \
        datetime.now(timezone.utc).replace(tzinfo=None)
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert {column: stated[column] for column in ("ExportStartDate", "ExportEndDate", "SoftwareName",
                                                  "SoftwareVersion", "CSVVersion", "ExportPeriodType",
                                                  "ExportDirective", "HashStatus")} == {
        "ExportStartDate": "2024-01-01", "ExportEndDate": "2024-06-30", "SoftwareName": "Harbor HMIS",
        "SoftwareVersion": version, "CSVVersion": CSV_VERSION, "ExportPeriodType": "3",  # reporting period
        "ExportDirective": "2", "HashStatus": "1"}  # full refresh, unhashed

    exporter.export(engine, tmp_path / "again", exporter.ExportRequest(start, end))
    assert export_row(tmp_path / "again")["ExportID"] != stated["ExportID"]  # a new one each time


def test_a_period_export_leaves_out_what_is_dated_after_its_end(engine, generated, tmp_path):
    importer.import_export(engine, generated, "reject", AGENCY)
    start, end = "2024-01-01", "2024-06-30"
    exits = {row[1]: row[3] for row in read_csv(generated / "Exit.csv")[1:]}
    active = {row[0] for row in read_csv(generated / "Enrollment.csv")[1:]
              if row[3] <= end and exits.get(row[0], "9999") >= start}
    table = read_csv(generated / "IncomeBenefits.csv")
    dated = table[0].index("InformationDate")
    of_active = [row for row in table[1:] if row[1] in active]
    assert any(row[dated] > end for row in of_active) and any(row[dated] <= end for row in of_active)
    exporter.export(engine, tmp_path / "out", exporter.ExportRequest(date.fromisoformat(start), date.fromisoformat(end)))
    assert {row[0] for row in read_csv(tmp_path / "out" / "IncomeBenefits.csv")[1:]} == \
        {row[0] for row in of_active if row[dated] <= end}


def test_a_full_export_states_the_period_it_holds(engine, generated, tmp_path):
    importer.import_export(engine, generated, "reject", AGENCY)
    exporter.export(engine, tmp_path / "out")
    stated = export_row(tmp_path / "out")
    entries = [row[3] for row in read_csv(generated / "Enrollment.csv")[1:]]
    today = datetime.now(timezone.utc).date().isoformat()
    assert (stated["ExportStartDate"], stated["ExportEndDate"]) == (min(entries), today)
    assert (stated["ExportPeriodType"], stated["ExportDirective"]) == ("4", "2")  # other, full refresh


def test_a_delta_export_holds_the_records_changed_in_its_period_and_says_so(engine, generated, tmp_path):
    importer.import_export(engine, generated, "reject", AGENCY)
    exits = read_csv(generated / "Exit.csv")
    stamps = [exits[0].index(column) for column in ("DateCreated", "DateUpdated", "DateDeleted")]
    start = date.fromisoformat(exits[1][stamps[1]][:10])
    end = start + timedelta(days=30)
    # HUD's Updated period: a DateCreated, DateUpdated or DateDeleted within it.
    changed = {row[0] for row in exits[1:] if any(start.isoformat() <= row[at][:10] <= end.isoformat() for at in stamps)}
    assert 0 < len(changed) < len(exits) - 1
    exporter.export(engine, tmp_path / "delta", exporter.ExportRequest(start, end, delta=True))
    assert {row[0] for row in read_csv(tmp_path / "delta" / "Exit.csv")[1:]} == changed
    stated = export_row(tmp_path / "delta")
    assert [stated[column] for column in ("ExportStartDate", "ExportEndDate", "ExportPeriodType", "ExportDirective")] \
        == [start.isoformat(), end.isoformat(), "1", "1"]  # updated, delta refresh


def test_money_comes_back_as_the_number_given_in_the_specs_format(engine, generated, tmp_path):
    folder = tmp_path / "given"
    shutil.copytree(generated, folder)
    table = read_csv(folder / "IncomeBenefits.csv")
    amount = table[0].index("EarnedAmount")
    row = next(row for row in table[1:] if row[amount])
    row[amount] = "1234.5"
    write_csv(folder / "IncomeBenefits.csv", table)
    importer.import_export(engine, folder, "reject", AGENCY)
    exporter.export(engine, tmp_path / "out")
    exported = {line[0]: line for line in read_csv(tmp_path / "out" / "IncomeBenefits.csv")[1:]}
    assert exported[row[0]][amount] == "1234.50"
    assert differences(folder, tmp_path / "out", export_row(tmp_path / "out")["ExportID"]) == {}


def test_an_export_of_this_hmis_own_records_names_its_coc_code_as_set(engine, tmp_path, monkeypatch):
    monkeypatch.setenv("HMIS_COC_CODE", "XX-501;XX-502")
    exporter.export(engine, tmp_path / "own")
    stated = export_row(tmp_path / "own")
    assert (stated["SourceType"], stated["SourceID"], stated["SoftwareName"]) == ("1", "XX-501;XX-502", "Harbor HMIS")
    assert stated["ImplementationID"].startswith("harbor-hmis-")


@pytest.mark.parametrize("setting", ["", "CA601", "CA-601;"])
def test_without_a_valid_coc_code_this_hmis_own_records_are_not_exported(engine, tmp_path, monkeypatch, setting):
    monkeypatch.setenv("HMIS_COC_CODE", "CA-601")
    with engine.begin() as connection:  # one client of this HMIS's own, to be exported
        connection.exec_driver_sql("INSERT INTO clients (id, personal_id, agency_id, person_id) "
                                   "VALUES (%(id)s, %(id)s, %(agency)s, %(id)s)", {"id": str(uuid.uuid4()), "agency": str(AGENCY)})
    exporter.export(engine, tmp_path / "set")
    assert len(read_csv(tmp_path / "set" / "Client.csv")) == 2 and audit_rows(engine, tmp_path / "set") == 1

    monkeypatch.setenv("HMIS_COC_CODE", setting)
    with pytest.raises(InvalidSetting, match="HMIS_COC_CODE"):
        exporter.export(engine, tmp_path / "own")
    assert not (tmp_path / "own").exists() and audit_rows(engine, tmp_path / "own") == 0


def audit_rows(engine, out: Path) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql("SELECT count(*) FROM audit_log WHERE action = 'export' AND file = %(f)s",
                                          {"f": str(out)}).scalar()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest().upper()


def test_a_hashed_export_follows_huds_sha256_rule(engine, generated, tmp_path):
    importer.import_export(engine, generated, "reject", AGENCY)
    exporter.export(engine, tmp_path / "hashed", exporter.ExportRequest(hashed=True))
    header = FILES["Client"].header
    original = {row[0]: row for row in read_csv(generated / "Client.csv")[1:]}
    hashed = read_csv(tmp_path / "hashed" / "Client.csv")[1:]
    assert export_row(tmp_path / "hashed")["HashStatus"] == "4"
    names = [header.index(name) for name in ("FirstName", "MiddleName", "LastName")]
    ssn = header.index("SSN")
    assert hashed and any(original[row[0]][ssn] for row in hashed)
    for row in hashed:
        given = original[row[0]]
        for at in names:  # the SHA-256 of the name's SOUNDEX (pii.soundex: tests/unit/test_csv_hashing.py)
            assert row[at] == (sha256(pii.soundex(given[at])) if given[at] else ""), header[at]
        # The last four digits unhashed, then the SHA-256 of the full SSN.
        assert row[ssn] == (given[ssn][-4:] + sha256(given[ssn]) if given[ssn] else "")
        others = [at for at in range(len(header)) if at not in (*names, ssn, header.index("ExportID"))]
        assert [row[at] for at in others] == [given[at] for at in others]  # "and no others", NameSuffix too


@pytest.mark.parametrize("arguments, refusal", [
    (["--delta"], "a delta export needs a start (--start)"),
    (["--start", "2024-02-01", "--end", "2024-01-31"], "the period starts (2024-02-01) after it ends (2024-01-31)"),
    (["--source", "987654"], "there is no source 987654"),
])
def test_the_command_line_refuses_an_export_it_cannot_make_in_one_line(engine, tmp_path, monkeypatch, arguments,
                                                                        refusal):
    monkeypatch.setenv("CLIENTS_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    result = CliRunner().invoke(hmis, ["csv", "export", str(tmp_path / "out"), *arguments])
    assert result.exit_code == 1 and f"FAILED: {refusal}" in result.output and "nothing was written" in result.output
    assert not (tmp_path / "out").exists()
