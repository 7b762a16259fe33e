"""Every client-data route x method, against every kind of actor, each cell's outcome asserted.

The meta-test fails when a route that touches client data is missing from the matrix.
"""
import uuid
from dataclasses import dataclass

import pytest

from clients.contract.records import KINDS
from e2e.conftest import PASSWORD
from e2e.test_consent_records import consent_body, days
from hmis_kit.db import make_engine
from hmis_platform.onboarding import Person, create_user, expect, log_in, wait_until_allowed
from integration.test_clients_enrollments import ENTRY
from support import add_project, eventually

pytestmark = pytest.mark.e2e
CLIENT_DATA = {"client", "consent", "enrollment"}


@dataclass
class Actor:
    headers: dict
    client: str          # the client (in a given consent state) this actor reads
    scratch_client: str  # an agency A client of this actor's row only, for writes
    consent: str         # a consent of the scratch client (shares nothing), for /consents/{id} routes
    enrollment: str      # an enrollment of `client`, in a project agency A runs
    review: str          # a pending review of an uncertain match between two agency A clients
    project: str         # the project agency A runs, of every `enrollment`


@pytest.fixture(scope="module")
def world(call, lead, network, settings):
    """Clients of agency A in each consent state, and one actor per row of the matrix."""
    def new_client() -> str:
        return expect(call, "POST", "/api/v1/clients", headers=network.a_worker.headers,
                      json={"first_name": "Matrix", "last_name": "Person"})["id"]

    def consent(client_id: str, **changes) -> str:
        return expect(call, "POST", f"/api/v1/clients/{client_id}/consents", headers=network.a_worker.headers,
                      json=consent_body(**changes))["id"]

    clients, consents = {}, {}
    for state in ("none", "active", "expired", "revoked", "cie"):
        clients[state] = new_client()
    # "none" has no consent at all; each other state has one of its kind.
    consents["active"] = consent(clients["active"])
    consents["expired"] = consent(clients["expired"], signed_on=days(-400), start_date=days(-400), end_date=days(-1))
    consents["revoked"] = consent(clients["revoked"])
    expect(call, "POST", f"/api/v1/consents/{consents['revoked']}/revocation", headers=network.a_worker.headers,
           json={"reason": "client withdrew consent"})
    consents["cie"] = consent(clients["cie"], type="cie")
    engine = make_engine(settings.database_url("clients"))
    project_id = add_project(engine, network.a_worker.agency_id)
    engine.dispose()
    enrollments = {state: expect(call, "POST", "/api/v1/enrollments", headers=network.a_worker.headers, json={
        "project_id": project_id, "entry_date": ENTRY, "members": [{"client_id": client_id, "relationship_to_hoh": 1}]}
    )["enrollments"][0]["enrollment_id"] for state, client_id in clients.items()}

    def b_key(scopes: list[str]) -> dict:
        key = expect(call, "POST", "/api/v1/api-keys", headers=network.b_admin.headers,
                     json={"name": f"partner {uuid.uuid4().hex[:4]}", "scopes": scopes, "purpose": "referral"})
        return {"X-API-Key": key["key"]}

    def scratch() -> tuple[str, str]:
        client_id = new_client()
        return client_id, consent(client_id, type="roi", released_to=[network.a_worker.agency_id])

    # Same last name and DOB, different first names: an uncertain match, for the review routes.
    last_name = f"Matrix{uuid.uuid4().hex[:8]}"
    _, second = (expect(call, "POST", "/api/v1/clients", headers=network.a_worker.headers,
                        json={"first_name": first_name, "last_name": last_name, "dob": "1971-03-14"})["id"]
                 for first_name in ("Maria", "Marta"))
    review = next(review["id"] for review in expect(
        call, "GET", f"/api/v1/client-match-reviews?agency_id={network.a_admin.agency_id}&limit=1000",
        headers=network.a_admin.headers) if review["client_id"] == second)

    unlicensed = log_in(call, create_user(call, network.a_admin, Person(f"nolicense.{uuid.uuid4().hex[:6]}", PASSWORD),
                                          ["case_manager"], network.a_admin.agency_id))
    wait_until_allowed(call, unlicensed, "training:self")
    reads = {"own": ("none", network.a_worker.headers),
             "other_no_consent": ("none", network.b_worker.headers),
             "other_active": ("active", network.b_worker.headers),
             "other_expired": ("expired", network.b_worker.headers),
             "other_revoked": ("revoked", network.b_worker.headers),
             "other_admin": ("none", network.b_admin.headers),
             "key_cie": ("cie", b_key(["clients:read"])),
             "key_without_scope": ("cie", b_key(["reports:read"])),
             "unlicensed": ("none", unlicensed.headers),
             "break_glass": ("none", {**lead.headers, "X-Break-Glass-Reason": "client_emergency"}),
             "glass_no_reason": ("none", lead.headers)}
    actors = {name: Actor(headers, clients[state], *scratch(), enrollments[state], review, project_id)
              for name, (state, headers) in reads.items()}
    # The policy feed must have followed every consent event before the matrix is meaningful.
    eventually(lambda: call("GET", f"/api/v1/clients/{clients['active']}", headers=network.b_worker.headers)[0] == 200)
    eventually(lambda: call("GET", f"/api/v1/clients/{clients['revoked']}", headers=network.b_worker.headers)[0] == 403)
    return actors


def _body(route: str, actor: Actor) -> dict | None:
    if route == "POST /api/v1/ces/assessments":  # the enrollment the policy weighs; no answers: 422 past the policy
        return {"enrollment_id": actor.enrollment}
    if route == "POST /api/v1/clients":
        return {"first_name": "New", "last_name": "Client"}
    if route == "POST /api/v1/services/batch":  # a service HUD allows many of a day (a bed night is one a date)
        return {"services": [{"enrollment_id": actor.enrollment, "date_provided": ENTRY, "record_type": 141,
                              "type_provided": 1}]}
    if route == "POST /api/v1/clients/{client}/consents":
        return consent_body()
    if route == "PUT /api/v1/consents/{consent}":
        return {"end_date": days(200)}
    if route == "POST /api/v1/consents/{consent}/revocation":
        return {"reason": "matrix test"}
    return None


# Expected status per route for each actor; every cell is asserted.
ACTORS = ("own", "other_no_consent", "other_active", "other_expired", "other_revoked", "other_admin", "key_cie",
          "key_without_scope", "unlicensed", "break_glass", "glass_no_reason")
MATRIX = {
    #                                          own  none active expired revoked admin keyCIE keyNo unlic glass noRsn
    "GET /api/v1/clients/{client}":            (200, 403, 200, 403, 403, 403, 200, 403, 403, 200, 403),
    # The profile in one call is read as the record is; each part beside it under its own decision (withheld, not 403).
    "GET /api/v1/clients/{client}/summary":    (200, 403, 200, 403, 403, 403, 200, 403, 403, 200, 403),
    "GET /api/v1/clients/{client}/record":     (200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403),
    "POST /api/v1/clients":                    (201, 201, 201, 201, 201, 201, 403, 403, 403, 201, 201),
    # Sent without a body or query: 422 shows the request got past the policy (and changed nothing).
    "PUT /api/v1/clients/{client}":            (422, 403, 403, 403, 403, 403, 403, 403, 403, 422, 403),
    "POST /api/v1/clients/search":             (422, 422, 422, 422, 422, 422, 422, 403, 403, 422, 422),
    "GET /api/v1/clients/{client}/consents":   (200, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403),
    "GET /api/v1/clients/{client}/consent-status": (200, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403),
    "POST /api/v1/clients/{client}/consents":  (201, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403),
    "GET /api/v1/consents/{consent}":          (200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403),
    "GET /api/v1/consents/{consent}/document": (200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403),
    "PUT /api/v1/consents/{consent}":          (200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403),
    # An enrollment is read under a consent covering enrollments (the "active" one does), never by a key.
    "GET /api/v1/clients/{client}/enrollments": (200, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403),
    "GET /api/v1/enrollments/{enrollment}":    (200, 403, 200, 403, 403, 403, 403, 403, 403, 200, 403),
    # A household's stays: the agency running the project only; one member's consent does not share the others'.
    "GET /api/v1/enrollments/{enrollment}/household": (200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403),
    # Who is in a project on a night: like a household, the agency running it only (sent without `?on=`: 422).
    "GET /api/v1/projects/{project}/roster":   (422, 403, 403, 403, 403, 403, 403, 403, 403, 422, 403),
    # A batch of services: each enrollment decided on as one service's is.
    "POST /api/v1/services/batch":             (201, 403, 403, 403, 403, 403, 403, 403, 403, 201, 403),
    # Into the actor's own agency's projects: past the policy for every licensed user.
    "POST /api/v1/enrollments":                (422, 422, 422, 422, 422, 422, 403, 403, 403, 422, 422),
    **{f"POST /api/v1/enrollments/{{enrollment}}/{kind.path}": (422, 403, 403, 403, 403, 403, 403, 403, 403, 422, 403)
       for kind in KINDS},
    # De-duplication: administrators of the agency holding both records, and the HMIS lead; sent without a
    # body, 422 is past the policy. The list names no agency, so it is every agency's: the lead's alone.
    "GET /api/v1/client-match-reviews":        (403, 403, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "POST /api/v1/client-match-reviews/{review}/resolution": (403, 403, 403, 403, 403, 403, 403, 403, 403, 422, 422),
    "POST /api/v1/clients/{client}/split":     (403, 403, 403, 403, 403, 403, 403, 403, 403, 422, 422),
    # A CES assessment is client data of the agency running the enrollment's project (ces:assess), and needs the
    # CES Workflow training, which no actor here has (tests/e2e/test_ces.py assesses as a trained worker).
    "POST /api/v1/ces/assessments":            (403, 403, 403, 403, 403, 403, 403, 403, 403, 422, 403),
    # Runs last for each actor: a successful revocation is final.
    "POST /api/v1/consents/{consent}/revocation": (200, 403, 403, 403, 403, 403, 403, 403, 403, 200, 403),
}


@pytest.mark.parametrize("actor_name", ACTORS)
def test_every_client_data_route_answers_each_actor_as_expected(call, world, actor_name):
    actor = world[actor_name]
    column = ACTORS.index(actor_name)
    outcomes = {}
    for route, expected in MATRIX.items():
        method, template = route.split(" ", 1)
        writes_consent = route == "POST /api/v1/clients/{client}/consents"
        path = template.format(client=actor.scratch_client if writes_consent else actor.client, consent=actor.consent,
                               enrollment=actor.enrollment, review=actor.review, project=actor.project)
        status, answer = call(method, path, headers=actor.headers, json=_body(route, actor))
        outcomes[route] = (status, expected[column], answer if status >= 400 else None)
    wrong = {route: o for route, o in outcomes.items() if o[0] != o[1]}
    assert not wrong, f"{actor_name}: {wrong}"


PLACEHOLDERS = {"clients": "{client}", "consents": "{consent}", "enrollments": "{enrollment}",
                "client-match-reviews": "{review}", "projects": "{project}"}


def test_the_matrix_covers_every_client_data_route(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        doc = getattr(app.view_functions[rule.endpoint], "route_doc", None)
        if doc is None or doc.action is None:
            continue
        if doc.resource_type in CLIENT_DATA or doc.action.split(":")[0] in ("clients", "consents"):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                path = rule.rule
                if "<resource_id>" in path:
                    path = path.replace("<resource_id>", PLACEHOLDERS[path.split("/")[3]])
                routes.add(f"{method} {path}")
    assert routes == set(MATRIX), f"missing from the matrix: {routes - set(MATRIX)}; stale: {set(MATRIX) - routes}"
