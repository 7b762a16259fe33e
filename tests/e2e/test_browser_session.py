"""Sessions for browsers (hmis_gateway.browser_session): the token in an HttpOnly cookie, a CSRF token on writes."""
import uuid

import pytest
import sqlalchemy as sa

from hmis_gateway.browser_session import CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE
from hmis_gateway.models import decision_log

pytestmark = pytest.mark.e2e
API = "/api/v1"
CLIENT = {"first_name": "Cookie", "last_name": "Session", "dob": "1979-04-02"}


@pytest.fixture
def browser(app, network):
    """A test client holding a cookie session of agency A's case manager, and the login's answer."""
    browser = app.test_client()
    response = browser.post(f"{API}/auth/login", headers={"X-Session-Mode": "cookie"},
                            json={"username": network.a_worker.username, "password": network.a_worker.password})
    assert response.status_code == 200, response.get_json()
    return browser, response


def test_a_cookie_login_keeps_the_token_from_script_and_answers_a_csrf_token(browser, network):
    client, response = browser
    cookies = {header.split("=", 1)[0]: header for header in response.headers.getlist("Set-Cookie")}
    assert "HttpOnly" in cookies[SESSION_COOKIE] and "SameSite=Strict" in cookies[SESSION_COOKIE]
    assert "Path=/api/v1" in cookies[SESSION_COOKIE]
    assert "HttpOnly" not in cookies[CSRF_COOKIE] and "SameSite=Strict" in cookies[CSRF_COOKIE]
    body = response.get_json()
    assert "token" not in body and body["csrf_token"] == client.get_cookie(CSRF_COOKIE).value
    me = client.get(f"{API}/auth/me")  # no Authorization header: the cookie alone
    assert me.status_code == 200 and me.get_json()["username"] == network.a_worker.username


def test_a_write_with_the_cookie_needs_the_csrf_token(browser):
    client, response = browser
    refused = client.post(f"{API}/clients", json=CLIENT)
    assert refused.status_code == 403
    assert refused.get_json()["error"] == "csrf_token_required"
    assert CSRF_HEADER in refused.get_json()["fields"]
    wrong = client.post(f"{API}/clients", json=CLIENT, headers={CSRF_HEADER: "0" * 64})
    assert wrong.status_code == 403
    created = client.post(f"{API}/clients", json=CLIENT, headers={CSRF_HEADER: response.get_json()["csrf_token"]})
    assert created.status_code == 201, created.get_json()


def test_a_cookie_session_is_decided_and_logged_as_a_bearer_one_is(browser, app, network):
    client, response = browser
    correlation = f"cookie-{uuid.uuid4()}"
    created = client.post(f"{API}/clients", json=CLIENT, headers={
        CSRF_HEADER: response.get_json()["csrf_token"], "X-Correlation-ID": correlation})
    assert created.status_code == 201, created.get_json()
    with app.extensions["hmis"].engine.connect() as connection:
        [logged] = connection.execute(sa.select(decision_log).where(decision_log.c.correlation_id == correlation)).all()
    assert (logged.principal_kind, str(logged.principal_id), logged.action, logged.allowed) == (
        "user", client.get(f"{API}/auth/me").get_json()["id"], "clients:create", True)
    other_agency = client.get(f"{API}/clients/{created.get_json()['id']}", headers=network.b_worker.headers)
    assert other_agency.status_code == 403  # the same policy for the record a cookie session made


def test_logout_ends_the_cookie_session(browser):
    client, response = browser
    ended = client.post(f"{API}/auth/logout", headers={CSRF_HEADER: response.get_json()["csrf_token"]})
    assert ended.status_code == 204
    assert client.get_cookie(SESSION_COOKIE, path=API) is None  # the browser drops it
    assert client.get(f"{API}/auth/me").status_code == 401


def test_a_stolen_cookie_token_is_refused_once_logged_out(browser, app):
    client, response = browser
    token = client.get_cookie(SESSION_COOKIE, path=API).value
    client.post(f"{API}/auth/logout", headers={CSRF_HEADER: response.get_json()["csrf_token"]})
    replay = app.test_client()
    replay.set_cookie(SESSION_COOKIE, token, path=API)
    assert replay.get(f"{API}/auth/me").status_code == 401
