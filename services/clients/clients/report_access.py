"""What the reports service's drill-down needs of this service, which holds the agencies' projects and the
clients: the projects an agency runs (its drill-down's scope), and the audit of a drill-down, each client whose
HUD ids a page of a report's cell showed recorded as read (the reports service knows PersonalIDs, not clients),
and for a drill-down that shows names, what the gateway's policy weighs about each member's client and then the
names of those it let the caller read, each read audited.

A project is an agency's when the organization it is under is linked to that agency (organization_agencies), as
for the policy (projects.owner). Only `names` answers a name (first and last, never the SSN or date of birth)."""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import domain
from clients.models import HUD_TABLES, clients, organization_agencies
from hmis_kit import audit

project = HUD_TABLES["Project"]
# The fields of a client a drill-down answers.
FIELDS_SHOWN = ["personal_id", "enrollment_id", "project_id"]
# The fields of a client a drill-down that shows names answers besides, and the audit's action for them.
NAME_FIELDS = ["first_name", "last_name"]
NAMES_READ = "read_report_member_names"


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
    found = session.execute(sa.select(clients.c.id).join(*_shown(records)).order_by(clients.c.id)).scalars().all()
    audit.record_accesses(session, access, "read_report_members", {client_id: FIELDS_SHOWN for client_id in found})
    return len(found)


def _shown(records: list[dict]) -> tuple:
    """The join of `clients` to the records ({"personal_id", "source"}) a page showed."""
    keys = sa.values(sa.column("personal_id", sa.Text), sa.column("source", sa.Integer), name="shown").data(
        [(record["personal_id"], record["source"]) for record in records])
    return keys, sa.and_(clients.c.personal_id == keys.c.personal_id, clients.c.source == keys.c.source)


def member_facts(session: Session, records: list[dict]) -> list[dict]:
    """What the policy weighs about the client of each record that has one here, as for one client's read
    (domain.owning_agency, domain.is_victim_service_provider): its id, owning agency, and whether a victim
    service provider holds it. No client data."""
    if not records:
        return []
    found = session.execute(sa.select(clients.c.personal_id, clients.c.source, clients.c.id.label("client_id"),
                                      clients.c.agency_id).join(*_shown(records))).all()
    providers = {agency_id: domain.is_victim_service_provider(session, agency_id)
                 for agency_id in {row.agency_id for row in found}}
    return [{**row._mapping, "victim_service_provider": providers[row.agency_id]} for row in found]


def names(session: Session, reads: list[dict]) -> list[dict]:
    """The first and last names of the clients `reads` names ({"client_id", "access"}: each read under the
    gateway's own decision), each read audited (NAMES_READ, NAME_FIELDS) in this transaction, before it is
    answered."""
    if not reads:
        return []
    wanted = [read["client_id"] for read in reads]
    found = {row.id: row for row in session.execute(
        sa.select(clients.c.id, clients.c.first_name, clients.c.last_name).where(clients.c.id.in_(wanted)))}
    audit.record_each(session, [(read["access"], read["client_id"], NAMES_READ, NAME_FIELDS, "allowed")
                                for read in reads if read["client_id"] in found])
    return [{"client_id": client_id, "first_name": found[client_id].first_name,
             "last_name": found[client_id].last_name} for client_id in wanted if client_id in found]
