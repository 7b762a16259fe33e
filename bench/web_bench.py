"""The web app's client profile: its time to interactive in Chromium, against the platform started as separate
processes (bench/platform.py), the gateway serving this tree's web/dist (`make bench` builds it first).

A licensed case worker of a new agency records one client, then web/e2e/profile-timing.mjs signs them in to Chromium
and opens the client's profile afresh LOADS times after a warm-up load, each timed from navigation until the header's
name is on screen. Issue 15's target: 1 s, held by the median here. The baseline, in the same run: the profile's data
call alone (`GET /clients/{id}/summary`) over HTTP, LOADS times. Run: python -m bench.web_bench [loads]
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

LOADS = 10
TARGET_MS = 1000
WEB = Path(__file__).resolve().parents[1] / "web"
SCRIPT = WEB / "e2e" / "profile-timing.mjs"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TIMEOUT_SECONDS = 300
CLIENT = {"first_name": "Bench", "last_name": "Profile", "dob": "1975-06-01"}


def run(loads: int = LOADS) -> dict:
    from bench.platform import new_worker, running_platform
    from hmis_gateway import web_app
    from hmis_platform.onboarding import expect

    if not (web_app.dist() / web_app.INDEX).is_file() or not (WEB / "node_modules").is_dir():
        raise RuntimeError("the web app is not built: `make web` (make bench does it first)")
    if not Path(CHROMIUM).is_file():
        raise RuntimeError(f"no Chromium at {CHROMIUM}: `make chromium` installs Debian's")
    with running_platform() as platform:
        worker = new_worker(platform, "Web Benchmark Agency")
        client_id = expect(platform.call, "POST", "/api/v1/clients", headers=worker.headers, json=CLIENT)["id"]
        env = {**os.environ, "HMIS_WEB_URL": platform.url, "CHROMIUM": CHROMIUM, "HMIS_PROFILE_LOADS": str(loads),
               "HMIS_WEB_PEOPLE": json.dumps({"worker": {"username": worker.username, "password": worker.password}}),
               "HMIS_WEB_FACTS": json.dumps({"client_id": client_id,
                                             "name": f"{CLIENT['first_name']} {CLIENT['last_name']}"})}
        timed = subprocess.run(["node", str(SCRIPT)], env=env, cwd=WEB, capture_output=True, text=True,
                               timeout=TIMEOUT_SECONDS)
        load_average = os.getloadavg()[0]
        summary_ms = _summary_ms(f"{platform.url}/api/v1/clients/{client_id}/summary", worker.headers, loads)
    if timed.returncode != 0:
        raise RuntimeError(f"profile-timing.mjs failed ({timed.returncode}): {timed.stdout}{timed.stderr}")
    figures = json.loads(timed.stdout.strip().splitlines()[-1])
    loads_ms = figures["loads_ms"]
    return {"loads": len(loads_ms), "warm_up_ms": figures["warm_up_ms"], "median_ms": statistics.median(loads_ms),
            "fastest_ms": min(loads_ms), "slowest_ms": max(loads_ms), "target_ms": TARGET_MS,
            "load_average": round(load_average, 1), "summary_ms": summary_ms}


def _summary_ms(address: str, headers: dict, times: int) -> float:
    """The median of `times` reads of the profile's one data call, over one HTTP connection (after one to warm up)."""
    with requests.Session() as http:
        http.headers.update(headers)
        http.get(address).raise_for_status()
        taken = []
        for _ in range(times):
            started = time.perf_counter()
            http.get(address).raise_for_status()
            taken.append((time.perf_counter() - started) * 1000)
    return statistics.median(taken)


def report(result: dict) -> str:
    met = "met" if result["median_ms"] <= result["target_ms"] else "missed"
    return "\n".join([
        f"web app: the client profile's time to interactive in Chromium (navigation until the header's name is on "
        f"screen), {result['loads']} loads after a warm-up ({result['warm_up_ms']} ms), load average "
        f"{result['load_average']}",
        f"  median {result['median_ms']:>6.0f} ms   fastest {result['fastest_ms']:>6.0f} ms   slowest "
        f"{result['slowest_ms']:>6.0f} ms   target {result['target_ms']} ms: {met} (by the median)",
        f"  the profile's data call alone (GET /clients/{{id}}/summary over HTTP): median {result['summary_ms']:>6.0f} ms",
        f"  ratio profile / its data call  {result['median_ms'] / result['summary_ms']:>6.1f}",
    ])


if __name__ == "__main__":
    print(report(run(int(sys.argv[1]) if len(sys.argv) > 1 else LOADS)))
