"""Authentication and fail-closed authorization at the gateway, for every route."""
import re
from pathlib import Path

import pytest

from hmis_platform.onboarding import Person, log_in
from hmis_gateway import openapi
from hmis_gateway.app import create_app
from hmis_gateway.guard import Gateway
from hmis_gateway.policy import DEFAULT_POLICY_DIR, OpaServerEngine
from hmis_gateway.rpc import RpcPool
from hmis_kit.db import make_engine

pytestmark = pytest.mark.e2e
PUBLIC = {("POST", "/api/v1/auth/login"), ("POST", "/api/v1/agency-applications"), ("GET", "/health"), ("GET", "/ready"), ("GET", "/openapi.json")}


def routes(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule.rule, rule.endpoint


def concrete(path: str) -> str:
    return re.sub(r"<[^>]+>", "00000000-0000-0000-0000-000000000001", path)


def test_every_route_is_either_public_or_guarded_by_the_policy(app):
    """A new route without @protected (or a deliberate @public) fails here."""
    for method, path, endpoint in routes(app):
        doc = getattr(app.view_functions[endpoint], "route_doc", None)
        assert doc is not None, f"{method} {path} has neither @protected nor @public"
        assert (doc.action is None) == ((method, path) in PUBLIC), f"{method} {path}: public/protected mismatch"


def test_every_protected_route_refuses_an_unauthenticated_call(app, client):
    protected = [(m, p) for m, p, _ in routes(app) if (m, p) not in PUBLIC]
    assert len(protected) >= 10
    for method, path in protected:
        for headers in ({}, {"Authorization": "Bearer not-a-real-token"}, {"X-API-Key": "hmis_not_a_real_key"}):
            response = client.open(concrete(path), method=method, headers=headers, json={})
            assert response.status_code == 401, (method, path, headers, response.get_json())
            assert response.get_json()["error"] == "unauthenticated"


def test_logout_ends_the_session_on_the_server(client, call, network):
    headers = log_in(call, Person(network.a_worker.username, network.a_worker.password)).headers
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    replayed = client.get("/api/v1/auth/me", headers=headers)
    assert replayed.status_code == 401


def test_wrong_password_and_unknown_user_get_the_same_answer(client, network):
    wrong = client.post("/api/v1/auth/login", json={"username": network.a_worker.username, "password": "x" * 12})
    unknown = client.post("/api/v1/auth/login", json={"username": "nobody-at-all", "password": "x" * 12})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.get_json() == unknown.get_json()


def test_idle_session_expires(client, call, network, monkeypatch):
    headers = log_in(call, Person(network.a_worker.username, network.a_worker.password)).headers
    assert client.get("/api/v1/auth/me", headers=headers).status_code == 200
    monkeypatch.setenv("HMIS_SESSION_IDLE_MINUTES", "0")  # the services run in this process
    response = client.get("/api/v1/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.get_json()["message"] == "session expired"


def test_short_password_is_refused_naming_the_rule(client, network):
    response = client.post("/api/v1/users", headers=network.a_admin.headers,
                           json={"username": "short.pw", "password": "elevenchars", "roles": ["case_manager"]})
    assert response.status_code == 422
    assert response.get_json()["fields"]["password"] == ["Length must be between 12 and 128."]


def test_agency_admin_cannot_create_users_in_another_agency(client, network):
    response = client.post("/api/v1/users", headers=network.a_admin.headers,
                           json={"username": "intruder.user", "password": "Harbor test password 2026",
                                 "roles": ["case_manager"], "agency_id": network.b_worker.agency_id})
    assert response.status_code == 403
    assert response.get_json()["reasons"] == ["other_agency"]


def test_partner_api_key_is_limited_to_its_scopes_and_agency(client, network, new_client):
    created = client.post("/api/v1/api-keys", headers=network.a_admin.headers,
                          json={"name": "Partner CRM", "scopes": ["clients:read"], "purpose": "referral"})
    assert created.status_code == 201
    key = {"X-API-Key": created.get_json()["key"]}
    assert client.get(f"/api/v1/clients/{new_client['id']}", headers=key).status_code == 200
    write = client.post("/api/v1/clients", headers=key, json={"first_name": "Via", "last_name": "Key"})
    assert write.status_code == 403 and write.get_json()["reasons"] == ["scope_missing"]
    b_client = client.post("/api/v1/clients", headers=network.b_worker.headers,
                           json={"first_name": "Bee", "last_name": "Client"}).get_json()
    other = client.get(f"/api/v1/clients/{b_client['id']}", headers=key)
    assert other.status_code == 403 and other.get_json()["reasons"] == ["other_agency"]
    admin_only = client.post("/api/v1/api-keys", headers=key, json={"name": "Escalate", "scopes": ["clients:read"], "purpose": "referral"})
    assert admin_only.status_code == 403
    assert set(admin_only.get_json()["reasons"]) == {"scope_missing", "action_not_for_api_keys"}


def test_api_key_secret_is_shown_once_and_never_stored(client, network, settings):
    import sqlalchemy as sa

    key = client.post("/api/v1/api-keys", headers=network.a_admin.headers,
                      json={"name": "Once", "scopes": ["reports:read"], "purpose": "reporting"}).get_json()
    engine = make_engine(settings.database_url("identity"))
    with engine.connect() as connection:
        stored = connection.execute(sa.text("SELECT key_hash FROM api_keys WHERE id = :i"), {"i": key["id"]}).scalar_one()
    engine.dispose()
    assert key["key"] not in stored and len(stored) == 64


def test_policy_engine_failure_denies_and_is_logged(app, network, new_client, settings, service_calls_guard):
    """An engine that cannot be reached (nothing listens on the port) means deny, never allow."""
    broken = Gateway(engine=make_engine(settings.database_url("gateway")), rpc=RpcPool(settings.nameko_config()),
                     policy=OpaServerEngine("http://127.0.0.1:9", DEFAULT_POLICY_DIR, timeout=0.5))
    failing_app = create_app(settings, collaborators=broken)
    response = failing_app.test_client().get(f"/api/v1/clients/{new_client['id']}", headers=network.a_worker.headers)
    broken.rpc.close()
    assert response.status_code == 403
    assert response.get_json()["reasons"] == ["policy_engine_unavailable"]
    assert service_calls_guard == []
    log = app.test_client().get("/api/v1/decisions", headers=network.admin.headers,
                                query_string={"resource_id": new_client["id"], "allowed": "false"}).get_json()
    assert response.get_json()["decision_id"] in [entry["decision_id"] for entry in log]


@pytest.fixture
def service_calls_guard(monkeypatch):
    from clients.service import ClientsService

    calls = []
    original = ClientsService.get_client
    monkeypatch.setattr(ClientsService, "get_client", lambda self, *a: calls.append(a) or original(self, *a))
    return calls


def test_decision_log_is_for_compliance_not_case_workers(client, network):
    response = client.get("/api/v1/decisions", headers=network.a_worker.headers)
    assert response.status_code == 403
    bad = client.get("/api/v1/decisions", headers=network.admin.headers, query_string={"limit": "0"})
    assert bad.status_code == 422 and "limit" in bad.get_json()["fields"]


def test_openapi_document_describes_every_route(app, client):
    document = client.get("/openapi.json").get_json()
    assert document["openapi"].startswith("3.")
    for method, path, _ in routes(app):
        openapi_path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", path)
        assert method.lower() in document["paths"][openapi_path], (method, path)
    assert {"ClientCreate", "Client", "Error", "Login"} <= set(document["components"]["schemas"])
    create = document["paths"]["/api/v1/clients"]["post"]
    assert create["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ClientCreate"}


def test_the_api_docs_list_every_route(app):
    """docs/api.md's route table is openapi.route_table(app): regenerate it when a route changes."""
    assert openapi.route_table(app) in (Path(__file__).parents[2] / "docs" / "api.md").read_text(encoding="utf-8")


def test_a_body_over_the_limit_is_413_as_documented(client, network):
    """The app's JSON limit (app.JSON_BODY_LIMIT) holds before the body is read; the answer is the error JSON."""
    from hmis_gateway.app import JSON_BODY_LIMIT

    oversized = b'{"first_name": "' + b"x" * JSON_BODY_LIMIT + b'"}'
    response = client.post("/api/v1/clients", headers=network.a_worker.headers, data=oversized,
                           content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"] == "request_entity_too_large"
    responses = client.get("/openapi.json").get_json()["paths"]["/api/v1/clients"]["post"]["responses"]
    assert "413" in responses
