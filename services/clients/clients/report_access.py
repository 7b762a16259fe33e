"""What the reports service's drill-down needs of this service, which holds the agencies' projects and the
clients: the projects an agency runs (its drill-down's scope), and the audit of a drill-down, each client whose
HUD ids a page of a report's cell showed recorded as read (the reports service knows PersonalIDs, not clients).

A project is an agency's when the organization it is under is linked to that agency (organization_agencies), as
for the policy (projects.owner). Both answer HUD ids and source numbers only, never a name."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients.models import HUD_TABLES, clients, organization_agencies
from hmis_kit import audit

project = HUD_TABLES["Project"]
# The fields of a client a drill-down answers.
FIELDS_SHOWN = ["personal_id", "enrollment_id", "project_id"]


def agency_projects(session: Session, agency_id: uuid.UUID) -> list[dict]:
    rows = session.execute(
        sa.select(project.c.project_id, project.c.source)
        .join(organization_agencies, sa.and_(organization_agencies.c.organization_id == project.c.organization_id,
                                             organization_agencies.c.source == project.c.source))
        .where(organization_agencies.c.agency_id == agency_id, project.c.date_deleted.is_(None))
        .order_by(project.c.source, project.c.project_id))
    return [dict(row._mapping) for row in rows]


def record_reads(session: Session, access: dict, records: list[dict]) -> int:
    """Audit a read of these records' clients ({"personal_id", "source"}: this service's source numbers); a
    record of no client here (one of a loaded export) has nobody to audit. Answers the clients audited."""
    if not records:
        return 0
    keys = sa.values(sa.column("personal_id", sa.Text), sa.column("source", sa.Integer), name="shown").data(
        [(record["personal_id"], record["source"]) for record in records])
    found = session.execute(sa.select(clients.c.id).join(keys, sa.and_(
        clients.c.personal_id == keys.c.personal_id, clients.c.source == keys.c.source))
        .order_by(clients.c.id)).scalars().all()
    audit.record_accesses(session, access, "read_report_members", {client_id: FIELDS_SHOWN for client_id in found})
    return len(found)
