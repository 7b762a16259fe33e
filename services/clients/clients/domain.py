"""Client rules: a client belongs to the agency that recorded it; creating one announces it."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import dedup, events
from clients.models import clients
from hmis_kit.errors import NotFound
from hmis_kit.outbox import record_event


def create_client(session: Session, data: dict, agency_id: uuid.UUID, created_by: uuid.UUID) -> dict:
    """Record a client; its PersonalID is its UUID's hex, and it is its own person until matched."""
    client_id = uuid.uuid4()
    now = datetime.now(timezone.utc)
    client = {"id": client_id, "personal_id": client_id.hex, "person_id": client_id, "agency_id": agency_id,
              "created_by": created_by, "created_at": now, "user_id": created_by.hex,
              "date_created": now.replace(tzinfo=None), "date_updated": now.replace(tzinfo=None), **data}
    session.execute(clients.insert().values(**client))
    record_event(session, "clients", events.CLIENT_CREATED, events.payload(events.CLIENT_CREATED, client))
    dedup.link_client(session, client_id)
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
