"""The web app end to end: Playwright drives Debian's Chromium (web/e2e/sign-in.mjs) against this run's gateway,
served over real HTTP with the built app (web/dist, `make web`), on the real services."""
import json
import os
import subprocess
from pathlib import Path

import eventlet
import eventlet.wsgi
import pytest

from hmis_gateway import web_app

pytestmark = pytest.mark.e2e
WEB = Path(__file__).resolve().parents[2] / "web"
SCRIPT = WEB / "e2e" / "sign-in.mjs"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TIMEOUT_SECONDS = 90


@pytest.fixture(scope="module")
def gateway_url(app):
    """The gateway on a port of its own, on this process's eventlet hub beside the services."""
    listener = eventlet.listen(("127.0.0.1", 0))
    server = eventlet.spawn(eventlet.wsgi.server, listener, app, log_output=False)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    server.kill()
    listener.close()


def run_green(command: list[str], env: dict, timeout: float) -> subprocess.CompletedProcess:
    """A child process waited for without blocking the hub the gateway and services answer on."""
    with subprocess.Popen(command, env=env, cwd=WEB, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) as child:
        for _ in range(int(timeout * 10)):
            if child.poll() is not None:
                break
            eventlet.sleep(0.1)
        else:
            child.kill()
        return subprocess.CompletedProcess(command, child.wait(), child.stdout.read(), "")


def web_app_and_chromium_ready() -> None:
    """Fail at once, saying what to run, when the app is not built or Chromium is missing."""
    if not (web_app.dist() / web_app.INDEX).is_file() or not (WEB / "node_modules").is_dir():
        pytest.fail("the web app is not built: `make web` (make test does it first)")
    assert Path(CHROMIUM).is_file(), f"no Chromium at {CHROMIUM}: `make chromium` installs Debian's"


def walk(script: str, gateway_url: str, people: dict, facts: dict, timeout: float) -> subprocess.CompletedProcess:
    """Node runs web/e2e/<script> against the gateway at `gateway_url`, signing in `people` ({role: {username,
    password, totp?}}, HMIS_WEB_PEOPLE) and given `facts` (HMIS_WEB_FACTS); screenshots go to HMIS_WEB_SCREENSHOTS
    (web/e2e-output/screenshots by default)."""
    web_app_and_chromium_ready()
    env = {**os.environ, "HMIS_WEB_URL": gateway_url, "HMIS_WEB_PEOPLE": json.dumps(people),
           "HMIS_WEB_FACTS": json.dumps(facts), "CHROMIUM": CHROMIUM,
           "HMIS_WEB_SCREENSHOTS": os.environ.get("HMIS_WEB_SCREENSHOTS", str(WEB / "e2e-output" / "screenshots"))}
    return run_green(["node", str(WEB / "e2e" / script)], env, timeout)


def test_a_case_worker_signs_in_in_chromium_sees_their_name_and_signs_out(gateway_url, network, tmp_path):
    web_app_and_chromium_ready()
    env = {**os.environ, "HMIS_WEB_URL": gateway_url, "HMIS_WEB_USERNAME": network.a_worker.username,
           "HMIS_WEB_PASSWORD": network.a_worker.password, "CHROMIUM": CHROMIUM,
           "HMIS_WEB_SCREENSHOTS": os.environ.get("HMIS_WEB_SCREENSHOTS", str(tmp_path))}
    finished = run_green(["node", str(SCRIPT)], env, TIMEOUT_SECONDS)
    assert finished.returncode == 0, finished.stdout
    assert "signed in, saw the name, signed out" in finished.stdout
