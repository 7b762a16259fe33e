"""Policy engines: ask the Rego policy in `gateway/policies/` whether a request may go ahead.

Why two engines: production (and `deploy/`) runs a real OPA server next to the gateway, the reference
Rego implementation that operators already know how to run and watch; `OpaServerEngine` queries it
through opa-python-client and pushes the policy files and the trust-network data to it. Where no OPA
server runs (development, tests, this machine: no OPA binary can be installed), `EmbeddedRegoEngine`
evaluates the same files in-process with regopy (Microsoft's rego-cpp), compiled once per data
version. Both sit behind `PolicyEngine`; any failure to evaluate is a `PolicyEngineError`, which
callers turn into a denial (fail closed).
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

import regopy
from opa_client import OpaClient

POLICY_PACKAGE = "hmis/authz"
POLICY_RULE = "decision"
DECISION_PATH = f"{POLICY_PACKAGE}/{POLICY_RULE}"
DEFAULT_POLICY_DIR = Path(__file__).resolve().parents[2] / "policies"

_QUERY = "decision := data.hmis.authz.decision"
# rego-cpp promises no thread safety and ctypes releases the GIL during its calls, so every regopy
# call in the process (compiling included) runs under this one lock.
_REGOPY_LOCK = threading.Lock()

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Decision:
    allow: bool
    reasons: tuple[str, ...]  # reason codes, sorted; empty when allowed
    path: str  # e.g. "hmis/authz/decision"
    revision: str  # policy_revision() of the policy files and data version that decided
    # The consents that let another agency reach a client's record (their ids), when that is the basis.
    consents: tuple[str, ...] = ()


class PolicyEngineError(Exception):
    """The policy could not be evaluated (engine down, timeout, bad policy, malformed result): deny."""


class PolicyEngine(Protocol):
    revision: str

    def decide(self, input: dict) -> Decision:
        """The policy's decision on `input`; raises PolicyEngineError on any engine failure or timeout."""
        ...

    def set_data(self, network: dict, version: str) -> None:
        """Replace the policy data document at data.network; raises PolicyEngineError if it cannot."""
        ...


def load_policies(policy_dir: Path) -> dict[str, str]:
    """The policy modules in `policy_dir` (file name -> source) in name order; `*_test.rego` left out."""
    files = sorted(path for path in policy_dir.glob("*.rego") if not path.name.endswith("_test.rego"))
    if not files:
        raise PolicyEngineError(f"no policy files in {policy_dir}")
    return {path.name: path.read_text(encoding="utf-8") for path in files}


def policy_revision(policies: dict[str, str], data_version: str) -> str:
    """First 12 hex digits of sha256 over the policy sources, in name order, then the data version."""
    return hashlib.sha256(("".join(policies.values()) + data_version).encode()).hexdigest()[:12]


def _decision(result: object, revision: str) -> Decision:
    """Check the shape of the policy's `decision` value; anything else is an engine failure."""
    if not isinstance(result, dict):
        raise PolicyEngineError("the policy decision is undefined or not an object")
    allow, reasons, consents = result.get("allow"), result.get("reasons"), result.get("consents", [])
    if (not isinstance(allow, bool) or not isinstance(reasons, list) or not isinstance(consents, list)
            or not all(isinstance(item, str) for item in reasons + consents) or allow == bool(reasons)):
        raise PolicyEngineError(f"malformed policy decision: {result!r}")
    return Decision(allow=allow, reasons=tuple(sorted(reasons)), path=DECISION_PATH, revision=revision,
                    consents=tuple(sorted(consents)))


class EmbeddedRegoEngine:
    """Evaluates the policy in-process: one rego-cpp interpreter and compiled bundle per data version.

    An interpreter only ever adds data, so set_data builds a new interpreter and bundle and swaps them
    in under the lock; decisions wait for that rebuild (tens of milliseconds). Evaluation is
    in-process and takes a fraction of a millisecond, so there is no timeout to enforce.
    """

    revision: str

    def __init__(self, policy_dir: Path) -> None:
        self._policies = load_policies(policy_dir)
        self.set_data({}, "")

    def set_data(self, network: dict, version: str) -> None:
        try:
            data = json.dumps({"network": network}, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise PolicyEngineError(f"the network data is not JSON: {error}") from error
        with _REGOPY_LOCK:
            self._interpreter, self._bundle = self._compile(data)
            self.revision = policy_revision(self._policies, version)

    def _compile(self, data: str) -> tuple[regopy.Interpreter, regopy.Bundle]:
        interpreter = regopy.Interpreter()
        # By default rego-cpp prints errors to stdout; they reach us as RegoError instead.
        interpreter.log_level = regopy.LogLevel.NONE
        try:
            for name, source in self._policies.items():
                interpreter.add_module(name, source)
            interpreter.add_data_json(data)
            bundle = interpreter.build(_QUERY)
        except regopy.RegoError as error:
            raise PolicyEngineError(f"the policy does not compile: {error}") from error
        if not bundle.ok():
            raise PolicyEngineError("the policy does not compile")
        return interpreter, bundle

    def decide(self, input: dict) -> Decision:
        try:
            term = json.dumps(input, allow_nan=False)
        except (TypeError, ValueError) as error:
            raise PolicyEngineError(f"the policy input is not JSON: {error}") from error
        with _REGOPY_LOCK:
            try:
                self._interpreter.set_input_term(term)
                output = self._interpreter.query_bundle(self._bundle)
            except regopy.RegoError as error:  # its text may quote the input: not repeated here
                raise PolicyEngineError("the policy engine failed on this input") from error
            # Ask a failed output nothing but ok(): printing one can crash rego-cpp 1.5.2.
            ok = output.ok()
            results = output.results  # plain Python values, parsed when the output was made
            revision = self.revision
            del output  # free it under the lock too
        if not ok or len(results) != 1:
            raise PolicyEngineError("the policy engine failed to evaluate the decision")
        return _decision(results[0].bindings.get("decision"), revision)


class OpaServerEngine:
    """Asks an OPA server over HTTP, after pushing it the policy files and the network data.

    OPA may start after the gateway, or restart and forget what it was sent, so a push that fails
    leaves the engine out of sync and the next decision pushes everything again before asking.
    """

    revision: str

    def __init__(self, url: str, policy_dir: Path, timeout: float = 0.5) -> None:
        self._policies = load_policies(policy_dir)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PolicyEngineError(f"OPA_URL must look like http://host:port, not {url!r}")
        # No retries: a decision waits at most `timeout` per request, then fails closed.
        self._client = OpaClient(host=parts.hostname, port=parts.port or 8181, ssl=parts.scheme == "https",
                                 timeout=timeout, retries=0)
        self._network: dict = {}
        self.revision = policy_revision(self._policies, "")
        self._in_sync = False
        self._sync_lock = threading.Lock()
        try:
            self._push(policies=True)
        except PolicyEngineError as error:
            log.warning("OPA not ready, will push the policy before the first decision: %s", error)

    def _push(self, policies: bool) -> None:
        """Send the policy files (when asked) and the network data; callers hold the sync lock."""
        self._in_sync = False
        try:
            if policies:
                for name, source in self._policies.items():
                    self._client.update_policy_from_string(source, name, rego_compat=False)
            self._client.update_or_create_data(self._network, "network")
        except Exception as error:
            raise PolicyEngineError(f"cannot push the policy to OPA: {error!r}") from error
        self._in_sync = True

    def set_data(self, network: dict, version: str) -> None:
        with self._sync_lock:
            self._network = network
            self.revision = policy_revision(self._policies, version)
            self._push(policies=not self._in_sync)

    def decide(self, input: dict) -> Decision:
        try:
            if not self._in_sync:
                with self._sync_lock:
                    if not self._in_sync:
                        self._push(policies=True)
            revision = self.revision
            response = self._client.query_rule(input_data=input, package_path=POLICY_PACKAGE,
                                               rule_name=POLICY_RULE)
            return _decision(response.get("result"), revision)
        except PolicyEngineError:
            self._in_sync = False
            raise
        except Exception as error:
            self._in_sync = False
            raise PolicyEngineError(f"OPA did not decide: {error!r}") from error


def engine_from_env(policy_dir: Path | None = None) -> PolicyEngine:
    """`OpaServerEngine` when OPA_URL is set, else `EmbeddedRegoEngine`, over `gateway/policies/`."""
    policy_dir = policy_dir or DEFAULT_POLICY_DIR
    url = os.environ.get("OPA_URL", "").strip()
    return OpaServerEngine(url, policy_dir) if url else EmbeddedRegoEngine(policy_dir)
