"""A read across agencies in the browser (issue 15): web/e2e/consent.mjs drives Debian's Chromium against this run's
gateway (serving web/dist over real HTTP on the real services). Agency A's case worker opens a client of agency B and is
refused, the reason in words; B's case worker records the client's release of information to A on the consent screen,
picking A by its name; A's case worker then reads the profile. axe-core on every screen."""
import uuid

import pytest

from hmis_platform.onboarding import expect
from test_web_sign_in import gateway_url, walk  # noqa: F401 - gateway_url is a fixture

pytestmark = pytest.mark.e2e
TIMEOUT_SECONDS = 240


def test_a_read_across_agencies_is_refused_in_words_without_consent_and_allowed_after_it(gateway_url, call, network,  # noqa: F811
                                                                                       lead):
    reader, owner = network.a_worker, network.b_worker
    first_name, last_name = "Shared", f"Client{uuid.uuid4().hex[:6]}"
    client_id = expect(call, "POST", "/api/v1/clients", headers=owner.headers,
                       json={"first_name": first_name, "last_name": last_name, "dob": "1979-04-05"})["id"]
    people = {role: {"username": who.username, "password": who.password} for role, who in (("reader", reader), ("owner", owner))}
    reader_agency = expect(call, "GET", f"/api/v1/agencies/{reader.agency_id}", headers=lead.headers)["name"]
    facts = {"client_id": client_id, "name": f"{first_name} {last_name}", "reader_agency_name": reader_agency}
    finished = walk("consent.mjs", gateway_url, people, facts, TIMEOUT_SECONDS)
    assert finished.returncode == 0, finished.stdout
    assert "web consent: refused across agencies without consent, read after" in finished.stdout
    # What the browser showed is what the gateway decided and audited: A's worker refused (other_agency), then reading.
    history = expect(call, "GET", f"/api/v1/audit/clients/{client_id}", headers=lead.headers)
    assert {(denial["principal_id"], tuple(denial["reasons"])) for denial in history["denials"]} == \
        {(reader.user_id, ("other_agency",))}
    assert reader.user_id in {access["principal_id"] for access in history["accesses"]}
    [release] = expect(call, "GET", f"/api/v1/clients/{client_id}/consents", headers=owner.headers)
    assert (release["type"], release["released_to"], release["status"]) == ("roi", [reader.agency_id], "active")
