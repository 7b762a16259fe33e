"""Consents are client data: each read or write of them through the gateway leaves one audit row in the
consent database under the request's decision, the compliance view shows those rows beside the clients
service's, and `hmis audit verify` checks both chains."""
import json
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlencode

import pytest
import sqlalchemy as sa
from click.testing import CliRunner
from nameko.standalone.rpc import ClusterRpcProxy

from e2e.test_consent_records import PNG, SIGNER, b64, consent_body
from hmis_kit import audit
from hmis_platform.cli import main as hmis
from hmis_kit.db import make_engine
from hmis_platform.onboarding import expect

pytestmark = pytest.mark.e2e

REASON = "client moved to another county"


@dataclass
class Step:
    route: str
    decision_id: str  # the decision the gateway logged for the request
    rows: list[dict]  # the audit rows the request left in the consent database


@dataclass
class Walk:
    client_id: str
    consent_id: str
    started: datetime
    steps: list[Step]


def audit_rows(engine, client_id: str) -> list[dict]:
    with engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(
            sa.select(audit.audit_log).where(audit.audit_log.c.client_id == client_id).order_by(audit.audit_log.c.id))]


def query(path: str, **filters) -> str:
    return f"{path}?{urlencode(filters)}"


@pytest.fixture(scope="module")
def consent_db(settings):
    engine = make_engine(settings.database_url("consent"))
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def walk(call, lead, network, consent_db) -> Walk:
    """Agency A's case manager takes a new client's consent through every consent route once."""
    worker, started = network.a_worker, datetime.now(timezone.utc)
    client_id = expect(call, "POST", "/api/v1/clients", headers=worker.headers,
                       json={"first_name": "Audited", "last_name": "Consent"})["id"]
    steps, consent_id = [], None

    def step(method: str, template: str, action: str, body: dict | None = None) -> dict:
        path = template.format(client=client_id, consent=consent_id)
        before = len(audit_rows(consent_db, client_id))
        status, answer = call(method, path, headers=worker.headers, json=body)
        assert status in (200, 201), (method, path, status, answer)
        resource_id = client_id if template.startswith("/api/v1/clients") else consent_id
        decision = expect(call, "GET", query("/api/v1/decisions", resource_id=resource_id, action=action,
                                             principal_id=worker.user_id, allowed="true", limit=1),
                          headers=lead.headers)[0]
        steps.append(Step(f"{method} {template}", decision["decision_id"], audit_rows(consent_db, client_id)[before:]))
        return answer

    consent_id = step("POST", "/api/v1/clients/{client}/consents", "consents:write", consent_body(
        # Released to the HMIS lead's agency: agency B stays out, whatever the policy feed has followed yet.
        type="roi", released_to=[network.admin.agency_id], document=None,
        signature={"signer_name": SIGNER, "image": f"data:image/png;base64,{b64(PNG)}"}))["id"]
    step("GET", "/api/v1/clients/{client}/consents", "consents:read")
    step("GET", "/api/v1/clients/{client}/consent-status", "consents:read")
    step("GET", "/api/v1/consents/{consent}", "consents:read")
    step("GET", "/api/v1/consents/{consent}/document", "consents:read")
    step("PUT", "/api/v1/consents/{consent}", "consents:write", {"scope": ["profile"]})
    step("POST", "/api/v1/consents/{consent}/revocation", "consents:write", {"reason": REASON})
    return Walk(client_id, consent_id, started, steps)


# What each route's row names: the fields written (as given) or returned; never their values.
ACTIONS = {
    "POST /api/v1/clients/{client}/consents": ("consent_write",
                                               ["released_to", "scope", "signature", "signed_on", "type"]),
    "GET /api/v1/clients/{client}/consents": ("consent_read", None),
    "GET /api/v1/clients/{client}/consent-status": ("consent_status", ["as_of", "badges", "client_id"]),
    "GET /api/v1/consents/{consent}": ("consent_read", None),
    "GET /api/v1/consents/{consent}/document": ("consent_document", ["content", "media_type", "sha256"]),
    "PUT /api/v1/consents/{consent}": ("consent_write", ["scope"]),
    "POST /api/v1/consents/{consent}/revocation": ("consent_revoke", ["revocation_reason", "revoked_by", "revoked_on"]),
}


def test_each_consent_route_leaves_one_audit_row_under_its_decision(walk, network):
    assert [step.route for step in walk.steps] == list(ACTIONS)
    for step in walk.steps:
        assert len(step.rows) == 1, step.route
        row = step.rows[0]
        action, fields = ACTIONS[step.route]
        assert str(row["decision_id"]) == step.decision_id, step.route
        assert (row["action"], str(row["principal_id"]), str(row["agency_id"]), row["outcome"]) == (
            action, network.a_worker.user_id, network.a_worker.agency_id, "allowed"), step.route
        if fields is not None:
            assert row["fields"] == fields, step.route
    read = next(step.rows[0] for step in walk.steps if step.route == "GET /api/v1/consents/{consent}")
    assert {"scope", "released_to", "end_date", "form", "history", "status"} <= set(read["fields"])


def test_audit_rows_hold_no_names_signatures_or_reasons(walk, consent_db):
    text = json.dumps(audit_rows(consent_db, walk.client_id), default=str)
    for secret in (SIGNER, "Audited", b64(PNG)[:40], REASON):
        assert secret not in text


def test_denied_requests_reach_no_consent_data_and_leave_no_audit_row(walk, call, network, consent_db):
    before = audit_rows(consent_db, walk.client_id)
    denied = []
    for method, template in (route.split(" ", 1) for route in ACTIONS):
        path = template.format(client=walk.client_id, consent=walk.consent_id)
        # The policy denies before a body is read, so any body will do.
        status, answer = call(method, path, headers=network.b_admin.headers,
                              json=None if method == "GET" else consent_body())
        assert status == 403, (method, path, answer)
        denied.append(answer["decision_id"])
    after = audit_rows(consent_db, walk.client_id)
    assert after == before
    assert not {str(row["decision_id"]) for row in after} & set(denied)


def test_the_compliance_view_lists_consent_accesses_beside_client_accesses(walk, call, lead, network):
    answer = expect(call, "GET", f"/api/v1/audit/clients/{walk.client_id}", headers=lead.headers)
    accesses = answer["accesses"]
    assert [(a["source"], a["action"]) for a in accesses] == [("clients", "create")] + [
        ("consent", ACTIONS[step.route][0]) for step in walk.steps]
    assert [a["decision_id"] for a in accesses[1:]] == [step.decision_id for step in walk.steps]
    # One principal's view merges both trails oldest first, and keeps to the limit over both.
    mine = query(f"/api/v1/audit/principals/{network.a_worker.user_id}", since=walk.started.isoformat())
    merged = expect(call, "GET", mine, headers=lead.headers)
    assert {a["source"] for a in merged} == {"clients", "consent"}
    assert merged == sorted(merged, key=lambda a: datetime.fromisoformat(a["occurred_at"]))
    assert expect(call, "GET", f"{mine}&limit=3", headers=lead.headers) == merged[:3]


def test_hmis_audit_verify_checks_the_clients_and_consent_chains(walk):
    result = CliRunner().invoke(hmis, ["audit", "verify"])
    assert result.exit_code == 0, result.output
    lines = dict(line.split(": ", 1) for line in result.output.splitlines())
    assert set(lines) == {"clients", "consent", "ces"}
    assert all(line.endswith("audit rows, chain intact") for line in lines.values())
    assert int(lines["consent"].split()[0]) >= len(walk.steps)


def test_no_consent_data_is_returned_when_its_audit_row_cannot_be_written(walk, settings, network, consent_db):
    unauditable = {"principal": {"kind": "user", "id": network.a_worker.user_id,
                                 "agency_id": network.a_worker.agency_id, "roles": ["case_manager"]},
                   "action": "consents:read", "decision_id": None, "purpose": None, "break_glass_reason": None,
                   "consent": None}
    before = audit_rows(consent_db, walk.client_id)
    with ClusterRpcProxy(settings.nameko_config(), timeout=15) as services:
        with pytest.raises(Exception) as failure:
            services.consent.get_consent(walk.consent_id, {}, unauditable)
    assert SIGNER not in str(failure.value) and REASON not in str(failure.value)
    assert audit_rows(consent_db, walk.client_id) == before
