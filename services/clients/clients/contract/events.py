"""Events the clients service publishes, each with its versioned payload schema (hmis_kit.events.EventType):
ids, codes and dates of service, never a name, an SSN, a date of birth or other free text.

Every create, change and delete of a HUD record, through the API or by a CSV import, is one kind of event:
`clients.<record>.changed`, whose payload is `{"changes": [change, ...]}`, each change `{"op": "created" |
"updated" | "deleted", <the record's payload fields>}`. The API announces each write as a batch of one; an
import announces the rows it inserted and updated, up to IMPORT_BATCH changes an event. A record's payload
fields (`RECORDS`) are its id, its `source` (HUD ids are unique within one source: a record is its id and
its source), the ids of the records it belongs to, and its codes and dates; the Python builder
(`changes`) and the SQL one (clients/csv/announcements.py) read the same fields.

`deleted`: HUD deletes a record by setting DateDeleted; an imported row carrying one is announced as
deleted (the API deletes no record today).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from marshmallow import Schema, fields, validate

from hmis_kit.events import EventType
from hud.fy2026.spec import FILES

CREATED, UPDATED, DELETED = "created", "updated", "deleted"
OPS = (CREATED, UPDATED, DELETED)
# An import's changes of one file go out in events of up to this many. An import of a CoC's history
# changes millions of rows; one outbox row per record cost more than the rest of the import
# (docs/benchmarks.md).
IMPORT_BATCH = 1000


@dataclass(frozen=True)
class Record:
    """A HUD record kind that is announced when it changes."""

    file: str                 # its HUD file
    entity: str               # its name in the event type, clients.<entity>.changed
    fields: tuple[str, ...]   # its payload fields (columns; a client's `client_id` is its `id`)


RECORDS = {record.file: record for record in (
    Record("Client", "client", ("client_id", "personal_id", "source", "agency_id")),
    Record("Enrollment", "enrollment", ("enrollment_id", "source", "personal_id", "project_id", "household_id",
                                        "relationship_to_hoh", "entry_date")),
    Record("Exit", "exit", ("exit_id", "source", "enrollment_id", "personal_id", "exit_date", "destination")),
    Record("Services", "service", ("services_id", "source", "enrollment_id", "personal_id", "date_provided",
                                   "record_type", "type_provided")),
    Record("IncomeBenefits", "income_benefits", ("income_benefits_id", "source", "enrollment_id", "personal_id",
                                                 "information_date", "data_collection_stage",
                                                 "income_from_any_source")),
    Record("HealthAndDV", "health_and_dv", ("health_and_dv_id", "source", "enrollment_id", "personal_id",
                                            "information_date", "data_collection_stage")),
    Record("EmploymentEducation", "employment_education", ("employment_education_id", "source", "enrollment_id",
                                                           "personal_id", "information_date",
                                                           "data_collection_stage", "employed")),
    Record("Disabilities", "disability", ("disabilities_id", "source", "enrollment_id", "personal_id",
                                          "information_date", "data_collection_stage", "disability_type",
                                          "disability_response", "indefinite_and_impairs")),
    Record("CurrentLivingSituation", "current_living_situation", ("current_living_sit_id", "source", "enrollment_id",
                                                                   "personal_id", "information_date",
                                                                   "current_living_situation")),
    Record("Assessment", "assessment", ("assessment_id", "source", "enrollment_id", "personal_id", "assessment_date",
                                        "assessment_level", "prioritization_status")),
    Record("Event", "event", ("event_id", "source", "enrollment_id", "personal_id", "event_date", "event",
                              "referral_result")),
    Record("YouthEducationStatus", "youth_education_status", ("youth_education_status_id", "source", "enrollment_id",
                                                               "personal_id", "information_date",
                                                               "data_collection_stage")),
    # The project descriptors (HUD 2.01-2.09), for a read model of projects and their inventory.
    Record("Organization", "organization", ("organization_id", "source", "victim_service_provider")),
    Record("Project", "project", ("project_id", "source", "organization_id", "project_type", "rrh_sub_type",
                                  "continuum_project", "operating_start_date", "operating_end_date")),
    Record("Funder", "funder", ("funder_id", "source", "project_id", "funder", "start_date", "end_date")),
    Record("ProjectCoC", "project_coc", ("project_coc_id", "source", "project_id", "coc_code", "geography_type")),
    Record("Inventory", "inventory", ("inventory_id", "source", "project_id", "coc_code", "household_type",
                                      "availability", "es_bed_type", "unit_inventory", "bed_inventory",
                                      "inventory_start_date", "inventory_end_date")),
    Record("Affiliation", "affiliation", ("affiliation_id", "source", "project_id", "res_project_id")),
    Record("HMISParticipation", "hmis_participation", ("hmis_participation_id", "source", "project_id",
                                                       "hmis_participation_type",
                                                       "hmis_participation_status_start_date",
                                                       "hmis_participation_status_end_date")),
    Record("CEParticipation", "ce_participation", ("ce_participation_id", "source", "project_id", "access_point",
                                                   "receives_referrals", "ce_participation_status_start_date",
                                                   "ce_participation_status_end_date")),
    # The exports imported and their users (Export.csv, User.csv: not records of service), for the warehouse to
    # keep them current as it keeps the rest: their keys only (a user's name, phone and e-mail never travel in an
    # event). Export.csv has no DateDeleted: an export is created or updated, never deleted.
    Record("Export", "export", ("export_id", "source")),
    Record("User", "user", ("user_id", "source")),
)}
# Not announced: AssessmentQuestions and AssessmentResults (free-text questions and answers, recorded with
# their assessment, which is announced).

_FIELD_OF_KIND = {"string": fields.String, "integer": fields.Integer, "date": fields.Date,
                  "datetime": fields.NaiveDateTime, "money": fields.Float}


def _field(record: Record, name: str) -> fields.Field:
    if name in ("client_id", "agency_id"):
        return fields.UUID(required=True)
    if name == "source":
        return fields.Integer(required=True)
    spec = FILES[record.file]
    column = next(column for column in spec.columns if column.db_name == name)
    return _FIELD_OF_KIND[column.kind](required=True, allow_none=column is not spec.key and not column.required)


def _changes_schema(record: Record) -> type[Schema]:
    change = Schema.from_dict({"op": fields.String(required=True, validate=validate.OneOf(OPS)),
                               **{name: _field(record, name) for name in record.fields}},
                              name=f"{record.file}Change")
    return Schema.from_dict({"changes": fields.List(fields.Nested(change), required=True,
                                                    validate=validate.Length(min=1, max=IMPORT_BATCH))},
                            name=f"{record.file}Changes")


# clients.<entity>.changed, by HUD file
CHANGED = {file: EventType(f"clients.{record.entity}.changed", _changes_schema(record),
                           f"{record.file} records created, updated or deleted (API: one; import: up to "
                           f"{IMPORT_BATCH})")
           for file, record in RECORDS.items()}


class ClientLinkedPayload(Schema):
    client_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)


class ClientSplitPayload(Schema):
    client_id = fields.UUID(required=True)
    other_client_id = fields.UUID(required=True)


class ClientsAssignedPayload(Schema):
    agency_id = fields.UUID(required=True)
    from_agency_id = fields.UUID(required=True)
    clients = fields.Integer(required=True, validate=validate.Range(min=1))


class OrganizationLinkedPayload(Schema):
    organization_id = fields.String(required=True)
    agency_id = fields.UUID(required=True)


class FileCounts(Schema):
    inserted = fields.Integer(required=True)
    updated = fields.Integer(required=True)


class ImportCompletedPayload(Schema):
    agency_id = fields.UUID(required=True)
    strictness = fields.String(required=True)
    files = fields.Dict(keys=fields.String(), values=fields.Nested(FileCounts), required=True)  # by file name


CLIENT_LINKED = EventType("clients.client.linked", ClientLinkedPayload,
                          "a client record was matched to a person (de-duplication)")
CLIENT_SPLIT = EventType("clients.client.split", ClientSplitPayload, "two client records were split apart")
# Clients imported without an agency handed to one (csv.importer.assign_unassigned_clients): how many, in
# one event per agency, so that a count per agency follows.
CLIENTS_ASSIGNED = EventType("clients.client.assigned", ClientsAssignedPayload,
                             "clients imported without an agency were handed to one")
ORGANIZATION_LINKED = EventType("clients.organization.linked", OrganizationLinkedPayload,
                                "the HMIS lead said which agency runs an organization")
IMPORT_COMPLETED = EventType("clients.import.completed", ImportCompletedPayload,
                             "a CSV import was written: rows inserted and updated per file")


def changes(file: str, op: str, row: dict) -> dict:
    """The payload announcing one change of a record of `file` (a row's columns; a client's `id` is its
    client_id)."""
    values = {**row, "client_id": row.get("client_id", row.get("id"))}
    return {"changes": [{"op": op, **{name: _plain(values.get(name)) for name in RECORDS[file].fields}}]}


def payload(event_type: EventType, record: dict) -> dict:
    """The payload of `event_type` for a record: the fields its schema names."""
    return {name: _plain(record.get(name)) for name in event_type.payload().fields}


def _plain(value):
    if value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
