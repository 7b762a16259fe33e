"""The newcomer's path: `make run`'s demo data lets a demo case worker enroll a household at once."""
import json

import pytest

from hmis_platform import demo
from hmis_platform.onboarding import Person, expect, log_in
from integration.test_clients_enrollments import ENTRY

pytestmark = pytest.mark.e2e


def test_a_demo_case_worker_enrolls_a_household_in_a_project_of_their_agency(call, lead, tmp_path, monkeypatch):
    secrets = tmp_path / "demo-secrets.json"
    secrets.write_text(json.dumps({lead.username: lead.totp_secret}))  # the lead has its second factor already
    monkeypatch.setattr(demo, "SECRETS_FILE", secrets)
    demo.seed(call=call)
    for plan in demo.AGENCIES.values():
        worker = log_in(call, Person(*plan["case_manager"]))
        organizations = expect(call, "GET", "/api/v1/organizations", headers=worker.headers)
        assert len(organizations) == 1
        projects = expect(call, "GET", f"/api/v1/organizations/{organizations[0]['organization_id']}",
                          headers=worker.headers)["projects"]
        assert sorted(project["project_name"] for project in projects) == sorted(name for name, _ in plan["projects"])
        parent = expect(call, "POST", "/api/v1/clients", headers=worker.headers,
                        json={"first_name": "Demo", "last_name": "Parent", "dob": "1988-04-04"})["id"]
        child = expect(call, "POST", "/api/v1/clients", headers=worker.headers,
                       json={"first_name": "Demo", "last_name": "Child", "dob": "2019-06-06"})["id"]
        enrolled = expect(call, "POST", "/api/v1/enrollments", headers=worker.headers, json={
            "project_id": projects[0]["project_id"], "entry_date": ENTRY,
            "members": [{"client_id": parent, "relationship_to_hoh": 1, "living_situation": 101},
                        {"client_id": child, "relationship_to_hoh": 2, "living_situation": 101}]})
        assert len(enrolled["enrollments"]) == 2
    # Coordinated Entry: the demo clients are on the prioritization list, in the demo policy's order.
    team = log_in(call, Person(*demo.CES_TEAM))
    listed = expect(call, "GET", "/api/v1/ces/prioritization-list?limit=1000", headers=team.headers)
    demo_recommendations = [entry["recommendation"] for entry in listed
                            if entry["agency_id"] in {a["id"] for a in expect(call, "GET", "/api/v1/agencies",
                                                                              headers=lead.headers)
                                                      if a["name"] in demo.AGENCIES}]
    assert len(demo_recommendations) == sum(len(plan["clients"]) for plan in demo.AGENCIES.values())
    assert demo_recommendations[0] == "psh"  # Maria: chronic, the highest score
    demo.seed(call=call)  # a second run adds nothing
    assert sum(1 for agency in expect(call, "GET", "/api/v1/agencies", headers=lead.headers)
               if agency["name"] in demo.AGENCIES) == len(demo.AGENCIES)
