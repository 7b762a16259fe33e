"""Households enrolled in an agency's project, exited, served and assessed, over RPC against the real
clients database: HUD's rules across records, the audit rows and the events (ids and codes only)."""
import functools
import shutil
import uuid
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import enrollments, projects
from clients.contract import events
from clients.csv import importer
from clients.models import HUD_TABLES, clients, organization_agencies
from hmis_kit import audit
from hmis_kit.errors import Conflict, ValidationFailed
from hud.fy2026 import catalogue
# The RPC proxy, the clients database and an `access` as the gateway sends it: the audit tests' own.
from support import access_for, add_project, announced_changes, read_csv, write_csv
# A private clients database for imports, and a generated export.
from integration.test_csv_import import AGENCY

pytestmark = pytest.mark.integration
ENTRY = "2025-10-15"


def new_client(services, agency_id: str) -> str:
    return services.clients.create_client({"first_name": "House", "last_name": "Hold"}, access_for(agency_id))["id"]


def household(services, agency_id: str, project_id: str, *relationships: int, **extra) -> dict:
    members = [{"client_id": new_client(services, agency_id), "relationship_to_hoh": r, "living_situation": 116,
                "disabling_condition": 0} for r in relationships]
    return services.clients.enroll_household({"project_id": project_id, "entry_date": ENTRY, "members": members,
                                              **extra}, access_for(agency_id))


def rejected(call, *args, error=ValidationFailed) -> dict:
    with pytest.raises(error) as failure:
        call(*args)
    return failure.value.fields


def says(rule_id: str) -> list[str]:
    """A refusal's words on a field for a rule of the catalogue the API refuses a new record for, as an import's
    finding says it (enrollments.REFUSED_AT_ENTRY)."""
    return [catalogue.rule(rule_id).message]


def record(services, kind: str):
    """The clients service's RPC recording one kind of an enrollment's records."""
    return functools.partial(services.clients.add_record, kind)


def test_a_household_enters_with_one_head_and_announces_each_enrollment(services, agency, project, clients_engine):
    entered = household(services, agency, project, 1, 3, 2, enrollment_coc="CA-601")
    rows = entered["enrollments"]
    assert [row["relationship_to_hoh"] for row in rows] == [1, 3, 2]
    assert {row["household_id"] for row in rows} == {entered["household_id"]}
    assert all(row["entry_date"] == ENTRY and row["project_id"] == project for row in rows)
    announced = announced_changes(clients_engine, events.CHANGED["Enrollment"], "household_id",
                                  entered["household_id"])
    assert len(announced) == 3 and {change["op"] for change in announced} == {events.CREATED}
    assert set(announced[0]) == {"op", "enrollment_id", "source", "personal_id", "project_id", "household_id",
                                 "relationship_to_hoh", "entry_date"}
    with clients_engine.connect() as connection:
        actions = connection.execute(sa.select(audit.audit_log.c.action).where(
            audit.audit_log.c.client_id == rows[0]["client_id"]).order_by(audit.audit_log.c.id)).scalars().all()
    assert actions == ["create", "enroll"]


def test_missing_disabling_condition_is_recorded_as_not_collected(services, agency, project):
    member = {"client_id": new_client(services, agency), "relationship_to_hoh": 1}
    entered = services.clients.enroll_household({"project_id": project, "entry_date": ENTRY, "members": [member]},
                                                access_for(agency))
    assert entered["enrollments"][0]["disabling_condition"] == 99


@pytest.mark.parametrize("relationships", [(2, 3), (1, 1, 2)])
def test_a_household_needs_exactly_one_head(services, agency, project, relationships):
    fields = rejected(household, services, agency, project, *relationships)
    assert "exactly one member must be the head of household" in fields["members"][0]


def test_members_must_be_clients_of_the_agency_and_the_project_its_own(services, agency, project, clients_engine):
    stranger = new_client(services, str(uuid.uuid4()))
    members = [{"client_id": new_client(services, agency), "relationship_to_hoh": 1},
               {"client_id": stranger, "relationship_to_hoh": 2}]
    body = {"project_id": project, "entry_date": ENTRY, "members": members}
    assert rejected(services.clients.enroll_household, body, access_for(agency)) == {
        "members": {"1": {"client_id": ["not a client of your agency"]}}}
    others_project = add_project(clients_engine, str(uuid.uuid4()))
    body = {"project_id": others_project, "entry_date": ENTRY, "members": members[:1]}
    assert rejected(services.clients.enroll_household, body, access_for(agency)) == {
        "project_id": ["not a project of your agency"]}


def test_a_dependent_answer_needs_its_parent(services, agency, project):
    member = {"client_id": new_client(services, agency), "relationship_to_hoh": 1, "living_situation": 116,
              "rental_subsidy_type": 419}
    body = {"project_id": project, "entry_date": ENTRY, "members": [member]}
    assert rejected(services.clients.enroll_household, body, access_for(agency)) == {
        "rental_subsidy_type": ["only when LivingSituation is 435"]}


def test_an_exit_is_not_before_entry_and_happens_once(services, agency, project, clients_engine):
    enrollment_id = household(services, agency, project, 1)["enrollments"][0]["enrollment_id"]
    assert rejected(record(services, "exit"), enrollment_id, {"exit_date": "2025-10-14", "destination": 116},
                    access_for(agency)) == {"exit_date": says("dq.exit.before_entry")}
    assert rejected(record(services, "exit"), enrollment_id, {"exit_date": "2025-12-01", "destination": 410,
                                                                  "other_destination": "Cousin's couch"},
                    access_for(agency)) == {"other_destination": ["only when Destination is 17"]}
    exited = services.clients.add_record("exit", enrollment_id, {"exit_date": "2025-12-01", "destination": 410},
                                          access_for(agency))
    assert exited["enrollment_id"] == enrollment_id
    assert announced_changes(clients_engine, events.CHANGED["Exit"], "enrollment_id", enrollment_id)[0]["destination"] == 410
    rejected(record(services, "exit"), enrollment_id, {"exit_date": "2025-12-02", "destination": 410},
             access_for(agency), error=Conflict)


def test_services_and_bed_nights_fall_within_the_enrollment(services, agency, project, clients_engine):
    enrollment_id = household(services, agency, project, 1)["enrollments"][0]["enrollment_id"]
    night = services.clients.add_record("service", enrollment_id, {"date_provided": "2025-10-16", "record_type": 200,
                                                            "type_provided": 200}, access_for(agency))
    assert announced_changes(clients_engine, events.CHANGED["Services"], "services_id", night["id"])[0]["record_type"] \
        == 200
    assert rejected(record(services, "service"), enrollment_id,
                    {"date_provided": "2025-10-14", "record_type": 200, "type_provided": 200},
                    access_for(agency)) == {"date_provided": says("dq.record.before_entry")}
    assert rejected(record(services, "service"), enrollment_id,
                    {"date_provided": "2025-10-16", "record_type": 200, "type_provided": 3},
                    access_for(agency)) == {"type_provided": ["must be 200 for a bed night"]}


def test_income_and_benefits_once_at_start_and_exit_and_updates_any_number(services, agency, project):
    enrollment_id = household(services, agency, project, 1)["enrollments"][0]["enrollment_id"]
    at_start = {"information_date": ENTRY, "data_collection_stage": 1, "income_from_any_source": 1, "earned": 1,
                "earned_amount": "850.00", "benefits_from_any_source": 0, "insurance_from_any_source": 0}
    assert services.clients.add_record("income_benefits", enrollment_id, at_start, access_for(agency))["id"]
    assert rejected(record(services, "income_benefits"), enrollment_id, at_start, access_for(agency),
                    error=Conflict) == {"data_collection_stage": says("dq.stage.duplicate")}
    update = {"information_date": "2025-11-15", "data_collection_stage": 2, "income_from_any_source": 0}
    for _ in range(2):
        assert services.clients.add_record("income_benefits", enrollment_id, update, access_for(agency))["id"]
    assert rejected(record(services, "income_benefits"), enrollment_id,
                    {**update, "data_collection_stage": 3}, access_for(agency)) == {
        "data_collection_stage": says("dq.stage.needs_exit")}
    assert rejected(record(services, "income_benefits"), enrollment_id,
                    {**update, "income_from_any_source": 0, "earned": 1}, access_for(agency)) == {
        "earned": ["only when IncomeFromAnySource is 1"]}


def test_an_enrollment_is_owned_by_the_agency_running_its_project(services, agency, project):
    enrollment_id = household(services, agency, project, 1)["enrollments"][0]["enrollment_id"]
    assert services.clients.enrollment_sharing_facts(enrollment_id)["agency_id"] == agency


def test_an_import_links_its_organizations_to_the_importing_agency_once(csv_database, generated):
    other = uuid.uuid4()
    importer.import_export(csv_database, generated, "reject", AGENCY)
    importer.import_export(csv_database, generated, "reject", other)
    with csv_database.connect() as connection:
        owners = dict(connection.execute(sa.select(organization_agencies.c.organization_id,
                                                   organization_agencies.c.agency_id)).all())
        organizations = connection.execute(sa.select(HUD_TABLES["Organization"].c.organization_id)).scalars().all()
    assert organizations and {owners[o] for o in organizations} == {AGENCY}


def test_records_of_two_sources_sharing_ids_are_never_taken_for_one_another(engine, generated, tmp_path):
    """Two systems' exports with the same ids, imported by two agencies: an id both have is refused, not
    resolved to either; each client lists its own source's stays; an enrollment made here in a project
    whose id both sources use belongs to the project the agency runs."""
    other_agency, theirs = uuid.uuid4(), tmp_path / "theirs"
    shutil.copytree(generated, theirs)
    export = read_csv(theirs / "Export.csv")
    export[1][export[0].index("ImplementationID")] = "another-hmis"
    write_csv(theirs / "Export.csv", export)
    importer.import_export(engine, generated, "reject", AGENCY)
    importer.import_export(engine, theirs, "reject", other_agency)
    enrollment_id, personal_id, project_id = read_csv(generated / "Enrollment.csv")[1][:3]
    with Session(engine) as session:
        with pytest.raises(Conflict) as ambiguous:
            enrollments.enrollment_facts(session, enrollment_id)
        assert ambiguous.value.fields == {"enrollment_id": ["names enrollment records of several sources"]}
        with pytest.raises(Conflict):
            projects.owner(session, projects.PROJECT, project_id)
        client_id, source = session.execute(sa.select(clients.c.id, clients.c.source).where(
            clients.c.personal_id == personal_id, clients.c.agency_id == other_agency)).one()
        listed = enrollments.client_enrollments(session, client_id)
        assert listed and {row["source"] for row in listed} == {source}
        members = [{"client_id": client_id, "relationship_to_hoh": 1}]
        entered = enrollments.enroll_household(
            session, {"project_id": project_id, "entry_date": date(2025, 10, 15), "members": members},
            other_agency, uuid.uuid4())
        made = entered["enrollments"][0]["enrollment_id"]
        assert enrollments.enrollment_facts(session, made) == {"agency_id": other_agency, "client_id": client_id}
        assert session.execute(sa.select(HUD_TABLES["Enrollment"].c.source).where(
            HUD_TABLES["Enrollment"].c.enrollment_id == made)).scalar_one() == source
        session.rollback()


def test_an_agency_running_a_victim_service_provider_organization_stores_no_client_pii(services, agency,
                                                                                      clients_engine):
    add_project(clients_engine, agency, victim_service_provider=1)
    with pytest.raises(ValidationFailed) as failure:
        services.clients.create_client({"first_name": "Safe", "last_name": "Person"}, access_for(agency))
    assert failure.value.fields == {name: ["victim service providers may not store client PII in HMIS"]
                                    for name in ("first_name", "last_name")}


def findings_of(engine, record_id: str) -> dict[tuple[str, str], object]:
    """A record's data-quality findings, (rule, field) -> since when."""
    with engine.connect() as connection:
        return {(rule, field): found_at for rule, field, found_at in connection.exec_driver_sql(
            "SELECT rule_id, field, found_at FROM data_quality_findings WHERE record_id = %(r)s", {"r": record_id})}


def test_the_api_writes_find_data_quality_as_an_import_does(services, agency, project, clients_engine):
    created = services.clients.create_client({"first_name": "Dana", "last_name": "Lee"}, access_for(agency))
    with clients_engine.connect() as connection:
        personal_id = connection.exec_driver_sql("SELECT personal_id FROM clients WHERE id = %(i)s",
                                                 {"i": created["id"]}).scalar_one()
    found = findings_of(clients_engine, personal_id)  # what was not said is 99: data not collected
    assert {("dq.missing.not_collected", "Sex"), ("dq.missing.not_collected", "SSNDataQuality")} <= set(found)
    services.clients.update_client(created["id"], {"sex": 1}, access_for(agency))
    now = findings_of(clients_engine, personal_id)
    assert ("dq.missing.not_collected", "Sex") not in now  # replaced in the write's transaction
    assert now[("dq.missing.not_collected", "SSNDataQuality")] == found[("dq.missing.not_collected", "SSNDataQuality")]
    stays = [services.clients.enroll_household({"project_id": project, "entry_date": entry, "members": [
        {"client_id": created["id"], "relationship_to_hoh": 1}]}, access_for(agency))["enrollments"][0]
        for entry in ("2025-01-01", "2025-02-01")]  # the first has no exit: they overlap
    assert ("dq.stay.overlap", "EntryDate") in findings_of(clients_engine, stays[1]["enrollment_id"])


def test_overlapping_stays_are_a_finding_of_each_until_an_exit_ends_the_first(services, agency, project, clients_engine):
    """A rule across records is a finding of every record it ties: the stay made earlier gets it when the later one is
    made, and both lose it when an exit ends the first before the second began."""
    client_id = new_client(services, agency)
    stays = [services.clients.enroll_household({"project_id": project, "entry_date": entry, "members": [
        {"client_id": client_id, "relationship_to_hoh": 1}]}, access_for(agency))["enrollments"][0]["enrollment_id"]
        for entry in ("2025-01-01", "2025-02-01")]
    overlap = ("dq.stay.overlap", "EntryDate")
    assert [overlap in findings_of(clients_engine, stay) for stay in stays] == [True, True]

    services.clients.add_record("exit", stays[0], {"exit_date": "2025-01-20", "destination": 410}, access_for(agency))

    assert [overlap in findings_of(clients_engine, stay) for stay in stays] == [False, False]
