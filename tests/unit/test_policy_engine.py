"""The policy engines, with real evaluation: the embedded engine runs regopy on gateway/policies/.

No OPA binary exists here, so OpaServerEngine meets either a closed loopback port or `FakeOpa`, a
small HTTP server that records what it is sent and answers like OPA's REST API; what it proves is the
wire protocol and failing closed, not OPA's evaluation (the Rego unit tests cover the policy).
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hmis_gateway.policy import (
    DECISION_PATH,
    DEFAULT_POLICY_DIR,
    Decision,
    EmbeddedRegoEngine,
    OpaServerEngine,
    PolicyEngineError,
    engine_from_env,
)

OWN = "a0000000-0000-4000-8000-00000000000a"
OTHER = "b0000000-0000-4000-8000-00000000000b"
USER = "00000000-0000-4000-8000-000000000001"
# The requesting user is licensed and current on training, so only agency and ownership decide here.
USERS = {USER: {"active": True, "license": "active", "license_training": True, "mandatory_current": True,
                "ces_workflow": False, "overdue": []}}
NETWORK = {"agencies": {OWN: {"status": "active"}, OTHER: {"status": "active"}}, "users": USERS}
SUSPENDED = {"agencies": {OWN: {"status": "suspended"}, OTHER: {"status": "active"}}, "users": USERS}
AUTHZ_SOURCE = (DEFAULT_POLICY_DIR / "authz.rego").read_text()


def request(action: str = "clients:read", roles: tuple[str, ...] = ("case_manager",), owner: str | None = OWN,
            kind: str = "user", scopes: tuple[str, ...] = ()) -> dict:
    """A policy input as the gateway builds it, from a principal of agency OWN."""
    return {
        "principal": {"kind": kind, "id": USER, "agency_id": OWN, "mfa": True,
                      "roles": list(roles), "scopes": list(scopes)},
        "action": action,
        "resource": {"type": "client", "id": None, "agency_id": owner},
        "purpose": None,
        "break_glass_reason": None,
    }


@pytest.fixture
def engine() -> EmbeddedRegoEngine:
    """The embedded engine on the real policy, with both agencies active."""
    engine = EmbeddedRegoEngine(DEFAULT_POLICY_DIR)
    engine.set_data(NETWORK, "v1")
    return engine


def policy_dir(tmp_path: Path, **files: str) -> Path:
    """A policy directory holding the given files (name without .rego -> source)."""
    for name, source in files.items():
        (tmp_path / f"{name}.rego").write_text(source)
    return tmp_path


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The embedded engine

def test_case_manager_may_read_a_client_of_their_own_agency(engine):
    decision = engine.decide(request())
    assert decision == Decision(allow=True, reasons=(), path=DECISION_PATH, revision=engine.revision)
    assert DECISION_PATH == "hmis/authz/decision"


def test_denial_carries_every_reason_sorted(engine):
    decision = engine.decide(request(roles=("report_viewer",), owner=OTHER))
    assert decision.allow is False
    assert decision.reasons == ("other_agency", "role_not_permitted")


def test_api_key_is_held_to_its_scopes(engine):
    assert engine.decide(request(kind="api_key", roles=(), scopes=("clients:read",))).allow
    denied = engine.decide(
        request(action="clients:create", kind="api_key", roles=(), scopes=("clients:read",)))
    assert denied.reasons == ("scope_missing",)


def test_suspending_the_agency_denies_its_users_and_changes_the_revision(engine):
    before = engine.revision
    engine.set_data(SUSPENDED, "v2")
    decision = engine.decide(request())
    assert decision.reasons == ("agency_not_active",)
    assert decision.revision == engine.revision != before
    engine.set_data(NETWORK, "v3")
    assert engine.decide(request()).allow


def test_before_any_data_everyone_is_denied():
    engine = EmbeddedRegoEngine(DEFAULT_POLICY_DIR)
    assert engine.decide(request(roles=("system_admin",))).reasons == ("agency_not_active",)


def test_revision_hashes_the_policy_files_and_data_version_but_not_the_tests(tmp_path):
    policy = "package hmis.authz\n\ndecision := {\"allow\": true, \"reasons\": []}\n"
    directory = policy_dir(tmp_path, authz=policy)
    engine = EmbeddedRegoEngine(directory)
    engine.set_data({}, "v7")
    expected = hashlib.sha256((policy + "v7").encode()).hexdigest()[:12]
    assert engine.revision == expected

    policy_dir(tmp_path, authz_test="package hmis.authz_test\n\ntest_nothing := true\n")
    with_tests = EmbeddedRegoEngine(directory)
    with_tests.set_data({}, "v7")
    assert with_tests.revision == expected


def test_data_that_cannot_be_loaded_raises_and_keeps_the_previous_data(engine):
    revision = engine.revision
    with pytest.raises(PolicyEngineError):
        engine.set_data({"agencies": {OWN: {"since": object()}}}, "v2")
    assert engine.revision == revision
    assert engine.decide(request()).allow


def test_input_that_is_not_json_fails_closed(engine):
    with pytest.raises(PolicyEngineError):
        engine.decide({**request(), "purpose": {"a", "set"}})


def test_empty_policy_directory_fails_at_construction(tmp_path):
    with pytest.raises(PolicyEngineError, match="no policy files"):
        EmbeddedRegoEngine(tmp_path)


def test_policy_with_a_syntax_error_fails_at_construction(tmp_path):
    with pytest.raises(PolicyEngineError, match="does not compile"):
        EmbeddedRegoEngine(policy_dir(tmp_path, authz="package hmis.authz\n\ndecision := {\n"))


@pytest.mark.parametrize("decision", [
    "",  # no decision rule: undefined
    'decision := "allow"',
    'decision := {"allow": "yes", "reasons": []}',
    'decision := {"allow": true, "reasons": ["other_agency"]}',
    'decision := {"allow": false, "reasons": []}',
    'decision := {"allow": false, "reasons": [1]}',
    'decision := {"allow": true, "reasons": []} if input.action\n\n'
    'decision := {"allow": false, "reasons": ["x"]} if input.action',  # conflict: an evaluation error
], ids=["undefined", "not_an_object", "allow_not_bool", "allowed_with_reasons", "denied_without_reasons",
        "reason_not_a_string", "evaluation_error"])
def test_malformed_or_failed_decision_fails_closed(tmp_path, decision):
    engine = EmbeddedRegoEngine(policy_dir(tmp_path, authz=f"package hmis.authz\n\n{decision}\n"))
    with pytest.raises(PolicyEngineError):
        engine.decide(request())


CONCURRENT_DECISIONS = """
import sys, threading
from pathlib import Path
from hmis_gateway.policy import EmbeddedRegoEngine

network, suspended, inputs = (__import__("json").loads(arg) for arg in sys.argv[2:5])
engine = EmbeddedRegoEngine(Path(sys.argv[1]))
expected = {}
for version, data in (("suspended", suspended), ("active", network)):
    engine.set_data(data, version)
    expected.update({(engine.revision, i): engine.decide(inp) for i, inp in enumerate(inputs)})

failures, done = [], threading.Event()

def decide(worker):
    for k in range(300):
        i = (worker + k) % len(inputs)
        try:
            decision = engine.decide(inputs[i])
            if decision != expected[(decision.revision, i)]:
                failures.append((i, decision))
        except Exception as error:
            failures.append((i, repr(error)))

def flip_data():
    for n in range(30):
        engine.set_data(suspended if n % 2 else network, "suspended" if n % 2 else "active")

threads = [threading.Thread(target=decide, args=(w,)) for w in range(8)]
threads.append(threading.Thread(target=flip_data))
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(len(expected), failures[:3])
sys.exit(1 if failures else 0)
"""


def test_decisions_from_8_threads_are_correct_while_the_data_changes():
    """Real OS threads, in a fresh interpreter: this suite runs under eventlet, whose green threads never
    call regopy in parallel, while ctypes releases the GIL for real threads. Each decision must match
    the one a lone caller gets for the data revision it reports."""
    inputs = [request(), request(roles=("report_viewer",), owner=OTHER),
              request(roles=("system_admin",), owner=OTHER),
              request(action="clients:create", kind="api_key", roles=(), scopes=("clients:read",))]
    gateway_dir = DEFAULT_POLICY_DIR.parent
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(gateway_dir), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(
        [sys.executable, "-c", CONCURRENT_DECISIONS, str(DEFAULT_POLICY_DIR),
         json.dumps(NETWORK), json.dumps(SUSPENDED), json.dumps(inputs)],
        env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("8 []")


# The OPA server engine

class FakeOpa(ThreadingHTTPServer):
    """Answers like OPA's REST API: PUT policies (200), PUT data (204), POST a rule (its result)."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, port: int = 0) -> None:
        super().__init__(("127.0.0.1", port), _FakeOpaHandler)
        self.received: list[tuple[str, str, object]] = []
        self.answer: dict = {"result": {"allow": True, "reasons": []}}
        self.delay = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}"

    def sent(self, method: str) -> list[tuple[str, object]]:
        return [(path, body) for verb, path, body in self.received if verb == method]


class _FakeOpaHandler(BaseHTTPRequestHandler):
    server: FakeOpa

    def _body(self) -> str:
        return self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()

    def _reply(self, status: int, payload: dict | None = None) -> None:
        data = json.dumps(payload).encode() if payload is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_PUT(self) -> None:
        body = self._body()
        if self.path.startswith("/v1/policies/"):
            self.server.received.append(("PUT", self.path, body))
            self._reply(200, {})
        else:
            self.server.received.append(("PUT", self.path, json.loads(body)))
            self._reply(204)

    def do_POST(self) -> None:
        self.server.received.append(("POST", self.path, json.loads(self._body())))
        time.sleep(self.server.delay)
        self._reply(200, self.server.answer)

    def log_message(self, *args) -> None:
        """Silence the stand-in server's request lines in the test output."""


@contextmanager
def serving(server: FakeOpa) -> Iterator[FakeOpa]:
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def opa() -> Iterator[FakeOpa]:
    """A FakeOpa serving on a loopback port until the test ends."""
    with serving(FakeOpa()) as server:
        yield server


def test_opa_engine_pushes_policies_and_data_then_asks_the_decision_rule(opa):
    engine = OpaServerEngine(opa.url, DEFAULT_POLICY_DIR)
    assert opa.sent("PUT") == [("/v1/policies/authz.rego", AUTHZ_SOURCE),
                               ("/v1/data/network", {})]
    engine.set_data(NETWORK, "v1")
    assert opa.sent("PUT")[-1] == ("/v1/data/network", NETWORK)

    opa.answer = {"result": {"allow": False, "reasons": ["role_not_permitted", "other_agency"]}}
    decision = engine.decide(request())
    assert opa.sent("POST") == [("/v1/data/hmis/authz/decision", {"input": request()})]
    embedded = EmbeddedRegoEngine(DEFAULT_POLICY_DIR)
    embedded.set_data(NETWORK, "v1")
    assert decision == Decision(allow=False, reasons=("other_agency", "role_not_permitted"),
                                path=DECISION_PATH, revision=embedded.revision)


def test_opa_engine_fails_closed_fast_when_opa_is_down():
    engine = OpaServerEngine(f"http://127.0.0.1:{closed_port()}", DEFAULT_POLICY_DIR)
    started = time.monotonic()
    with pytest.raises(PolicyEngineError):
        engine.decide(request())
    assert time.monotonic() - started < 0.5
    with pytest.raises(PolicyEngineError):
        engine.set_data(NETWORK, "v1")


def test_opa_engine_fails_closed_on_timeout(opa):
    engine = OpaServerEngine(opa.url, DEFAULT_POLICY_DIR, timeout=0.2)
    opa.delay = 2.0
    started = time.monotonic()
    with pytest.raises(PolicyEngineError):
        engine.decide(request())
    assert time.monotonic() - started < 1.0


@pytest.mark.parametrize("answer", [{}, {"result": "allow"}, {"result": {"allow": True}}],
                         ids=["undefined", "not_an_object", "no_reasons"])
def test_opa_engine_fails_closed_on_a_malformed_result_and_pushes_again(opa, answer):
    engine = OpaServerEngine(opa.url, DEFAULT_POLICY_DIR)
    engine.set_data(NETWORK, "v1")
    opa.answer = answer
    with pytest.raises(PolicyEngineError):
        engine.decide(request())

    # OPA that lost the policy (say, restarted) answers undefined: the next decision pushes it again.
    opa.answer = {"result": {"allow": True, "reasons": []}}
    pushes = len(opa.sent("PUT"))
    assert engine.decide(request()).allow
    assert opa.sent("PUT")[pushes:] == [("/v1/policies/authz.rego", AUTHZ_SOURCE),
                                        ("/v1/data/network", NETWORK)]


def test_opa_engine_started_before_opa_pushes_on_the_first_decision():
    port = closed_port()
    engine = OpaServerEngine(f"http://127.0.0.1:{port}", DEFAULT_POLICY_DIR)
    with serving(FakeOpa(port)) as opa:
        assert engine.decide(request()).allow
        assert [path for path, _ in opa.sent("PUT")] == ["/v1/policies/authz.rego", "/v1/data/network"]


# Choosing the engine

def test_engine_from_env_is_embedded_without_opa_url(monkeypatch):
    monkeypatch.delenv("OPA_URL", raising=False)
    assert isinstance(engine_from_env(), EmbeddedRegoEngine)


def test_engine_from_env_is_opa_with_opa_url(monkeypatch):
    monkeypatch.setenv("OPA_URL", f"http://127.0.0.1:{closed_port()}")
    assert isinstance(engine_from_env(), OpaServerEngine)


def test_malformed_opa_url_is_refused(monkeypatch):
    monkeypatch.setenv("OPA_URL", "opa:8181")
    with pytest.raises(PolicyEngineError, match="OPA_URL"):
        engine_from_env()
