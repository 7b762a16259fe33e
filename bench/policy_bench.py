"""Policy decisions per second in the embedded engine: compiled once vs an ad-hoc query per decision.

Both sides evaluate the real policy in gateway/policies/ on the same inputs and data, in the same run:
"compiled" is EmbeddedRegoEngine.decide (bundle built once by Interpreter.build, run by query_bundle);
the baseline, "ad hoc", sets the same input on an interpreter holding the same modules and data and
calls Interpreter.query, which compiles the query every time. Run: python bench/policy_bench.py [n]
"""
from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable

import regopy

from hmis_gateway.policy import DEFAULT_POLICY_DIR, EmbeddedRegoEngine, load_policies

OWN = "a0000000-0000-4000-8000-00000000000a"
OTHER = "b0000000-0000-4000-8000-00000000000b"
NETWORK = {"agencies": {OWN: {"status": "active"}, OTHER: {"status": "active"}}}


def _input(kind: str, roles: list[str], scopes: list[str], action: str, owner: str | None) -> dict:
    return {
        "principal": {"kind": kind, "id": "00000000-0000-4000-8000-000000000001", "agency_id": OWN,
                      "roles": roles, "scopes": scopes},
        "action": action,
        "resource": {"type": "client", "id": None, "agency_id": owner},
        "purpose": None,
        "break_glass_reason": None,
    }


# A mix of allowed and denied requests, so neither side is timed on one path through the policy.
INPUTS = [
    _input("user", ["case_manager"], [], "clients:read", OWN),
    _input("user", ["case_manager"], [], "clients:read", OTHER),
    _input("user", ["report_viewer"], [], "reports:read", None),
    _input("user", ["system_admin"], [], "agencies:create", OTHER),
    _input("api_key", [], ["clients:read"], "clients:create", OWN),
]


def _ad_hoc() -> Callable[[dict], dict]:
    """Decide with a fresh query compiled on every call (the baseline)."""
    interpreter = regopy.Interpreter()
    interpreter.log_level = regopy.LogLevel.NONE
    for name, source in load_policies(DEFAULT_POLICY_DIR).items():
        interpreter.add_module(name, source)
    interpreter.add_data_json(json.dumps({"network": NETWORK}))

    def decide(policy_input: dict) -> dict:
        interpreter.set_input_term(json.dumps(policy_input))
        output = interpreter.query("decision := data.hmis.authz.decision")
        assert output.ok()
        return output[0].bindings["decision"]

    return decide


def _per_second(decide: Callable[[dict], object], n: int) -> float:
    for policy_input in INPUTS:  # warm up
        decide(policy_input)
    started = time.perf_counter()
    for i in range(n):
        decide(INPUTS[i % len(INPUTS)])
    return n / (time.perf_counter() - started)


def run(n: int = 5000) -> dict:
    """Decisions per second for both ways over `n` decisions each, and compiled / ad hoc."""
    engine = EmbeddedRegoEngine(DEFAULT_POLICY_DIR)
    engine.set_data(NETWORK, "bench")
    ad_hoc = _ad_hoc()
    for policy_input in INPUTS:  # both sides must decide alike for the comparison to mean anything
        decision, baseline = engine.decide(policy_input), ad_hoc(policy_input)
        assert (decision.allow, list(decision.reasons)) == (baseline["allow"], sorted(baseline["reasons"]))
    compiled_per_s = _per_second(engine.decide, n)
    ad_hoc_per_s = _per_second(ad_hoc, n)
    return {
        "decisions": n,
        "compiled_per_s": round(compiled_per_s),
        "ad_hoc_per_s": round(ad_hoc_per_s),
        "ratio": round(compiled_per_s / ad_hoc_per_s, 1),
    }


def report(result: dict) -> str:
    return "\n".join([
        f"policy engine (embedded, regopy {regopy.__version__}), {result['decisions']} decisions each",
        f"  compiled once (query_bundle): {result['compiled_per_s']:>8} decisions/s",
        f"  ad-hoc query (baseline):      {result['ad_hoc_per_s']:>8} decisions/s",
        f"  ratio compiled / ad hoc:      {result['ratio']:>8}x",
    ])


if __name__ == "__main__":
    print(report(run(int(sys.argv[1])) if len(sys.argv) > 1 else run()))
