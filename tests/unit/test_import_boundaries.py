"""The import boundaries: the gateway and every service reach another service through its contract only
(`<service>.contract`), and the kit reaches up to no service or the gateway (docs/architecture.md,
"Contracts and boundaries")."""
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVICES = tuple(sorted(path.name for path in (ROOT / "services").iterdir() if (path / path.name).is_dir()))
GATEWAY = "hmis_gateway"
# The HUD specification and its rules, which the clients contract builds its schemas from. They are data
# and plain rules (no models, no database); issue 12 point 1 moves them out of the service as `hud`.
HUD = ("clients.hud", "clients.hud.spec", "clients.hud.rules")
# The kit's known imports of what sits above it, to go with the platform layer (issue 12 point 5): the CLI's
# CSV commands and the launcher of the gateway. (The launcher also imports each service by the name in
# hmis_kit.config.COMPONENTS, at run time.) A new one fails the test; one removed must leave this list too.
KIT = "hmis_kit"
# What a contract may use of the kit: errors, settings and the purposes of access; no database, outbox or audit.
LIGHT_KIT = ("hmis_kit.config", "hmis_kit.errors", "hmis_kit.events", "hmis_kit.purposes")
KNOWN_KIT_UPWARD_IMPORTS = {
    ("kit/hmis_kit/cli.py", "clients.csv.commands"),
    ("kit/hmis_kit/serve.py", "hmis_gateway.server"),
}


def is_contract(module: str) -> bool:
    service, _, rest = module.partition(".")
    return service in SERVICES and (rest == "contract" or rest.startswith("contract.") or module in HUD)


def imports(path: Path) -> list[str]:
    """The absolute modules a file imports (`from clients import contract` counts as `clients.contract`,
    and so for the kit and the gateway)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            top = node.module.split(".")[0]
            if node.module == top and top in (*SERVICES, GATEWAY, KIT):
                found += [f"{top}.{alias.name}" for alias in node.names]
            else:
                found.append(node.module)
    return found


def forbidden_imports(folder: Path, own: str | None) -> list[tuple[str, str]]:
    """(file, module) for each import under `folder` of another service's non-contract module or the gateway
    (`own`: the service or gateway the folder is, which may import itself)."""
    return [(str(path.relative_to(ROOT)), module) for path in sorted(folder.rglob("*.py")) for module in imports(path)
            if (top := module.split(".")[0]) != own and (top == GATEWAY or top in SERVICES and not is_contract(module))]


def test_importing_the_gateway_loads_no_service_module_but_contracts():
    # A fresh interpreter: the test process has loaded every service already.
    program = ("import json, sys\n"
               "import hmis_gateway.app, hmis_gateway.routes, hmis_gateway.server, hmis_gateway.policy_feed\n"
               "print(json.dumps(sorted(sys.modules)))")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    loaded = json.loads(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env,
                                       check=True, cwd=ROOT).stdout)
    of_services = [module for module in loaded if module.split(".")[0] in SERVICES]
    assert {module.split(".")[0] for module in of_services} == set(SERVICES)  # each contract was loaded
    assert [module for module in of_services if module not in SERVICES and not is_contract(module)] == []


def test_the_gateway_imports_only_contracts_of_services():
    assert forbidden_imports(ROOT / "gateway", GATEWAY) == []


def test_a_service_imports_only_contracts_of_other_services_and_not_the_gateway():
    assert [found for service in SERVICES for found in forbidden_imports(ROOT / "services" / service, service)] == []


def test_a_contract_imports_no_module_of_a_service_but_contracts_and_only_the_light_kit():
    # Else importing a contract would load the service's models, domain or database code after all.
    contracts = sorted(path for service in SERVICES
                       for path in (ROOT / "services" / service / service).glob("contract/*.py"))
    assert len(contracts) >= 2 * len(SERVICES)  # each service has one, with its __init__.py and schemas.py
    assert [(str(path.relative_to(ROOT)), module) for path in contracts for module in imports(path)
            if (top := module.split(".")[0]) == GATEWAY or top in SERVICES and not is_contract(module)
            or top == KIT and module not in LIGHT_KIT] == []


def test_the_kit_imports_no_service_nor_the_gateway_beyond_its_known_debts():
    upward = {(str(path.relative_to(ROOT)), module) for path in sorted((ROOT / "kit").rglob("*.py"))
              for module in imports(path) if module.split(".")[0] in (*SERVICES, GATEWAY)}
    assert upward - KNOWN_KIT_UPWARD_IMPORTS == set(), "the kit may not import a service or the gateway"
    assert KNOWN_KIT_UPWARD_IMPORTS - upward == set(), "a known upward import is gone: take it off the list"
