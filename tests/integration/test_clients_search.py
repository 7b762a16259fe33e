"""Search before create over RPC against the real clients database: typo tolerance, the caller's agency
only, SSN digits matched by keyed hash, and one audit row per candidate returned."""
import uuid

import pytest
import sqlalchemy as sa

from hmis_kit import audit
from hmis_kit.errors import ValidationFailed
# The RPC proxy, the clients database and an `access` as the gateway sends it: the audit tests' own.
from support import access_for

pytestmark = pytest.mark.integration


def record(services, agency: str, **fields) -> str:
    return services.clients.create_client(fields, access_for(agency))["id"]


def ids(candidates: list[dict]) -> list[str]:
    return [candidate["id"] for candidate in candidates]


def test_search_finds_a_client_despite_typos_in_both_names(services, agency):
    wanted = record(services, agency, first_name="Jonathan", last_name="Smith", dob="1975-03-04")
    record(services, agency, first_name="Maria", last_name="Gonzalez", dob="1990-11-30")
    candidates = services.clients.search_clients({"first_name": "Jonathon", "last_name": "Smyth"}, access_for(agency))
    assert ids(candidates) == [wanted]
    assert 0.4 <= candidates[0]["score"] < 1
    assert set(candidates[0]["matched_on"]) == {"first_name", "last_name"}


def test_search_ranks_the_closest_candidate_first(services, agency):
    near = record(services, agency, first_name="Ana", last_name="Lopez", dob="1988-07-21")
    exact = record(services, agency, first_name="Ana", last_name="Lopez", dob="1988-07-12")
    candidates = services.clients.search_clients({"first_name": "Ana", "last_name": "Lopez", "dob": "1988-07-12"},
                                                 access_for(agency))
    assert ids(candidates) == [exact, near]
    assert candidates[0]["score"] == 1.0
    assert candidates[1]["matched_on"] == ["first_name", "last_name"]  # the DOB was only near (day mistyped)


def test_search_never_returns_another_agencys_clients(services, agency):
    other = str(uuid.uuid4())
    record(services, other, first_name="Kwame", last_name="Mensah", dob="1969-01-02")
    assert services.clients.search_clients({"first_name": "Kwame", "last_name": "Mensah", "dob": "1969-01-02"},
                                           access_for(agency)) == []


def test_search_matches_the_ssn_last_four_by_keyed_hash(services, agency):
    with_ssn = record(services, agency, first_name="Lee", last_name="Chen", ssn="123456781", ssn_data_quality=1,
                      name_data_quality=1, dob_data_quality=99)
    record(services, agency, first_name="Lee", last_name="Chen", ssn="123450000", ssn_data_quality=2,
           name_data_quality=1, dob_data_quality=99)
    candidates = services.clients.search_clients({"ssn_last4": "6781"}, access_for(agency))
    assert ids(candidates) == [with_ssn]
    assert candidates[0]["matched_on"] == ["ssn_last4"]
    assert "ssn" not in candidates[0] and "6781" not in str(candidates)


def test_every_candidate_returned_leaves_one_search_audit_row(services, agency, clients_engine):
    first = record(services, agency, first_name="Audit", last_name="Search", dob="2001-02-03")
    second = record(services, agency, first_name="Audrey", last_name="Search", dob="2001-02-03")
    access = access_for(agency)
    candidates = services.clients.search_clients({"last_name": "Search", "dob": "2001-02-03"}, access)
    assert set(ids(candidates)) == {first, second}
    with clients_engine.connect() as connection:
        rows = connection.execute(sa.select(audit.audit_log).where(
            audit.audit_log.c.decision_id == access["decision_id"])).all()
    assert sorted(str(row.client_id) for row in rows) == sorted([first, second])
    assert {row.action for row in rows} == {"search"}
    assert set(rows[0].fields) == set(candidates[0])


@pytest.mark.parametrize("query, field", [({}, "_query"), ({"ssn_last4": "12a4"}, "ssn_last4"),
                                          ({"dob": "1980-13-01"}, "dob"), ({"last_name": "x", "limit": "0"}, "limit")])
def test_search_rejects_a_query_naming_the_field(services, agency, query, field):
    with pytest.raises(ValidationFailed) as failure:
        services.clients.search_clients(query, access_for(agency))
    assert field in failure.value.fields


def test_a_client_recorded_without_a_name_is_found_by_dob(services, agency):
    anonymous = record(services, agency, name_data_quality=9, dob="1993-04-05")
    candidates = services.clients.search_clients({"dob": "1993-04-05"}, access_for(agency))
    assert ids(candidates) == [anonymous] and candidates[0]["matched_on"] == ["dob"]
