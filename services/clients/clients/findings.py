"""Data-quality findings as data: listed and counted per agency, project, rule, file and period.

The findings themselves (`data_quality_findings`: one row per data-quality rule a stored record breaks, per
field) are written by the rules that find them, on an import and on every change through the API; this module
reads them. A finding belongs to the agency owning its record, decided as the policy decides it for the record
itself (enrollments.enrollment_facts, projects.owner, domain.owning_agency):

- a record of a project or under one (an enrollment, its exit and every record it carries, the project and its
  descriptors, the organization): the agency running the organization (organization_agencies);
- a client (Client.csv): the client's owning agency;
- anything else, or a record no agency is linked to yet: IMPORT_AGENCY, which only the HMIS lead reaches.

The period is the finding's `found_at`: since when the record breaks the rule.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Session

from clients import sources
from clients.contract.schemas import IMPORT_AGENCY
from clients.domain import PII_FIELDS
from clients.models import HUD_TABLES, clients, data_quality_findings as finding, organization_agencies
from hmis_kit.db import filtered
from hud.fy2026.spec import FILES

enrollment, project = HUD_TABLES["Enrollment"], HUD_TABLES["Project"]
# The Client.csv columns whose values are never answered (the table keeps none; this holds if one slipped in).
WITHHELD = frozenset(column.name for column in FILES["Client"].columns if column.db_name in PII_FIELDS)


def _owned() -> sa.Subquery:
    """Every finding with the project its record belongs to (an enrollment's for a record under one), the agency
    owning the record, and the client it is about."""
    project_id = sa.func.coalesce(finding.c.project_id, enrollment.c.project_id)
    organization_id = sa.case((finding.c.file == "Organization", finding.c.record_id),
                              else_=project.c.organization_id)
    owner = sa.func.coalesce(sa.case((finding.c.file == "Client", clients.c.agency_id),
                                     else_=organization_agencies.c.agency_id),
                             sa.literal(IMPORT_AGENCY, UUID(as_uuid=True)))
    return (
        sa.select(finding.c.id, finding.c.file, finding.c.record_id, finding.c.source, finding.c.personal_id,
                  finding.c.enrollment_id, project_id.label("project_id"), owner.label("agency_id"),
                  clients.c.id.label("client_id"), finding.c.rule_id, finding.c.field, finding.c.value,
                  finding.c.found_at)
        .select_from(finding)
        .outerjoin(enrollment, sa.and_(enrollment.c.enrollment_id == finding.c.enrollment_id,
                                       enrollment.c.source == finding.c.source))
        .outerjoin(project, sa.and_(project.c.project_id == project_id, project.c.source == finding.c.source))
        .outerjoin(organization_agencies, sa.and_(organization_agencies.c.organization_id == organization_id,
                                                  organization_agencies.c.source == finding.c.source))
        # a record made here may name a client of this HMIS's own source (sources.references)
        .outerjoin(clients, sa.and_(clients.c.personal_id == finding.c.personal_id,
                                    sources.references(clients, finding.c.source)))
        .subquery("owned"))


def _filtered(statement: sa.Select, owned: sa.Subquery, criteria: dict) -> sa.Select:
    equal = {name: owned.c[name] for name in ("agency_id", "project_id", "rule_id", "file", "client_id")}
    return filtered(statement, criteria, equal, owned.c.found_at)


def listed(session: Session, criteria: dict) -> list[dict]:
    """One page of findings in the order found (by id), after the id `after` when given."""
    owned = _owned()
    statement = _filtered(sa.select(owned), owned, criteria).order_by(owned.c.id).limit(criteria["limit"])
    if criteria.get("after") is not None:
        statement = statement.where(owned.c.id > criteria["after"])
    rows = [dict(row._mapping) for row in session.execute(statement)]
    for row in rows:
        if row["file"] == "Client" and row["field"] in WITHHELD:
            row["value"] = None
    return rows


def fields_read(rows: list[dict]) -> dict[uuid.UUID, list[str]]:
    """For the audit trail: each client whose records' findings were answered, with the fields named."""
    read: dict[uuid.UUID, set[str]] = {}
    for row in rows:
        if row["client_id"] is not None:
            read.setdefault(row["client_id"], set()).add(row["field"])
    return {client_id: sorted(names) for client_id, names in read.items()}


def counted(session: Session, criteria: dict) -> list[dict]:
    """How many findings, and of how many records, per rule, project, agency or file; most first."""
    owned = _owned()
    keys = {
        "rule": [owned.c.rule_id],
        # a project is its id and its source; findings of no project (a client's, an organization's) are one group
        "project": [owned.c.project_id,
                    sa.case((owned.c.project_id.is_not(None), owned.c.source)).label("source")],
        "agency": [owned.c.agency_id],
        "file": [owned.c.file],
    }[criteria["group_by"]]
    # per record first, then per group: two hashed groupings cost a fraction of one count(DISTINCT record)
    record = [owned.c.file.label("record_file"), owned.c.record_id, owned.c.source.label("record_source")]
    per_record = _filtered(sa.select(*keys, *record, sa.func.count().label("findings")), owned, criteria)
    per_record = per_record.group_by(*keys, *record).subquery("per_record")
    group = [per_record.c[key.name] for key in keys]
    findings = sa.func.sum(per_record.c.findings).label("findings")
    statement = (sa.select(*group, findings, sa.func.count().label("records"))
                 .group_by(*group).order_by(findings.desc(), *group))
    return [dict(row._mapping) for row in session.execute(statement)]
