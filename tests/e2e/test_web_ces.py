"""The CES screens end to end (issue 16, item 9): web/e2e/ces.mjs drives Debian's Chromium against this run's gateway
(serving web/dist over real HTTP on the real services) as a case worker (assess, list), a housing provider (post an
opening, accept the referral, edit and withdraw another opening) and the CES team (list, match, start; then its instrument, policy, requirements, a manual
rank, the sweep and the notices), with axe-core on every screen."""
import uuid

import pytest

# test_ces's own module `network` (new people it gives the CES training), not the session's shared one: no user other
# modules see is trained here. Its `ces`: the CES team, instrument, policy and projects.
from test_ces import ces, network, release_to_provider  # noqa: F401 - fixtures
from test_web_sign_in import gateway_url, walk  # noqa: F401 - gateway_url is a fixture

pytestmark = pytest.mark.e2e
TIMEOUT_SECONDS = 300


def test_the_ces_team_a_case_worker_and_a_provider_walk_a_referral_in_chromium(gateway_url, client, network,  # noqa: F811
                                                                                ces):  # noqa: F811
    suffix = uuid.uuid4().hex[:6]
    worker = network.a_worker.headers
    last_name = f"Walker{suffix}"
    person = client.post("/api/v1/clients", headers=worker, json={"first_name": "Ces", "last_name": last_name})
    assert person.status_code == 201, person.get_json()
    release_to_provider(client, network, person.get_json()["id"])  # consent to refer them to the provider's agency
    enrolled = client.post("/api/v1/enrollments", headers=worker, json={
        "project_id": ces["access_point"], "entry_date": "2026-01-05",
        "members": [{"client_id": person.get_json()["id"], "relationship_to_hoh": 1, "living_situation": 116}]})
    assert enrolled.status_code == 201, enrolled.get_json()
    people = {role: {"username": who.username, "password": who.password}
              for role, who in (("team", ces["team"]), ("worker", network.a_worker), ("provider", network.b_worker))}
    facts = {"last_name": last_name, "client_id": person.get_json()["id"], "instrument": ces["instrument"],
             "policy": f"p_{ces['instrument']}", "project_id": ces["provider_project"],
             "enrollment_id": enrolled.get_json()["enrollments"][0]["enrollment_id"], "unit": f"unit-{suffix}",
             "other_unit": f"other-{suffix}", "spare_unit": f"spare-{suffix}", "available_on": "2026-12-20"}
    finished = walk("ces.mjs", gateway_url, people, facts, TIMEOUT_SECONDS)
    assert finished.returncode == 0, finished.stdout
    assert "web ces: a case worker assessed" in finished.stdout
    referrals = client.get("/api/v1/ces/referrals?status=accepted", headers=ces["team"].headers).get_json()
    assert any(referral["provider_agency_id"] == network.b_worker.agency_id for referral in referrals)
    spare = [o for o in client.get("/api/v1/ces/openings", headers=network.b_worker.headers).get_json()
             if o["unit"] == facts["spare_unit"]]
    assert [(o["available_on"], o["status"], o["withdrawal_reason"]) for o in spare] == [
        (facts["available_on"], "withdrawn", "voucher_pulled")]
    # what the CES team's editors wrote, as the API reads it
    team = ces["team"].headers
    versions = [i for i in client.get("/api/v1/ces/instruments", headers=team).get_json() if i["code"] == ces["instrument"]]
    assert [version["version"] for version in versions] == [1, 2]
    assert versions[1]["items"] == versions[0]["items"] and versions[1]["bands"] == versions[0]["bands"]
    policies = [p for p in client.get("/api/v1/ces/policies", headers=team).get_json() if p["code"] == facts["policy"]]
    assert [key["attribute"] for key in policies[-1]["sort_keys"]] == ["days_homeless_3y", "score"]
    assert policies[-1]["workflow"]["release_consent"] == "roi_to_receiving_agency"
    requirements = client.get("/api/v1/ces/requirements", headers=team).get_json()
    assert not [r for r in requirements if r["target"] == facts["other_unit"]]
