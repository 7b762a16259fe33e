"""The policy data document (data.network), read from the gateway's database.

`version()` is one cheap query per request, so a change that the policy feed committed is in force on
the very next request, on every gateway instance.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from hmis_gateway.models import network_agencies


def set_agency_status(session: Session, agency_id, status: str) -> None:
    session.execute(insert(network_agencies).values(agency_id=agency_id, status=status).on_conflict_do_update(
        index_elements=[network_agencies.c.agency_id], set_={"status": status, "updated_at": sa.func.now()}))


def version(connection) -> str:
    count, latest = connection.execute(
        sa.select(sa.func.count(), sa.func.max(network_agencies.c.updated_at))).one()
    return f"{count}:{latest.isoformat() if latest else '-'}"


def document(connection) -> dict:
    rows = connection.execute(sa.select(network_agencies.c.agency_id, network_agencies.c.status)).all()
    return {"agencies": {str(row.agency_id): {"status": row.status} for row in rows}}
