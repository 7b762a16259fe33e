"""Enrollments (HUD 3.10-3.917): a household enters one of the agency's projects, gets services and bed
nights, has its income, health, disabilities, employment and living situation recorded at each
data-collection stage, is assessed and referred by coordinated entry, and exits.

An enrollment belongs to the agency that runs its project (organization_agencies). A new household has exactly one
head and each member is a client of the agency; an enrollment has one exit. HUD's rules within one record (dependent
answers) come from hud/fy2026/rules.py, as for an import. A record's data-quality findings are found as an import
finds them (clients.data_quality, the catalogue's rules), in the write's transaction; for the rules of
REFUSED_AT_ENTRY the API refuses the record instead of keeping it with a finding: one dated outside its enrollment
(before the entry, after the exit but for a post-exit record; an exit before the entry), a project exit or post-exit
record before the exit, a second project-start or project-exit record of a staged file (of each disability type for
Disabilities), an annual assessment not within 30 days of an anniversary of the head of household's entry or a second
one for the anniversary, an event's result before the event, a bed night (4.14, a Services record of RecordType 200)
on or after the exit date (HUD: a night-by-night shelter's exit is the day after the last bed night), or a second bed
night of the enrollment on a date. A record an exit recorded later comes before is kept, with its finding, as an
import keeps it. Services come one at a time or in a batch (`add_services`: bed nights of a shelter's clients), all or
nothing.

Every record has a source (clients/sources.py): an enrollment made here belongs to its project's, its
records to the enrollment's, so that HUD's ids join within one source, as they do in an import; its
client is one of that source or of this HMIS's own.
"""
from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date, datetime, timezone

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import data_quality, sources
from clients.contract import events
from clients.contract.records import KIND, KINDS, Kind, answer_key, bookkeeping, check, with_not_collected
from clients.contract.schemas import IMPORT_AGENCY
from clients.models import HUD_TABLES, clients, organization_agencies
from hmis_kit.db import first_or_not_found
from hmis_kit.errors import Conflict, NotFound, ValidationFailed
from hmis_kit.outbox import record_event
from hud.fy2026 import catalogue
from hud.fy2026.rules import BED_NIGHT
from hud.fy2026.spec import FILES, MISSING

enrollment, exit_ = HUD_TABLES["Enrollment"], HUD_TABLES["Exit"]
project = HUD_TABLES["Project"]
HEAD_OF_HOUSEHOLD = 1
# HUD's data-quality rules (hud.fy2026.catalogue) a new record is refused for, with the refusal each makes (409: a
# record already there): a user can correct it there and then. An import keeps such a record as given, with its finding.
REFUSED_AT_ENTRY = {"dq.record.before_entry": ValidationFailed, "dq.record.after_exit": ValidationFailed,
                    "dq.exit.before_entry": ValidationFailed, "dq.stage.needs_exit": ValidationFailed,
                    "dq.stage.duplicate": Conflict, "dq.annual.outside_window": ValidationFailed,
                    "dq.annual.duplicate": Conflict, "dq.event.result_before_event": ValidationFailed,
                    "dq.bed_night.after_exit": ValidationFailed, "dq.bed_night.duplicate": Conflict}


def _runs(organization_id, source) -> sa.ColumnElement:
    """organization_agencies' row of an organization."""
    return sa.and_(organization_agencies.c.organization_id == organization_id, organization_agencies.c.source == source)


def _agency_project(session: Session, project_id: str, agency_id: uuid.UUID) -> int:
    """The source of the agency's project with that id."""
    found = session.execute(
        sa.select(project.c.source)
        .join(organization_agencies, _runs(project.c.organization_id, project.c.source))
        .where(project.c.project_id == project_id, project.c.date_deleted.is_(None),
               organization_agencies.c.agency_id == agency_id)).scalars().all()
    if not found:
        raise ValidationFailed("not a project of your agency", {"project_id": ["not a project of your agency"]})
    if len(found) > 1:
        raise ValidationFailed("the id names projects of several sources",
                               {"project_id": ["names projects of several sources"]})
    return found[0]


def _check_household(members: list[dict]) -> None:
    heads = sum(1 for member in members if member["relationship_to_hoh"] == HEAD_OF_HOUSEHOLD)
    if heads != 1:
        raise ValidationFailed("a household has exactly one head", {"members": [
            f"exactly one member must be the head of household (relationship_to_hoh 1); {heads} are"]})
    seen = [member["client_id"] for member in members]
    if len(set(seen)) != len(seen):
        raise ValidationFailed("a client is enrolled once per household", {"members": ["a client appears twice"]})


def _member_personal_ids(session: Session, members: list[dict], agency_id: uuid.UUID,
                         source: int) -> dict[uuid.UUID, str]:
    wanted = [member["client_id"] for member in members]
    found = {row.id: row for row in session.execute(
        sa.select(clients.c.id, clients.c.personal_id, clients.c.source)
        .where(clients.c.id.in_(wanted), clients.c.agency_id == agency_id, clients.c.date_deleted.is_(None)))}
    unknown = {index: {"client_id": ["not a client of your agency"]}
               for index, client_id in enumerate(wanted) if client_id not in found}
    unknown.update({index: {"client_id": ["imported from another source than the project"]}
                    for index, client_id in enumerate(wanted)
                    if client_id in found and found[client_id].source not in (source, sources.OWN_SOURCE)})
    if unknown:
        raise ValidationFailed("each member must be a client of your agency", {"members": unknown})
    return {client_id: row.personal_id for client_id, row in found.items()}


def enroll_household(session: Session, data: dict, agency_id: uuid.UUID, user_id: uuid.UUID) -> dict:
    """Enter a household into a project: one enrollment per member, sharing a HouseholdID."""
    source = _agency_project(session, data["project_id"], agency_id)
    _check_household(data["members"])
    personal_ids = _member_personal_ids(session, data["members"], agency_id, source)
    household_id = uuid.uuid4().hex
    enrolled = []
    for member in data["members"]:
        answers = {key: value for key, value in member.items() if key != "client_id"}
        row = {"disabling_condition": MISSING, **answers, "enrollment_id": uuid.uuid4().hex,
               "personal_id": personal_ids[member["client_id"]], "project_id": data["project_id"],
               "entry_date": data["entry_date"], "household_id": household_id,
               "enrollment_coc": data.get("enrollment_coc"), **bookkeeping(user_id)}
        check("Enrollment", row)
        session.execute(enrollment.insert().values(**row, source=source))
        record_event(session, events.CHANGED["Enrollment"], events.changes("Enrollment", events.CREATED,
                                                                          {**row, "source": source}))
        enrolled.append({**row, "client_id": member["client_id"]})
    household = ("r.household_id = %(household)s AND r.source = %(source)s", {"household": household_id, "source": source})
    data_quality.evaluate(session.connection(), "Enrollment", *household)
    data_quality.evaluate_tied(session.connection(), "Enrollment", *household)  # the members' other stays
    return {"household_id": household_id, "enrollments": enrolled}


def _enrollment(session: Session, enrollment_id: str, lock: bool = False):
    statement = (sa.select(enrollment, clients.c.id.label("client_id"), exit_.c.exit_date)
                 .join(clients, sa.and_(clients.c.personal_id == enrollment.c.personal_id,
                                        sources.references(clients, enrollment.c.source)))
                 .outerjoin(exit_, sa.and_(exit_.c.enrollment_id == enrollment.c.enrollment_id,
                                           exit_.c.source == enrollment.c.source, exit_.c.date_deleted.is_(None)))
                 .where(enrollment.c.enrollment_id == enrollment_id, enrollment.c.date_deleted.is_(None)))
    if lock:
        statement = statement.with_for_update(of=enrollment)
    return sources.one_record(session, statement, "enrollment_id", "enrollment")


def enrollment_facts(session: Session, enrollment_id: str) -> dict:
    """For the gateway's policy input: the agency running the enrollment's project, and its client (whose
    consents decide what another agency reads). A project no agency is linked to answers as imported
    without an agency: nobody's but the HMIS lead's to reach."""
    current = _enrollment(session, enrollment_id)
    owner = session.execute(
        sa.select(organization_agencies.c.agency_id)
        .join(project, _runs(project.c.organization_id, project.c.source))
        .where(project.c.project_id == current.project_id, project.c.source == current.source)).scalar()
    return {"agency_id": owner or IMPORT_AGENCY, "client_id": current.client_id}


def _live(table: sa.Table, current):
    """The live records of `table` on the enrollment `current`."""
    return sa.and_(table.c.enrollment_id == current.enrollment_id, table.c.source == current.source,
                   table.c.date_deleted.is_(None))


def _refuse_at_entry(file: str, found: data_quality.Found, rule_ids: Iterable[str] = REFUSED_AT_ENTRY) -> None:
    """Refuse a record just written (the transaction, or a batch item's savepoint, undoes it) whose findings break a
    rule REFUSED_AT_ENTRY (of `rule_ids`), each named on its field with the catalogue's message: 409 when every one is
    a record already there, else 422."""
    broken = [rule_id for rule_id in rule_ids if found.counts.get(rule_id)]
    if not broken:
        return
    fields: dict[str, list[str]] = {}
    for rule_id in broken:
        fields.setdefault(data_quality.rule_field(file, rule_id), []).append(catalogue.rule(rule_id).message)
    refusal = Conflict if all(REFUSED_AT_ENTRY[rule_id] is Conflict for rule_id in broken) else ValidationFailed
    raise refusal(f"the {file} record breaks HUD's rules named in fields", fields)


def add_record(session: Session, kind: Kind, enrollment_id: str, data: dict, user_id: uuid.UUID) -> dict:
    """Record one record of `kind` on an enrollment, refused when it breaks a rule of REFUSED_AT_ENTRY. The enrollment
    is locked so two requests cannot both add a record of a stage HUD allows once."""
    current = _enrollment(session, enrollment_id, lock=True)
    table = HUD_TABLES[kind.file]
    if kind.once and session.execute(sa.select(table).where(_live(table, current))).first():
        raise Conflict(f"the enrollment already has its {kind.name}", {"enrollment_id": [f"already has its {kind.name}"]})
    children = {key: data.get(key) or [] for key, _ in kind.children}
    record = with_not_collected(kind.file, {name: value for name, value in data.items() if name not in children})
    check(kind.file, record)
    row = _insert(session, kind.file, current, record, user_id)
    key = FILES[kind.file].key.db_name
    for body_key, file in kind.children:
        for child in children[body_key]:
            check(file, child)
            child_row = _insert(session, file, current, {**child, key: row[key]}, user_id)
            data_quality.evaluate_record(session.connection(), file, child_row[FILES[file].key.db_name], current.source)
    _refuse_at_entry(kind.file, data_quality.evaluate_record(session.connection(), kind.file, row[key], current.source))
    # e.g. an exit ends the stay: whether it overlaps the person's others is a finding of each of them
    data_quality.evaluate_tied(session.connection(), kind.file, f"r.{key} = %(record_id)s AND r.source = %(source)s",
                               {"record_id": row[key], "source": current.source})
    record_event(session, events.CHANGED[kind.file], events.changes(kind.file, events.CREATED, row))
    return {"id": row[key], "enrollment_id": current.enrollment_id, "client_id": current.client_id}


def add_services(session: Session, items: list[dict], user_id: uuid.UUID) -> list[dict]:
    """Record many services (a shelter's bed nights for a date, or one client's for a run of dates), each on the
    enrollment it names (`enrollment_id`), under the rules one service is recorded under. All or nothing: every item
    is checked, and when any breaks a rule nothing is written and the refusal names each item (its index in
    `items`) with its fields, 422, or 409 when every problem is a record already there (a bed night recorded)."""
    kind = KIND["service"]
    recorded: list[dict | None] = [None] * len(items)
    problems: dict[int, dict] = {}
    conflicts_only = True
    # An enrollment at a time, in id order: two batches lock the enrollments they share in the same order.
    for index in sorted(range(len(items)), key=lambda at: (items[at]["enrollment_id"], at)):
        item = {name: value for name, value in items[index].items() if name != "enrollment_id"}
        try:
            with session.begin_nested():  # an item refused leaves nothing of itself behind
                recorded[index] = add_record(session, kind, items[index]["enrollment_id"], item, user_id)
        except (ValidationFailed, Conflict, NotFound) as refused:
            problems[index] = refused.fields or {"enrollment_id": [refused.message]}
            conflicts_only = conflicts_only and isinstance(refused, Conflict)
    if problems:
        refusal = Conflict if conflicts_only else ValidationFailed
        raise refusal(f"{len(problems)} of the {len(items)} services break a rule named in fields; none was recorded",
                      {"services": problems})
    return recorded


def set_event_result(session: Session, enrollment_id: str, event_id: str, data: dict, user_id: uuid.UUID | None) -> dict:
    """The result of the referral a coordinated entry Event (4.20) records, once known: its ReferralResult and
    ResultDate (not before the event), checked with HUD's rules for the record. `user_id` None (a scheduled job,
    no person) keeps who last keyed the record."""
    current = _enrollment(session, enrollment_id, lock=True)
    table = HUD_TABLES["Event"]
    row = session.execute(sa.select(table).where(_live(table, current), table.c.event_id == event_id)).first()
    if row is None:
        raise NotFound("no such event on the enrollment", {"event_id": ["not an event of this enrollment"]})
    changes = {**data, "date_updated": datetime.now(timezone.utc).replace(tzinfo=None)}
    if user_id is not None:
        changes["user_id"] = user_id.hex
    record = {**dict(row._mapping), **changes}
    check("Event", record)
    session.execute(table.update().where(_live(table, current), table.c.event_id == event_id).values(**changes))
    # refused for the result alone: the event's own date, found outside a stay that changed since, is kept as it was
    _refuse_at_entry("Event", data_quality.evaluate_record(session.connection(), "Event", event_id, current.source),
                     ("dq.event.result_before_event",))
    record_event(session, events.CHANGED["Event"], events.changes("Event", events.UPDATED, record))
    return {"id": event_id, "enrollment_id": current.enrollment_id, "client_id": current.client_id}


def _insert(session: Session, file: str, current, data: dict, user_id: uuid.UUID) -> dict:
    row = {**data, FILES[file].key.db_name: uuid.uuid4().hex, "enrollment_id": current.enrollment_id,
           "personal_id": current.personal_id, "source": current.source, **bookkeeping(user_id)}
    session.execute(HUD_TABLES[file].insert().values(**row))
    return row


def _rows(session: Session, file: str, where, order) -> list[dict]:
    table = HUD_TABLES[file]
    return [dict(row._mapping) for row in session.execute(
        sa.select(table).where(where(table), table.c.date_deleted.is_(None)).order_by(order(table)))]


def enrollment_record(session: Session, enrollment_id: str, parts: list[str] | None) -> dict:
    """An enrollment with its exit and every record it carries, of the parts of a client's record named
    (None: all of them; another agency reads only what its consent's scope covers)."""
    current = _enrollment(session, enrollment_id)
    answer = {**{column.name: getattr(current, column.name) for column in enrollment.columns},
              "client_id": current.client_id}
    for kind in KINDS:
        if parts is not None and kind.part not in parts:
            continue
        rows = _rows(session, kind.file, lambda table: _live(table, current), lambda table: table.c[kind.dated])
        parent = FILES[kind.file].key.db_name
        for key, file in kind.children:  # one query a file, not one a record
            children: dict = {row[parent]: [] for row in rows}
            for child in _rows(session, file, lambda table: sa.and_(table.c[parent].in_(list(children)),
                                                                   table.c.source == current.source),
                               lambda table: table.c.date_created):
                children[child[parent]].append(child)
            for row in rows:
                row[key] = children[row[parent]]
        answer[answer_key(kind)] = (rows[0] if rows else None) if kind.once else rows
    return answer


def household(session: Session, enrollment_id: str) -> dict:
    """The household an enrollment belongs to: each member's enrollment, the head first, with its exit date."""
    current = _enrollment(session, enrollment_id)
    rows = session.execute(
        sa.select(enrollment, clients.c.id.label("client_id"), exit_.c.exit_date)
        .join(clients, sa.and_(clients.c.personal_id == enrollment.c.personal_id,
                               sources.references(clients, enrollment.c.source)))
        .outerjoin(exit_, sa.and_(exit_.c.enrollment_id == enrollment.c.enrollment_id,
                                  exit_.c.source == enrollment.c.source, exit_.c.date_deleted.is_(None)))
        .where(enrollment.c.household_id == current.household_id, enrollment.c.source == current.source,
               enrollment.c.date_deleted.is_(None))
        .order_by(enrollment.c.relationship_to_hoh != HEAD_OF_HOUSEHOLD, enrollment.c.entry_date,
                  enrollment.c.date_created))
    return {"household_id": current.household_id, "enrollments": [dict(row._mapping) for row in rows]}


def roster(session: Session, project_id: str, on: date) -> list[dict]:
    """Who is in a project on the night of `on`: its enrollments entered by then and not exited by it (HUD: a
    night-by-night shelter's exit is the day after the last bed night), each with its client's name and whether
    their bed night of `on` is recorded; by name."""
    source = sources.one_record(session, sa.select(project.c.source).where(
        project.c.project_id == project_id, project.c.date_deleted.is_(None)), "project_id", "project").source
    services = HUD_TABLES["Services"]
    bed_night = sa.exists().where(services.c.enrollment_id == enrollment.c.enrollment_id,
                                  services.c.source == enrollment.c.source, services.c.record_type == BED_NIGHT,
                                  services.c.date_provided == on, services.c.date_deleted.is_(None))
    rows = session.execute(
        sa.select(enrollment, clients.c.id.label("client_id"), clients.c.first_name, clients.c.last_name,
                  exit_.c.exit_date, bed_night.label("bed_night"))
        .join(clients, sa.and_(clients.c.personal_id == enrollment.c.personal_id,
                               sources.references(clients, enrollment.c.source)))
        .outerjoin(exit_, sa.and_(exit_.c.enrollment_id == enrollment.c.enrollment_id,
                                  exit_.c.source == enrollment.c.source, exit_.c.date_deleted.is_(None)))
        .where(enrollment.c.project_id == project_id, enrollment.c.source == source,
               enrollment.c.date_deleted.is_(None), enrollment.c.entry_date <= on,
               sa.or_(exit_.c.exit_date.is_(None), exit_.c.exit_date > on))
        .order_by(clients.c.last_name, clients.c.first_name, enrollment.c.entry_date))
    return [dict(row._mapping) for row in rows]


def client_enrollments(session: Session, client_id: uuid.UUID) -> list[dict]:
    """A client's enrollments, newest first, each with its project's name, its exit date and destination."""
    client = first_or_not_found(session, sa.select(clients.c.personal_id, clients.c.source)
                                .where(clients.c.id == client_id), "client_id", "client")
    # this HMIS's own clients may be enrolled in the projects of any source (sources.references)
    of_its_source = sa.true() if client.source == sources.OWN_SOURCE else enrollment.c.source == client.source
    rows = session.execute(
        sa.select(enrollment, project.c.project_name, exit_.c.exit_date, exit_.c.destination)
        .outerjoin(project, sa.and_(project.c.project_id == enrollment.c.project_id,
                                    project.c.source == enrollment.c.source, project.c.date_deleted.is_(None)))
        .outerjoin(exit_, sa.and_(exit_.c.enrollment_id == enrollment.c.enrollment_id,
                                  exit_.c.source == enrollment.c.source, exit_.c.date_deleted.is_(None)))
        .where(enrollment.c.personal_id == client.personal_id, of_its_source, enrollment.c.date_deleted.is_(None))
        .order_by(enrollment.c.entry_date.desc(), enrollment.c.date_created.desc()))
    return [{**row._mapping, "client_id": client_id} for row in rows]
