"""HUD's FY2026 rules for one record: each rule with a record that breaks it and one that keeps it."""
from datetime import date

import pytest

from clients.hud import rules, spec

TODAY = date(2026, 1, 15)
STAMP = {"DateCreated": "2025-01-01 10:00:00", "DateUpdated": "2025-01-01 10:00:00", "UserID": "u1", "ExportID": "x1"}
CLIENT = {"PersonalID": "P1", "FirstName": "Rosa", "LastName": "Diaz", "NameDataQuality": "1", "SSN": "123450789",
          "SSNDataQuality": "1", "DOB": "1979-08-14", "DOBDataQuality": "1", "Sex": "0", "AmIndAKNative": "0",
          "Asian": "0", "BlackAfAmerican": "0", "HispanicLatinao": "1", "MidEastNAfrican": "0", "NativeHIPacific": "0",
          "White": "0", "VeteranStatus": "0", **STAMP}
EXIT = {"ExitID": "X1", "EnrollmentID": "E1", "PersonalID": "P1", "ExitDate": "2025-06-01", "Destination": "410", **STAMP}
HEALTH = {"HealthAndDVID": "H1", "EnrollmentID": "E1", "PersonalID": "P1", "InformationDate": "2025-01-01",
          "DataCollectionStage": "1", **STAMP}


def broken(file, record):
    return rules.as_fields(rules.check_record(file, record, TODAY))


def test_the_spec_has_the_24_fy2026_files_with_fy2026_client_columns():
    assert len(spec.FILES) == 24
    header = spec.FILES["Client"].header
    assert "Sex" in header and "HispanicLatinao" in header
    assert not {"HispanicLatinaeo", "Woman", "Man", "GenderNone"} & set(header)
    assert spec.LISTS["Sex"] == {0: "Female", 1: "Male", 8: "Client doesn't know",
                                 9: "Client prefers not to answer", 99: "Data not collected"}
    assert "MentalHealthConsultation" in spec.FILES["Enrollment"].header
    for file in spec.FILES.values():
        names = [column.db_name for column in file.columns]
        assert len(names) == len(set(names)), file.name
        assert file.header[-1] == "ExportID" or file.name == "Export"


def test_a_complete_client_breaks_no_rule():
    assert broken("Client", CLIENT) == {}


@pytest.mark.parametrize("change, field, rule", [
    ({"Sex": None}, "Sex", "required"),
    ({"Sex": "4"}, "Sex", "not in list Sex"),
    ({"Sex": "one"}, "Sex", "not a whole number"),
    ({"FirstName": "x" * 51}, "FirstName", "longer than 50 characters"),
    ({"DOB": "14/08/1979"}, "DOB", "not a date (YYYY-MM-DD)"),
    ({"DOB": "2026-02-01"}, "DOB", "in the future"),
    ({"DOB": "1850-01-01"}, "DOB", "before 1900-01-01"),
    ({"DateUpdated": "yesterday"}, "DateUpdated", "not a date-time (YYYY-MM-DD hh:mm:ss)"),
    ({"FirstName": None}, "FirstName", "Missing data for required field."),
    ({"SSN": "000123456"}, "SSN", "not a valid SSN while SSNDataQuality is 1"),
    ({"SSNDataQuality": "99"}, "SSN", "must be empty when SSNDataQuality is 99"),
    ({"DOB": None}, "DOB", "required when DOBDataQuality is 1"),
    ({"DOBDataQuality": "8"}, "DOB", "must be empty when DOBDataQuality is 8"),
    ({"RaceNone": "99"}, "RaceNone", "only when no race or ethnicity is 1"),
    ({"YearEnteredService": "1990"}, "YearEnteredService", "only when VeteranStatus is 1"),
])
def test_client_rule_is_enforced_naming_field_and_rule(change, field, rule):
    assert rule in broken("Client", {**CLIENT, **change})[field]


@pytest.mark.parametrize("change", [
    {"FirstName": None, "LastName": None, "NameDataQuality": "99"},
    {"SSN": None, "SSNDataQuality": "9"},
    {"DOB": None, "DOBDataQuality": "8"},
    {"HispanicLatinao": "0", "RaceNone": "9"},
    {"VeteranStatus": "1", "YearEnteredService": "1990", "MilitaryBranch": "1"},
    {"Sex": "99"},
])
def test_client_answer_the_rules_allow_is_accepted(change):
    assert broken("Client", {**CLIENT, **change}) == {}


def test_dependent_answer_only_when_its_parent_calls_for_it():
    assert broken("Exit", {**EXIT, "DestinationSubsidyType": "419"}) == {
        "DestinationSubsidyType": ["only when Destination is 435"]}
    assert broken("Exit", {**EXIT, "Destination": "435", "DestinationSubsidyType": "419"}) == {}
    assert broken("HealthAndDV", {**HEALTH, "WhenOccurred": "1"}) == {"WhenOccurred": ["only when DomesticViolenceSurvivor is 1"]}
    assert broken("HealthAndDV", {**HEALTH, "DomesticViolenceSurvivor": "1", "WhenOccurred": "1"}) == {}


def test_exit_needs_a_destination_from_the_list():
    assert broken("Exit", {**EXIT, "Destination": None}) == {"Destination": ["required"]}
    assert broken("Exit", {**EXIT, "Destination": "7"}) == {"Destination": ["not in list Destination"]}


def test_repair_gives_99_to_a_missing_coded_answer_and_drops_an_uncalled_dependent():
    record = {**CLIENT, "Sex": "4", "YearEnteredService": "1990"}
    checker = rules.RecordChecker("Client", TODAY)
    values = [record.get(name) for name in checker.names]
    assert rules.repair(values, {n: i for i, n in enumerate(checker.names)}, checker.problems(values))
    repaired = dict(zip(checker.names, values))
    assert repaired["Sex"] == "99" and repaired["YearEnteredService"] is None
    assert checker.problems(values) == []


def test_a_rule_without_a_fallback_cannot_be_repaired():
    checker = rules.RecordChecker("Client", TODAY)
    values = [{**CLIENT, "DOB": "2026-02-01"}.get(name) for name in checker.names]
    assert not rules.repair(values, {n: i for i, n in enumerate(checker.names)}, checker.problems(values))


@pytest.mark.parametrize("ssn, valid", [("123450789", True), ("000450789", False), ("666450789", False),
                                        ("912450789", False), ("123000789", False), ("123450000", False),
                                        ("111111111", False), ("12345678", False), (None, False)])
def test_valid_ssn_follows_ssa_rules(ssn, valid):
    assert rules.valid_ssn(ssn) is valid
