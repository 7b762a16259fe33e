"""Demo data for a newcomer: the HMIS lead, two agencies each with an administrator and a case worker
(licensed and trained), the HUD organization each runs with its projects (so a case worker can enroll a
household at once), and a few clients; for Coordinated Entry, a CES team member, a triage instrument and a
prioritization policy, and the demo clients enrolled at their agency's first project and assessed, so the
prioritization list has people on it (docs/ces.md). Demo passwords and TOTP secrets are for demos only.

The first system administrator cannot be created through the gateway (nobody could authorize it), so
it is bootstrapped over RPC as an operator would; everything else goes through the public API exactly
as a browser would (see onboarding.py). TOTP secrets are shown once by the API, so the seed keeps them
in `.run/demo-secrets.json` to log in again on the next run.
"""
from __future__ import annotations

import json
import time
from contextlib import suppress
from datetime import date
from pathlib import Path

import requests

from hmis_kit import config
from hmis_platform.components import gateway_url
from hmis_platform.onboarding import (Person, enroll_second_factor, expect, log_in_with_a_kept_secret, onboard,
                                      record_required_training, wait_until_allowed)

LEAD_AGENCY = "Regional Task Force on the Homeless (HMIS Lead)"
ADMIN = ("admin", "harbor-lead-demo-2026")
AGENCIES = {
    "Harbor Street Outreach": {
        "agency_admin": ("outreach.admin", "outreach-admin-demo-2026"),
        "case_manager": ("outreach.worker", "outreach-worker-demo-2026"),
        # Each client with the answers to the demo triage and the facts recorded beside them (CES_FACTS).
        "clients": [("Maria", "Lopez", "1984-03-12"), ("James", "Carter", "1961-11-02"), ("Ana", "Reyes", None)],
        # HUD 2.02 project types: 4 street outreach, 6 services only
        "projects": [("Harbor Street Outreach - Downtown", 4), ("Harbor Services Center", 6)],
    },
    "Bayside Family Shelter": {
        "agency_admin": ("bayside.admin", "bayside-admin-demo-2026"),
        "case_manager": ("bayside.worker", "bayside-worker-demo-2026"),
        "clients": [("Daniel", "Nguyen", "1990-07-21"), ("Grace", "Kim", "2001-01-30")],
        # HUD 2.02 project types: 0 emergency shelter (entry/exit), 13 rapid re-housing (13 needs its sub type)
        "projects": [("Bayside Family Shelter", 0), ("Bayside Rapid Re-Housing", 13)],
    },
}
# Coordinated Entry: the CES team, the demo instrument and policy (docs/ces.md has them explained), and each demo
# client's triage answers and facts, by first name.
CES_TEAM = ("ces.team", "ces-team-demo-2026")
CES_INSTRUMENT = {
    "code": "harbor_triage", "name": "Harbor triage", "effective_from": "2025-10-01",
    "items": [
        {"code": "nights_outside", "question": "Nights slept outside in the last 30 days", "weight": 2,
         "options": [{"code": "none", "label": "None", "points": 0}, {"code": "some", "label": "1 to 14", "points": 1},
                     {"code": "most", "label": "15 or more", "points": 3}]},
        {"code": "er_visits", "question": "Emergency room visits in the last 6 months",
         "options": [{"code": "none", "label": "None", "points": 0}, {"code": "one_two", "label": "1 or 2", "points": 1},
                     {"code": "three_plus", "label": "3 or more", "points": 3}]},
        {"code": "health", "question": "A chronic health condition or disability",
         "options": [{"code": "no", "label": "No", "points": 0}, {"code": "yes", "label": "Yes", "points": 2}]},
    ],
    "bands": [{"min_score": 0, "band": "low", "recommendation": "diversion"},
              {"min_score": 4, "band": "moderate", "recommendation": "rrh"},
              {"min_score": 8, "band": "high", "recommendation": "psh"}],
}
CES_POLICY = {
    "code": "harbor_psh", "name": "CPD-14-012 order for PSH", "effective_from": "2025-10-01", "seed": 601,
    "sort_keys": [{"attribute": "chronic", "direction": "desc", "missing": "last"},
                  {"attribute": "score", "direction": "desc", "missing": "last"},
                  {"attribute": "days_homeless_3y", "direction": "desc", "missing": "last"},
                  {"attribute": "unsheltered_nights", "direction": "desc", "missing": "last"},
                  {"attribute": "assessed_on", "direction": "asc", "missing": "last"}],
    "workflow": {"deadline_days": {"pending": 3, "in_process": 7}, "stall_days": 2,
                 "park_days": {"client": 30, "provider": None, "expired": None},
                 "decline_reasons": [{"code": "client_refused_location", "by": "client"},
                                     {"code": "client_unreachable", "by": "client"},
                                     {"code": "provider_no_capacity", "by": "provider"},
                                     {"code": "provider_needs_too_high", "by": "provider"}],
                 "override_reasons": ["case_conference", "safety_emergency", "data_error"]},
}
CES_ASSESSMENTS = {
    "Maria": ({"nights_outside": "most", "er_visits": "three_plus", "health": "yes"},
              {"chronic": True, "days_homeless_3y": 540, "unsheltered_nights": 300, "household_type": "adult_only",
               "age": 42, "disability_verified": True}),
    "James": ({"nights_outside": "some", "er_visits": "one_two", "health": "yes"},
              {"chronic": True, "veteran": True, "days_homeless_3y": 400, "household_type": "adult_only", "age": 64}),
    "Ana": ({"nights_outside": "none", "er_visits": "none", "health": "no"}, {"household_type": "youth", "age": 22}),
    "Daniel": ({"nights_outside": "some", "er_visits": "one_two", "health": "no"},
               {"chronic": False, "days_homeless_3y": 90, "household_type": "with_children", "age": 35}),
    "Grace": ({"nights_outside": "most", "er_visits": "none", "health": "no"},
              {"chronic": False, "days_homeless_3y": 200, "unsheltered_nights": 120, "household_type": "youth",
               "age": 25}),
}
# The demo projects' CoC (2.03): a San Diego CoC code and place.
DEMO_COC = {"coc_code": "CA-601", "geocode": "069073", "zip": "92101", "state": "CA"}
SECRETS_FILE = Path(".run/demo-secrets.json")


def bootstrap_lead(settings: config.Settings) -> None:
    """The lead agency and its system administrator, created over RPC when missing."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from hmis_kit.errors import Conflict

    with ClusterRpcProxy(settings.nameko_config(), timeout=30) as services:
        try:
            lead = services.identity.create_agency({"name": LEAD_AGENCY, "status": "active"})
        except Conflict:
            lead = next(a for a in services.identity.list_agencies() if a["name"] == LEAD_AGENCY)
        with suppress(Conflict):  # the administrator exists from an earlier run
            services.identity.create_user({"username": ADMIN[0], "password": ADMIN[1], "roles": ["system_admin"],
                                           "agency_id": lead["id"]})


def http_caller(url: str):
    http = requests.Session()

    def call(method: str, path: str, headers: dict | None = None, json: dict | None = None):
        response = http.request(method, url.rstrip("/") + path, headers=headers, json=json, timeout=30)
        return response.status_code, (response.json() if response.content else None)

    return call


def _secrets() -> dict:
    return json.loads(SECRETS_FILE.read_text()) if SECRETS_FILE.exists() else {}


def _keep_secret(person: Person) -> None:
    SECRETS_FILE.parent.mkdir(exist_ok=True)
    SECRETS_FILE.write_text(json.dumps({**_secrets(), person.username: person.totp_secret}, indent=2))


def seed(url: str | None = None, call=None) -> list[Person]:
    """Seed what is missing through the gateway at `url` (or through `call`, onboarding's caller); returns
    the demo people (for printing their logins)."""
    settings = config.load()
    url = url or gateway_url(settings)
    call = call or http_caller(url)
    bootstrap_lead(settings)
    try:
        lead = log_in_with_a_kept_secret(call, Person(*ADMIN, totp_secret=_secrets().get(ADMIN[0])))
    except Exception as error:
        if SECRETS_FILE.exists():
            raise
        raise RuntimeError(f"the demo administrators' TOTP secrets ({SECRETS_FILE}) are lost; start the demo afresh "
                           "with `.venv/bin/hmis db reset --yes`, then `make run` (README: starting over)") from error
    if not lead.totp_secret:
        wait_until_allowed(call, lead, "mfa:enroll")  # once the policy data knows the lead agency
        _keep_secret(enroll_second_factor(call, lead))
    wait_until_allowed(call, lead, "agencies:create")
    people = [lead]
    existing = {a["name"] for a in expect(call, "GET", "/api/v1/agencies", headers=lead.headers)}
    team = Person(*CES_TEAM)
    people.append(team)
    if not existing & set(AGENCIES):
        _set_up_ces(call, lead, team)
    for name, plan in AGENCIES.items():
        admin = Person(*plan["agency_admin"], totp_secret=_secrets().get(plan["agency_admin"][0]))
        worker = Person(*plan["case_manager"])
        people += [admin, worker]
        if name in existing:
            continue
        agency = expect(call, "POST", "/api/v1/agencies", headers=lead.headers, json={"name": name})
        onboard(call, lead, lead, admin, ["agency_admin"], agency["id"], "users:create")
        _keep_secret(admin)
        onboard(call, lead, admin, worker, ["case_manager"], agency["id"], "clients:create")
        access_point = add_projects(call, lead, admin, name, agency["id"], plan["projects"])
        record_required_training(call, lead, worker, ("ces_workflow",))
        wait_until_allowed(call, worker, "ces:assess")
        for first, last, dob in plan["clients"]:
            client = expect(call, "POST", "/api/v1/clients", headers=worker.headers,
                            json={"first_name": first, "last_name": last, "dob": dob})
            _assess(call, worker, access_point, client["id"], *CES_ASSESSMENTS[first])
    return people


def _set_up_ces(call, lead: Person, team: Person) -> None:
    """The CES team (a ces_user of the HMIS lead, CES-trained) and the community's instrument and policy."""
    onboard(call, lead, lead, team, ["ces_user"], lead.agency_id, "clients:read")
    record_required_training(call, lead, team, ("ces_workflow",))
    wait_until_allowed(call, team, "ces:manage")
    expect(call, "POST", "/api/v1/ces/instruments", headers=team.headers, json=CES_INSTRUMENT)
    expect(call, "POST", "/api/v1/ces/policies", headers=team.headers, json=CES_POLICY)


def _assess(call, worker: Person, project_id: str, client_id: str, answers: dict, facts: dict) -> None:
    """Enroll a demo client at their agency's access point and assess them with the demo triage."""
    today = date.today().isoformat()
    enrolled = expect(call, "POST", "/api/v1/enrollments", headers=worker.headers, json={
        "project_id": project_id, "entry_date": today,
        "members": [{"client_id": client_id, "relationship_to_hoh": 1, "living_situation": 116}]})
    expect(call, "POST", "/api/v1/ces/assessments", headers=worker.headers, json={
        "enrollment_id": enrolled["enrollments"][0]["enrollment_id"], "instrument": CES_INSTRUMENT["code"],
        "assessed_on": today, "assessment_location": "Access point", "assessment_type": 3, "answers": answers,
        "facts": facts})


def add_projects(call, lead: Person, admin: Person, name: str, agency_id: str, projects: list) -> str:
    """The HMIS lead adds the agency's HUD organization and links it; the agency's administrator adds its
    projects (2.02) and their CoC (2.03), as they would through the API. Returns the first project's id."""
    added = []
    organization = expect(call, "POST", "/api/v1/organizations", headers=lead.headers,
                          json={"organization_name": name, "victim_service_provider": 0})["organization_id"]
    expect(call, "PUT", f"/api/v1/organizations/{organization}/agency", headers=lead.headers,
           json={"agency_id": agency_id})
    for project_name, project_type in projects:
        project = expect(call, "POST", f"/api/v1/organizations/{organization}/projects", headers=admin.headers, json={
            "project_name": project_name, "operating_start_date": "2025-10-01", "continuum_project": 1,
            "project_type": project_type, **({"rrh_sub_type": 2} if project_type == 13 else {})})["project_id"]
        expect(call, "POST", f"/api/v1/projects/{project}/cocs", headers=admin.headers, json=DEMO_COC)
        added.append(project)
    return added[0]


def wait_until_ready(url: str, timeout: float) -> bool:
    """Poll the gateway's /ready until it answers 200 (True) or the time is up (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with suppress(requests.ConnectionError, requests.Timeout):  # not listening yet, or too busy starting
            if requests.get(f"{url}/ready", timeout=2).status_code == 200:
                return True
        time.sleep(0.3)
    return False


def seed_when_ready(url: str, timeout: float = 90) -> None:
    """For `hmis run`: wait for the gateway to be ready, seed, then print how to log in."""
    if not wait_until_ready(url, timeout):
        print(f"demo  | the gateway at {url} was not ready within {timeout:.0f}s; run `hmis seed` later", flush=True)
        return
    try:
        people = seed(url)
    except Exception as error:  # noqa: BLE001 - the platform keeps running; say what went wrong
        print(f"demo  | seeding failed: {error}", flush=True)
        return
    lines = [f"Harbor HMIS is up: the web app at {url}/  (API under {url}/api/v1, OpenAPI at {url}/openapi.json)",
             "Demo logins (username / password / TOTP secret for administrators):"]
    lines += [f"  {p.username} / {p.password}" + (f" / {p.totp_secret}" if p.totp_secret else "") for p in people]
    lines += ["A TOTP code: .venv/bin/python -c 'import pyotp,sys; print(pyotp.TOTP(sys.argv[1]).now())' SECRET",
              f"(secrets are kept in {SECRETS_FILE})"]
    print("\n".join(f"demo  | {line}" for line in lines), flush=True)
