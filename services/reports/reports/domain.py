"""Reporting rules: keep every event, and count clients per agency as they are created (through the API or
by an import)."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hmis_kit.events import Event
from reports.models import agency_client_counts, event_log


def keep_event(session: Session, event: Event) -> None:
    session.execute(insert(event_log).values(
        event_id=event.event_id, type=event.type, source=event.source, occurred_at=event.occurred_at,
        schema_version=event.schema_version, data=event.data,
    ).on_conflict_do_nothing())


def count_clients(session: Session, agency_id: uuid.UUID, new: int = 1) -> None:
    statement = insert(agency_client_counts).values(agency_id=agency_id, clients=new)
    session.execute(statement.on_conflict_do_update(
        index_elements=[agency_client_counts.c.agency_id],
        set_={"clients": agency_client_counts.c.clients + new},
    ))


def clients_per_agency(session: Session, agency_id: uuid.UUID | None = None) -> list[dict]:
    query = sa.select(agency_client_counts).order_by(agency_client_counts.c.agency_id)
    if agency_id is not None:
        query = query.where(agency_client_counts.c.agency_id == agency_id)
    return [dict(row._mapping) for row in session.execute(query)]
