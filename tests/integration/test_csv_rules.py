"""HUD's FY2026 rules for one record as the CSV import applies them (in SQL, clients/csv/checks.py): each
rule with a record that breaks it and one that keeps it, on files COPY reads as typed and on files only
the csv module can read."""
import uuid

import pytest

from clients.csv import importer
from clients.csv.source import REQUIRED_FILES
from hud.fy2026.spec import FILES
from support import write_csv

pytestmark = pytest.mark.integration
AGENCY = uuid.UUID("a0000000-0000-4000-8000-00000000000b")
STAMP = {"DateCreated": "2025-01-01 10:00:00", "DateUpdated": "2025-01-01 10:00:00", "UserID": "u1", "ExportID": "x1"}
CLIENT = {"PersonalID": "P1", "FirstName": "Rosa", "LastName": "Diaz", "NameDataQuality": "1", "SSN": "123450789",
          "SSNDataQuality": "1", "DOB": "1979-08-14", "DOBDataQuality": "1", "Sex": "0", "AmIndAKNative": "0",
          "Asian": "0", "BlackAfAmerican": "0", "HispanicLatinao": "1", "MidEastNAfrican": "0", "NativeHIPacific": "0",
          "White": "0", "VeteranStatus": "0", **STAMP}
EXIT = {"ExitID": "X1", "EnrollmentID": "E1", "PersonalID": "P1", "ExitDate": "2025-06-01", "Destination": "410", **STAMP}
HEALTH = {"HealthAndDVID": "H1", "EnrollmentID": "E1", "PersonalID": "P1", "InformationDate": "2025-01-01",
          "DataCollectionStage": "1", **STAMP}
FAR_FUTURE = "2999-01-01"


def write_file(folder, file: str, record: dict, line_ending: str = "\r\n") -> None:
    """A file of one record, in a folder that has the files every export has (header only, unless written)."""
    header = FILES[file].header
    write_csv(folder / f"{file}.csv", [header, [record.get(name) or "" for name in header]], line_ending)
    for required in REQUIRED_FILES:
        if not (folder / FILES[required].filename).exists():
            write_csv(folder / FILES[required].filename, [FILES[required].header])


@pytest.fixture
def broken(engine, tmp_path):
    """The rules a record breaks when imported alone under reject, as {field: [rule, ...]}; rules across
    files (an exit naming no enrollment) are left aside."""
    def check(file: str, record: dict, line_ending: str = "\r\n") -> dict:
        folder = tmp_path / uuid.uuid4().hex
        folder.mkdir()
        write_file(folder, file, record, line_ending)
        try:
            importer.import_export(engine, folder, "reject", AGENCY)
        except importer.ImportRejected as rejected:
            fields = {}
            for problem in rejected.report["files"][f"{file}.csv"]["listed"]:
                if problem["outcome"] == "rejected" and " names no " not in problem["message"]:
                    fields.setdefault(problem["field"], []).append(problem["message"])
            return fields
        return {}
    return check


def test_a_complete_client_breaks_no_rule(broken):
    assert broken("Client", CLIENT) == {}


@pytest.mark.parametrize("change, field, rule", [
    ({"Sex": None}, "Sex", "required"),
    ({"Sex": "4"}, "Sex", "not in list Sex"),
    ({"Sex": "one"}, "Sex", "not a whole number"),
    ({"FirstName": "x" * 51}, "FirstName", "longer than 50 characters"),
    ({"DOB": "14/08/1979"}, "DOB", "not a date (YYYY-MM-DD)"),
    ({"DOB": "1979-02-30"}, "DOB", "not a date (YYYY-MM-DD)"),
    ({"DOB": FAR_FUTURE}, "DOB", "in the future"),
    ({"DOB": "1850-01-01"}, "DOB", "before 1900-01-01"),
    ({"DateUpdated": "yesterday"}, "DateUpdated", "not a date-time (YYYY-MM-DD hh:mm:ss)"),
    ({"DateUpdated": "2025-01-01 25:00:00"}, "DateUpdated", "not a date-time (YYYY-MM-DD hh:mm:ss)"),
    ({"FirstName": None}, "FirstName", "Missing data for required field."),
    ({"SSN": "000123456"}, "SSN", "not a valid SSN while SSNDataQuality is 1"),
    ({"SSN": "1234567890"}, "SSN", "longer than 9 characters"),
    ({"SSNDataQuality": "99"}, "SSN", "must be empty when SSNDataQuality is 99"),
    ({"DOB": None}, "DOB", "required when DOBDataQuality is 1"),
    ({"DOBDataQuality": "8"}, "DOB", "must be empty when DOBDataQuality is 8"),
    ({"RaceNone": "99"}, "RaceNone", "only when no race or ethnicity is 1"),
    ({"YearEnteredService": "1990"}, "YearEnteredService", "only when VeteranStatus is 1"),
])
def test_client_rule_is_enforced_naming_field_and_rule(broken, change, field, rule):
    assert rule in broken("Client", {**CLIENT, **change})[field]


@pytest.mark.parametrize("change", [
    {"FirstName": None, "LastName": None, "NameDataQuality": "99"},
    {"SSN": None, "SSNDataQuality": "9"},
    {"DOB": None, "DOBDataQuality": "8"},
    {"DOB": "1980-02-29"},
    {"HispanicLatinao": "0", "RaceNone": "9"},
    {"VeteranStatus": "1", "YearEnteredService": "1990", "MilitaryBranch": "1"},
    {"Sex": "99"},
    {"FirstName": "Zoë" * 16 + "Zo"},  # 50 characters, 66 bytes
])
def test_client_answer_the_rules_allow_is_accepted(broken, change):
    assert broken("Client", {**CLIENT, **change}) == {}


@pytest.mark.parametrize("line_ending", ["\r\n", "\r"])  # CR alone: only the csv module reads it
def test_dependent_answer_only_when_its_parent_calls_for_it(broken, line_ending):
    assert broken("Exit", {**EXIT, "DestinationSubsidyType": "419"}, line_ending) == {
        "DestinationSubsidyType": ["only when Destination is 435"]}
    assert broken("Exit", {**EXIT, "Destination": "435", "DestinationSubsidyType": "419"}, line_ending) == {}
    assert broken("HealthAndDV", {**HEALTH, "WhenOccurred": "1"}, line_ending) == {
        "WhenOccurred": ["only when DomesticViolenceSurvivor is 1"]}
    assert broken("HealthAndDV", {**HEALTH, "DomesticViolenceSurvivor": "1", "WhenOccurred": "1"}, line_ending) == {}


def test_exit_needs_a_destination_from_the_list_and_a_date_not_in_the_future(broken):
    assert broken("Exit", {**EXIT, "Destination": None}) == {"Destination": ["required"]}
    assert broken("Exit", {**EXIT, "Destination": "7"}) == {"Destination": ["not in list Destination"]}
    assert broken("Exit", {**EXIT, "ExitDate": FAR_FUTURE}) == {"ExitDate": ["in the future"]}
    assert broken("Exit", {**EXIT, "ExitDate": "2025-13-01"}) == {"ExitDate": ["not a date (YYYY-MM-DD)"]}


def test_repair_gives_99_to_a_bad_coded_answer_and_drops_an_uncalled_dependent(engine, tmp_path):
    write_file(tmp_path, "Client", {**CLIENT, "Sex": "4", "YearEnteredService": "1990"})
    report = importer.import_export(engine, tmp_path, "repair", AGENCY)
    assert report["files"]["Client.csv"]["repaired"] == 1
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT sex, year_entered_service FROM clients").one()
    assert tuple(stored) == (99, None)


def test_a_rule_without_a_fallback_leaves_the_row_out_under_repair(engine, tmp_path):
    write_file(tmp_path, "Client", {**CLIENT, "DOB": FAR_FUTURE})
    report = importer.import_export(engine, tmp_path, "repair", AGENCY)
    assert report["files"]["Client.csv"]["left_out"] == 1 and report["inserted"] == 0


def test_a_victim_service_provider_import_stores_no_pii(engine, tmp_path):
    organization = {"OrganizationID": "VSP1", "OrganizationName": "Safe Harbor", "VictimServiceProvider": "1",
                    "OrganizationCommonName": "", **STAMP}
    for name, record in (("Organization", organization), ("Client", CLIENT)):
        write_file(tmp_path, name, record)
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, tmp_path, "reject", AGENCY)
    errors = rejected.value.report["files"]["Client.csv"]["listed"]
    assert {e["field"] for e in errors if e["message"] == "victim service providers may not store client PII in HMIS"} \
        == {"FirstName", "LastName", "SSN", "DOB"}
    anonymous = {**CLIENT, "FirstName": None, "LastName": None, "NameDataQuality": "99", "SSN": None,
                 "SSNDataQuality": "99", "DOB": None, "DOBDataQuality": "99"}
    write_file(tmp_path, "Client", anonymous)
    assert importer.import_export(engine, tmp_path, "reject", AGENCY)["files"]["Client.csv"]["inserted"] == 1
