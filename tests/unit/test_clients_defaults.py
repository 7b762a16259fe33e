"""HUD's answers for what an API caller leaves out, and HUD's rules named by API field."""
from datetime import date

import pytest
from marshmallow import ValidationError

from clients.contract import schemas
from clients.domain import with_hud_defaults
from hud.fy2026.rules import api_problems


def test_a_data_quality_code_is_reported_when_its_answer_came_and_not_collected_otherwise():
    record = with_hud_defaults({"first_name": "A", "last_name": "B", "dob": date(1980, 1, 2)})
    assert (record["name_data_quality"], record["dob_data_quality"], record["ssn_data_quality"]) == (1, 1, 99)


def test_races_not_said_are_no_and_race_none_is_not_collected_unless_a_race_is_yes():
    assert with_hud_defaults({})["race_none"] == 99 and with_hud_defaults({})["asian"] == 0
    assert with_hud_defaults({"asian": 1}).get("race_none") is None


def test_an_answer_given_is_kept():
    assert with_hud_defaults({"sex": 0, "name_data_quality": 9})["sex"] == 0
    assert with_hud_defaults({"name_data_quality": 9})["name_data_quality"] == 9


def test_rules_are_named_by_api_field_and_typed_values_are_read():
    assert api_problems("Client", {"veteran_status": 0, "military_branch": 1, "dob_data_quality": 9,
                                   "dob": date(1990, 1, 1)}) == {
        "military_branch": ["only when VeteranStatus is 1"], "dob": ["must be empty when DOBDataQuality is 9"]}
    assert api_problems("Exit", {"destination": 17, "other_destination": "a friend's couch"}) == {}


@pytest.mark.parametrize("query", [{}, {"limit": "5"}, {"first_name": ""}])
def test_a_search_needs_a_criterion(query):
    with pytest.raises(ValidationError) as failure:
        schemas.ClientSearchSchema().load(query)
    assert set(failure.value.messages) & {"_query", "first_name"}


def test_an_enrollment_member_names_its_relationship_to_the_head():
    with pytest.raises(ValidationError) as failure:
        schemas.EnrollmentCreateSchema().load({"project_id": "P1", "entry_date": "2025-10-01", "members": [
            {"client_id": "6f1c3c4e-0000-4000-8000-000000000000", "relationship_to_hoh": 7}]})
    assert failure.value.messages == {"members": {0: {"relationship_to_hoh": ["Must be one of: 1, 2, 3, 4, 5, 99."]}}}
