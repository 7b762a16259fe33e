"""Every event a service publishes has a versioned payload schema in its contract: a payload of each type,
built as its service builds it, loads through that schema; no schema names a field of PII; and the event
catalogue in docs/architecture.md is the one the contracts generate."""
import re
import uuid
from datetime import date, datetime, timezone

import pytest

from ces.contract import events as ces_events
from clients.contract import events as clients_events
from consent.contract import events as consent_events
from hmis_platform import catalogue
from identity.contract import events as identity_events
from training.contract import events as training_events

ID, OTHER = uuid.uuid4(), uuid.uuid4()
NOW = datetime.now(timezone.utc)
# A field named like these would carry what identifies a person, or free text that might.
PII = re.compile(r"(^|_)(name|names|ssn|dob|birth|birthdate|reason|note|notes|comment|answer|question|signer)($|_)")

# A row as the clients service holds it: every column a record's payload may read, as the database gives it.
ROW = {"id": ID, "agency_id": OTHER, "personal_id": ID.hex, "source": 1, "date_deleted": None,
       **{name: date(2026, 1, 15) for name in ("entry_date", "exit_date", "date_provided", "information_date",
                                              "assessment_date", "event_date", "operating_start_date",
                                              "operating_end_date", "start_date", "end_date", "inventory_start_date",
                                              "inventory_end_date", "hmis_participation_status_start_date",
                                              "hmis_participation_status_end_date",
                                              "ce_participation_status_start_date",
                                              "ce_participation_status_end_date")}}


def record_row(file: str) -> dict:
    """A row of `file` with a value in each payload column: ids as text, codes as numbers."""
    fields = clients_events.CHANGED[file].payload().fields["changes"].inner.schema.fields
    row = dict(ROW)
    for name, field in fields.items():
        if name not in row and name not in ("op", "client_id"):  # a client_id is its row's id
            row[name] = 1 if field.__class__.__name__ == "Integer" else f"{name}-1"
    return row


def samples() -> dict:
    """A payload of every published event type, built by its contract's builder where it has one."""
    user = {"id": ID, "agency_id": OTHER, "roles": ["case_manager"], "active": True}
    consent = {"id": ID, "version": 1, "client_id": OTHER, "agency_id": OTHER, "type": "hmis_sharing",
               "scope": ["profile"], "released_to": [ID], "start_date": date(2026, 1, 1),
               "end_date": date(2027, 1, 1), "revoked_on": None}
    status = {"license_training_complete": True, "mandatory_current": False, "ces_workflow_complete": False,
              "overdue": ["privacy"], "due_soon": []}
    api_key = identity_events.api_key_payload({"id": ID, "agency_id": OTHER, "scopes": ["clients:read"]})
    agency = identity_events.agency_payload({"id": ID, "status": "active", "status_changed_at": NOW})
    return {
        identity_events.AGENCY_CREATED: agency,
        identity_events.AGENCY_STATUS_CHANGED: agency,
        identity_events.USER_CREATED: identity_events.user_payload(user),
        identity_events.USER_DEACTIVATED: {"user_id": str(ID), "agency_id": str(OTHER)},
        identity_events.USER_REACTIVATED: identity_events.user_payload(user),
        identity_events.USER_MFA_ENABLED: {"user_id": str(ID)},
        identity_events.LICENSE_CHANGED: {"user_id": str(ID), "agency_id": str(OTHER), "status": "active"},
        identity_events.API_KEY_CREATED: api_key,
        identity_events.API_KEY_ROTATED: api_key,
        identity_events.API_KEY_REVOKED: api_key,
        **{event_type: clients_events.changes(file, clients_events.UPDATED, record_row(file))
           for file, event_type in clients_events.CHANGED.items()},
        clients_events.CLIENT_LINKED: clients_events.payload(clients_events.CLIENT_LINKED,
                                                             {"client_id": ID, "person_id": OTHER}),
        clients_events.CLIENT_SPLIT: clients_events.payload(clients_events.CLIENT_SPLIT,
                                                            {"client_id": ID, "other_client_id": OTHER}),
        clients_events.CLIENTS_ASSIGNED: {"agency_id": str(ID), "from_agency_id": str(OTHER), "clients": 2},
        clients_events.ORGANIZATION_LINKED: clients_events.payload(clients_events.ORGANIZATION_LINKED,
                                                                   {"organization_id": "ORG-1", "agency_id": ID}),
        clients_events.IMPORT_COMPLETED: {"agency_id": str(ID), "strictness": "reject",
                                          "files": {"Client.csv": {"inserted": 3, "updated": 1}}},
        consent_events.RECORDED: consent_events.consent_payload(consent),
        consent_events.REVOKED: consent_events.consent_payload({**consent, "revoked_on": date(2026, 6, 1)}),
        training_events.COMPLIANCE_CHANGED: training_events.compliance_payload(ID, OTHER, status),
        ces_events.ASSESSMENT_RECORDED: {"assessment_id": str(ID), "client_id": str(OTHER), "agency_id": str(ID),
                                         "instrument_id": str(ID), "assessed_on": "2026-01-15",
                                         "recommendation": "psh"},
        ces_events.OPENING_CHANGED: {"opening_id": str(ID), "agency_id": str(OTHER), "project_id": "P1",
                                     "status": "open", "changed": ["available_on", "unit"]},
        ces_events.OPENING_WITHDRAWN: {"opening_id": str(ID), "agency_id": str(OTHER), "project_id": "P1",
                                       "withdrawal": "voucher_pulled"},
        ces_events.REFERRAL_CHANGED: {"referral_id": str(ID), "opening_id": str(ID), "client_id": str(OTHER),
                                      "client_agency_id": str(ID), "provider_agency_id": str(OTHER),
                                      "action": "decline", "side": "provider", "status": "declined",
                                      "step_owner": None, "due_at": None, "referral_result": 3},
        ces_events.REFERRAL_STALLED: {"referral_id": str(ID), "step_owner": "provider", "owner_agency_id": str(ID),
                                      "last_activity_at": NOW.isoformat()},
        ces_events.REFERRAL_DUE_SOON: {"referral_id": str(ID), "step_owner": "case_worker",
                                       "owner_agency_id": str(ID), "last_activity_at": NOW.isoformat(),
                                       "due_at": NOW.isoformat()},
    }


def test_every_published_event_type_has_a_sample_here():
    assert sorted(samples()) == sorted(catalogue.event_types())


@pytest.mark.parametrize("event_type", catalogue.event_types(), ids=str)
def test_a_payload_loads_through_its_contract_schema(event_type):
    payload = samples()[event_type]
    assert event_type.payload().validate(payload) == {}
    assert event_type.version >= 1 and event_type.source == event_type.split(".")[0]


@pytest.mark.parametrize("event_type", catalogue.event_types(), ids=str)
def test_no_payload_schema_names_a_field_of_pii(event_type):
    assert [path for path, _ in catalogue.fields_of(event_type.payload)
            if PII.search(path.rsplit(".", 1)[-1])] == []


def test_a_field_the_schema_does_not_name_is_refused():
    payload = clients_events.changes("Client", clients_events.CREATED, ROW)
    payload["changes"][0]["first_name"] = "Rosa"
    with pytest.raises(ValueError, match="first_name"):
        clients_events.CHANGED["Client"].check(payload)


def test_the_catalogue_in_the_architecture_page_is_the_one_the_contracts_generate():
    page = catalogue.PAGE.read_text(encoding="utf-8")
    assert catalogue.page_with_table(page) == page, "run `python -m hmis_platform.catalogue` and commit the page"
