"""The policy data document (data.network), read from the gateway's database.

`version()` is one cheap query per request, so a change that the policy feed committed is in force on
the very next request, on every gateway instance.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hmis_gateway.models import network_agencies, network_users

USER_FACTS = ("active", "license", "license_training", "mandatory_current", "ces_workflow", "overdue")


def set_agency_status(session: Session, agency_id, status: str) -> None:
    session.execute(insert(network_agencies).values(agency_id=agency_id, status=status).on_conflict_do_update(
        index_elements=[network_agencies.c.agency_id], set_={"status": status, "updated_at": sa.func.now()}))


def set_user_facts(session: Session, user_id, agency_id, **facts) -> None:
    """Upsert only the given facts about a user; the others keep their value (or default)."""
    unknown = set(facts) - set(USER_FACTS)
    if unknown:
        raise ValueError(f"not user facts: {sorted(unknown)}")
    statement = insert(network_users).values(user_id=user_id, agency_id=agency_id, **facts)
    session.execute(statement.on_conflict_do_update(
        index_elements=[network_users.c.user_id], set_={**facts, "updated_at": sa.func.now()}))


def version(connection) -> str:
    parts = []
    for table in (network_agencies, network_users):
        count, latest = connection.execute(sa.select(sa.func.count(), sa.func.max(table.c.updated_at))).one()
        parts.append(f"{count}:{latest.isoformat() if latest else '-'}")
    return "/".join(parts)


def document(connection) -> dict:
    agencies = connection.execute(sa.select(network_agencies.c.agency_id, network_agencies.c.status)).all()
    users = connection.execute(sa.select(network_users)).all()
    return {
        "agencies": {str(row.agency_id): {"status": row.status} for row in agencies},
        "users": {str(row.user_id): {fact: (list(getattr(row, fact)) if fact == "overdue" else getattr(row, fact))
                                     for fact in USER_FACTS} for row in users},
    }
