"""HUD's FY2026 spec data and the rules between answers as the API applies them (the CSV import's SQL
form of every rule is tested in tests/integration/test_csv_rules.py)."""
import pytest

from hud.fy2026 import rules, spec

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


def test_conditional_rules_hold_for_api_records_too():
    assert rules.api_problems("Client", {"veteran_status": 0, "military_branch": 1}) == {
        "military_branch": ["only when VeteranStatus is 1"]}
    assert rules.api_problems("Client", {"ssn_data_quality": 1, "ssn": "000123456"}) == {
        "ssn": ["not a valid SSN while SSNDataQuality is 1"]}
    assert rules.api_problems("Client", {"ssn_data_quality": 1, "ssn": "123450789"}) == {}


@pytest.mark.parametrize("ssn, valid", [("123450789", True), ("000450789", False), ("666450789", False),
                                        ("912450789", False), ("123000789", False), ("123450000", False),
                                        ("111111111", False), ("12345678", False), (None, False)])
def test_valid_ssn_follows_ssa_rules(ssn, valid):
    assert rules.valid_ssn(ssn) is valid
