"""HUD's data elements as its Data Dictionary states them (hud.fy2026.elements; docs/hud.md, "Data elements: whom and
when"): for each element, whom it is collected for ("Data Collected About") and when ("Collection Point"), pinned
from HUD's FY 2024 HMIS Data Dictionary v1.6, which FY 2026 keeps."""
import pytest

from hud.fy2026.elements import (ADULT_AGE, ALL_CLIENTS, ANNUAL, ELEMENTS, EXIT, HEAD_AND_ADULTS, OF_COLUMN, START,
                                 UPDATE)
from hud.fy2026 import rules
from hud.fy2026.forms import form
from hud.fy2026.spec import FILES, LISTS

HOH_AND_ADULTS, EVERYONE = HEAD_AND_ADULTS, ALL_CLIENTS
START_UPDATE_ANNUAL_EXIT = {START, UPDATE, ANNUAL, EXIT}
# number -> (Data Collected About, Collection Point), as the Dictionary's table of each element says them
HUD_SAYS = {
    "3.11": (EVERYONE, {EXIT}),
    "3.12": (EVERYONE, {EXIT}),
    "4.02": (HOH_AND_ADULTS, START_UPDATE_ANNUAL_EXIT),
    "4.03": (HOH_AND_ADULTS, START_UPDATE_ANNUAL_EXIT),
    "4.04": (EVERYONE, START_UPDATE_ANNUAL_EXIT),
    "W3": (EVERYONE, {START, UPDATE, EXIT}),  # all household members with HIV/AIDS
    "P4": (HOH_AND_ADULTS, START_UPDATE_ANNUAL_EXIT),
    "4.05-4.10": (EVERYONE, {START, UPDATE, EXIT}),
    "W4": (EVERYONE, START_UPDATE_ANNUAL_EXIT),  # all household members with HIV/AIDS
    "W6": (EVERYONE, {START, UPDATE, EXIT}),  # all household members with HIV/AIDS
    "4.11": (HOH_AND_ADULTS, {START, UPDATE}),
    "R4": (HOH_AND_ADULTS, {START, EXIT}),
    "R5": (HOH_AND_ADULTS, {START, EXIT}),
    "R6": (HOH_AND_ADULTS, {START, EXIT}),
    "R7": (HOH_AND_ADULTS, {START, EXIT}),
    "R8": (HOH_AND_ADULTS, {START, EXIT}),
    "R9": (HOH_AND_ADULTS, {START, EXIT}),
    "R10": (HOH_AND_ADULTS, {START, UPDATE}),
}
BY_NUMBER = {element.number: element for element in ELEMENTS}


def test_every_element_is_one_checked_against_hud_s_text():
    assert sorted(BY_NUMBER) == sorted(HUD_SAYS)


@pytest.mark.parametrize("number", sorted(HUD_SAYS))
def test_whom_and_when_are_hud_s(number):
    collected_for, stages = HUD_SAYS[number]
    assert (BY_NUMBER[number].collected_for, set(BY_NUMBER[number].stages)) == (collected_for, stages)


def test_the_stages_are_hud_s_data_collection_stages():
    assert {START, UPDATE, EXIT, ANNUAL} <= set(LISTS["DataCollectionStage"])
    assert LISTS["DataCollectionStage"][ANNUAL].lower().startswith("annual")
    assert ADULT_AGE == 18


def test_hiv_elements_are_their_own_not_the_disabilities():
    """W4 (T-cell and viral load) is collected at the annual assessment; 4.05-4.10, on the same record, is not."""
    assert OF_COLUMN[("Disabilities", "ViralLoad")].number == "W4"
    assert OF_COLUMN[("Disabilities", "AntiRetroviral")].number == "W6"
    assert ANNUAL in OF_COLUMN[("Disabilities", "TCellCount")].stages
    assert ANNUAL not in OF_COLUMN[("Disabilities", "DisabilityResponse")].stages
    assert OF_COLUMN[("IncomeBenefits", "ADAP")].stages == (START, UPDATE, EXIT)


@pytest.mark.parametrize("disability_type, response, asked", [("8", "1", True), ("8", "0", False), ("8", "99", False),
                                                             ("5", "1", False)])
def test_w4_and_w6_are_answered_only_by_a_member_with_hiv_aids(disability_type, response, asked):
    """HMIS CSV FY2026, Disabilities.csv: TCellCountAvailable, ViralLoadAvailable and AntiRetroviral are null unless
    DisabilityType is 8 (HIV/AIDS) and DisabilityResponse is 1, the same rule for the API and an import (dq.dependent)."""
    columns = ("TCellCountAvailable", "ViralLoadAvailable", "AntiRetroviral")
    record = {"DisabilityType": disability_type, "DisabilityResponse": response, **{column: "0" for column in columns}}
    broken = {problem.column for problem in rules.check_consistency("Disabilities", record)
              if problem.rule_id == "dq.dependent"}
    assert broken == (set() if asked else set(columns))
    shown_when = {field["hud_name"]: field["rules"] for field in form("Disabilities")["fields"]}["AntiRetroviral"]
    assert sorted((rule["parents"], rule["answers"]) for rule in shown_when if rule["kind"] == "only") == [
        (["disability_response"], [1]), (["disability_type"], [8])]


def test_each_column_belongs_to_one_element_of_its_record():
    columns = [(element.file, column) for element in ELEMENTS for column in element.columns]
    assert len(columns) == len(set(columns))
    assert all(column in FILES[file].by_name for file, column in columns)


def test_an_income_record_s_fields_name_their_elements():
    fields = {field["hud_name"]: field["element"] for field in form("IncomeBenefits")["fields"]}
    assert fields["TotalMonthlyIncome"]["number"] == "4.02"
    assert fields["ConnectionWithSOAR"]["collected_for"] == HEAD_AND_ADULTS
    assert fields["RyanWhiteMedDent"]["number"] == "W3"
    education = {field["hud_name"]: field["element"] for field in form("EmploymentEducation")["fields"]}
    assert education["LastGradeCompleted"]["stages"] == [START, EXIT]
