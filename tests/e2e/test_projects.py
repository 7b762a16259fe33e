"""Project descriptors (HUD 2.01-2.09) through the gateway: the HMIS lead adds an organization and links
it to the agency running it; that agency's administrator manages its projects, which its case workers read
and enroll clients in; no other agency's administrator touches them."""
import pytest

from clients.contract import events
from hmis_kit.db import make_engine
from hmis_platform.onboarding import expect
from integration.test_clients_enrollments import ENTRY
from support import announced_changes

pytestmark = pytest.mark.e2e
API = "/api/v1"
PROJECT = {"project_name": "Harbor Rapid Rehousing", "operating_start_date": "2025-01-01", "continuum_project": 1,
           "project_type": 13, "rrh_sub_type": 2}
COC = {"coc_code": "CA-601", "geocode": "069073", "zip": "92101", "state": "CA"}
INVENTORY = {"coc_code": "CA-601", "household_type": 1, "unit_inventory": 10, "bed_inventory": 12,
             "vet_bed_inventory": 4, "other_bed_inventory": 8, "inventory_start_date": "2025-01-01"}


@pytest.fixture(scope="module")
def organization(call, lead, network) -> str:
    """An organization agency A runs, set up by the HMIS lead."""
    organization_id = expect(call, "POST", f"{API}/organizations", headers=lead.headers,
                             json={"organization_name": "Harbor House", "victim_service_provider": 0})["organization_id"]
    expect(call, "PUT", f"{API}/organizations/{organization_id}/agency", headers=lead.headers,
           json={"agency_id": network.a_admin.agency_id})
    return organization_id


@pytest.fixture
def project(call, network, organization) -> str:
    return expect(call, "POST", f"{API}/organizations/{organization}/projects", headers=network.a_admin.headers,
                  json=PROJECT)["project_id"]


def test_an_agency_admin_describes_its_project_and_its_case_workers_enroll_in_it(client, network, project,
                                                                                 organization, new_client):
    headers, base = network.a_admin.headers, f"{API}/projects/{project}"
    for path, body in (("cocs", COC), ("inventory", INVENTORY),
                       ("funders", {"funder": 2, "grant_id": "CA0001", "start_date": "2025-01-01"}),
                       ("hmis-participation", {"hmis_participation_type": 1,
                                               "hmis_participation_status_start_date": "2025-01-01"}),
                       ("ce-participation", {"access_point": 0, "receives_referrals": 1,
                                             "ce_participation_status_start_date": "2025-01-01"})):
        response = client.post(f"{base}/{path}", headers=headers, json=body)
        assert response.status_code == 201, (path, response.get_json())
    described = client.get(base, headers=network.a_worker.headers).get_json()
    assert described["inventory"][0]["bed_inventory"] == 12 and described["cocs"][0]["coc_code"] == "CA-601"
    assert [len(described[name]) for name in ("funders", "hmis_participation", "ce_participation", "affiliations")] \
        == [1, 1, 1, 0]
    funder_id = described["funders"][0]["funder_id"]
    changed = client.put(f"{base}/funders/{funder_id}", headers=headers, json={"end_date": "2026-06-30"})
    assert changed.status_code == 200 and changed.get_json()["end_date"] == "2026-06-30"
    assert client.get(f"{base}/funders/{funder_id}", headers=headers).get_json()["grant_id"] == "CA0001"
    renamed = client.put(base, headers=headers, json={"project_name": "Harbor RRH"})
    assert renamed.status_code == 200 and renamed.get_json()["project_name"] == "Harbor RRH"
    listed = client.get(f"{API}/organizations", headers=headers).get_json()
    assert organization in [row["organization_id"] for row in listed]
    assert client.get(f"{API}/organizations/{organization}", headers=headers).get_json()["agency_id"] == \
        network.a_admin.agency_id
    enrolled = client.post(f"{API}/enrollments", headers=network.a_worker.headers, json={
        "project_id": project, "entry_date": ENTRY,
        "members": [{"client_id": new_client["id"], "relationship_to_hoh": 1}]})
    assert enrolled.status_code == 201, enrolled.get_json()


def test_a_change_is_announced_with_ids_codes_and_dates(client, network, project, settings):
    client.put(f"{API}/projects/{project}", headers=network.a_admin.headers, json={"operating_end_date": "2026-12-31"})
    engine = make_engine(settings.database_url("clients"))
    announced = announced_changes(engine, events.CHANGED["Project"], "project_id", project)
    engine.dispose()
    assert [change["op"] for change in announced] == [events.CREATED, events.UPDATED]
    assert announced[1]["operating_end_date"] == "2026-12-31" and "project_name" not in announced[1]


@pytest.mark.parametrize(("body", "fields"), [
    ({**PROJECT, "operating_end_date": "2024-12-31"}, {"operating_end_date": ["before operating_start_date"]}),
    ({**PROJECT, "project_type": 0}, {"rrh_sub_type": ["only when ProjectType is 13"]}),
    ({**PROJECT, "project_type": 5}, {"project_type": ["Must be one of: 0, 1, 2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14."]}),
])
def test_a_project_breaking_huds_rules_is_refused_naming_the_field(client, network, organization, body, fields):
    response = client.post(f"{API}/organizations/{organization}/projects", headers=network.a_admin.headers, json=body)
    assert response.status_code == 422 and response.get_json()["fields"] == fields


@pytest.mark.parametrize(("path", "body", "fields"), [
    ("cocs", {**COC, "coc_code": "CA601"}, {"coc_code": ["must look like CA-601"]}),
    ("inventory", {**INVENTORY, "bed_inventory": -1, "vet_bed_inventory": None, "other_bed_inventory": None},
     {"bed_inventory": ["Must be greater than or equal to 0."]}),
    ("inventory", {**INVENTORY, "bed_inventory": 13}, {"bed_inventory": [
        "must equal the sum of ch_vet_bed_inventory, youth_vet_bed_inventory, vet_bed_inventory, "
        "ch_youth_bed_inventory, youth_bed_inventory, ch_bed_inventory, other_bed_inventory"]}),
    ("inventory", {**INVENTORY, "coc_code": "CA-600"}, {"coc_code": ["not a CoC of the project (add it under cocs first)"]}),
    ("funders", {"funder": 2, "grant_id": "G", "start_date": "2025-02-01", "end_date": "2025-01-31"},
     {"end_date": ["before start_date"]}),
    ("affiliations", {"res_project_id": "nosuchproject"}, {"res_project_id": ["unknown project"]}),
    ("ce-participation", {"access_point": 3, "receives_referrals": 1, "ce_participation_status_start_date": "2025-01-01"},
     {"access_point": ["Must be one of: 0, 1."]}),
])
def test_a_descriptor_breaking_huds_rules_is_refused_naming_the_field(client, network, project, path, body, fields):
    headers = network.a_admin.headers
    assert client.post(f"{API}/projects/{project}/cocs", headers=headers, json=COC).status_code == 201
    response = client.post(f"{API}/projects/{project}/{path}", headers=headers, json=body)
    assert response.status_code == 422 and response.get_json()["fields"] == fields, response.get_json()


def test_an_affiliation_names_another_existing_project(client, network, project, organization):
    other = client.post(f"{API}/organizations/{organization}/projects", headers=network.a_admin.headers,
                        json={**PROJECT, "project_type": 3, "rrh_sub_type": None}).get_json()["project_id"]
    response = client.post(f"{API}/projects/{project}/affiliations", headers=network.a_admin.headers,
                           json={"res_project_id": other})
    assert response.status_code == 201 and response.get_json()["res_project_id"] == other


def test_another_agencys_admin_neither_reads_nor_changes_a_project(client, network, project):
    for method, path, body in (("GET", f"/projects/{project}", None), ("PUT", f"/projects/{project}", {"project_name": "X"}),
                               ("POST", f"/projects/{project}/cocs", COC)):
        response = client.open(f"{API}{path}", method=method, headers=network.b_admin.headers, json=body)
        assert response.status_code == 403 and response.get_json()["reasons"] == ["other_agency"], (method, path)


def test_case_workers_read_projects_but_do_not_manage_them(client, network, project, organization):
    assert client.get(f"{API}/projects/{project}", headers=network.a_worker.headers).status_code == 200
    for method, path, body in (("PUT", f"/projects/{project}", {"project_name": "X"}),
                               ("POST", f"/organizations/{organization}/projects", PROJECT)):
        response = client.open(f"{API}{path}", method=method, headers=network.a_worker.headers, json=body)
        assert response.status_code == 403 and response.get_json()["reasons"] == ["role_not_permitted"]


def test_only_the_hmis_lead_adds_organizations_and_says_who_runs_them(client, network, organization):
    added = client.post(f"{API}/organizations", headers=network.a_admin.headers,
                        json={"organization_name": "Mine", "victim_service_provider": 0})
    assert added.status_code == 403 and added.get_json()["reasons"] == ["role_not_permitted"]
    linked = client.put(f"{API}/organizations/{organization}/agency", headers=network.b_admin.headers,
                        json={"agency_id": network.b_admin.agency_id})
    assert linked.status_code == 403


def test_an_unlinked_organization_is_the_hmis_leads_alone(client, lead, network):
    organization_id = client.post(f"{API}/organizations", headers=lead.headers, json={
        "organization_name": "Unlinked", "victim_service_provider": 0}).get_json()["organization_id"]
    assert client.get(f"{API}/organizations/{organization_id}", headers=lead.headers).get_json()["agency_id"] is None
    assert client.get(f"{API}/organizations/{organization_id}", headers=network.a_admin.headers).status_code == 403
    unknown = client.put(f"{API}/organizations/{organization_id}/agency", headers=lead.headers,
                         json={"agency_id": "00000000-0000-4000-8000-0000000000ff"})
    assert unknown.status_code == 404


def test_the_hmis_lead_lists_the_organizations_no_agency_runs_until_one_is_linked(client, lead, network, organization):
    def unlinked() -> list[str]:
        response = client.get(f"{API}/unlinked-organizations", headers=lead.headers)
        assert response.status_code == 200, response.get_json()
        return [row["organization_id"] for row in response.get_json()]

    organization_id = client.post(f"{API}/organizations", headers=lead.headers, json={
        "organization_name": "Awaiting its agency", "victim_service_provider": 0}).get_json()["organization_id"]
    assert organization_id in unlinked() and organization not in unlinked()
    refused = client.get(f"{API}/unlinked-organizations", headers=network.a_admin.headers)
    assert refused.status_code == 403 and refused.get_json()["reasons"] == ["role_not_permitted"]
    client.put(f"{API}/organizations/{organization_id}/agency", headers=lead.headers,
               json={"agency_id": network.b_admin.agency_id})
    assert organization_id not in unlinked()


def test_unknown_descriptors_are_not_found(client, network, project, lead):
    assert client.get(f"{API}/projects/nosuchproject", headers=lead.headers).status_code == 404
    assert client.get(f"{API}/projects/{project}/funders/nosuchfunder", headers=network.a_admin.headers).status_code == 404
