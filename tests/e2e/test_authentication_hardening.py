"""Issue 17: a lock stops guessing, one answer for every refused login, a second factor's failures count,
one-time codes are used once, failed logins are throttled per client address, the HMIS lead cannot lock
itself out, and failed logins and refused tokens are in the authentication log. Through the gateway."""
import ipaddress
import uuid
from datetime import date

import pyotp
import pytest
from click.testing import CliRunner

from e2e.conftest import PASSWORD
from hmis_platform import cli
from hmis_platform.onboarding import (Person, create_user, enroll_second_factor, expect, license_user, log_in,
                                      record_required_training)
from identity import settings as identity_settings
from support import flask_caller

pytestmark = pytest.mark.e2e
LOGIN = "/api/v1/auth/login"
MAX_FAILURES = identity_settings.load().login_max_failures


def address() -> str:
    """A client address of the test's own, in IPv6's documentation prefix (nothing is sent there), one of 2^64:
    the throttle and the authentication log count per address, so no two tests may share one (IPv4's TEST-NET
    gave 254, and two tests of a run met on one)."""
    return str(ipaddress.IPv6Address("2001:db8::") + uuid.uuid4().int % 2 ** 64)


def client_at(app, remote_address: str):
    """A test client of the gateway whose requests come from `remote_address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = remote_address
    return client


def caller_from(app, remote_address: str):
    """onboarding's `call` for a client at `remote_address`."""
    return flask_caller(client_at(app, remote_address))


def unknown_user_answer(call) -> tuple[int, dict]:
    return call("POST", LOGIN, json={"username": f"nobody.{uuid.uuid4().hex[:6]}", "password": "x" * 12})


def auth_log(call, lead: Person, **filters) -> list[dict]:
    query = "&".join(f"{name}={value}" for name, value in filters.items())
    return expect(call, "GET", f"/api/v1/audit/authentication?{query}", headers=lead.headers)


def reasons(call, lead: Person, username: str) -> list[str]:
    """The reasons of the user's logins in the authentication log, oldest first."""
    return [row["reason"] for row in reversed(auth_log(call, lead, username=username, kind="login"))]


def new_worker(call, network) -> Person:
    return create_user(call, network.a_admin, Person(f"guess.{uuid.uuid4().hex[:6]}", PASSWORD), ["case_manager"],
                       network.a_admin.agency_id)


def new_admin_with_second_factor(call, lead, network) -> Person:
    admin = create_user(call, lead, Person(f"totp.{uuid.uuid4().hex[:6]}", PASSWORD), ["agency_admin"],
                        network.a_admin.agency_id)
    license_user(call, lead, admin)
    record_required_training(call, lead, admin)
    log_in(call, admin)
    return enroll_second_factor(call, admin)


def test_a_locked_account_answers_every_attempt_alike_and_checks_no_password(app, lead, network):
    call = caller_from(app, address())
    person = new_worker(call, network)
    for _ in range(MAX_FAILURES):
        assert call("POST", LOGIN, json={"username": person.username, "password": "wrong " * 3})[0] == 401
    right = call("POST", LOGIN, json={"username": person.username, "password": PASSWORD})
    wrong = call("POST", LOGIN, json={"username": person.username, "password": "wrong " * 3})
    assert right == wrong == unknown_user_answer(call)
    # Neither password was checked (both refused as locked), and the right one unlocked nothing.
    assert reasons(call, lead, person.username) == ["wrong_password"] * MAX_FAILURES + ["locked", "locked"]
    assert expect(call, "GET", f"/api/v1/users/{person.user_id}", headers=network.a_admin.headers)["locked"] is True
    assert call("POST", LOGIN, json={"username": person.username, "password": PASSWORD})[0] == 401


def test_a_missing_or_wrong_second_factor_is_a_failure_told_like_any_other(app, lead, network):
    call = caller_from(app, address())
    admin = new_admin_with_second_factor(call, lead, network)
    without_code = call("POST", LOGIN, json={"username": admin.username, "password": PASSWORD})
    wrong_code = str((int(pyotp.TOTP(admin.totp_secret).now()) + 1) % 1_000_000).zfill(6)
    with_wrong_code = call("POST", LOGIN, json={"username": admin.username, "password": PASSWORD, "totp": wrong_code})
    assert without_code == with_wrong_code == unknown_user_answer(call)
    for _ in range(MAX_FAILURES - 2):
        assert call("POST", LOGIN, json={"username": admin.username, "password": PASSWORD})[0] == 401
    # Locked by second-factor failures alone: the right password and code no longer open it.
    code = pyotp.TOTP(admin.totp_secret).now()
    assert call("POST", LOGIN, json={"username": admin.username, "password": PASSWORD, "totp": code})[0] == 401
    assert reasons(call, lead, admin.username)[-MAX_FAILURES - 1:] == [
        "totp_missing", "totp_wrong", *["totp_missing"] * (MAX_FAILURES - 2), "locked"]


def test_a_one_time_code_logs_in_once(app, lead, network):
    call = caller_from(app, address())
    admin = new_admin_with_second_factor(call, lead, network)  # logged in with the step after the confirmation's
    used = {"username": admin.username, "password": PASSWORD, "totp": pyotp.TOTP(admin.totp_secret).at(
        admin.totp_step * 30)}
    assert call("POST", LOGIN, json=used) == unknown_user_answer(call)
    # The code that confirmed the second factor is spent too.
    confirmed = pyotp.TOTP(admin.totp_secret).at((admin.totp_step - 1) * 30)
    assert call("POST", LOGIN, json={**used, "totp": confirmed})[0] == 401
    assert reasons(call, lead, admin.username)[-2:] == ["totp_replayed", "totp_replayed"]
    assert log_in(call, admin).headers  # a later step's code is taken (log_in waits for it)


def test_failed_logins_are_throttled_per_client_address(app, network, monkeypatch):
    monkeypatch.setenv("HMIS_LOGIN_ADDRESS_MAX_FAILURES", "3")  # the services run in this process
    guesser = client_at(app, address())
    for _ in range(3):
        assert guesser.post(LOGIN, json={"username": f"nobody.{uuid.uuid4().hex[:6]}", "password": "x" * 12}
                            ).status_code == 401
    # From that address even the right password is not checked now; a forged X-Forwarded-For does not help.
    person = Person(network.a_worker.username, network.a_worker.password)
    for forged in ({}, {"X-Forwarded-For": address()}):
        response = guesser.post(LOGIN, headers=forged, json={"username": person.username, "password": person.password})
        assert (response.status_code, response.get_json()["error"]) == (429, "too_many_attempts")
        assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    # Another address is not held back, nor is the account.
    assert log_in(caller_from(app, address()), person).headers


def test_failed_logins_and_refused_tokens_are_in_the_authentication_log(app, client, lead, network):
    origin = address()
    call = caller_from(app, origin)
    person = new_worker(call, network)
    tried = "not the password " + uuid.uuid4().hex
    call("POST", LOGIN, json={"username": person.username, "password": tried})
    bogus_token = uuid.uuid4().hex
    client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {bogus_token}", "X-Correlation-ID": bogus_token[:8]},
               environ_base={"REMOTE_ADDR": origin})
    key = expect(call, "POST", "/api/v1/api-keys", headers=network.a_admin.headers,
                 json={"name": "Old partner", "scopes": ["reports:read"], "purpose": "reporting"})
    expect(call, "POST", f"/api/v1/api-keys/{key['id']}/revocation", headers=network.a_admin.headers)
    assert call("GET", "/api/v1/auth/me", headers={"X-API-Key": key["key"]})[0] == 401

    rows = auth_log(call, lead, client_address=origin)
    assert [(r["kind"], r["outcome"], r["reason"]) for r in reversed(rows)] == [
        ("login", "refused", "wrong_password"), ("session", "refused", "session_unknown"),
        ("api_key", "refused", "api_key_revoked")]
    login, session, api_key = reversed(rows)
    assert (login["username"], login["user_id"]) == (person.username, person.user_id)
    assert session["correlation_id"] == bogus_token[:8]
    assert api_key["api_key_id"] == key["id"]
    text = client.get(f"/api/v1/audit/authentication?client_address={origin}&format=csv", headers=lead.headers).text
    assert person.username in text and tried not in text and bogus_token not in text and key["key"] not in text
    # A compliance view: not for case workers.
    assert call("GET", "/api/v1/audit/authentication", headers=network.a_worker.headers)[0] == 403


def active_system_admins(call, lead: Person) -> list[dict]:
    agencies = expect(call, "GET", "/api/v1/agencies", headers=lead.headers)
    return [user for agency in agencies
            for user in expect(call, "GET", f"/api/v1/users?agency_id={agency['id']}", headers=lead.headers)
            if user["active"] and "system_admin" in user["roles"]]


def test_the_last_active_system_administrator_cannot_be_deactivated(call, lead):
    second = create_user(call, lead, Person(f"second.admin.{uuid.uuid4().hex[:6]}", PASSWORD), ["system_admin"],
                         lead.agency_id)
    for other in active_system_admins(call, lead):
        if other["id"] != lead.user_id:
            expect(call, "POST", f"/api/v1/users/{other['id']}/deactivation", headers=lead.headers)
    assert second.user_id not in [user["id"] for user in active_system_admins(call, lead)]
    status, answer = call("POST", f"/api/v1/users/{lead.user_id}/deactivation", headers=lead.headers)
    assert (status, answer["error"], answer["fields"]) == (409, "conflict", {"user_id": ["last_system_admin"]})
    assert "last_system_admin" in answer["message"]
    assert expect(call, "GET", "/api/v1/auth/me", headers=lead.headers)["id"] == lead.user_id


def test_the_hmis_leads_agency_is_never_suspended(call, lead):
    status, answer = call("POST", f"/api/v1/agencies/{lead.agency_id}/status", headers=lead.headers,
                          json={"status": "suspended", "reason": "testing the safeguard"})
    assert (status, answer["fields"]) == (409, {"status": ["hmis_lead_agency"]})
    fees = f"/api/v1/agencies/{lead.agency_id}/fees"
    expect(call, "POST", fees, headers=lead.headers, json={"quarter": "2001Q1", "amount_cents": 100,
                                                           "due_date": date(2001, 1, 1).isoformat()})
    try:
        assert lead.agency_id not in expect(call, "POST", "/api/v1/fees/enforcement", headers=lead.headers)["suspended"]
        assert expect(call, "GET", f"/api/v1/agencies/{lead.agency_id}", headers=lead.headers)["status"] == "active"
    finally:
        expect(call, "POST", f"{fees}/2001Q1/payment", headers=lead.headers)


def recover(username: str, *options: str) -> str:
    """`hmis admin recover`; the new password it printed."""
    result = CliRunner().invoke(cli.main, ["admin", "recover", "--username", username, "--operator", "test-operator",
                                           *options])
    assert result.exit_code == 0, result.output
    return result.output.split("New password (shown once, not stored): ")[1].split()[0]


def test_break_glass_recovery_makes_an_active_system_administrator(call, lead):
    person = Person(f"recovered.{uuid.uuid4().hex[:6]}", "")
    person.password = recover(person.username, "--agency-id", lead.agency_id)
    session = expect(call, "POST", LOGIN, json={"username": person.username, "password": person.password})
    assert (session["roles"], session["agency_id"], session["mfa"]) == (["system_admin"], lead.agency_id, False)
    person.user_id = session["user_id"]

    # Deactivated (by the lead), then recovered again: a new password, the old one refused.
    expect(call, "POST", f"/api/v1/users/{person.user_id}/deactivation", headers=lead.headers)
    old_password, person.password = person.password, recover(person.username)
    assert call("POST", LOGIN, json={"username": person.username, "password": old_password})[0] == 401
    assert log_in(call, person).headers
    recoveries = auth_log(call, lead, kind="recovery", username=person.username)
    assert [(r["outcome"], r["reason"], r["operator"], r["user_id"]) for r in recoveries] == [
        ("succeeded", "break_glass", "test-operator", person.user_id)] * 2
    assert old_password not in str(recoveries) and person.password not in str(recoveries)
    expect(call, "POST", f"/api/v1/users/{person.user_id}/deactivation", headers=lead.headers)


def test_recovery_of_a_missing_user_needs_its_agency():
    result = CliRunner().invoke(cli.main, ["admin", "recover", "--username", f"ghost.{uuid.uuid4().hex[:6]}"])
    assert result.exit_code == 1 and "agency_id" in result.output
