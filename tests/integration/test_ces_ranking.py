"""The prioritization list ranked in PostgreSQL is the policy's order as Python computes it (ces.prioritization),
for every sort key, direction and missing-value order and with ties broken by the seed; and matching in SQL picks
the first client in that order whom Python finds eligible, free, not parked and never declined from the opening."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from bench_support import bench_module
from ces import eligibility, matching, prioritization, ranking_sql
from ces.contract.rules import SORT_ATTRIBUTES
from ces.models import list_entries, openings, policies, referrals
from support import migrated_database

ces_bench = bench_module("ces_bench")
TODAY = ces_bench.TODAY
ROWS = ces_bench.list_rows(1500, seed=5)


@pytest.fixture(scope="module")
def engine(settings):
    with migrated_database(settings, "ces", "ces_ranking") as engine:
        ces_bench.load(engine, ROWS)
        yield engine


def database_order(engine, policy) -> list:
    ranked = ranking_sql.ranked(policy, TODAY)
    with engine.connect() as connection:
        return connection.execute(sa.select(ranked.c.client_id).order_by(ranked.c.rank)).scalars().all()


def python_order(policy) -> list:
    return [row["client_id"] for row in prioritization.ordered(ROWS, policy)]


@pytest.mark.parametrize("attribute", sorted(SORT_ATTRIBUTES))
@pytest.mark.parametrize("direction, missing", [("asc", "first"), ("asc", "last"), ("desc", "first"),
                                                ("desc", "last")])
def test_each_key_ranks_in_postgresql_as_in_python(engine, attribute, direction, missing):
    policy = {"sort_keys": [{"attribute": attribute, "direction": direction, "missing": missing}], "seed": 11}
    assert database_order(engine, policy) == python_order(policy)


@pytest.mark.parametrize("seed", [1, 2026])
def test_a_whole_policy_ranks_in_postgresql_as_in_python(engine, seed):
    policy = {**ces_bench.POLICY, "seed": seed}
    assert database_order(engine, policy) == python_order(policy)


@pytest.mark.parametrize("attribute", sorted(SORT_ATTRIBUTES))
@pytest.mark.parametrize("direction, missing", [("asc", "first"), ("desc", "last")])
def test_a_clients_rank_counted_from_those_ahead_is_their_place_in_the_whole_list(engine, attribute, direction,
                                                                                   missing):
    policy = {"sort_keys": [{"attribute": attribute, "direction": direction, "missing": missing},
                            {"attribute": "score", "direction": "desc", "missing": "first"}], "seed": 5}
    order = database_order(engine, policy)
    by_id = {row["client_id"]: row for row in ROWS}
    with engine.connect() as connection:
        for place in (0, 1, 17, 700, len(order) - 1):
            assert ranking_sql.rank_of(connection, policy, by_id[order[place]], TODAY) == place + 1


def test_the_seed_alone_orders_equals_and_another_seed_orders_them_otherwise(engine):
    policy = {"sort_keys": [{"attribute": "household_type", "direction": "asc", "missing": "last"}], "seed": 3}
    first = database_order(engine, policy)
    assert first == database_order(engine, policy) == python_order(policy)
    assert first != database_order(engine, {**policy, "seed": 4})


def _policy_row(connection) -> uuid.UUID:
    policy_id = uuid.uuid4()
    connection.execute(policies.insert().values(
        id=policy_id, code="bench", version=1, name="Bench", effective_from=TODAY, sort_keys=ces_bench.POLICY["sort_keys"],
        seed=ces_bench.POLICY["seed"], workflow=ces_bench.POLICY["workflow"]))
    return policy_id


def test_matching_takes_the_first_eligible_free_client_in_the_policys_order(engine):
    opening = {**ces_bench.OPENING, "id": uuid.uuid4()}
    requirements = eligibility.applicable(ces_bench.REQUIREMENTS, opening)
    eligible = [row for row in prioritization.ordered(ROWS, ces_bench.POLICY)
                if eligibility.eligible(requirements, row, TODAY)]
    first, second, third, fourth = eligible[:4]
    now = datetime.now(timezone.utc)
    with engine.begin() as connection:
        assert matching.best_match(connection, ces_bench.POLICY, opening, requirements, TODAY)["client_id"] == \
            first["client_id"]
        policy_id = _policy_row(connection)
        connection.execute(openings.insert().values(id=opening["id"], agency_id=uuid.uuid4(), project_id="P1",
                                                    unit="U1", program="psh", funding_source="hud_coc", event_type=14,
                                                    status="open"))
        referral = {"opening_id": opening["id"], "client_agency_id": uuid.uuid4(), "provider_agency_id": uuid.uuid4(),
                    "enrollment_id": "E", "policy_id": policy_id, "last_activity_at": now, "requirements": []}
        # The first was declined from this opening: never offered it again. The second is in another active
        # referral; the third is parked until tomorrow.
        other_opening = uuid.uuid4()
        connection.execute(openings.insert().values(id=other_opening, agency_id=uuid.uuid4(), project_id="P9",
                                                    program="psh", funding_source="x", event_type=14, status="locked"))
        connection.execute(referrals.insert(), [
            {**referral, "id": uuid.uuid4(), "client_id": first["client_id"], "status": "declined"},
            {**referral, "id": uuid.uuid4(), "client_id": second["client_id"], "status": "pending",
             "opening_id": other_opening}])
        connection.execute(list_entries.update().where(list_entries.c.client_id == third["client_id"])
                           .values(parked_until=TODAY + timedelta(days=1)))
        found = matching.best_match(connection, ces_bench.POLICY, opening, requirements, TODAY)
        assert found["client_id"] == fourth["client_id"]
        # A park ends on its date; the policy may let a client in one referral be matched to another.
        assert matching.best_match(connection, ces_bench.POLICY, opening, requirements,
                                   TODAY + timedelta(days=1))["client_id"] == third["client_id"]
        many = {**ces_bench.POLICY, "workflow": {**ces_bench.POLICY["workflow"], "one_active_referral": False}}
        assert matching.best_match(connection, many, opening, requirements, TODAY)["client_id"] == second["client_id"]
        connection.rollback()
