"""The parameters of a report run (reports.contract.schemas.ReportRunRequestSchema): what is refused, naming the
field, and what a run covers when it names nothing."""
from datetime import date

import pytest
from marshmallow import ValidationError

from reports.contract.schemas import MAX_PERIOD_DAYS, ReportRunRequestSchema

PERIOD = {"start": "2025-10-01", "end": "2026-09-30"}


def refused(body: dict) -> dict:
    with pytest.raises(ValidationError) as error:
        ReportRunRequestSchema().load(body)
    return error.value.messages


def test_a_run_names_a_report_and_a_period_and_covers_all_by_default():
    assert ReportRunRequestSchema().load({"report": "ce-apr", **PERIOD}) == {
        "report": "ce-apr", "start": date(2025, 10, 1), "end": date(2026, 9, 30), "coc_codes": [], "project_ids": [],
        "sources": []}


def test_a_one_day_period_and_the_longest_are_taken():
    assert ReportRunRequestSchema().load({"report": "apr", "start": "2026-01-01", "end": "2026-01-01"})
    longest = date.fromordinal(date(2024, 1, 1).toordinal() + MAX_PERIOD_DAYS - 1).isoformat()
    assert ReportRunRequestSchema().load({"report": "apr", "start": "2024-01-01", "end": longest})


@pytest.mark.parametrize("body, field, rule", [
    ({"report": "lsa", **PERIOD}, "report", "Must be one of: apr, caper, ce-apr, data-quality."),
    ({**PERIOD}, "report", "Missing data for required field."),
    ({"report": "apr", "start": "2026-10-01", "end": "2026-09-30"}, "end", "must not be before start"),
    ({"report": "apr", "start": "2020-01-01", "end": "2026-09-30"}, "end",
     f"the period must be shorter than {MAX_PERIOD_DAYS} days"),
    ({"report": "apr", "start": "2026-02-30", "end": "2026-09-30"}, "start", "Not a valid date."),
    ({"report": "apr", "start": "2025-10-01"}, "end", "Missing data for required field."),
    ({"report": "apr", **PERIOD, "colour": "red"}, "colour", "Unknown field."),
])
def test_bad_parameters_name_their_field_and_rule(body, field, rule):
    assert refused(body)[field] == [rule]


def test_lists_hold_well_formed_codes_ids_and_sources():
    assert refused({"report": "apr", **PERIOD, "coc_codes": ["CA-601", "ca601"]})["coc_codes"] == {
        1: ["must look like CA-601"]}
    assert "project_ids" in refused({"report": "apr", **PERIOD, "project_ids": [""]})
    assert "sources" in refused({"report": "apr", **PERIOD, "sources": [0]})
    assert "sources" in refused({"report": "apr", **PERIOD, "sources": list(range(1, 502))})
