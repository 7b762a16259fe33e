"""Creating and editing clients with HUD's FY2026 answers, over RPC against the real clients database:
data-quality codes, dependent answers, the SSN encrypted and never answered in full, and victim service
providers refused client PII."""
import uuid

import pytest
import sqlalchemy as sa

from clients.models import clients
from hmis_kit.errors import NotFound, ValidationFailed
# The RPC proxy, the clients database and an `access` as the gateway sends it: the audit tests' own.
from support import access_for

pytestmark = pytest.mark.integration
VSP_RULE = "victim service providers may not store client PII in HMIS"


def stored(engine, client_id: str) -> dict:
    with engine.connect() as connection:
        return dict(connection.execute(sa.select(clients).where(clients.c.id == client_id)).one()._mapping)


def rejected(call, *args) -> dict:
    with pytest.raises(ValidationFailed) as failure:
        call(*args)
    return failure.value.fields


def test_names_and_dob_alone_get_hud_defaults(services, agency):
    client = services.clients.create_client({"first_name": "Ada", "last_name": "Byron", "dob": "1985-12-10"},
                                            access_for(agency))
    assert (client["name_data_quality"], client["dob_data_quality"], client["ssn_data_quality"]) == (1, 1, 99)
    assert (client["sex"], client["veteran_status"], client["white"], client["race_none"]) == (99, 99, 0, 99)
    assert client["ssn_last4"] is None


def test_the_ssn_is_stored_encrypted_and_answered_as_its_last_four(services, agency, clients_engine):
    client = services.clients.create_client({"first_name": "Sam", "last_name": "Okafor", "ssn": "123456789",
                                             "ssn_data_quality": 2, "sex": 1, "black_af_american": 1},
                                            access_for(agency))
    assert client["ssn_last4"] == "6789" and "ssn" not in client
    assert "123456789" not in str(client)
    row = stored(clients_engine, client["id"])
    assert row["ssn_ciphertext"] and "123456789" not in row["ssn_ciphertext"]
    assert row["ssn_hash"] is None  # 123456789 is not a valid SSN: never used to match people
    assert row["race_none"] is None  # a race was Yes
    read = services.clients.get_client(client["id"], access_for(agency))
    assert read["ssn_last4"] == "6789"


@pytest.mark.parametrize("body, field, rule", [
    ({"first_name": "A", "last_name": "B", "sex": 3}, "sex", "Must be one of: 0, 1, 8, 9, 99."),
    ({"first_name": "A", "last_name": "B", "ssn": "12345"}, "ssn",
     "must be nine digits (x for a digit the client does not know)"),
    ({"first_name": "A", "last_name": "B", "ssn": "000000000", "ssn_data_quality": 1}, "ssn",
     "not a valid SSN while SSNDataQuality is 1"),
    ({"first_name": "A", "last_name": "B", "ssn": "123456781", "ssn_data_quality": 9}, "ssn",
     "must be empty when SSNDataQuality is 9"),
    ({"first_name": "A", "last_name": "B", "dob_data_quality": 2}, "dob", "required when DOBDataQuality is 2"),
    ({"last_name": "B"}, "first_name", "Missing data for required field."),
    ({"first_name": "A", "last_name": "B", "veteran_status": 0, "military_branch": 1}, "military_branch",
     "only when VeteranStatus is 1"),
    ({"first_name": "A", "last_name": "B", "asian": 1, "race_none": 9}, "race_none",
     "only when no race or ethnicity is 1"),
])
def test_a_client_breaking_a_hud_rule_is_refused_naming_field_and_rule(services, agency, body, field, rule):
    assert rule in rejected(services.clients.create_client, body, access_for(agency))[field]


def test_a_veteran_may_carry_service_details(services, agency):
    client = services.clients.create_client({"first_name": "Vet", "last_name": "Eran", "veteran_status": 1,
                                             "military_branch": 4, "year_entered_service": 1990,
                                             "desert_storm": 1}, access_for(agency))
    assert (client["military_branch"], client["desert_storm"]) == (4, 1)


def test_a_client_refusing_a_name_is_recorded_without_one(services, agency):
    client = services.clients.create_client({"name_data_quality": 9}, access_for(agency))
    assert client["first_name"] is None and client["name_data_quality"] == 9


def test_an_edit_changes_only_the_fields_sent_and_keeps_hud_rules(services, agency):
    client = services.clients.create_client({"first_name": "Edit", "last_name": "Me", "dob": "1970-01-01"},
                                            access_for(agency))
    edit = access_for(agency)
    changed = services.clients.update_client(client["id"], {"sex": 0, "ssn": "234567890", "ssn_data_quality": 1},
                                             edit)
    assert (changed["sex"], changed["ssn_last4"], changed["first_name"], changed["dob"]) == (0, "7890", "Edit",
                                                                                            "1970-01-01")
    # Saying the client refused the SSN while the number is still stored breaks HUD's rule; dropping it is fine.
    assert "must be empty when SSNDataQuality is 9" in rejected(
        services.clients.update_client, client["id"], {"ssn_data_quality": 9}, edit)["ssn"]
    cleared = services.clients.update_client(client["id"], {"ssn_data_quality": 9, "ssn": None}, edit)
    assert cleared["ssn_last4"] is None and cleared["ssn_data_quality"] == 9


def test_an_edit_of_an_unknown_client_is_not_found(services, agency):
    with pytest.raises(NotFound):
        services.clients.update_client(str(uuid.uuid4()), {"sex": 1}, access_for(agency))


def test_an_edit_changing_nothing_is_refused(services, agency):
    client = services.clients.create_client({"first_name": "Still", "last_name": "Same"}, access_for(agency))
    assert rejected(services.clients.update_client, client["id"], {}, access_for(agency)) == {
        "_body": ["send at least one field to change"]}


def test_a_victim_service_provider_may_not_store_client_pii(services, agency):
    services.clients.set_victim_service_provider(agency, {"victim_service_provider": True}, str(uuid.uuid4()))
    fields = rejected(services.clients.create_client, {"first_name": "Hidden", "ssn": "234567890"},
                      access_for(agency))
    assert fields == {"first_name": [VSP_RULE], "ssn": [VSP_RULE]}
    anonymous = services.clients.create_client({"name_data_quality": 99, "sex": 0}, access_for(agency))
    assert rejected(services.clients.update_client, anonymous["id"], {"dob": "1990-01-01"},
                    access_for(agency)) == {"dob": [VSP_RULE]}
    services.clients.set_victim_service_provider(agency, {"victim_service_provider": False}, str(uuid.uuid4()))
    assert services.clients.create_client({"first_name": "Now", "last_name": "Allowed"}, access_for(agency))["id"]
