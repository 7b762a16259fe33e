"""Project descriptors (HUD 2.01-2.09): organizations, their projects, and each project's funders, CoCs,
bed and unit inventory, residential affiliations, HMIS and CE participation.

They are not client data. An organization is run by one trust-network agency (organization_agencies,
set by the HMIS lead), which owns its projects; an organization no agency runs answers as imported
without an agency, so only the HMIS lead reaches it. HUD's rules: a period does not end before it
starts, RRH subtypes only for RRH projects, an inventory's beds add up to the dedicated and other beds and
lie in one of the project's CoCs, an affiliation names another project that exists.

A descriptor made here belongs to its parent's source (an organization to this HMIS's own), and names
records of that source only (clients/sources.py).
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from clients import sources
from clients.contract import events
from clients.contract.records import DESCRIPTORS, Descriptor, bookkeeping, check
from clients.contract.schemas import IMPORT_AGENCY
from clients.csv.importer import assign_unassigned_clients
from clients.models import HUD_TABLES, organization_agencies
from hmis_kit.errors import ValidationFailed
from hmis_kit.outbox import record_event

RAPID_REHOUSING = 13
BEDS_BY_POPULATION = ("ch_vet_bed_inventory", "youth_vet_bed_inventory", "vet_bed_inventory", "ch_youth_bed_inventory",
                      "youth_bed_inventory", "ch_bed_inventory", "other_bed_inventory")
ORGANIZATION, PROJECT = DESCRIPTORS["organizations"], DESCRIPTORS["projects"]


def _row(session: Session, descriptor: Descriptor, record_id: str, parent_id: str | None = None,
         lock: bool = False) -> dict:
    """A live record; one of another parent than the path named is as unknown as a missing one."""
    table = HUD_TABLES[descriptor.file]
    statement = sa.select(table).where(table.c[descriptor.key] == record_id, table.c.date_deleted.is_(None))
    if parent_id is not None:
        statement = statement.where(table.c[descriptor.parent_descriptor.key] == parent_id)
    what = descriptor.file.lower()
    return dict(sources.one_record(session, statement, descriptor.key, what, lock)._mapping)


def _check(session: Session, descriptor: Descriptor, record: dict) -> None:
    """HUD's rules for a descriptor as it will stand."""
    problems: dict[str, list[str]] = {}
    if descriptor.period:
        start, end = descriptor.period
        if record.get(end) is not None and record[end] < record[start]:
            problems[end] = [f"before {start}"]
    if descriptor.file == "Project" and record.get("rrh_sub_type") is not None \
            and record["project_type"] != RAPID_REHOUSING:
        problems["rrh_sub_type"] = [f"only when ProjectType is {RAPID_REHOUSING}"]
    if descriptor.file == "Inventory":
        problems.update(_inventory_problems(session, record))
    if descriptor.file == "Affiliation":
        project = HUD_TABLES[PROJECT.file]
        if record["res_project_id"] == record["project_id"]:
            problems["res_project_id"] = ["another project than this one"]
        elif not session.execute(sa.select(project.c.project_id).where(
                project.c.project_id == record["res_project_id"], project.c.source == record["source"],
                project.c.date_deleted.is_(None))).first():
            problems["res_project_id"] = ["unknown project"]
    if problems:
        raise ValidationFailed(f"the {descriptor.file} record breaks HUD's rules named in fields", problems)
    check(descriptor.file, record)


def _inventory_problems(session: Session, record: dict) -> dict[str, list[str]]:
    problems = {}
    dedicated = [record.get(name) for name in BEDS_BY_POPULATION]
    if any(count is not None for count in dedicated) and sum(count or 0 for count in dedicated) != record["bed_inventory"]:
        problems["bed_inventory"] = ["must equal the sum of " + ", ".join(BEDS_BY_POPULATION)]
    cocs = HUD_TABLES["ProjectCoC"]
    if not session.execute(sa.select(cocs.c.coc_code).where(
            cocs.c.project_id == record["project_id"], cocs.c.source == record["source"],
            cocs.c.coc_code == record["coc_code"], cocs.c.date_deleted.is_(None))).first():
        problems["coc_code"] = ["not a CoC of the project (add it under cocs first)"]
    return problems


def _announce(session: Session, descriptor: Descriptor, op: str, row: dict) -> None:
    record_event(session, events.CHANGED[descriptor.file], events.changes(descriptor.file, op, row))


def add(session: Session, descriptor: Descriptor, parent_id: str | None, data: dict, user_id: uuid.UUID) -> dict:
    """A new descriptor under its parent (an organization has none)."""
    parent = descriptor.parent_descriptor
    row = {**data, descriptor.key: uuid.uuid4().hex, "source": sources.OWN_SOURCE, **bookkeeping(user_id)}
    if parent:
        parent_row = _row(session, parent, parent_id)
        row[parent.key], row["source"] = parent_row[parent.key], parent_row["source"]
    _check(session, descriptor, row)
    session.execute(HUD_TABLES[descriptor.file].insert().values(**row))
    _announce(session, descriptor, events.CREATED, row)
    return row


def update(session: Session, descriptor: Descriptor, record_id: str, parent_id: str | None, changes: dict,
           user_id: uuid.UUID) -> dict:
    """Change the answers sent; HUD's rules hold for the record as it will stand."""
    if not changes:
        raise ValidationFailed("nothing to change", {"_body": ["send at least one field to change"]})
    current = _row(session, descriptor, record_id, parent_id, lock=True)
    stamp = bookkeeping(user_id)
    row = {**current, **changes, "date_updated": stamp["date_updated"], "user_id": stamp["user_id"]}
    _check(session, descriptor, row)
    table = HUD_TABLES[descriptor.file]
    session.execute(table.update().where(table.c[descriptor.key] == record_id, table.c.source == current["source"])
                    .values(**changes, date_updated=row["date_updated"], user_id=row["user_id"]))
    _announce(session, descriptor, events.UPDATED, row)
    return row


def read(session: Session, descriptor: Descriptor, record_id: str, parent_id: str | None = None) -> dict:
    """One descriptor with the descriptors under it: an organization with its agency and projects, a
    project with its funders, CoCs, inventory, affiliations and participation."""
    answer = _row(session, descriptor, record_id, parent_id)
    for child in descriptor.children:
        table = HUD_TABLES[child.file]
        answer[child.name] = [dict(row._mapping) for row in session.execute(
            sa.select(table).where(table.c[descriptor.key] == record_id, table.c.source == answer["source"],
                                   table.c.date_deleted.is_(None))
            .order_by(table.c.date_created))]
    if descriptor is ORGANIZATION:
        answer["agency_id"] = _organization_agency(session, record_id, answer["source"])
    return answer


def _organization_agency(session: Session, organization_id: str, source: int) -> uuid.UUID | None:
    return session.execute(sa.select(organization_agencies.c.agency_id).where(
        organization_agencies.c.organization_id == organization_id, organization_agencies.c.source == source)).scalar()


def owner(session: Session, descriptor: Descriptor, record_id: str) -> uuid.UUID:
    """The agency running an organization or a project's organization, for the gateway's policy input."""
    row = _row(session, descriptor, record_id)
    return _organization_agency(session, row[ORGANIZATION.key], row["source"]) or IMPORT_AGENCY


def organizations_of(session: Session, agency_id: uuid.UUID | None) -> list[dict]:
    """The organizations an agency runs, by name; with None, those no agency runs yet (added by the HMIS lead and
    not linked, or imported without an agency)."""
    organization = HUD_TABLES[ORGANIZATION.file]
    rows = session.execute(
        sa.select(organization, organization_agencies.c.agency_id)
        .outerjoin(organization_agencies, sa.and_(
            organization_agencies.c.organization_id == organization.c.organization_id,
            organization_agencies.c.source == organization.c.source))
        .where(organization_agencies.c.agency_id.is_(None) if agency_id is None
               else organization_agencies.c.agency_id == agency_id,
               organization.c.date_deleted.is_(None))
        .order_by(organization.c.organization_name))
    return [dict(row._mapping) for row in rows]


def link(session: Session, organization_id: str, agency_id: uuid.UUID) -> dict:
    """Say which agency runs an organization: from then on it enrolls clients in its projects."""
    source = _row(session, ORGANIZATION, organization_id)["source"]
    statement = insert(organization_agencies).values(organization_id=organization_id, source=source,
                                                     agency_id=agency_id)
    session.execute(statement.on_conflict_do_update(
        index_elements=[organization_agencies.c.organization_id, organization_agencies.c.source],
        set_={"agency_id": agency_id}))
    linked = {"organization_id": organization_id, "agency_id": agency_id}
    record_event(session, events.ORGANIZATION_LINKED, events.payload(events.ORGANIZATION_LINKED, linked))
    assign_unassigned_clients(session)  # those enrolled with it, imported without an agency, are now its
    return linked
