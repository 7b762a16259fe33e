"""Whether a revocation is in force when the API answers it, and what the audit row costs a read.

- Revocation: for each trial, agency A grants an HMIS sharing consent, B reads the client (which must be
  allowed at once: a grant is in force when the API answers too), A revokes it, and from the moment the
  revoke call returns B reads until denied. The promise is that no read is allowed after the answer,
  whatever the broker is doing: every IDLE_EVERY-th trial first waits IDLE_SECONDS, longer than two of
  the platform's broker heartbeats (HEARTBEAT_SECONDS, set for this run), the quiet spell after which an
  unkept connection is dropped.
- Audit cost: the same primary-key read of a client in the clients database, in a transaction alone
  and in a transaction that also appends its hash-chained audit row, alternated, measured in one run.
"""
from __future__ import annotations

import statistics
import time
import uuid

POLL_SECONDS = 0.005
HEARTBEAT_SECONDS = 2
IDLE_SECONDS = 5
IDLE_EVERY = 20


def _percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def _revocations(platform, trials: int) -> dict:
    from hmis_platform.onboarding import expect
    from bench.platform import new_worker

    owner, other = new_worker(platform, "Consent Bench A"), new_worker(platform, "Consent Bench B")
    client_id = expect(platform.call, "POST", "/api/v1/clients", headers=owner.headers,
                       json={"first_name": "Revoke", "last_name": "Timing"})["id"]
    read = f"/api/v1/clients/{client_id}"
    body = {"type": "hmis_sharing", "scope": ["profile"], "signed_on": time.strftime("%Y-%m-%d"),
            "signature": {"signer_name": "Bench", "image": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"
                                                          "CAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="}}
    delays, denied_after_grant, allowed_after_revoke, idle = [], 0, 0, 0
    for trial in range(trials):
        consent = expect(platform.call, "POST", f"/api/v1/clients/{client_id}/consents", headers=owner.headers,
                         json=body)
        while platform.call("GET", read, headers=other.headers)[0] != 200:
            denied_after_grant += 1
            time.sleep(POLL_SECONDS)
        if trial % IDLE_EVERY == IDLE_EVERY - 1:
            time.sleep(IDLE_SECONDS)
            idle += 1
        expect(platform.call, "POST", f"/api/v1/consents/{consent['id']}/revocation", headers=owner.headers,
               json={"reason": "benchmark"})
        revoked = time.perf_counter()
        while platform.call("GET", read, headers=other.headers)[0] != 403:
            allowed_after_revoke += 1
            time.sleep(POLL_SECONDS)
        delays.append(time.perf_counter() - revoked)
    return {"delays": delays, "denied_after_grant": denied_after_grant, "allowed_after_revoke": allowed_after_revoke,
            "idle_trials": idle}


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


def run(trials: int = 200, reads: int = 1000) -> dict:
    from bench.platform import running_platform

    with running_platform({"HMIS_AMQP_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS)}) as platform:
        revocations = _revocations(platform, trials)
        plain, audited = _audit_cost(platform, reads)
    delays, ms = revocations["delays"], 1000
    return {
        "trials": trials, "idle_trials": revocations["idle_trials"],
        "allowed_after_revoke": revocations["allowed_after_revoke"],
        "denied_after_grant": revocations["denied_after_grant"],
        "revoke_p50_ms": _percentile(delays, 0.5) * ms, "revoke_p99_ms": _percentile(delays, 0.99) * ms,
        "revoke_max_ms": max(delays) * ms, "reads": reads,
        "plain_p50_ms": statistics.median(plain) * ms, "audited_p50_ms": statistics.median(audited) * ms,
        "plain_p99_ms": _percentile(plain, 0.99) * ms, "audited_p99_ms": _percentile(audited, 0.99) * ms,
    }


def report(result: dict) -> str:
    extra = result["audited_p50_ms"] - result["plain_p50_ms"]
    return "\n".join([
        f"consent revocation to first denied read, {result['trials']} trials, {result['idle_trials']} after "
        f"{IDLE_SECONDS} s idle (broker heartbeat {HEARTBEAT_SECONDS} s)",
        f"  reads allowed after the revocation's answer: {result['allowed_after_revoke']} (promise: 0); "
        f"reads denied after a grant's answer: {result['denied_after_grant']} (promise: 0)",
        f"  revoke answered -> denied read: p50 {result['revoke_p50_ms']:6.1f} ms   p99 {result['revoke_p99_ms']:6.1f} ms"
        f"   max {result['revoke_max_ms']:6.1f} ms (one read's round trip)",
        f"audit row on a client read, {result['reads']} reads each, alternated",
        f"  read alone          p50 {result['plain_p50_ms']:6.2f} ms   p99 {result['plain_p99_ms']:6.2f} ms",
        f"  read + audit row    p50 {result['audited_p50_ms']:6.2f} ms   p99 {result['audited_p99_ms']:6.2f} ms",
        f"  extra per read      p50 {extra:6.2f} ms   ratio {result['audited_p50_ms'] / result['plain_p50_ms']:.2f}x",
    ])


if __name__ == "__main__":
    print(report(run()))
