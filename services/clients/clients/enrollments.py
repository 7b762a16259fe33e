"""Enrollments (HUD 3.10-3.917): a household enters one of the agency's projects, gets services and bed
nights, has its income and benefits recorded at each data-collection stage, and exits.

An enrollment belongs to the agency that runs its project (organization_agencies). HUD's rules that
span records are checked here against the stored records: exactly one head of household, each member a
client of the agency, an exit not before entry and only one per enrollment, a service within the
enrollment, at most one project-start and one exit record of income and benefits. HUD's rules within one
record (dependent answers) come from clients/hud/rules.py, as for an import.
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import events
from clients.csv.importer import IMPORT_AGENCY
from clients.hud import rules
from clients.hud.spec import MISSING
from clients.models import HUD_TABLES, clients, organization_agencies
from hmis_kit.errors import Conflict, NotFound, ValidationFailed
from hmis_kit.outbox import record_event

enrollment, exit_, services, income = (HUD_TABLES[name] for name in ("Enrollment", "Exit", "Services",
                                                                     "IncomeBenefits"))
project = HUD_TABLES["Project"]
HEAD_OF_HOUSEHOLD = 1
BED_NIGHT = 200
# Data-collection stages of which an enrollment has one at most (HUD: project start and project exit).
ONCE_PER_ENROLLMENT = {1: "project start", 3: "project exit"}
# Records entered through the API come from no export; HUD requires an ExportID on every row.
API_EXPORT_ID = "harbor-api"


def _check(file: str, record: dict) -> None:
    problems = rules.api_problems(file, record)
    if problems:
        raise ValidationFailed(f"the {file} record breaks HUD's rules named in fields", problems)


def _bookkeeping(user_id: uuid.UUID) -> dict:
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    return {"date_created": now, "date_updated": now, "user_id": user_id.hex, "export_id": API_EXPORT_ID}


def _agency_project(session: Session, project_id: str, agency_id: uuid.UUID) -> None:
    found = session.execute(
        sa.select(project.c.project_id)
        .join(organization_agencies, organization_agencies.c.organization_id == project.c.organization_id)
        .where(project.c.project_id == project_id, project.c.date_deleted.is_(None),
               organization_agencies.c.agency_id == agency_id)).first()
    if found is None:
        raise ValidationFailed("not a project of your agency", {"project_id": ["not a project of your agency"]})


def _check_household(members: list[dict]) -> None:
    heads = sum(1 for member in members if member["relationship_to_hoh"] == HEAD_OF_HOUSEHOLD)
    if heads != 1:
        raise ValidationFailed("a household has exactly one head", {"members": [
            f"exactly one member must be the head of household (relationship_to_hoh 1); {heads} are"]})
    seen = [member["client_id"] for member in members]
    if len(set(seen)) != len(seen):
        raise ValidationFailed("a client is enrolled once per household", {"members": ["a client appears twice"]})


def _member_personal_ids(session: Session, members: list[dict], agency_id: uuid.UUID) -> dict[uuid.UUID, str]:
    wanted = [member["client_id"] for member in members]
    found = dict(session.execute(sa.select(clients.c.id, clients.c.personal_id).where(
        clients.c.id.in_(wanted), clients.c.agency_id == agency_id, clients.c.date_deleted.is_(None))).all())
    unknown = {index: {"client_id": ["not a client of your agency"]}
               for index, client_id in enumerate(wanted) if client_id not in found}
    if unknown:
        raise ValidationFailed("each member must be a client of your agency", {"members": unknown})
    return found


def enroll_household(session: Session, data: dict, agency_id: uuid.UUID, user_id: uuid.UUID) -> dict:
    """Enter a household into a project: one enrollment per member, sharing a HouseholdID."""
    _agency_project(session, data["project_id"], agency_id)
    _check_household(data["members"])
    personal_ids = _member_personal_ids(session, data["members"], agency_id)
    household_id = uuid.uuid4().hex
    enrolled = []
    for member in data["members"]:
        answers = {key: value for key, value in member.items() if key != "client_id"}
        row = {"disabling_condition": MISSING, **answers, "enrollment_id": uuid.uuid4().hex,
               "personal_id": personal_ids[member["client_id"]], "project_id": data["project_id"],
               "entry_date": data["entry_date"], "household_id": household_id,
               "enrollment_coc": data.get("enrollment_coc"), **_bookkeeping(user_id)}
        _check("Enrollment", row)
        session.execute(enrollment.insert().values(**row))
        record_event(session, "clients", events.ENROLLMENT_CREATED, events.payload(events.ENROLLMENT_CREATED, row))
        enrolled.append({**row, "client_id": member["client_id"]})
    return {"household_id": household_id, "enrollments": enrolled}


def _enrollment(session: Session, enrollment_id: str, lock: bool = False):
    statement = (sa.select(enrollment, clients.c.id.label("client_id"), exit_.c.exit_date)
                 .join(clients, clients.c.personal_id == enrollment.c.personal_id)
                 .outerjoin(exit_, sa.and_(exit_.c.enrollment_id == enrollment.c.enrollment_id,
                                           exit_.c.date_deleted.is_(None)))
                 .where(enrollment.c.enrollment_id == enrollment_id, enrollment.c.date_deleted.is_(None)))
    row = session.execute(statement.with_for_update(of=enrollment) if lock else statement).first()
    if row is None:
        raise NotFound("no such enrollment", {"enrollment_id": ["unknown enrollment"]})
    return row


def enrollment_owner(session: Session, enrollment_id: str) -> uuid.UUID:
    """The agency running the enrollment's project, for the gateway's policy input. A project no agency
    is linked to answers as imported without an agency: nobody's but the HMIS lead's to reach."""
    _enrollment(session, enrollment_id)
    owner = session.execute(
        sa.select(organization_agencies.c.agency_id)
        .join(project, project.c.organization_id == organization_agencies.c.organization_id)
        .join(enrollment, enrollment.c.project_id == project.c.project_id)
        .where(enrollment.c.enrollment_id == enrollment_id)).scalar()
    return owner or IMPORT_AGENCY


def _recorded(session: Session, table: sa.Table, event_type: str, current, data: dict, user_id: uuid.UUID) -> dict:
    key = table.primary_key.columns.values()[0].name
    row = {**data, key: uuid.uuid4().hex, "enrollment_id": current.enrollment_id,
           "personal_id": current.personal_id, **_bookkeeping(user_id)}
    session.execute(table.insert().values(**row))
    record_event(session, "clients", event_type, events.payload(event_type, row))
    return {"id": row[key], "enrollment_id": current.enrollment_id, "client_id": current.client_id}


def record_exit(session: Session, enrollment_id: str, data: dict, user_id: uuid.UUID) -> dict:
    current = _enrollment(session, enrollment_id, lock=True)
    if current.exit_date is not None:
        raise Conflict("the enrollment has already exited", {"enrollment_id": ["already exited"]})
    if data["exit_date"] < current.entry_date:
        raise ValidationFailed("an exit is not before its entry", {"exit_date": ["before the enrollment's entry_date"]})
    _check("Exit", data)
    return _recorded(session, exit_, events.EXIT_CREATED, current, data, user_id)


def record_service(session: Session, enrollment_id: str, data: dict, user_id: uuid.UUID) -> dict:
    """A service or, with record_type 200, a bed night, on a day the client was enrolled."""
    current = _enrollment(session, enrollment_id)
    day = data["date_provided"]
    if day < current.entry_date or (current.exit_date is not None and day > current.exit_date):
        raise ValidationFailed("a service falls within its enrollment",
                               {"date_provided": ["outside the enrollment (entry_date to exit_date)"]})
    if data["record_type"] == BED_NIGHT and data["type_provided"] != BED_NIGHT:
        raise ValidationFailed("a bed night is type 200", {"type_provided": ["must be 200 for a bed night"]})
    return _recorded(session, services, events.SERVICE_CREATED, current, data, user_id)


def record_income_benefits(session: Session, enrollment_id: str, data: dict, user_id: uuid.UUID) -> dict:
    """Income, benefits and health insurance (4.02-4.04) at a data-collection stage: project start,
    update, annual assessment, project exit."""
    current = _enrollment(session, enrollment_id, lock=True)
    stage = data["data_collection_stage"]
    if data["information_date"] < current.entry_date:
        raise ValidationFailed("information is dated within the enrollment",
                               {"information_date": ["before the enrollment's entry_date"]})
    if stage == 3 and current.exit_date is None:
        raise ValidationFailed("an exit-stage record needs an exit", {"data_collection_stage": [
            "3 (project exit) needs the enrollment to have exited"]})
    if stage in ONCE_PER_ENROLLMENT and session.execute(sa.select(income.c.income_benefits_id).where(
            income.c.enrollment_id == enrollment_id, income.c.data_collection_stage == stage,
            income.c.date_deleted.is_(None))).first():
        raise Conflict(f"the enrollment already has a {ONCE_PER_ENROLLMENT[stage]} record", {
            "data_collection_stage": [f"the enrollment already has a {ONCE_PER_ENROLLMENT[stage]} record"]})
    _check("IncomeBenefits", data)
    return _recorded(session, income, events.INCOME_BENEFITS_CREATED, current, data, user_id)
