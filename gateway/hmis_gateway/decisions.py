"""The decision log: every policy decision, with OPA's decision-log fields, queryable by compliance.

Inputs are masked before they are stored: no secrets or client identifiers beyond ids reach the log.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa

from hmis_gateway.models import decision_log
from hmis_gateway.policy import Decision
from hmis_kit.db import filtered

SENSITIVE_KEYS = frozenset({"password", "token", "key", "api_key", "ssn", "dob", "first_name", "last_name",
                            "name"})
MASK = "***"


def mask(value):
    """A copy of `value` with every sensitive key's value replaced."""
    if isinstance(value, dict):
        return {k: (MASK if k in SENSITIVE_KEYS and v is not None else mask(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [mask(item) for item in value]
    return value


def record(connection, decision: Decision, policy_input: dict, correlation_id: str | None) -> str:
    return record_each(connection, [(decision, policy_input)], correlation_id)[0]


def record_each(connection, decided: list[tuple[Decision, dict]], correlation_id: str | None) -> list[str]:
    """Log each (decision, policy input) in one INSERT; answers their decision ids, in order."""
    rows = [_row(decision, policy_input, correlation_id) for decision, policy_input in decided]
    if not rows:
        return []
    connection.execute(decision_log.insert(), rows)
    return [str(row["decision_id"]) for row in rows]


def _row(decision: Decision, policy_input: dict, correlation_id: str | None) -> dict:
    principal = policy_input.get("principal") or {}
    resource = policy_input.get("resource") or {}
    return dict(
        decision_id=uuid.uuid4(),
        timestamp=datetime.now(timezone.utc),
        path=decision.path,
        input=mask(policy_input),
        result={"allow": decision.allow, "reasons": list(decision.reasons)},
        revision=decision.revision,
        allowed=decision.allow,
        reasons=list(decision.reasons),
        principal_kind=principal.get("kind"),
        principal_id=principal.get("id"),
        agency_id=principal.get("agency_id"),
        action=policy_input["action"],
        resource_type=resource.get("type"),
        resource_id=resource.get("id"),
        correlation_id=correlation_id,
    )


def search(connection, filters: dict) -> list[dict]:
    """Decisions newest first, filtered by any of principal_id, agency_id, resource_id, action, allowed,
    since, until; at most `limit`."""
    query = filtered(sa.select(decision_log).order_by(decision_log.c.timestamp.desc()).limit(filters["limit"]), filters,
                     {name: decision_log.c[name] for name in ("principal_id", "agency_id", "resource_id", "action",
                                                               "allowed")}, decision_log.c.timestamp)
    return [dict(row._mapping) for row in connection.execute(query)]
