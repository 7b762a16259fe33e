"""Events the clients service publishes: ids, codes and dates of service, never names, SSNs or DOBs.

Part of the service's contract (clients/contract): the event types, and the fixed set of fields of each
entity's payload (`PAYLOAD_FIELDS`), built in Python for a change made through the API (`payload`) and in
SQL (clients/csv/announcements.py) for the rows a CSV import inserts, so both paths carry exactly the
same fields in the same envelope (hmis_kit.events).
"""
from __future__ import annotations

from datetime import date

CLIENT_CREATED = "clients.client.created"
CLIENT_UPDATED = "clients.client.updated"
CLIENT_LINKED = "clients.client.linked"
CLIENT_SPLIT = "clients.client.split"
ENROLLMENT_CREATED = "clients.enrollment.created"
EXIT_CREATED = "clients.exit.created"
SERVICE_CREATED = "clients.service.created"
INCOME_BENEFITS_CREATED = "clients.income_benefits.created"
ASSESSMENT_CREATED = "clients.assessment.created"
EVENT_CREATED = "clients.event.created"
HEALTH_AND_DV_CREATED = "clients.health_and_dv.created"
EMPLOYMENT_EDUCATION_CREATED = "clients.employment_education.created"
DISABILITY_CREATED = "clients.disabilities.created"
CURRENT_LIVING_SITUATION_CREATED = "clients.current_living_situation.created"
YOUTH_EDUCATION_STATUS_CREATED = "clients.youth_education_status.created"
ORGANIZATION_LINKED = "clients.organization.linked"
IMPORT_COMPLETED = "clients.import.completed"
# Clients imported without an agency handed to one (csv.importer.assign_unassigned_clients): how many, in
# one event per agency, so that a count per agency follows.
CLIENTS_ASSIGNED = "clients.client.assigned"

PAYLOAD_FIELDS = {
    CLIENT_CREATED: ("client_id", "agency_id"),
    CLIENT_UPDATED: ("client_id", "agency_id"),
    CLIENT_LINKED: ("client_id", "person_id"),
    CLIENT_SPLIT: ("client_id", "other_client_id"),
    ENROLLMENT_CREATED: ("enrollment_id", "personal_id", "project_id", "household_id", "relationship_to_hoh",
                         "entry_date"),
    EXIT_CREATED: ("exit_id", "enrollment_id", "personal_id", "exit_date", "destination"),
    SERVICE_CREATED: ("services_id", "enrollment_id", "personal_id", "date_provided", "record_type", "type_provided"),
    INCOME_BENEFITS_CREATED: ("income_benefits_id", "enrollment_id", "personal_id", "information_date",
                              "data_collection_stage", "income_from_any_source"),
    ASSESSMENT_CREATED: ("assessment_id", "enrollment_id", "personal_id", "assessment_date", "assessment_level",
                         "prioritization_status"),
    EVENT_CREATED: ("event_id", "enrollment_id", "personal_id", "event_date", "event", "referral_result"),
    HEALTH_AND_DV_CREATED: ("health_and_dv_id", "enrollment_id", "personal_id", "information_date",
                            "data_collection_stage"),
    EMPLOYMENT_EDUCATION_CREATED: ("employment_education_id", "enrollment_id", "personal_id", "information_date",
                                   "data_collection_stage", "employed"),
    DISABILITY_CREATED: ("disabilities_id", "enrollment_id", "personal_id", "information_date", "data_collection_stage",
                         "disability_type", "disability_response", "indefinite_and_impairs"),
    CURRENT_LIVING_SITUATION_CREATED: ("current_living_sit_id", "enrollment_id", "personal_id", "information_date",
                                       "current_living_situation"),
    YOUTH_EDUCATION_STATUS_CREATED: ("youth_education_status_id", "enrollment_id", "personal_id", "information_date",
                                     "data_collection_stage"),
    ORGANIZATION_LINKED: ("organization_id", "agency_id"),
}
# Project descriptors (HUD 2.01-2.09), announced when created and when changed, for a read model of
# projects and their inventory: the entity of each file, and its payload.
PROJECT_PAYLOADS = {
    "Organization": ("organization", ("organization_id", "victim_service_provider")),
    "Project": ("project", ("project_id", "organization_id", "project_type", "rrh_sub_type", "continuum_project",
                            "operating_start_date", "operating_end_date")),
    "Funder": ("funder", ("funder_id", "project_id", "funder", "start_date", "end_date")),
    "ProjectCoC": ("project_coc", ("project_coc_id", "project_id", "coc_code", "geography_type")),
    "Inventory": ("inventory", ("inventory_id", "project_id", "coc_code", "household_type", "availability",
                                "es_bed_type", "unit_inventory", "bed_inventory", "inventory_start_date",
                                "inventory_end_date")),
    "Affiliation": ("affiliation", ("affiliation_id", "project_id", "res_project_id")),
    "HMISParticipation": ("hmis_participation", ("hmis_participation_id", "project_id", "hmis_participation_type",
                                                 "hmis_participation_status_start_date",
                                                 "hmis_participation_status_end_date")),
    "CEParticipation": ("ce_participation", ("ce_participation_id", "project_id", "access_point", "receives_referrals",
                                             "ce_participation_status_start_date",
                                             "ce_participation_status_end_date")),
}


def project_event(file: str, verb: str) -> str:
    """`clients.<entity>.created` or `.updated` for a project descriptor file."""
    return f"clients.{PROJECT_PAYLOADS[file][0]}.{verb}"


PAYLOAD_FIELDS.update({project_event(file, verb): payload for file, (_, payload) in PROJECT_PAYLOADS.items()
                       for verb in ("created", "updated")})
# What a CSV import announces: for each file below, the records it inserted, with the payload each would
# have had through the API, gathered into `clients.<entity>.imported` events of up to IMPORT_BATCH records
# (`{"records": [payload, ...]}`). An import of a CoC's history inserts millions of rows; one outbox row
# per record cost more than the rest of the import (docs/benchmarks.md).
IMPORT_EVENTS = {"Client": CLIENT_CREATED, "Enrollment": ENROLLMENT_CREATED, "Exit": EXIT_CREATED,
                 "Services": SERVICE_CREATED, "Assessment": ASSESSMENT_CREATED, "Event": EVENT_CREATED,
                 **{file: project_event(file, "created") for file in PROJECT_PAYLOADS}}
IMPORT_BATCH = 1000


def imported(file: str) -> str:
    """`clients.<entity>.imported`: the batch event of a file's imported records."""
    return IMPORT_EVENTS[file].removesuffix(".created") + ".imported"


def payload(event_type: str, record: dict) -> dict:
    """The payload of `event_type` for a record (a row's columns; a client's `id` is its client_id)."""
    values = {**record, "client_id": record.get("client_id", record.get("id"))}
    return {name: _plain(values.get(name)) for name in PAYLOAD_FIELDS[event_type]}


def _plain(value):
    if value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def import_payload(file: str) -> tuple[str, ...]:
    """The columns of each record an import announces of `file` (none for a file it does not announce)."""
    return PAYLOAD_FIELDS[IMPORT_EVENTS[file]] if file in IMPORT_EVENTS else ()
