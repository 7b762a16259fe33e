"""Bringing a person into the HMIS through the public API, as the HMIS lead and an agency would:
a second factor for administrators, a license requested and its fee approved, the required training.

Used by the demo seed (over HTTP) and the end-to-end tests (through Flask's test client): both hand in
a `call(method, path, headers=None, json=None) -> (status, body)` function.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import pyotp

Call = Callable[..., tuple[int, object]]
# What a new user must complete before the policy lets them work (San Diego's rules, seeded catalogue).
REQUIRED_COURSES = ("new_user_training", "privacy_security_essentials", "mpa_consent_update_2020", "ce_updates_2020")


class ApiError(RuntimeError):
    """The API answered with a status the step did not expect; the message has the status and body."""


def expect(call: Call, method: str, path: str, ok=(200, 201, 204), **kwargs):
    status, body = call(method, path, **kwargs)
    if status not in ok:
        raise ApiError(f"{method} {path}: {status} {body}")
    return body


@dataclass
class Person:
    username: str
    password: str
    user_id: str = ""
    agency_id: str = ""
    totp_secret: str | None = None
    headers: dict = field(default_factory=dict)
    totp_step: int | None = None  # the last time step whose one-time code this person used


def fresh_code(person: Person) -> str:
    """A one-time code of a later time step than any this person used (the server takes each step once): the
    current step's, else the next one's (accepted as clock drift), else the next one's once it is current."""
    totp = pyotp.TOTP(person.totp_secret)
    step = max(totp.timecode(time.time()), (person.totp_step or 0) + 1)
    while step > totp.timecode(time.time()) + 1:
        time.sleep(0.5)
    person.totp_step = step
    return totp.generate_otp(step)


def log_in(call: Call, person: Person) -> Person:
    credentials = {"username": person.username, "password": person.password}
    if person.totp_secret:
        credentials["totp"] = fresh_code(person)
    session = expect(call, "POST", "/api/v1/auth/login", json=credentials)
    person.headers = {"Authorization": f"Bearer {session['token']}"}
    person.user_id, person.agency_id = session["user_id"], session["agency_id"]
    return person


def log_in_with_a_kept_secret(call: Call, person: Person) -> Person:
    """Log in someone whose TOTP secret was kept from an earlier run (the demo's): the code of this time step
    may have been taken already, unknown to this Person, so on a refusal log in again with the code of a
    step none can have been taken for (the one after the next, accepted as drift once the next comes: at
    most 30 s)."""
    try:
        return log_in(call, person)
    except ApiError:
        if not person.totp_secret:
            raise
        person.totp_step = pyotp.TOTP(person.totp_secret).timecode(time.time()) + 1
        return log_in(call, person)


def enroll_second_factor(call: Call, person: Person) -> Person:
    """Set up TOTP and log in again with a code, as the policy requires of administrators."""
    enrollment = expect(call, "POST", "/api/v1/auth/totp", headers=person.headers)
    person.totp_secret, person.totp_step = enrollment["secret"], None
    expect(call, "POST", "/api/v1/auth/totp/confirmation", headers=person.headers, json={"code": fresh_code(person)})
    return log_in(call, person)


def create_user(call: Call, by: Person, person: Person, roles: list[str], agency_id: str) -> Person:
    user = expect(call, "POST", "/api/v1/users", headers=by.headers,
                  json={"username": person.username, "password": person.password, "roles": roles,
                        "agency_id": agency_id})
    person.user_id, person.agency_id = user["id"], agency_id
    return person


def license_user(call: Call, agency_admin: Person, person: Person) -> None:
    expect(call, "POST", f"/api/v1/users/{person.user_id}/license", headers=agency_admin.headers)
    expect(call, "POST", f"/api/v1/users/{person.user_id}/license/fee-approval", headers=agency_admin.headers)


def record_required_training(call: Call, lead: Person, person: Person, courses=REQUIRED_COURSES) -> None:
    """The lead records completions done outside the system (the demo's and most tests' shortcut)."""
    for course in courses:
        expect(call, "POST", "/api/v1/training/completions", headers=lead.headers,
               json={"user_id": person.user_id, "course_code": course, "completed_on": date.today().isoformat()})


def allowed(call: Call, person: Person, action: str) -> bool:
    _, answers = call("GET", f"/api/v1/auth/permissions?actions={action}", headers=person.headers)
    return bool(answers and answers.get(action, {}).get("allow"))


def wait_until_allowed(call: Call, person: Person, action: str, timeout: float = 30) -> None:
    """Policy data follows events: wait until the policy lets `person` do `action`."""
    deadline = time.monotonic() + timeout
    while not allowed(call, person, action):
        if time.monotonic() > deadline:
            _, answers = call("GET", f"/api/v1/auth/permissions?actions={action}", headers=person.headers)
            raise ApiError(f"{person.username} may still not {action} after {timeout}s: {answers}")
        time.sleep(0.1)


def onboard(call: Call, lead: Person, licensor: Person, person: Person, roles: list[str], agency_id: str,
            ready_for: str) -> Person:
    """Create, license and train a user; administrators also get a second factor. Returns them logged in."""
    create_user(call, lead, person, roles, agency_id)
    license_user(call, licensor, person)
    record_required_training(call, lead, person)
    log_in(call, person)
    if {"system_admin", "agency_admin"} & set(roles):
        enroll_second_factor(call, person)
    wait_until_allowed(call, person, ready_for)
    return person
