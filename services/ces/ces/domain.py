"""Coordinated Entry rules: the most vulnerable first (highest priority score, then longest waiting)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ces.models import queue_entries


def prioritization_list(session: Session) -> list[dict]:
    query = (sa.select(queue_entries).where(queue_entries.c.status == "waiting")
             .order_by(queue_entries.c.priority_score.desc(), queue_entries.c.added_at))
    return [dict(row._mapping) for row in session.execute(query)]
