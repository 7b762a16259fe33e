"""The case worker's work end to end (issue 15, item 2): web/e2e/casework.mjs drives Debian's Chromium against this
run's gateway (serving web/dist over real HTTP on the real services) as the demo case worker of `make run`: search
before create, intake from HUD's Client form (by keyboard only), a household enrolled with one head, a record of the
enrollment, a consent signed on screen, the data-quality findings, and the idle logoff; axe-core on every screen."""
import json
import uuid

import pytest

from hmis_platform import demo
from hmis_platform.onboarding import Person, expect, log_in
from test_web_sign_in import gateway_url, walk  # noqa: F401 - gateway_url is a fixture

pytestmark = pytest.mark.e2e
TIMEOUT_SECONDS = 420
AGENCY = "Harbor Street Outreach"


def test_the_demo_case_worker_does_their_work_in_chromium_with_no_serious_accessibility_violation(
        gateway_url, call, lead, tmp_path, monkeypatch):  # noqa: F811
    secrets = tmp_path / "demo-secrets.json"
    secrets.write_text(json.dumps({lead.username: lead.totp_secret}))  # the lead has its second factor already
    monkeypatch.setattr(demo, "SECRETS_FILE", secrets)
    demo.seed(call=call)
    plan = demo.AGENCIES[AGENCY]
    worker = log_in(call, Person(*plan["case_manager"]))
    suffix = uuid.uuid4().hex[:6]
    # The household's second member, already a client of the agency (found by the walk's member search).
    member = {"first_name": "Robin", "last_name": f"Member{suffix}", "dob": "2015-02-03"}
    expect(call, "POST", "/api/v1/clients", headers=worker.headers, json=member)
    facts = {"last_name": f"Walker{suffix}", "member_last_name": member["last_name"],
             "project": plan["projects"][0][0]}
    people = {"worker": {"username": worker.username, "password": worker.password}}
    finished = walk("casework.mjs", gateway_url, people, facts, TIMEOUT_SECONDS)
    print(finished.stdout)  # the figures (the client profile's time to interactive, its API calls)
    assert finished.returncode == 0, finished.stdout
    assert "the case worker did their work" in finished.stdout
