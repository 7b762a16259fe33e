"""HUD forms from one source (hud.fy2026.forms): each form's fields are the ones the API takes for that record,
with HUD's own value lists and the dependent-field rules the server checks, so the web app writes none of them."""
from clients.contract.records import KIND
from clients.contract.schemas import RECORD_SCHEMAS, ClientCreateSchema
from hud.fy2026 import rules
from hud.fy2026.forms import RECORDS, form, label
from hud.fy2026.elements import ELEMENTS
from hud.fy2026.spec import FILES, LISTS, db_name


def names(record: str) -> set[str]:
    return {field["name"] for field in form(record)["fields"]}


def test_the_client_form_has_exactly_the_fields_the_client_api_takes():
    assert names("Client") == set(ClientCreateSchema().fields)


def test_each_enrollment_record_form_has_the_fields_its_api_takes():
    for kind in ("income_benefits", "health_and_dv", "disability", "current_living_situation", "exit"):
        assert names(KIND[kind].file) == set(RECORD_SCHEMAS[kind]().fields), kind
    # A service's API takes the fields HUD asks of a person; MovingOnOtherType is one of them it does not take yet.
    assert set(RECORD_SCHEMAS["service"]().fields) <= names("Services")


def test_a_coded_field_offers_hud_s_list_in_hud_s_order():
    sex = next(field for field in form("Client")["fields"] if field["name"] == "sex")
    assert sex["kind"] == "choice"
    assert [(option["code"], option["label"]) for option in sex["options"]] == list(LISTS["Sex"].items())


def test_dependent_fields_carry_the_rules_the_server_checks():
    fields = {field["name"]: field for field in form("Client")["fields"]}
    assert {"kind": "only", "parents": ["veteran_status"], "answers": [1], "message": "only when VeteranStatus is 1",
            "rule_id": "dq.dependent"} in fields["year_entered_service"]["rules"]
    assert [rule["kind"] for rule in fields["dob"]["rules"]] == ["required", "empty"]
    assert fields["race_none"]["rules"][0]["parents"] == [db_name(column) for column in rules.RACE_COLUMNS]
    every_rule = {(rule.file, column) for rule in rules.CONDITIONALS for column in rule.columns} | {
        (listed.file, listed.column) for listed in rules.ANSWER_LISTS}
    carried = {(record, field["hud_name"]) for record in RECORDS for field in form(record)["fields"] if field["rules"]}
    assert every_rule == carried


def test_a_required_field_is_one_no_99_can_stand_in_for():
    fields = {field["name"]: field for field in form("Disabilities")["fields"]}
    assert fields["information_date"]["required"] and fields["disability_type"]["required"]
    assert not fields["disability_response"]["required"]  # HUD requires it, but 99 answers it when not sent
    assert {field["name"] for field in form("Enrollment")["fields"]} >= {"entry_date", "relationship_to_hoh"}
    assert "enrollment_id" not in names("Exit") and "personal_id" not in names("Exit")


def test_labels_are_words():
    assert label("VeteranStatus") == "Veteran status"
    assert label("DOB") == "Date of birth"
    assert label("LOSUnderThreshold") == "Length of stay under threshold"
    assert label("CoCCode") == "CoC code"


def test_a_disability_of_types_5_to_9_is_answered_no_or_yes_and_substance_use_from_its_own_list():
    response = next(field for field in form("Disabilities")["fields"] if field["name"] == "disability_response")
    assert [(option["code"], option["label"]) for option in response["options"]] == list(
        LISTS["DisabilityResponse"].items())
    [rule] = response["rules"]
    assert (rule["kind"], rule["parents"], rule["answers"]) == ("options", ["disability_type"], [5, 6, 7, 8, 9])
    assert [(option["code"], option["label"]) for option in rule["options"]] == list(LISTS["NoYesReasons"].items())


def test_each_field_names_whom_hud_collects_it_for_and_when():
    fields = {field["name"]: field for field in form("IncomeBenefits")["fields"]}
    assert fields["earned_amount"]["element"] == {"number": "4.02", "name": "Income and Sources",
                                                 "collected_for": "head_and_adults", "adult_age": 18,
                                                 "stages": [1, 2, 5, 3]}
    assert fields["snap"]["element"]["number"] == "4.03"
    assert fields["medicaid"]["element"]["collected_for"] == "all_clients"
    assert fields["information_date"]["element"] is None  # the record's own: asked whenever it is kept
    health = {field["name"]: field["element"] for field in form("HealthAndDV")["fields"]}
    assert health["domestic_violence_survivor"]["stages"] == [1, 2]  # not at exit
    assert health["general_health_status"]["stages"] == [1, 3]
    assert {field["element"]["collected_for"] for field in form("Disabilities")["fields"] if field["element"]} == {
        "all_clients"}
    destination = next(field for field in form("Exit")["fields"] if field["name"] == "destination")
    assert destination["element"]["number"] == "3.12"


def test_every_element_names_columns_of_its_record():
    for element in ELEMENTS:
        assert set(element.columns) <= {column.name for column in FILES[element.file].columns}, element.number
