"""Prioritization as data: a policy is an ordered list of sort keys over the assessed clients' attributes
(ces.contract.rules.SORT_ATTRIBUTES), each with a direction and where a missing value sorts, always ending in a
random tie-breaker seeded by the policy, so the same policy orders the same clients the same way every time.

This module is the order in Python (for one client's explanation, the tests and the benchmark's baseline);
ranking_sql.py is the same order in PostgreSQL, which ranks the whole list. Both use the tie-breaker below.
"""
from __future__ import annotations

import functools
import hashlib


def tiebreak(seed: int, client_id) -> str:
    """A client's place among equals under a seed: the MD5 of the seed and the client id, in hex, compared
    byte by byte (ranking_sql computes the same with PostgreSQL's md5 under the "C" collation)."""
    return hashlib.md5(f"{seed}:{client_id}".encode(), usedforsecurity=False).hexdigest()


def _compare_key(key: dict, left, right) -> int:
    missing_left, missing_right = left is None, right is None
    if missing_left or missing_right:
        if missing_left and missing_right:
            return 0
        first = -1 if key["missing"] == "first" else 1
        return first if missing_left else -first
    if left == right:
        return 0
    ascending = -1 if left < right else 1
    return ascending if key["direction"] == "asc" else -ascending


def ordered(rows: list[dict], policy: dict) -> list[dict]:
    """The rows (each an assessed client: `client_id` and the attributes) in the policy's order."""
    keys, seed = policy["sort_keys"], policy["seed"]

    def compare(left: dict, right: dict) -> int:
        for key in keys:
            found = _compare_key(key, left.get(key["attribute"]), right.get(key["attribute"]))
            if found:
                return found
        return 0

    breaks = {row["client_id"]: tiebreak(seed, row["client_id"]) for row in rows}
    by_tiebreak = sorted(rows, key=lambda row: breaks[row["client_id"]])
    return sorted(by_tiebreak, key=functools.cmp_to_key(compare))  # stable: equals keep the tie-breaker's order


def explained(row: dict, rank: int, policy: dict) -> dict:
    """Why a client stands where they do: each key of the policy with the client's value, then the tie-breaker."""
    keys = [{"attribute": key["attribute"], "direction": key["direction"], "missing": key["missing"],
             "value": row.get(key["attribute"])} for key in policy["sort_keys"]]
    return {"rank": rank, "keys": keys, "tiebreak": tiebreak(policy["seed"], row["client_id"])}
