"""The policy engine layer: one interface, an OPA server or embedded rego-cpp behind it (see engine.py)."""
from hmis_gateway.policy.engine import (
    DECISION_PATH,
    DEFAULT_POLICY_DIR,
    POLICY_PACKAGE,
    POLICY_RULE,
    Decision,
    EmbeddedRegoEngine,
    OpaServerEngine,
    PolicyEngine,
    PolicyEngineError,
    engine_from_env,
    load_policies,
    policy_revision,
)

__all__ = [
    "DECISION_PATH",
    "DEFAULT_POLICY_DIR",
    "POLICY_PACKAGE",
    "POLICY_RULE",
    "Decision",
    "EmbeddedRegoEngine",
    "OpaServerEngine",
    "PolicyEngine",
    "PolicyEngineError",
    "engine_from_env",
    "load_policies",
    "policy_revision",
]
