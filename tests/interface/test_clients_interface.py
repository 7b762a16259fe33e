"""The clients service alone against its contract (clients.contract): every RPC the gateway calls but the
HMIS CSV import jobs, its answers and refusals, and its events (whatever their types: the envelope, and no
name, SSN or DOB in them). Its projects are set up through its own RPCs; a revoked consent arrives as the
consent service announces it."""
import uuid
from datetime import date, timedelta

import pytest

from clients.contract import schemas, warehouse
from conformance import announced, conforms, refused
from consent.contract import events as consent_events
from clients.models import data_quality_findings
from hmis_kit.audit import AccessSchema
from hmis_kit.db import make_engine
from support import access_for, eventually

pytestmark = pytest.mark.integration

SERVICE = "clients"
ENTRY = "2025-10-15"
PROJECT = {"project_name": "Harbor Rapid Rehousing", "operating_start_date": "2025-01-01", "continuum_project": 1,
           "project_type": 13, "rrh_sub_type": 2}
ORGANIZATIONS = schemas.DESCRIPTOR_ANSWERS["organizations"]
PROJECTS = schemas.DESCRIPTOR_ANSWERS["projects"]


def person() -> dict:
    """A client's PII, unlike any other test's."""
    return {"first_name": "Rosalind", "last_name": f"Quintero{uuid.uuid4().hex[:6]}", "dob": "1979-08-14",
            "ssn": "123456789", "ssn_data_quality": 2}


def no_pii(published, pii: dict) -> list:
    """What a call published: the kit's envelope, from clients, without the client's PII."""
    return announced(published, SERVICE, sent=tuple(str(pii[name]) for name in ("first_name", "last_name", "dob", "ssn")
                                                    if name in pii))


@pytest.fixture(scope="module")
def agency():
    return str(uuid.uuid4())


@pytest.fixture(scope="module")
def access(agency):
    return access_for(agency)


@pytest.fixture(scope="module")
def user(access):
    return access["principal"]["id"]


@pytest.fixture(scope="module")
def organization(service, agency, user):
    """An organization the agency runs, as the HMIS lead sets it up."""
    answer, published = service.call("add_descriptor", "organizations", None,
                                     {"organization_name": "Harbor House", "victim_service_provider": 0}, user)
    assert announced(published, SERVICE)
    organization_id = conforms(ORGANIZATIONS(), answer)["organization_id"]
    answer, published = service.call("link_organization", organization_id, {"agency_id": agency})
    assert conforms(schemas.OrganizationAgencySchema(), answer)["agency_id"] == uuid.UUID(agency)
    assert announced(published, SERVICE)
    return organization_id


@pytest.fixture(scope="module")
def project(service, organization, user):
    answer, published = service.call("add_descriptor", "projects", organization, PROJECT, user)
    assert announced(published, SERVICE)
    return conforms(PROJECTS(), answer)["project_id"]


@pytest.fixture(scope="module")
def client(service, access):
    pii = person()
    answer, published = service.call("create_client", pii, access)
    assert no_pii(published, pii)
    return conforms(schemas.ClientSchema(), answer)


def test_a_client_is_created_read_changed_and_found(service, access, agency, client):
    assert refused(service.rpc.create_client, {**person(), "dob": "2999-01-01", "sex": 3}, access).keys() \
        == {"dob", "sex"}
    client_id = str(client["id"])
    assert (client["agency_id"], client["ssn_last4"]) == (uuid.UUID(agency), "6789")
    assert conforms(schemas.ClientSchema(), service.rpc.get_client(client_id, access)) == client
    assert conforms(schemas.ClientSchema(), service.rpc.client_record(client_id, access)) == client
    assert service.rpc.sharing_facts(client_id) == {"agency_id": agency, "victim_service_provider": False}

    assert refused(service.rpc.update_client, client_id, {"veteran_status": 7}, access).keys() == {"veteran_status"}
    renamed = {"last_name": f"Quintero-Diaz{uuid.uuid4().hex[:6]}"}
    answer, published = service.call("update_client", client_id, renamed, access)
    assert conforms(schemas.ClientSchema(), answer)["last_name"] == renamed["last_name"]
    assert no_pii(published, {**renamed, "first_name": client["first_name"], "dob": client["dob"].isoformat()})

    assert refused(service.rpc.search_clients, {"limit": 5}, access).keys() == {"_query"}
    found = conforms(schemas.ClientCandidateSchema(), service.rpc.search_clients(renamed, access), many=True)
    assert [candidate["id"] for candidate in found] == [client["id"]]


def test_project_descriptors(service, agency, organization, project, user):
    assert refused(service.rpc.add_descriptor, "projects", organization, {**PROJECT, "project_type": 77}, user).keys() \
        == {"project_type"}
    assert refused(service.rpc.link_organization, organization, {"agency_id": "agency seven"}).keys() == {"agency_id"}

    answer, published = service.call("add_descriptor", "cocs", project,
                                     {"coc_code": "CA-601", "geocode": "069073", "zip": "92101", "state": "CA"}, user)
    conforms(schemas.DESCRIPTOR_ANSWERS["cocs"](), answer)
    assert announced(published, SERVICE)
    assert refused(service.rpc.update_descriptor, "projects", project, organization, {"operating_end_date": "soon"},
                   user).keys() == {"operating_end_date"}
    answer, published = service.call("update_descriptor", "projects", project, organization,
                                     {"project_name": "Harbor RRH"}, user)
    assert conforms(PROJECTS(), answer)["project_name"] == "Harbor RRH"
    assert announced(published, SERVICE)

    described = conforms(PROJECTS(), service.rpc.descriptor("projects", project, organization))
    assert [coc["coc_code"] for coc in described["cocs"]] == ["CA-601"]
    assert service.rpc.descriptor_owner("projects", project) == agency
    listed = conforms(ORGANIZATIONS(exclude=("projects",)), service.rpc.organizations_of(agency), many=True)
    assert [row["organization_id"] for row in listed] == [organization]
    unlinked = conforms(ORGANIZATIONS(exclude=("projects",)), service.rpc.unlinked_organizations(), many=True)
    assert organization not in [row["organization_id"] for row in unlinked]


def test_a_household_is_enrolled_served_and_exited(service, access, agency, project, client):
    client_id = str(client["id"])
    member = {"client_id": client_id, "relationship_to_hoh": 1, "living_situation": 116, "disabling_condition": 0}
    assert refused(service.rpc.enroll_household, {"project_id": project, "entry_date": ENTRY, "members": []},
                   access).keys() == {"members"}
    answer, published = service.call("enroll_household", {"project_id": project, "entry_date": ENTRY,
                                                           "members": [member]}, access)
    household = conforms(schemas.HouseholdSchema(), answer)
    assert no_pii(published, {**client, "dob": client["dob"].isoformat()})
    enrollment_id = household["enrollments"][0]["enrollment_id"]
    assert service.rpc.enrollment_sharing_facts(enrollment_id) == {
        "agency_id": agency, "client_id": client_id, "victim_service_provider": False}

    assert "date_provided" in refused(service.rpc.add_record, "service", enrollment_id,
                                      {"date_provided": "the 16th", "record_type": 200, "type_provided": 200}, access)
    for kind, body in (("service", {"date_provided": "2025-10-16", "record_type": 200, "type_provided": 200}),
                       ("exit", {"exit_date": "2025-12-01", "destination": 410})):
        answer, published = service.call("add_record", kind, enrollment_id, body, access)
        assert conforms(schemas.RecordedSchema(), answer)["enrollment_id"] == enrollment_id
        assert no_pii(published, {**client, "dob": client["dob"].isoformat()})

    record = conforms(schemas.EnrollmentRecordSchema(), service.rpc.enrollment_record(enrollment_id, access))
    assert (record["client_id"], str(record["exit"]["exit_date"])) == (client["id"], "2025-12-01")
    listed = conforms(schemas.ClientEnrollmentSchema(), service.rpc.client_enrollments(client_id, access), many=True)
    assert [row["enrollment_id"] for row in listed] == [enrollment_id]
    stay = conforms(schemas.HouseholdStaySchema(), service.rpc.household(enrollment_id, access))
    assert [(row["enrollment_id"], str(row["exit_date"])) for row in stay["enrollments"]] == [
        (enrollment_id, "2025-12-01")]


def test_possible_duplicates_are_reviewed_linked_and_split(service, access, agency):
    namesake = person()
    first = service.rpc.create_client(namesake, access)["id"]
    answer, published = service.call("create_client", {**namesake, "first_name": "Rosamund", "ssn": None,
                                                       "ssn_data_quality": 99}, access)
    second = answer["id"]
    no_pii(published, {**namesake, "first_name": "Rosamund"})

    assert refused(service.rpc.match_reviews, {"status": "undecided"}).keys() == {"status"}
    reviews = conforms(schemas.MatchReviewSchema(), service.rpc.match_reviews({"agency_id": agency}), many=True)
    review = next(row for row in reviews if {str(row["client_id"]), str(row["candidate_id"])} == {first, second})
    review_id = str(review["id"])
    assert service.rpc.match_review_facts(review_id) == {"agency_ids": [agency]}
    assert service.rpc.pair_facts(first, second) == {"agency_ids": [agency]}

    assert refused(service.rpc.resolve_match_review, review_id, {"decision": "unsure"}, access).keys() == {"decision"}
    answer, published = service.call("resolve_match_review", review_id, {"decision": "same_person"}, access)
    assert conforms(schemas.MatchReviewSchema(), answer)["decision"] == "same_person"
    assert no_pii(published, namesake)

    assert refused(service.rpc.split_client, second, {"other_client_id": "the first"}, access).keys() \
        == {"other_client_id"}
    answer, published = service.call("split_client", second, {"other_client_id": first}, access)
    assert str(conforms(schemas.ClientSplitSchema(), answer)["other_client_id"]) == first
    assert no_pii(published, namesake)


def test_data_quality_findings_are_listed_and_counted_for_the_agency_owning_their_records(
        settings, service, access, agency, project, client):
    """Written as the rules that find them store them (no RPC writes a finding)."""
    personal_id = client["id"].hex
    rows = [{"file": "Client", "record_id": personal_id, "personal_id": personal_id, "project_id": None,
             "rule_id": "interface.client", "field": "VeteranStatus", "value": "99"},
            {"file": "Project", "record_id": project, "personal_id": None, "project_id": project,
             "rule_id": "interface.project",
             "field": "HousingType", "value": None}]
    engine = make_engine(settings.database_url("clients"))
    with engine.begin() as connection:
        connection.execute(data_quality_findings.insert(), rows)
    engine.dispose()

    assert refused(service.rpc.data_quality_findings, {"file": "Clients"}, access).keys() == {"file"}
    listed = conforms(schemas.FindingSchema(), service.rpc.data_quality_findings({"agency_id": agency}, access),
                      many=True)
    # the client the fixture made through the service has findings of its own (its missing answers): only these
    listed = [row for row in listed if row["rule_id"].startswith("interface.")]
    assert [(row["rule_id"], row["agency_id"]) for row in listed] == [
        ("interface.client", uuid.UUID(agency)), ("interface.project", uuid.UUID(agency))]
    assert listed[0]["client_id"] == client["id"] and listed[1]["client_id"] is None
    assert refused(service.rpc.data_quality_counts, {"group_by": "person"}).keys() == {"group_by"}
    counted = conforms(schemas.FindingCountSchema(), service.rpc.data_quality_counts(
        {"agency_id": agency, "group_by": "rule"}), many=True)
    assert sorted((row["rule_id"], row["findings"], row["records"]) for row in counted
                  if row["rule_id"].startswith("interface.")) == [("interface.client", 1, 1), ("interface.project", 1, 1)]


def test_victim_service_providers(service, user):
    other_agency = str(uuid.uuid4())
    assert refused(service.rpc.set_victim_service_provider, other_agency, {"victim_service_provider": "perhaps"},
                   user).keys() == {"victim_service_provider"}
    answer, published = service.call("set_victim_service_provider", other_agency, {"victim_service_provider": True},
                                     user)
    assert conforms(schemas.VictimServiceProviderSchema(), answer) == {"victim_service_provider": True,
                                                                       "agency_id": other_agency}
    announced(published, SERVICE)


def test_its_audit_trail_marks_reads_after_a_revocation(service, agency, client):
    """Another agency reads the client under a consent; the consent service revokes it; later reads under
    it are listed as under an invalid consent."""
    consent_id, client_id = str(uuid.uuid4()), str(client["id"])
    reader = access_for(str(uuid.uuid4()))
    reader["consent"] = {"consent_id": consent_id, "type": "hmis_sharing", "scope": ["profile"],
                         "start_date": (date.today() - timedelta(days=1)).isoformat(),
                         "end_date": (date.today() + timedelta(days=364)).isoformat()}
    assert refused(service.rpc.access_log, {"limit": 0}).keys() == {"limit"}
    service.feed(consent_events.REVOKED, "consent", {"consent_id": consent_id, "client_id": client_id,
                                                     "agency_id": agency, "revoked_on": date.today().isoformat()})

    def read_under_revoked_consent():
        service.rpc.get_client(client_id, reader)
        return conforms(AccessSchema(), service.rpc.access_log({"client_id": client_id, "invalid_consent": True}),
                        many=True)
    assert eventually(read_under_revoked_consent)[-1]["consent_id"] == uuid.UUID(consent_id)


def test_the_warehouse_feed_answers_records_with_verdicts_and_no_name_or_ssn(settings, service, client):
    """What the reports warehouse fetches by key: the row as kept there (the verdicts, not the name or the SSN),
    held to the feed's schemas; bad keys refused naming the field; an unknown record is no row."""
    engine = make_engine(settings.database_url("clients"))
    with engine.connect() as connection:
        personal_id, source = connection.exec_driver_sql(
            "SELECT personal_id, source FROM clients WHERE id = %(id)s", {"id": client["id"]}).one()
    engine.dispose()
    answer = conforms(warehouse.WarehouseRowsSchema(), service.rpc.warehouse_rows(
        {"file": "Client", "keys": [{"id": personal_id, "source": source}, {"id": "nobody", "source": source}]}))
    [row] = answer["rows"]
    row = conforms(warehouse.ROW_SCHEMAS["Client"](), row)
    assert (row["name_missing"], row["ssn_missing"], row["ssn_invalid"]) == (False, False, True)  # 123456789
    assert set(row) == set(warehouse.feed_columns("Client")) and "first_name" not in row and "ssn" not in row
    assert client["last_name"] not in str(answer) and "123456789" not in str(answer)
    assert conforms(warehouse.WarehouseFindingSchema(), answer["findings"], many=True) is not None
    assert refused(service.rpc.warehouse_rows, {"file": "Clients", "keys": []}).keys() == {"file", "keys"}
    assert conforms(warehouse.WarehouseSourceSchema(), service.rpc.warehouse_sources(), many=True)


def test_a_drill_down_reads_its_members_facts_without_names_then_names_audited_under_each_decision(
        settings, service, client, agency):
    """What a drill-down that shows names asks of the service: the facts the policy weighs about each member's
    client (no name), then the names of the clients the gateway allowed, each read audited under its own decision."""
    engine = make_engine(settings.database_url("clients"))
    with engine.connect() as connection:
        personal_id, source, *name = connection.exec_driver_sql(  # the name as now (earlier tests change it)
            "SELECT personal_id, source, first_name, last_name FROM clients WHERE id = %(id)s",
            {"id": client["id"]}).one()
    engine.dispose()
    facts = conforms(schemas.ReportMemberFactsSchema(), service.rpc.report_member_facts(
        {"records": [{"personal_id": personal_id, "source": source}, {"personal_id": "nobody", "source": source}]}),
        many=True)
    assert [(str(fact["client_id"]), str(fact["agency_id"]), fact["victim_service_provider"]) for fact in facts] \
        == [(str(client["id"]), agency, False)]
    read = access_for(agency)
    names = conforms(schemas.ReportMemberNameSchema(), service.rpc.report_member_names(
        {"reads": [{"client_id": str(client["id"]), "access": read}, {"client_id": str(uuid.uuid4()), "access": read}]}),
        many=True)
    assert [[answered["first_name"], answered["last_name"]] for answered in names] == [name]
    rows = conforms(AccessSchema(), service.rpc.access_log({"client_id": str(client["id"])}), many=True)
    assert [(sorted(row["fields"]), str(row["decision_id"])) for row in rows
            if row["action"] == "read_report_member_names"] == [(["first_name", "last_name"], read["decision_id"])]
    assert refused(service.rpc.report_member_names, {"reads": [{"client_id": "not-an-id"}]}).keys() == {"reads"}
