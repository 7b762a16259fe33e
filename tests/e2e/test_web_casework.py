"""The case worker's work end to end (issue 15, item 2): web/e2e/casework.mjs drives Debian's Chromium against this
run's gateway (serving web/dist over real HTTP on the real services) as the demo case worker of `make run`: search
before create, intake from HUD's Client form (by keyboard only), a household enrolled with one head, a record of the
enrollment, a consent signed on screen, the data-quality findings, and the idle logoff; axe-core on every screen."""
import json
import os
import uuid
from pathlib import Path

import pytest

from hmis_gateway import web_app
from hmis_platform import demo
from hmis_platform.onboarding import Person, expect, log_in
from test_web_sign_in import CHROMIUM, WEB, gateway_url, run_green  # noqa: F401 - gateway_url is a fixture

pytestmark = pytest.mark.e2e
SCRIPT = WEB / "e2e" / "casework.mjs"
TIMEOUT_SECONDS = 420
AGENCY = "Harbor Street Outreach"


def test_the_demo_case_worker_does_their_work_in_chromium_with_no_serious_accessibility_violation(
        gateway_url, call, lead, tmp_path, monkeypatch):  # noqa: F811
    if not (web_app.dist() / web_app.INDEX).is_file() or not (WEB / "node_modules").is_dir():
        pytest.fail("the web app is not built: `make web` (make test does it first)")
    assert Path(CHROMIUM).is_file(), f"no Chromium at {CHROMIUM}: `make chromium` installs Debian's"
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
    env = {**os.environ, "HMIS_WEB_URL": gateway_url, "CHROMIUM": CHROMIUM, "HMIS_WEB_FACTS": json.dumps(facts),
           "HMIS_WEB_PEOPLE": json.dumps({"worker": {"username": worker.username, "password": worker.password}}),
           "HMIS_WEB_SCREENSHOTS": os.environ.get("HMIS_WEB_SCREENSHOTS", str(WEB / "e2e-output" / "screenshots"))}
    finished = run_green(["node", str(SCRIPT)], env, TIMEOUT_SECONDS)
    print(finished.stdout)  # the figures (the client profile's time to interactive, its API calls)
    assert finished.returncode == 0, finished.stdout
    assert "the case worker did their work" in finished.stdout
