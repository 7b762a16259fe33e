"""HUD's FY2026 rules as the CSV import applies them: every rule of the catalogue (hud/fy2026/catalogue.py)
with an export that breaks it and one that keeps it; what each strictness does with a structural break,
and that a data-quality break never leaves a row out (it is stored as given, with a finding)."""
import uuid

import pytest

from clients.csv import importer
from clients.csv.source import REQUIRED_FILES
from clients.models import HUD_TABLES
from hud.fy2026 import catalogue, checks
from hud.fy2026.spec import FILES
from support import write_csv

pytestmark = pytest.mark.integration
AGENCY = uuid.UUID("a0000000-0000-4000-8000-00000000000b")
STAMP = {"DateCreated": "2025-01-01 10:00:00", "DateUpdated": "2025-01-01 10:00:00", "UserID": "u1", "ExportID": "x1"}
CLIENT = {"PersonalID": "P1", "FirstName": "Rosa", "LastName": "Diaz", "NameDataQuality": "1", "SSN": "123450789",
          "SSNDataQuality": "1", "DOB": "1979-08-14", "DOBDataQuality": "1", "Sex": "0", "AmIndAKNative": "0",
          "Asian": "0", "BlackAfAmerican": "0", "HispanicLatinao": "1", "MidEastNAfrican": "0", "NativeHIPacific": "0",
          "White": "0", "VeteranStatus": "0", **STAMP}
ORGANIZATION = {"OrganizationID": "O1", "OrganizationName": "Harbor", "VictimServiceProvider": "0", **STAMP}
PROJECT = {"ProjectID": "PR1", "OrganizationID": "O1", "ProjectName": "Shelter", "OperatingStartDate": "2020-01-01",
           "ContinuumProject": "1", "ProjectType": "0", **STAMP}
ENROLLMENT = {"EnrollmentID": "E1", "PersonalID": "P1", "ProjectID": "PR1", "EntryDate": "2025-01-01",
              "HouseholdID": "H1", "RelationshipToHoH": "1", "DisablingCondition": "0", **STAMP}
EXIT = {"ExitID": "X1", "EnrollmentID": "E1", "PersonalID": "P1", "ExitDate": "2025-06-01", "Destination": "410", **STAMP}
HEALTH = {"HealthAndDVID": "H1", "EnrollmentID": "E1", "PersonalID": "P1", "InformationDate": "2025-01-01",
          "DataCollectionStage": "1", **STAMP}
DISABILITY = {"DisabilitiesID": "D1", "EnrollmentID": "E1", "PersonalID": "P1", "InformationDate": "2025-01-01",
              "DisabilityType": "5", "DisabilityResponse": "1", "DataCollectionStage": "1", **STAMP}
NIGHT = {"ServicesID": "S1", "EnrollmentID": "E1", "PersonalID": "P1", "DateProvided": "2025-01-01", "RecordType": "200",
         "TypeProvided": "200", **STAMP}
UPDATE_AFTER_EXIT = {**HEALTH, "InformationDate": "2025-06-02", "DataCollectionStage": "2"}
AT_EXIT = {**HEALTH, "InformationDate": "2025-06-01", "DataCollectionStage": "3"}
ANNUAL = {**HEALTH, "InformationDate": "2025-12-02", "DataCollectionStage": "5"}
EVENT = {"EventID": "V1", "EnrollmentID": "E1", "PersonalID": "P1", "EventDate": "2025-01-10", "Event": "10",
         "ReferralResult": "1", **STAMP}
FAR_FUTURE = "2999-01-01"
BASE = {"Organization": [ORGANIZATION], "Project": [PROJECT], "Client": [CLIENT], "Enrollment": [ENROLLMENT]}


def write_file(folder, file: str, record: dict, line_ending: str = "\r\n") -> None:
    """A file of one record, in a folder that has the files every export has (header only, unless written)."""
    write_export(folder, {file: [record]}, line_ending)


def write_export(folder, records: dict[str, list[dict]], line_ending: str = "\r\n",
                 without: dict[str, str] | None = None) -> None:
    """Files of records (each column the spec names; `without` leaves one column out of a file's header), and
    header-only files for those every export has."""
    for file, rows in records.items():
        header = [name for name in FILES[file].header if name != (without or {}).get(file)]
        write_csv(folder / FILES[file].filename, [header, *([row.get(name) or "" for name in header] for row in rows)],
                  line_ending)
    for required in REQUIRED_FILES:
        if not (folder / FILES[required].filename).exists():
            write_csv(folder / FILES[required].filename, [FILES[required].header])


def changed(records: dict[str, list[dict]], file: str, change: dict, index: int = 0) -> dict[str, list[dict]]:
    rows = list(records.get(file, [{}]))
    rows[index] = {**rows[index], **change}
    return {**records, file: rows}


def rule_ids(report: dict) -> set[str]:
    """The rules an import's report counts: for rows rejected, left out, repaired or flagged (findings)."""
    return {rule for file in report["files"].values() for rule in file["rules"]}


@pytest.fixture
def imported(engine, tmp_path):
    """Import an export (under warn, unless said) into the emptied database; its report, rejected or not."""
    def run(records: dict[str, list[dict]], strictness: str = "warn", without: dict[str, str] | None = None,
            raw: dict[str, bytes] | None = None, agency=AGENCY) -> dict:
        folder = tmp_path / uuid.uuid4().hex
        folder.mkdir()
        write_export(folder, records, without=without)
        for name, content in (raw or {}).items():
            (folder / name).write_bytes(content)
        with engine.begin() as connection:
            connection.exec_driver_sql(f"TRUNCATE {', '.join(table.name for table in HUD_TABLES.values())}, "
                                       "data_quality_findings, organization_agencies")
        try:
            return importer.import_export(engine, folder, strictness, agency)
        except importer.ImportRejected as rejected:
            return rejected.report
    return run


def _raw(file: str, *lines: bytes) -> dict[str, bytes]:
    return {FILES[file].filename: b"\r\n".join([",".join(FILES[file].header).encode(), *lines]) + b"\r\n"}


ORGANIZATION_LINE = b"O1,Harbor,0,,2025-01-01 10:00:00,2025-01-01 10:00:00,u1,,x1"
TWO_STAYS = {**BASE, "Enrollment": [ENROLLMENT, {**ENROLLMENT, "EnrollmentID": "E2", "HouseholdID": "H2",
                                                 "EntryDate": "2025-03-01"}]}
# rule id -> (an export breaking it, one keeping it), as import arguments
CASES = {
    "structural.header": ({"records": BASE, "without": {"Organization": "OrganizationName"}}, {"records": BASE}),
    "structural.fields": ({"records": BASE, "raw": _raw("Organization", b"O1,Harbor")},
                          {"records": BASE, "raw": _raw("Organization", ORGANIZATION_LINE)}),
    "structural.encoding": ({"records": BASE, "raw": _raw("Organization", ORGANIZATION_LINE.replace(b"Harbor", b"H\xffr"))},
                            {"records": BASE, "raw": _raw("Organization", ORGANIZATION_LINE.replace(b"Harbor", "Hår".encode()))}),
    "structural.type": ({"records": changed(BASE, "Client", {"DOB": "14/08/1979"})}, {"records": BASE}),
    "structural.length": ({"records": changed(BASE, "Client", {"FirstName": "x" * 51})},
                          {"records": changed(BASE, "Client", {"FirstName": "Zoë" * 16 + "Zo"})}),  # 50 chars, 66 bytes
    "structural.required": ({"records": changed(BASE, "Enrollment", {"EntryDate": None})}, {"records": BASE}),
    "structural.list": ({"records": changed(BASE, "Client", {"Sex": "4"})}, {"records": changed(BASE, "Client", {"Sex": "1"})}),
    "structural.list.mapped": ({"records": {**BASE, "Exit": [{**EXIT, "Destination": "419"}]}},
                               {"records": {**BASE, "Exit": [{**EXIT, "Destination": "435", "DestinationSubsidyType": "419"}]}}),
    "structural.key.duplicate": ({"records": {**BASE, "Client": [CLIENT, CLIENT]}},
                                 {"records": {**BASE, "Client": [CLIENT, {**CLIENT, "PersonalID": "P2"}]}}),
    "structural.key.foreign": ({"records": changed(BASE, "Enrollment", {"PersonalID": "P9"})}, {"records": BASE}),
    "structural.pii.victim_service_provider": ({"records": changed(BASE, "Organization", {"VictimServiceProvider": "1"})},
                                               {"records": BASE}),
    "dq.missing.not_collected": ({"records": changed(BASE, "Client", {"Sex": None})}, {"records": BASE}),
    "dq.missing.refused": ({"records": changed(BASE, "Client", {"Sex": "8"})}, {"records": BASE}),
    "dq.dependent": ({"records": changed(BASE, "Client", {"YearEnteredService": "1990"})},
                     {"records": changed(BASE, "Client", {"VeteranStatus": "1", "YearEnteredService": "1990"})}),
    "dq.name.missing": ({"records": changed(BASE, "Client", {"FirstName": None})},
                        {"records": changed(BASE, "Client", {"FirstName": None, "LastName": None, "NameDataQuality": "99"})}),
    "dq.dob.missing": ({"records": changed(BASE, "Client", {"DOB": None})},
                       {"records": changed(BASE, "Client", {"DOB": None, "DOBDataQuality": "99"})}),
    "dq.ssn.not_collected": ({"records": changed(BASE, "Client", {"SSNDataQuality": "99"})},
                             {"records": changed(BASE, "Client", {"SSN": None, "SSNDataQuality": "99"})}),
    "dq.dob.not_collected": ({"records": changed(BASE, "Client", {"DOBDataQuality": "8"})},
                             {"records": changed(BASE, "Client", {"DOB": None, "DOBDataQuality": "8"})}),
    "dq.race_none": ({"records": changed(BASE, "Client", {"RaceNone": "99"})},
                     {"records": changed(BASE, "Client", {"HispanicLatinao": "0", "RaceNone": "99"})}),
    "dq.ssn.invalid": ({"records": changed(BASE, "Client", {"SSN": "000123456"})}, {"records": BASE}),
    "dq.date.future": ({"records": changed(BASE, "Client", {"DOB": FAR_FUTURE})}, {"records": BASE}),
    "dq.dob.early": ({"records": changed(BASE, "Client", {"DOB": "1850-01-01"})},
                     {"records": changed(BASE, "Client", {"DOB": "1900-01-01"})}),
    "dq.stage.duplicate": ({"records": {**BASE, "HealthAndDV": [HEALTH, {**HEALTH, "HealthAndDVID": "H2"}]}},
                           {"records": {**BASE, "HealthAndDV": [HEALTH, {**HEALTH, "HealthAndDVID": "H2",
                                                                        "DataCollectionStage": "3"}]}}),
    "dq.household.head": ({"records": changed(BASE, "Enrollment", {"RelationshipToHoH": "2"})}, {"records": BASE}),
    "dq.exit.before_entry": ({"records": {**BASE, "Exit": [{**EXIT, "ExitDate": "2024-12-31"}]}},
                             {"records": {**BASE, "Exit": [EXIT]}}),
    "dq.stay.overlap": ({"records": TWO_STAYS},
                        {"records": {**TWO_STAYS, "Exit": [{**EXIT, "ExitDate": "2025-02-01"}]}}),
    # 4.05 answered with 4.10's list (2: drug use disorder); 4.10 may be
    "dq.answer_list": ({"records": {**BASE, "Disabilities": [{**DISABILITY, "DisabilityResponse": "2"}]}},
                       {"records": {**BASE, "Disabilities": [{**DISABILITY, "DisabilityType": "10",
                                                              "DisabilityResponse": "2"}]}}),
    # the exit is the day after the last bed night
    "dq.bed_night.after_exit": ({"records": {**BASE, "Exit": [EXIT], "Services": [{**NIGHT, "DateProvided": "2025-06-01"}]}},
                                {"records": {**BASE, "Exit": [EXIT], "Services": [{**NIGHT, "DateProvided": "2025-05-31"}]}}),
    "dq.bed_night.duplicate": ({"records": {**BASE, "Services": [NIGHT, {**NIGHT, "ServicesID": "S2"}]}},
                               {"records": {**BASE, "Services": [NIGHT, {**NIGHT, "ServicesID": "S2",
                                                                         "DateProvided": "2025-01-02"}]}}),
    # the enrollment runs 2025-01-01 to the EXIT's 2025-06-01 (every file dated within it: DATED_WITHIN's test)
    "dq.record.before_entry": ({"records": {**BASE, "HealthAndDV": [{**HEALTH, "InformationDate": "2024-12-31"}]}},
                               {"records": {**BASE, "HealthAndDV": [HEALTH]}}),
    # an update after the exit; post-exit data is collected after it
    "dq.record.after_exit": ({"records": {**BASE, "Exit": [EXIT], "HealthAndDV": [UPDATE_AFTER_EXIT]}},
                             {"records": {**BASE, "Exit": [EXIT], "HealthAndDV": [{**UPDATE_AFTER_EXIT,
                                                                                  "DataCollectionStage": "6"}]}}),
    "dq.stage.needs_exit": ({"records": {**BASE, "HealthAndDV": [AT_EXIT]}},
                            {"records": {**BASE, "Exit": [EXIT], "HealthAndDV": [AT_EXIT]}}),
    # the first anniversary, 2026-01-01: its window runs from 2025-12-02 to 2026-01-31
    "dq.annual.outside_window": ({"records": {**BASE, "HealthAndDV": [{**ANNUAL, "InformationDate": "2025-12-01"}]}},
                                 {"records": {**BASE, "HealthAndDV": [ANNUAL]}}),
    "dq.annual.duplicate": ({"records": {**BASE, "HealthAndDV": [ANNUAL, {**ANNUAL, "HealthAndDVID": "H2",
                                                                           "InformationDate": "2026-01-31"}]}},
                            {"records": {**BASE, "HealthAndDV": [ANNUAL, {**ANNUAL, "HealthAndDVID": "H2",
                                                                           "InformationDate": "2026-12-02"}]}}),
    "dq.event.result_before_event": ({"records": {**BASE, "Event": [{**EVENT, "ResultDate": "2025-01-09"}]}},
                                     {"records": {**BASE, "Event": [{**EVENT, "ResultDate": "2025-01-10"}]}}),
}


DATA_QUALITY = {rule.id for rule in catalogue.RULES if not rule.structural}


def test_every_rule_of_the_catalogue_has_a_case():
    assert sorted(CASES) == sorted(rule.id for rule in catalogue.RULES)


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_is_broken_by_one_export_and_kept_by_another(imported, rule_id):
    breaking, keeping = CASES[rule_id]
    assert rule_id in rule_ids(imported(**breaking))
    assert rule_id not in rule_ids(imported(**keeping))


@pytest.mark.parametrize("rule_id", sorted(DATA_QUALITY))
@pytest.mark.parametrize("strictness", ["reject", "warn", "repair"])
def test_a_data_quality_break_never_leaves_a_row_out(engine, imported, rule_id, strictness):
    report = imported(**CASES[rule_id][0], strictness=strictness)
    assert report["errors"] == 0 and report["inserted"] == report["rows"]
    assert all(file["left_out"] == 0 for file in report["files"].values())
    with engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT rule_id, count(*) FROM data_quality_findings GROUP BY rule_id")
        assert dict(stored.all()) == {rule: outcomes["flagged"] for file in report["files"].values()
                                      for rule, outcomes in file["rules"].items() if rule in DATA_QUALITY}


# One client breaking a structural rule HUD can mend (Sex not in its list), one breaking one it cannot (a DOB
# that is no date), one breaking a data-quality rule (an SSN while SSNDataQuality is 99), each enrolled.
MIXED = {
    "Organization": [ORGANIZATION], "Project": [PROJECT],
    "Client": [{**CLIENT, "PersonalID": "MENDABLE", "Sex": "4"}, {**CLIENT, "PersonalID": "UNREADABLE", "DOB": "1979-02-30"},
               {**CLIENT, "PersonalID": "FLAGGED", "SSNDataQuality": "99"}],
    "Enrollment": [{**ENROLLMENT, "EnrollmentID": f"E-{who}", "PersonalID": who, "HouseholdID": f"H-{who}"}
                   for who in ("MENDABLE", "UNREADABLE", "FLAGGED")],
}


def _stored(engine) -> dict[str, list]:
    with engine.connect() as connection:
        return {"clients": sorted(connection.exec_driver_sql("SELECT personal_id, sex FROM clients").all()),
                "enrollments": sorted(connection.exec_driver_sql("SELECT enrollment_id FROM hud_enrollment").scalars()),
                "findings": sorted(connection.exec_driver_sql(
                    "SELECT record_id, rule_id, field, value FROM data_quality_findings").all())}


def _outcomes(report: dict, file: str) -> set[tuple]:
    return {(entry["record_id"], entry["rule_id"], entry["outcome"]) for entry in report["files"][file]["listed"]}


# the SSN itself is never shown
FLAGGED = [("FLAGGED", "dq.missing.not_collected", "SSNDataQuality", "99"), ("FLAGGED", "dq.ssn.not_collected", "SSN", None)]


def test_reject_fails_on_a_structural_break_and_writes_nothing(engine, imported):
    report = imported(MIXED, "reject")
    assert {("MENDABLE", "structural.list", "rejected"), ("UNREADABLE", "structural.type", "rejected")} \
        <= _outcomes(report, "Client.csv")
    assert "FLAGGED" not in {record for record, _, _ in _outcomes(report, "Client.csv")}
    assert _stored(engine) == {"clients": [], "enrollments": [], "findings": []}


def test_warn_leaves_out_the_structural_breaks_and_what_names_them(engine, imported):
    report = imported(MIXED, "warn")
    assert _outcomes(report, "Client.csv") >= {("MENDABLE", "structural.list", "left_out"),
                                               ("UNREADABLE", "structural.type", "left_out")}
    assert _outcomes(report, "Enrollment.csv") >= {("E-MENDABLE", "structural.key.foreign", "left_out"),
                                                   ("E-UNREADABLE", "structural.key.foreign", "left_out")}
    assert [entry["message"] for entry in report["files"]["Enrollment.csv"]["listed"]
            if entry["record_id"] == "E-MENDABLE"] == ["PersonalID names a client left out (structural.list)"]
    assert _stored(engine) == {"clients": [("FLAGGED", 0)], "enrollments": ["E-FLAGGED"], "findings": FLAGGED}


def test_repair_mends_what_hud_can_and_keeps_the_given_value_in_the_report(engine, imported):
    report = imported(MIXED, "repair")
    mended = [entry for entry in report["files"]["Client.csv"]["listed"] if entry["record_id"] == "MENDABLE"]
    assert [(entry["rule_id"], entry["value"], entry["outcome"]) for entry in mended] == \
        [("structural.list", "4", "repaired"), ("dq.missing.not_collected", "99", "flagged")]  # 99: HUD's fix
    assert _outcomes(report, "Client.csv") >= {("UNREADABLE", "structural.type", "left_out")}
    stored = _stored(engine)
    assert stored["clients"] == [("FLAGGED", 0), ("MENDABLE", 99)]
    assert stored["enrollments"] == ["E-FLAGGED", "E-MENDABLE"]
    assert set(FLAGGED) <= set(stored["findings"])


def test_repair_keeps_an_ssn_its_data_quality_code_says_was_not_collected(engine, imported):
    imported(changed(BASE, "Client", {"SSNDataQuality": "99", "DOBDataQuality": "9"}), "repair")
    with engine.connect() as connection:
        kept = connection.exec_driver_sql("SELECT ssn_ciphertext IS NOT NULL, dob FROM clients").one()
    assert kept[0] and kept[1].isoformat() == CLIENT["DOB"]


def test_a_blank_coded_answer_is_stored_blank_and_found_not_collected(engine, imported):
    report = imported(changed(BASE, "Enrollment", {"RelationshipToHoH": None}), "reject")
    assert report["files"]["Enrollment.csv"]["inserted"] == 1
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT relationship_to_hoh FROM hud_enrollment").scalar() is None
        assert set(connection.exec_driver_sql("SELECT rule_id, field FROM data_quality_findings")) == {
            ("dq.missing.not_collected", "RelationshipToHoH"), ("dq.household.head", "RelationshipToHoH")}


@pytest.mark.parametrize("line_ending", ["\r\n", "\r"])  # CR alone: only the csv module reads it
def test_rules_hold_on_files_only_the_csv_module_reads(engine, tmp_path, line_ending):
    write_export(tmp_path, {**BASE, "Exit": [{**EXIT, "DestinationSubsidyType": "419", "ExitDate": "2025-13-01"}]},
                 line_ending)
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, tmp_path, "reject", AGENCY)
    assert {(entry["field"], entry["rule_id"]) for entry in rejected.value.report["files"]["Exit.csv"]["listed"]} == \
        {("ExitDate", "structural.type")}


def test_a_victim_service_provider_import_stores_no_pii(engine, tmp_path):
    organization = {**ORGANIZATION, "OrganizationID": "VSP1", "VictimServiceProvider": "1"}
    for name, record in (("Organization", organization), ("Client", CLIENT)):
        write_file(tmp_path, name, record)
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.import_export(engine, tmp_path, "reject", AGENCY)
    errors = rejected.value.report["files"]["Client.csv"]["listed"]
    assert {e["field"] for e in errors if e["rule_id"] == "structural.pii.victim_service_provider"} \
        == {"FirstName", "LastName", "SSN", "DOB"}
    assert all(e["value"] is None for e in errors)
    anonymous = {**CLIENT, "FirstName": None, "LastName": None, "NameDataQuality": "99", "SSN": None,
                 "SSNDataQuality": "99", "DOB": None, "DOBDataQuality": "99"}
    write_file(tmp_path, "Client", anonymous)
    assert importer.import_export(engine, tmp_path, "reject", AGENCY)["files"]["Client.csv"]["inserted"] == 1


def _bed_night_findings(engine) -> list[tuple]:
    with engine.connect() as connection:
        return sorted(connection.exec_driver_sql("SELECT record_id, rule_id, value FROM data_quality_findings "
                                                 "WHERE starts_with(rule_id, 'dq.bed_night.')").all())


def test_an_exit_imported_later_finds_the_bed_nights_it_comes_before(engine, imported, tmp_path):
    """Into tables holding the enrollment's bed nights, an exit is a finding of each bed night on or after it, found
    again when a later export moves the exit; the bed nights stay as stored."""
    nights = [{**NIGHT, "ServicesID": f"S{day}", "DateProvided": f"2025-05-{day}"} for day in (30, 31)]
    imported({**BASE, "Services": nights})
    assert _bed_night_findings(engine) == []

    def exit_on(day: str, updated: str) -> None:
        folder = tmp_path / updated.replace(":", "").replace(" ", "")
        folder.mkdir()
        write_export(folder, {"Exit": [{**EXIT, "ExitDate": day, "DateUpdated": updated}]})
        importer.import_export(engine, folder, "warn", AGENCY)

    exit_on("2025-05-31", "2025-06-02 10:00:00")
    assert _bed_night_findings(engine) == [("S31", "dq.bed_night.after_exit", "2025-05-31")]
    exit_on("2025-06-01", "2025-06-03 10:00:00")
    assert _bed_night_findings(engine) == []
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM hud_services").scalar() == 2


# A record of each file HUD dates within the enrollment (checks.DATED_WITHIN), at an update where the file is staged.
WITHIN = {"IncomeBenefits": {"DataCollectionStage": "2"}, "HealthAndDV": {"DataCollectionStage": "2"},
          "EmploymentEducation": {"DataCollectionStage": "2"},
          "Disabilities": {"DisabilityType": "5", "DisabilityResponse": "1", "DataCollectionStage": "2"},
          "Services": {"RecordType": "141", "TypeProvided": "1"},
          "CurrentLivingSituation": {"CurrentLivingSituation": "116"},
          "Assessment": {"AssessmentLocation": "Harbor House", "AssessmentType": "1", "AssessmentLevel": "1",
                         "PrioritizationStatus": "1"},
          "Event": {"Event": "10"}, "YouthEducationStatus": {"DataCollectionStage": "2"}}


def _findings(engine, *rule_ids: str) -> list[tuple]:
    with engine.connect() as connection:
        return sorted(connection.exec_driver_sql(
            "SELECT file, record_id, rule_id, field, value FROM data_quality_findings WHERE rule_id = ANY(%(rules)s)",
            {"rules": list(rule_ids)}).all())


def test_every_file_dated_within_the_enrollment_is_found_outside_it(engine, imported):
    """Each of an enrollment's records (2025-01-01 to the exit, 2025-06-01) dated before its entry or after its exit is
    stored, with a finding on its date; one on the entry or the exit date is not found."""
    assert sorted(WITHIN) == sorted(checks.DATED_WITHIN)

    def on(file: str, record_id: str, day: str) -> dict:
        return {FILES[file].key.name: record_id, "EnrollmentID": "E1", "PersonalID": "P1",
                checks.DATED_WITHIN[file]: day, **WITHIN[file], **STAMP}

    dated = {file: [on(file, "BEFORE", "2024-12-31"), on(file, "FIRST", "2025-01-01"), on(file, "LAST", "2025-06-01"),
                    on(file, "AFTER", "2025-06-02")] for file in WITHIN}
    report = imported({**BASE, "Exit": [EXIT], **dated})
    assert all(report["files"][FILES[file].filename]["inserted"] == 4 for file in WITHIN)
    assert _findings(engine, "dq.record.before_entry", "dq.record.after_exit") == sorted(
        [(file, "BEFORE", "dq.record.before_entry", checks.DATED_WITHIN[file], "2024-12-31") for file in WITHIN]
        + [(file, "AFTER", "dq.record.after_exit", checks.DATED_WITHIN[file], "2025-06-02") for file in WITHIN])


def test_a_later_export_s_entry_and_exit_dates_find_the_stored_records_again(engine, imported, tmp_path):
    """Into tables holding an enrollment's records, an export moving its entry date, or bringing its exit, finds again
    the records it now puts outside the stay (an exit-stage record, once the exit is there, needs it no longer); the
    records stay as stored."""
    imported({**BASE, "HealthAndDV": [{**HEALTH, "InformationDate": "2025-02-01", "DataCollectionStage": "2"},
                                      {**AT_EXIT, "HealthAndDVID": "H2"}],
              "CurrentLivingSituation": [{"CurrentLivingSitID": "C1", "EnrollmentID": "E1", "PersonalID": "P1",
                                          "InformationDate": "2025-05-31", "CurrentLivingSituation": "116", **STAMP}]})
    rules = ("dq.record.before_entry", "dq.record.after_exit", "dq.stage.needs_exit")
    assert _findings(engine, *rules) == [("HealthAndDV", "H2", "dq.stage.needs_exit", "DataCollectionStage", "3")]

    def later(updated: str, records: dict[str, list[dict]]) -> None:
        folder = tmp_path / updated.replace(":", "").replace(" ", "")
        folder.mkdir()
        write_export(folder, {file: [{**row, "DateUpdated": updated} for row in rows] for file, rows in records.items()})
        importer.import_export(engine, folder, "warn", AGENCY)

    later("2025-06-02 10:00:00", {"Enrollment": [{**ENROLLMENT, "EntryDate": "2025-03-01"}]})
    assert _findings(engine, *rules) == [
        ("HealthAndDV", "H1", "dq.record.before_entry", "InformationDate", "2025-02-01"),
        ("HealthAndDV", "H2", "dq.stage.needs_exit", "DataCollectionStage", "3")]
    later("2025-06-03 10:00:00", {"Exit": [{**EXIT, "ExitDate": "2025-05-30"}]})
    assert _findings(engine, *rules) == [
        ("CurrentLivingSituation", "C1", "dq.record.after_exit", "InformationDate", "2025-05-31"),
        ("HealthAndDV", "H1", "dq.record.before_entry", "InformationDate", "2025-02-01"),
        ("HealthAndDV", "H2", "dq.record.after_exit", "InformationDate", "2025-06-01")]
    with engine.connect() as connection:
        assert connection.exec_driver_sql(f"SELECT count(*) FROM {HUD_TABLES['HealthAndDV'].name}").scalar() == 2


def test_w6_answered_off_an_hiv_aids_record_answered_yes_is_one_finding(engine, imported):
    """AntiRetroviral is answered only on an HIV/AIDS record (DisabilityType 8) answered Yes (DisabilityResponse 1): two
    dependent rules, and a record breaking both has one finding of dq.dependent on the field, not two."""
    hiv = {**DISABILITY, "DisabilityType": "8", "DisabilityResponse": "1", "AntiRetroviral": "1"}
    imported({**BASE, "Disabilities": [{**hiv, "DisabilitiesID": "YES"}, {**hiv, "DisabilitiesID": "NO",
                                                                            "DisabilityResponse": "0"},
                                       {**hiv, "DisabilitiesID": "OTHER", "DisabilityType": "5", "DisabilityResponse": "0",
                                        "DataCollectionStage": "3"}]})
    assert [row[1:4] for row in _findings(engine, "dq.dependent")] == [("NO", "dq.dependent", "AntiRetroviral"),
                                                                       ("OTHER", "dq.dependent", "AntiRetroviral")]


def test_a_record_of_an_enrollment_with_two_exits_has_each_finding_once(engine, imported):
    """A careless export exits an enrollment twice: a record after both exits, with an update beside it, is found once
    for each rule it breaks (the rules reading the enrollment and its exits are joined to the record), as is an
    exit-stage record dated after the earlier exit; a stage needing an exit finds one."""
    after_both = {**UPDATE_AFTER_EXIT, "InformationDate": "2025-07-01", "DataCollectionStage": "2"}
    report = imported({**BASE, "Exit": [EXIT, {**EXIT, "ExitID": "X2", "ExitDate": "2025-05-01"}],
                       "HealthAndDV": [after_both, {**AT_EXIT, "HealthAndDVID": "H2"}]})
    assert report["files"][FILES["HealthAndDV"].filename]["inserted"] == 2
    assert _findings(engine, "dq.record.before_entry", "dq.record.after_exit", "dq.stage.needs_exit") == [
        ("HealthAndDV", "H1", "dq.record.after_exit", "InformationDate", "2025-07-01"),
        ("HealthAndDV", "H2", "dq.record.after_exit", "InformationDate", "2025-06-01")]
