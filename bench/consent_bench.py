"""How fast a revocation takes effect, and what the audit row costs a read.

- Revocation delay: for each trial, agency A grants an HMIS sharing consent, waits until agency B can
  read the client, revokes it, and from the moment the revoke call returns polls B's read until it is
  denied. The delay is the consent event's trip: consent outbox -> RabbitMQ -> the gateway's policy feed.
- Audit cost: the same primary-key read of a client in the clients database, in a transaction alone
  and in a transaction that also appends its hash-chained audit row, alternated, measured in one run.
"""
from __future__ import annotations

import statistics
import time
import uuid

POLL_SECONDS = 0.005


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _revocation_delays(platform, trials: int) -> list[float]:
    from hmis_kit.onboarding import expect
    from bench.platform import new_worker

    owner, other = new_worker(platform, "Consent Bench A"), new_worker(platform, "Consent Bench B")
    client_id = expect(platform.call, "POST", "/api/v1/clients", headers=owner.headers,
                       json={"first_name": "Revoke", "last_name": "Timing"})["id"]
    read = f"/api/v1/clients/{client_id}"
    body = {"type": "hmis_sharing", "scope": ["profile"], "signed_on": time.strftime("%Y-%m-%d"),
            "signature": {"signer_name": "Bench", "image": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"
                                                          "CAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}}
    delays = []
    for _ in range(trials):
        consent = expect(platform.call, "POST", f"/api/v1/clients/{client_id}/consents", headers=owner.headers,
                         json=body)
        while platform.call("GET", read, headers=other.headers)[0] != 200:
            time.sleep(POLL_SECONDS)
        expect(platform.call, "POST", f"/api/v1/consents/{consent['id']}/revocation", headers=owner.headers,
               json={"reason": "benchmark"})
        revoked = time.perf_counter()
        while platform.call("GET", read, headers=other.headers)[0] != 403:
            time.sleep(POLL_SECONDS)
        delays.append(time.perf_counter() - revoked)
    return delays


def _audit_cost(platform, reads: int) -> tuple[list[float], list[float]]:
    import sqlalchemy as sa

    from clients.models import clients
    from hmis_kit.audit import record_access
    from hmis_kit.db import Transactions, make_engine

    engine = make_engine(platform.settings.database_url("clients"))
    db = Transactions(engine)
    with engine.connect() as connection:
        client_id = connection.execute(sa.select(clients.c.id).limit(1)).scalar_one()
    access = {"principal": {"kind": "user", "id": str(uuid.uuid4()), "agency_id": str(uuid.uuid4()),
                            "roles": ["case_manager"]}, "action": "clients:read", "decision_id": str(uuid.uuid4()),
              "purpose": None, "break_glass_reason": None, "consent": None}
    plain, audited = [], []
    for i in range(reads * 2):
        started = time.perf_counter()
        with db.transaction() as session:
            row = session.execute(sa.select(clients).where(clients.c.id == client_id)).one()
            if i % 2:
                record_access(session, access, client_id, "read", list(row._mapping))
        (audited if i % 2 else plain).append(time.perf_counter() - started)
    engine.dispose()
    return plain, audited


def run(trials: int = 40, reads: int = 1000) -> dict:
    from bench.platform import running_platform

    with running_platform() as platform:
        delays = _revocation_delays(platform, trials)
        plain, audited = _audit_cost(platform, reads)
    ms = 1000
    return {
        "trials": trials, "revoke_p50_ms": _percentile(delays, 0.5) * ms, "revoke_p99_ms": _percentile(delays, 0.99) * ms,
        "revoke_max_ms": max(delays) * ms, "reads": reads,
        "plain_p50_ms": statistics.median(plain) * ms, "audited_p50_ms": statistics.median(audited) * ms,
        "plain_p99_ms": _percentile(plain, 0.99) * ms, "audited_p99_ms": _percentile(audited, 0.99) * ms,
    }


def report(result: dict) -> str:
    extra = result["audited_p50_ms"] - result["plain_p50_ms"]
    return "\n".join([
        f"consent revocation to first denied read, {result['trials']} trials (policy feed over RabbitMQ)",
        f"  p50 {result['revoke_p50_ms']:7.1f} ms   p99 {result['revoke_p99_ms']:7.1f} ms   max {result['revoke_max_ms']:7.1f} ms",
        f"audit row on a client read, {result['reads']} reads each, alternated",
        f"  read alone          p50 {result['plain_p50_ms']:6.2f} ms   p99 {result['plain_p99_ms']:6.2f} ms",
        f"  read + audit row    p50 {result['audited_p50_ms']:6.2f} ms   p99 {result['audited_p99_ms']:6.2f} ms",
        f"  extra per read      p50 {extra:6.2f} ms   ratio {result['audited_p50_ms'] / result['plain_p50_ms']:.2f}x",
    ])


if __name__ == "__main__":
    print(report(run()))
