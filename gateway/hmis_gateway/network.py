"""The policy data document (data.network), read from the gateway's database.

`version()` is one cheap query per request, so a change that the policy feed committed is in force on
the very next request, on every gateway instance.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hmis_gateway.models import network_agencies, network_consents, network_users

USER_FACTS = ("active", "license", "license_training", "mandatory_current", "ces_workflow", "overdue")


def set_agency_status(session: Session | sa.Connection, agency_id, status: str) -> None:
    session.execute(insert(network_agencies).values(agency_id=agency_id, status=status).on_conflict_do_update(
        index_elements=[network_agencies.c.agency_id], set_={"status": status, "updated_at": sa.func.now()}))


def hold_agency_status(engine: sa.Engine, agency: dict) -> None:
    """An agency's status the gateway has just seen changed (identity's answer) into the policy data before
    the API answers, like `hold_consent`; the event that follows says the same."""
    with engine.begin() as connection:
        set_agency_status(connection, agency["id"], agency["status"])


def set_user_facts(session: Session, user_id, agency_id, **facts) -> None:
    """Upsert only the given facts about a user; the others keep their value (or default)."""
    unknown = set(facts) - set(USER_FACTS)
    if unknown:
        raise ValueError(f"not user facts: {sorted(unknown)}")
    statement = insert(network_users).values(user_id=user_id, agency_id=agency_id, **facts)
    session.execute(statement.on_conflict_do_update(
        index_elements=[network_users.c.user_id], set_={**facts, "updated_at": sa.func.now()}))


def version(connection) -> str:
    """Changes whenever the policy data does: counts and latest changes of both tables, in one query."""
    def summary(part: int, table):
        return sa.select(sa.literal(part).label("part"), sa.func.count().label("rows"),
                         sa.func.max(table.c.updated_at).label("latest"))

    both = sa.union_all(summary(0, network_agencies), summary(1, network_users)).subquery()
    rows = connection.execute(sa.select(both).order_by(both.c.part)).all()
    return "/".join(f"{row.rows}:{row.latest.isoformat() if row.latest else '-'}" for row in rows)


def document(connection) -> dict:
    agencies = connection.execute(sa.select(network_agencies.c.agency_id, network_agencies.c.status)).all()
    users = connection.execute(sa.select(network_users)).all()
    return {
        "agencies": {str(row.agency_id): {"status": row.status} for row in agencies},
        "users": {str(row.user_id): {fact: (list(getattr(row, fact)) if fact == "overdue" else getattr(row, fact))
                                     for fact in USER_FACTS} for row in users},
    }


def follow_consent(session: Session | sa.Connection, facts: dict) -> None:
    """Keep the newest version of a consent; an older version arriving late changes nothing."""
    values = {"consent_id": facts["consent_id"], "version": facts["version"], "client_id": facts["client_id"],
              "agency_id": facts["agency_id"], "type": facts["type"], "scope": facts["scope"],
              "released_to": facts["released_to"], "start_date": facts["start_date"], "end_date": facts["end_date"],
              "revoked_on": facts["revoked_on"]}
    statement = insert(network_consents).values(**values)
    session.execute(statement.on_conflict_do_update(
        index_elements=[network_consents.c.consent_id], set_=values,
        where=network_consents.c.version <= statement.excluded.version))


def hold_consent(engine: sa.Engine, consent: dict) -> None:
    """Put a consent the gateway has just seen written (the consent service's answer) into the policy data
    before the API answers: the very next request is decided on it, whatever the broker is doing. The
    event that follows is the same version, and changes nothing."""
    facts = {"consent_id": consent["id"], **{name: consent[name] for name in (
        "version", "client_id", "agency_id", "type", "scope", "released_to", "start_date", "end_date", "revoked_on")}}
    with engine.begin() as connection:
        follow_consent(connection, facts)


def consents_of(connection, client_id: str) -> list[dict]:
    """A client's consents in the shape the policy reads (dates as YYYY-MM-DD)."""
    return consents_of_clients(connection, [client_id]).get(str(uuid.UUID(client_id)), [])


def consents_of_clients(connection, client_ids: list[str]) -> dict[str, list[dict]]:
    """Each client's consents, as `consents_of` gives them, in one query (a client with none is left out)."""
    rows = connection.execute(sa.select(network_consents).where(network_consents.c.client_id.in_(client_ids))).all()
    consents: dict[str, list[dict]] = {}
    for row in rows:
        consents.setdefault(str(row.client_id), []).append({
            "consent_id": str(row.consent_id), "type": row.type, "scope": list(row.scope),
            "released_to": list(row.released_to), "start_date": row.start_date.isoformat(),
            "end_date": row.end_date.isoformat(), "revoked_on": row.revoked_on and row.revoked_on.isoformat()})
    return consents
