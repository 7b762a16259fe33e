"""The rule catalogue (hud/fy2026/catalogue.py): every rule the compiled checks and the API name is in it,
of the kind the checks treat it as, and docs/clients.md carries the table it generates."""
import re

import pytest

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


@pytest.mark.parametrize("record, rule_id", [
    ({"SSNDataQuality": "99", "SSN": "123450789"}, "dq.ssn.not_collected"),
    ({"SSNDataQuality": "1", "SSN": "000123456"}, "dq.ssn.invalid"),
    ({"VeteranStatus": "0", "YearEnteredService": "1990"}, "dq.dependent"),
])
def test_the_api_checks_name_the_same_rules(record, rule_id):
    assert rule_id in {broken.rule_id for broken in rules.check_consistency("Client", record)}


def test_a_finding_never_shows_pii():
    shown = {(check.column, check.value) for check in checks.QUALITY_CHECKS["Client"]}
    assert all(value == "NULL" for column, value in shown if column in checks.PII_COLUMNS)


def test_the_docs_carry_the_catalogue_it_generates():
    page = catalogue.PAGE.read_text(encoding="utf-8")
    assert page == catalogue.page_with_table(page), "run: python -m hud.fy2026.catalogue"
