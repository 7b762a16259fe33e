"""The API fuzzed through its own OpenAPI document (schemathesis), as a case worker, an agency administrator
and the HMIS lead: no server error (5xx, but the documented 503 of a dependency down), and no answer the
document does not describe (its status, media type and body schema).

Bounded: each operation gets EXAMPLES generated requests per actor, with no shrinking, and the run stops
generating after BUDGET_SECONDS (on this 2-core machine it needs about two minutes; on a slower one what was
not reached is printed, not failed). It runs last in the session
(tests/conftest.py): the lead's fuzzing adds agencies, courses and fees that no other test should meet.

Left out, for each actor: the routes that end the actor's own session (POST /auth/logout,
/auth/logout-everywhere). Revoking its own key cannot happen: the actors hold sessions, not keys. Nothing else
is: the lead cannot lock itself out, since identity refuses deactivating the last system administrator and
suspending the lead's agency (409, documented)."""
import time
import uuid
from dataclasses import dataclass, field

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance, \
    status_code_conformance

from hmis_platform.onboarding import Person, expect, onboard

PASSWORD = "Harbor fuzzing password 2026"
EXAMPLES = 3
BUDGET_SECONDS = 170
ENDS_OWN_SESSION = {("POST", "/api/v1/auth/logout"), ("POST", "/api/v1/auth/logout-everywhere")}
# The import's body, a zip (application/zip in the document), is sent as the bytes generated for it.
schemathesis.serializer.alias("application/zip", "application/octet-stream")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@dataclass
class Findings:
    deadline: float
    failures: dict = field(default_factory=dict)  # (actor, method, path, kind of failure) -> an example
    requests: int = 0
    not_reached: list = field(default_factory=list)


def fuzz(operation, actor: str, person: Person, findings: Findings) -> None:
    """Up to EXAMPLES requests to one operation as one actor; each failure kept, none shrunk."""
    @settings(max_examples=EXAMPLES, deadline=None, database=None, phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def requests(case):
        if time.monotonic() > findings.deadline:
            return
        findings.requests += 1
        key = (actor, operation.method.upper(), operation.path)
        try:
            response = case.call(headers=person.headers)
        except Exception as error:  # noqa: BLE001 - raised through the app: a server error all the same
            findings.failures.setdefault((*key, f"server error: {type(error).__name__}: {error}"[:200]),
                                         case.as_curl_command())
            return
        try:
            case.validate_response(response, checks=CHECKS)
        except FailureGroup as group:
            example = f"{response.status_code} {response.text[:300]}\n{case.as_curl_command()}"
            for failure in group.exceptions:
                findings.failures.setdefault((*key, failure.title), example)

    requests()


@pytest.fixture(scope="module")
def actors(call, lead):
    """A case worker and an agency administrator of an agency of their own, and the HMIS lead."""
    suffix = uuid.uuid4().hex[:6]
    agency_id = expect(call, "POST", "/api/v1/agencies", headers=lead.headers, json={"name": f"Fuzzing {suffix}"})["id"]
    admin = onboard(call, lead, lead, Person(f"fuzz.admin.{suffix}", PASSWORD), ["agency_admin"], agency_id,
                    "users:create")
    worker = onboard(call, lead, admin, Person(f"fuzz.worker.{suffix}", PASSWORD), ["case_manager"], agency_id,
                     "clients:create")
    return {"case worker": worker, "agency administrator": admin, "HMIS lead": lead}


def test_fuzzing_finds_no_server_error_and_no_undocumented_answer(app, actors):
    schema = schemathesis.openapi.from_wsgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    findings = Findings(deadline=time.monotonic() + BUDGET_SECONDS)
    for operation in operations:
        for actor, person in actors.items():
            if (operation.method.upper(), operation.path) in ENDS_OWN_SESSION:
                continue
            if time.monotonic() > findings.deadline:
                findings.not_reached.append((actor, operation.method.upper(), operation.path))
                continue
            fuzz(operation, actor, person, findings)
    print(f"\nfuzzing: {findings.requests} requests in {BUDGET_SECONDS - (findings.deadline - time.monotonic()):.0f} s")
    report = "\n\n".join(f"{actor}: {method} {path}: {what}\n{example}"
                         for (actor, method, path, what), example in sorted(findings.failures.items()))
    if findings.not_reached:  # a slow machine fuzzes less, it does not fail: the budget bounds the run
        print(f"the time budget ran out before {len(findings.not_reached)} of them: {findings.not_reached}")
    assert not findings.failures, f"{len(findings.failures)} failures in {findings.requests} requests:\n\n{report}"
