"""Coordinated Entry at community scale: the prioritization list of 50,000 assessed clients ranked in PostgreSQL
(the policy's ORDER BY, ces/ranking_sql.py) beside a plain in-Python sort of the same rows (ces/prioritization.py,
after fetching them), and a match for one opening with requirements (ces/matching.py), on a ces database of its
own (migrated, dropped afterwards). Targets: the list <= 1 s, a match <= 200 ms. Run: python -m bench.ces_bench [n]
"""
from __future__ import annotations

import random
import statistics
import sys
import time
import uuid
from datetime import date, timedelta

CLIENTS = 50_000
RUNS = 5
TODAY = date(2026, 12, 4)
AGENCIES = [uuid.UUID(int=n) for n in range(1, 9)]

# A policy in the shape of HUD's CPD-14-012 order for PSH: chronic first, then the score, the longest homeless,
# the longest unsheltered, the earliest assessed; a missing value last.
POLICY = {"sort_keys": [{"attribute": "chronic", "direction": "desc", "missing": "last"},
                        {"attribute": "score", "direction": "desc", "missing": "last"},
                        {"attribute": "days_homeless_3y", "direction": "desc", "missing": "last"},
                        {"attribute": "unsheltered_nights", "direction": "desc", "missing": "last"},
                        {"attribute": "assessed_on", "direction": "asc", "missing": "last"}],
          "seed": 2026,
          "workflow": {"deadline_days": {"pending": 3, "in_process": 7}, "stall_days": 2,
                       "park_days": {"client": None, "provider": None, "expired": None},
                       "decline_reasons": [{"code": "client_refused", "by": "client"}],
                       "override_reasons": ["case_conference"], "one_active_referral": True}}
REQUIREMENTS = [{"level": "program", "target": "psh", "attribute": "chronic", "rule": "must", "value": None},
                {"level": "project", "target": "P1", "attribute": "age_over", "rule": "must", "value": 24},
                {"level": "unit", "target": "U1", "attribute": "household_type", "rule": "must", "value": "adult_only"}]
OPENING = {"id": uuid.uuid4(), "program": "psh", "funding_source": "hud_coc", "project_id": "P1", "unit": "U1"}


def _maybe(rng: random.Random, value, missing: float = 0.1):
    return None if rng.random() < missing else value


def list_rows(count: int, seed: int = 1) -> list[dict]:
    """Assessed clients as the list holds them: ties on every key and missing values on purpose, so the
    tie-breaker and each key's missing-value order are exercised."""
    rng = random.Random(seed)
    rows = []
    for _ in range(count):
        rows.append({
            "client_id": uuid.UUID(int=rng.getrandbits(128), version=4), "agency_id": rng.choice(AGENCIES),
            "enrollment_id": uuid.UUID(int=rng.getrandbits(128)).hex, "status": "active",
            "parked_until": None, "assessment_id": uuid.UUID(int=rng.getrandbits(128)),
            "score": _maybe(rng, rng.randint(0, 17)), "recommendation": rng.choice(["psh", "rrh", "diversion"]),
            "assessed_on": _maybe(rng, TODAY - timedelta(days=rng.randint(0, 720)), 0.02),
            "chronic": _maybe(rng, rng.random() < 0.4), "days_homeless_3y": _maybe(rng, rng.randint(0, 30) * 30),
            "unsheltered_nights": _maybe(rng, rng.randint(0, 12) * 30), "veteran": _maybe(rng, rng.random() < 0.1),
            "household_type": _maybe(rng, rng.choice(["adult_only", "with_children", "youth"])),
            "first_homeless_on": _maybe(rng, TODAY - timedelta(days=rng.randint(0, 3000))),
            "age": _maybe(rng, rng.randint(18, 80)), "ami_percent": _maybe(rng, rng.randint(0, 80)),
            "disability_verified": _maybe(rng, rng.random() < 0.5), "manual_rank": _maybe(rng, rng.randint(1, 50), 0.9),
        })
    return rows


def load(engine, rows: list[dict]) -> None:
    from ces.models import list_entries

    with engine.begin() as connection:
        for start in range(0, len(rows), 5000):
            connection.execute(list_entries.insert(), rows[start:start + 5000])
        connection.exec_driver_sql("ANALYZE list_entries")


def _timed(function, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(engine, clients: int) -> dict:
    import sqlalchemy as sa

    from ces import matching, prioritization, ranking_sql
    from ces.models import list_entries

    ranked = ranking_sql.ranked(POLICY, TODAY)

    def in_database() -> list:
        with engine.connect() as connection:
            return connection.execute(sa.select(ranked.c.client_id).order_by(ranked.c.rank)).scalars().all()

    def in_python() -> list:
        with engine.connect() as connection:
            rows = [dict(row._mapping) for row in connection.execute(
                sa.select(list_entries).where(ranking_sql.on_list(TODAY)))]
        return [row["client_id"] for row in prioritization.ordered(rows, POLICY)]

    def match():
        with engine.connect() as connection:
            return matching.best_match(connection, POLICY, OPENING, REQUIREMENTS, TODAY)

    database_seconds, database_order = _timed(in_database)
    python_seconds, python_order = _timed(in_python)
    match_seconds, matched = _timed(match)
    return {"clients": clients, "list_seconds": database_seconds, "python_seconds": python_seconds,
            "same_order": database_order == python_order, "match_seconds": match_seconds,
            "matched_rank": matched["rank"] if matched else None}


def run(clients: int = CLIENTS) -> dict:
    from hmis_kit import config, migrations  # first: it sets the warning filters nameko's imports need
    from hmis_kit.db import create_database, drop_database, make_engine
    from sqlalchemy.engine import make_url

    settings = config.load()
    url = make_url(settings.database_url("ces")).set(database=f"hmis_bench_ces_{uuid.uuid4().hex[:8]}")
    url = url.render_as_string(hide_password=False)
    create_database(url)
    try:
        from alembic import command
        command.upgrade(migrations.alembic_config("ces", url), "head")
        engine = make_engine(url)
        try:
            load(engine, list_rows(clients))
            return measure(engine, clients)
        finally:
            engine.dispose()
    finally:
        drop_database(url)


def report(result: dict) -> str:
    return "\n".join([
        f"CES prioritization list, {result['clients']:,} assessed clients (median of {RUNS}):",
        f"  ranked in PostgreSQL (ORDER BY from the policy): {result['list_seconds'] * 1000:8.1f} ms  (target <= 1000 ms)",
        f"  fetched, then sorted in Python (baseline):       {result['python_seconds'] * 1000:8.1f} ms  "
        f"(same order: {'yes' if result['same_order'] else 'NO'})",
        f"  a match for one opening (3 requirements):        {result['match_seconds'] * 1000:8.1f} ms  "
        f"(target <= 200 ms; matched rank {result['matched_rank']})",
    ])


if __name__ == "__main__":
    print(report(run(int(sys.argv[1]) if len(sys.argv) > 1 else CLIENTS)))
