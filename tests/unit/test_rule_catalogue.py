"""The rule catalogue (hud/fy2026/catalogue.py): every rule the compiled checks and the API name is in it,
of the kind the checks treat it as, and docs/clients.md carries the table it generates."""
import re

import pytest

from clients import enrollments
from clients.contract import records
from hud.fy2026 import catalogue, checks, rules
from hud.fy2026.spec import FILES

STRUCTURAL_CHECKS = [check for spec in FILES.values() for check in (
    *checks.type_checks(spec), *checks.record_checks(spec, victim_service_provider=True), *checks.mappings(spec))]
QUALITY_CHECKS = [check for found in checks.QUALITY_CHECKS.values() for check in found]


def test_ids_are_unique_and_name_their_kind():
    ids = [rule.id for rule in catalogue.RULES]
    assert len(ids) == len(set(ids))
    for rule in catalogue.RULES:
        assert re.fullmatch(r"(structural|dq)(\.[a-z_]+)+", rule.id)
        assert rule.id.startswith("structural.") == rule.structural
        assert rule.fields and rule.source and rule.message


def test_the_staged_checks_name_structural_rules():
    assert {check.rule_id for check in STRUCTURAL_CHECKS} <= {rule.id for rule in catalogue.RULES if rule.structural}


def test_the_findings_name_data_quality_rules():
    assert {check.rule_id for check in QUALITY_CHECKS} | {conditional.rule_id for conditional in rules.CONDITIONALS} \
        <= {rule.id for rule in catalogue.RULES if not rule.structural}


def test_every_rule_the_api_applies_is_one_the_findings_find():
    """An import's findings and an edit's are the same rules: each rule the API checks a record's answers with, and
    each it refuses a record for from its findings, is compiled into the findings an import makes."""
    found = {check.rule_id for check in QUALITY_CHECKS}
    assert {rule.rule_id for rule in (*rules.CONDITIONALS, *rules.ANSWER_LISTS)} <= found
    assert set(enrollments.REFUSED_AT_ENTRY) <= found
    assert {rule.id for rule in catalogue.RULES if not rule.structural} == found


def test_the_api_dates_each_record_by_the_column_the_findings_read():
    """A record the API refuses for its date (dq.record.*) is refused on the field the findings name: each kind of an
    enrollment's records is dated, as checks.DATED_WITHIN says, by its file's date (an exit by dq.exit.before_entry's)."""
    dated = {kind.file: kind.dated for kind in records.KINDS if kind.file != "Exit"}
    assert dated == {file: FILES[file].by_name[column].db_name for file, column in checks.DATED_WITHIN.items()}


@pytest.mark.parametrize("record, rule_id", [
    ({"SSNDataQuality": "99", "SSN": "123450789"}, "dq.ssn.not_collected"),
    ({"SSNDataQuality": "1", "SSN": "000123456"}, "dq.ssn.invalid"),
    ({"VeteranStatus": "0", "YearEnteredService": "1990"}, "dq.dependent"),
])
def test_the_api_checks_name_the_same_rules(record, rule_id):
    assert rule_id in {broken.rule_id for broken in rules.check_consistency("Client", record)}


@pytest.mark.parametrize("disability_type, response, broken", [("5", "2", True), ("9", "3", True), ("10", "2", False),
                                                               ("5", "1", False), ("8", "99", False)])
def test_a_disability_is_answered_from_the_list_its_type_calls_for(disability_type, response, broken):
    record = {"DisabilityType": disability_type, "DisabilityResponse": response}
    assert ("dq.answer_list" in {problem.rule_id for problem in rules.check_consistency("Disabilities", record)}) \
        == broken


def test_a_finding_never_shows_pii():
    shown = {(check.column, check.value) for check in checks.QUALITY_CHECKS["Client"]}
    assert all(value == "NULL" for column, value in shown if column in checks.PII_COLUMNS)


def test_the_docs_carry_the_catalogue_it_generates():
    page = catalogue.PAGE.read_text(encoding="utf-8")
    assert page == catalogue.page_with_table(page), "run: python -m hud.fy2026.catalogue"


def test_a_finding_says_its_rule_in_the_catalogues_words_and_nothing_for_a_rule_it_no_longer_holds():
    from clients.contract.schemas import FindingSchema

    def dumped(rule_id: str) -> dict:
        return FindingSchema().dump({"id": 1, "file": "Client", "record_id": "C1", "source": 1, "rule_id": rule_id,
                                     "field": "VeteranStatus", "value": "99"})
    assert dumped("dq.missing.not_collected")["rule"] == catalogue.rule("dq.missing.not_collected").message
    assert dumped("dq.retired.long.ago")["rule"] is None
