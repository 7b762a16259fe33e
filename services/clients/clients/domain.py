"""Client rules: a client belongs to the agency that recorded it; creating one announces it."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import events
from clients.models import clients
from hmis_kit.errors import NotFound
from hmis_kit.outbox import record_event


def create_client(session: Session, data: dict, agency_id: uuid.UUID, created_by: uuid.UUID) -> dict:
    client = {"id": uuid.uuid4(), "agency_id": agency_id, "created_by": created_by,
              "created_at": datetime.now(timezone.utc), **data}
    session.execute(clients.insert().values(**client))
    record_event(session, "clients", events.CLIENT_CREATED, events.client_created_payload(client))
    return client


def _client_row(session: Session, client_id: uuid.UUID, columns=(clients,)):
    row = session.execute(sa.select(*columns).where(clients.c.id == client_id)).first()
    if row is None:
        raise NotFound("no such client", {"client_id": ["unknown client"]})
    return row


def get_client(session: Session, client_id: uuid.UUID) -> dict:
    return dict(_client_row(session, client_id)._mapping)


def owning_agency(session: Session, client_id: uuid.UUID) -> uuid.UUID:
    """Only the owner, for the gateway's policy input: no client data leaves before the decision."""
    return _client_row(session, client_id, (clients.c.agency_id,)).agency_id
