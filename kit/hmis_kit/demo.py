"""Demo data for a newcomer: the HMIS lead, two agencies with an admin and a case worker each, clients.

The first system administrator cannot be created through the gateway (nobody could authorize it), so it
is bootstrapped over RPC as an operator would; everything else goes through the gateway's public API,
exactly as a browser would. Running it again changes nothing. Demo passwords are for demos only.
"""
from __future__ import annotations

import time

import requests

from hmis_kit import config

LEAD_AGENCY = "Regional Task Force on the Homeless (HMIS Lead)"
ADMIN = ("admin", "harbor-admin-demo-2026")
AGENCIES = {
    "Harbor Street Outreach": {
        "agency_admin": ("outreach.admin", "outreach-admin-demo-2026"),
        "case_manager": ("outreach.worker", "outreach-worker-demo-2026"),
        "clients": [("Maria", "Lopez", "1984-03-12"), ("James", "Carter", "1961-11-02"), ("Ana", "Reyes", None)],
    },
    "Bayside Family Shelter": {
        "agency_admin": ("bayside.admin", "bayside-admin-demo-2026"),
        "case_manager": ("bayside.worker", "bayside-worker-demo-2026"),
        "clients": [("Daniel", "Nguyen", "1990-07-21"), ("Grace", "Kim", "2001-01-30")],
    },
}


def bootstrap_lead(settings: config.Settings) -> None:
    """The lead agency and its system administrator, created over RPC when missing."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from hmis_kit.errors import Conflict

    with ClusterRpcProxy(settings.nameko_config("gateway"), timeout=30) as services:
        try:
            lead = services.identity.create_agency({"name": LEAD_AGENCY, "status": "active"})
        except Conflict:
            lead = next(a for a in services.identity.list_agencies() if a["name"] == LEAD_AGENCY)
        try:
            services.identity.create_user({"username": ADMIN[0], "password": ADMIN[1], "roles": ["system_admin"],
                                           "agency_id": lead["id"]})
        except Conflict:
            pass


class Api:
    def __init__(self, url: str):
        self.url = url.rstrip("/") + "/api/v1"
        self.http = requests.Session()

    def login(self, username: str, password: str) -> "Api":
        response = self.http.post(f"{self.url}/auth/login", json={"username": username, "password": password})
        response.raise_for_status()
        self.http.headers["Authorization"] = f"Bearer {response.json()['token']}"
        return self

    def call(self, method: str, path: str, ok=(200, 201), **kwargs):
        response = self.http.request(method, f"{self.url}{path}", **kwargs)
        if response.status_code not in ok:
            raise RuntimeError(f"{method} {path}: {response.status_code} {response.text}")
        return response


def until_admitted(api: Api, timeout: float = 30) -> None:
    """Wait until the policy data has the user's agency (the policy feed follows identity's events)."""
    deadline = time.monotonic() + timeout
    while api.call("GET", "/auth/me", ok=(200, 403)).status_code != 200:
        if time.monotonic() > deadline:
            raise RuntimeError("the gateway's policy data did not learn of the agency in time")
        time.sleep(0.2)


def seed(url: str | None = None) -> None:
    settings = config.load()
    url = url or f"http://{settings.http_host}:{settings.http_port('gateway')}"
    bootstrap_lead(settings)
    admin = Api(url).login(*ADMIN)
    until_admitted(admin)
    existing = {a["name"]: a["id"] for a in admin.call("GET", "/agencies").json()}
    for name, plan in AGENCIES.items():
        agency_id = existing.get(name) or admin.call("POST", "/agencies", json={"name": name}).json()["id"]
        for role in ("agency_admin", "case_manager"):
            username, password = plan[role]
            admin.call("POST", "/users", ok=(201, 409),
                       json={"username": username, "password": password, "roles": [role], "agency_id": agency_id})
        agency_admin = Api(url).login(*plan["agency_admin"])
        worker = Api(url).login(*plan["case_manager"])
        until_admitted(worker)
        if not agency_admin.call("GET", "/reports/clients-per-agency").json():
            for first, last, dob in plan["clients"]:
                worker.call("POST", "/clients", json={"first_name": first, "last_name": last, "dob": dob})


def seed_when_ready(url: str, timeout: float = 60) -> None:
    """For `hmis run`: wait for the gateway to be ready, seed, then print how to log in."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if requests.get(f"{url}/ready", timeout=2).status_code == 200:
                break
        except requests.ConnectionError:
            pass
        if time.monotonic() > deadline:
            print(f"demo  | the gateway at {url} was not ready within {timeout:.0f}s; run `hmis seed` later", flush=True)
            return
        time.sleep(0.5)
    try:
        seed(url)
    except Exception as error:  # noqa: BLE001 - the platform keeps running; say what went wrong
        print(f"demo  | seeding failed: {error}", flush=True)
        return
    logins = [ADMIN] + [plan[role] for plan in AGENCIES.values() for role in ("agency_admin", "case_manager")]
    lines = [f"Harbor HMIS is up: {url}  (API under {url}/api/v1, OpenAPI at {url}/openapi.json)",
             "Demo logins (username / password):"] + [f"  {u} / {p}" for u, p in logins]
    print("\n".join(f"demo  | {line}" for line in lines), flush=True)
