"""The import boundaries: the gateway and every service reach another service through its contract only
(`<service>.contract`), nothing imports the platform, the platform reaches a service only through its
contract and its entry points, the kit reaches up to nothing, and HUD's specifications (`hud`) reach no
service, the gateway, the kit or the platform (docs/architecture.md, "Layers" and "Contracts and
boundaries")."""
import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from hmis_platform.components import COMPONENTS
from hud import CURRENT

ROOT = Path(__file__).resolve().parents[2]
SERVICES = tuple(sorted(path.name for path in (ROOT / "services").iterdir() if (path / path.name).is_dir()))
GATEWAY = "hmis_gateway"
# HUD's specifications, by fiscal year, below every service: a contract may import them (the clients
# contract builds its schemas from the spec and the rules).
HUD = "hud"
# What importing the gateway may load of them: what the contracts read (the spec and the rules of the
# current year) and the forms the web app renders from them, not the record tables or the rules' SQL.
GATEWAY_HUD = {HUD, f"{HUD}.{CURRENT}", f"{HUD}.{CURRENT}.spec", f"{HUD}.{CURRENT}.rules", f"{HUD}.{CURRENT}.forms",
               f"{HUD}.{CURRENT}.elements", f"{HUD}.{CURRENT}.catalogue"}  # the forms' elements, the findings' rules
KIT = "hmis_kit"
PLATFORM = "hmis_platform"
# What the platform may use of a service beyond its contract: the service module it runs (by name, from
# its table of components), the clients CSV commands, which `hmis csv` runs, and identity's commands, which
# `hmis admin recover` runs (break glass, with the services down), and the reports commands, which
# `hmis reports run|rebuild|load-source` run.
ENTRY_POINTS = ("clients.csv.commands", "identity.commands", "reports.commands", "reports.warehouse.commands",
                "clients.keys", "identity.keys") + tuple(f"{service}.service" for service in SERVICES)
# What the kit's config may read: the database server, the broker, where to listen, logging and delivery.
INFRASTRUCTURE_SETTINGS = {"DATABASE_URL", "HMIS_DB_PREFIX", "AMQP_URI", "HMIS_EVENTS_EXCHANGE",
                           "HMIS_DEAD_LETTER_EXCHANGE", "HMIS_HTTP_HOST", "HMIS_PORT_OFFSET", "LOG_LEVEL",
                           "HMIS_HANDLER_MAX_ATTEMPTS", "HMIS_OUTBOX_POLL_SECONDS", "HMIS_JOBS_POLL_SECONDS",
                           "HMIS_AMQP_HEARTBEAT_SECONDS", "HMIS_TRUSTED_PROXIES", "HMIS_DB_POOL_SIZE",
                           "HMIS_DB_MAX_OVERFLOW", "HMIS_DB_POOL_TIMEOUT_SECONDS", "HMIS_ENV", "HMIS_JOB_WORKERS",
                           "HMIS_JOB_DB_POOL_SIZE", "HMIS_JOB_DB_MAX_OVERFLOW"}
# What a contract may use of the kit: errors, settings, the purposes of access, the event types and the base
# of request schemas (marshmallow alone); no database, outbox or audit.
LIGHT_KIT = ("hmis_kit.config", "hmis_kit.errors", "hmis_kit.events", "hmis_kit.purposes", "hmis_kit.inputs")


def is_contract(module: str) -> bool:
    service, _, rest = module.partition(".")
    return service in SERVICES and (rest == "contract" or rest.startswith("contract."))


def imports(path: Path) -> list[str]:
    """The absolute modules a file imports (`from clients import contract` counts as `clients.contract`,
    and so for the kit, the gateway and `hud`)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            top = node.module.split(".")[0]
            if node.module == top and top in (*SERVICES, GATEWAY, KIT, HUD, PLATFORM):
                found += [f"{top}.{alias.name}" for alias in node.names]
            else:
                found.append(node.module)
    return found


def forbidden_imports(folder: Path, own: str | None) -> list[tuple[str, str]]:
    """(file, module) for each import under `folder` of another service's non-contract module, the gateway or
    the platform (`own`: the service or gateway the folder is, which may import itself)."""
    return [(str(path.relative_to(ROOT)), module) for path in sorted(folder.rglob("*.py")) for module in imports(path)
            if (top := module.split(".")[0]) != own
            and (top in (GATEWAY, PLATFORM) or top in SERVICES and not is_contract(module))]


def loaded_by(*modules: str) -> list[str]:
    """The modules importing `modules` loads, in a fresh interpreter (the test process has loaded every
    service already)."""
    program = f"import json, sys\nimport {', '.join(modules)}\nprint(json.dumps(sorted(sys.modules)))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path for path in sys.path if path)}
    return json.loads(subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env,
                                     check=True, cwd=ROOT).stdout)


def test_importing_the_gateway_loads_no_service_module_but_contracts():
    loaded = loaded_by("hmis_gateway.app", "hmis_gateway.routes", "hmis_gateway.server", "hmis_gateway.policy_feed")
    of_services = [module for module in loaded if module.split(".")[0] in SERVICES]
    assert {module.split(".")[0] for module in of_services} == set(SERVICES)  # each contract was loaded
    assert [module for module in of_services if module not in SERVICES and not is_contract(module)] == []
    assert {module for module in loaded if module.split(".")[0] == HUD} == GATEWAY_HUD
    assert [module for module in loaded if module.split(".")[0] == PLATFORM] == []


def test_the_gateway_imports_only_contracts_of_services_and_not_the_platform():
    assert forbidden_imports(ROOT / "gateway", GATEWAY) == []


def test_a_service_imports_only_contracts_of_other_services_and_not_the_gateway_nor_the_platform():
    assert [found for service in SERVICES for found in forbidden_imports(ROOT / "services" / service, service)] == []


def test_a_contract_imports_no_module_of_a_service_but_contracts_and_only_the_light_kit():
    # Else importing a contract would load the service's models, domain or database code after all.
    contracts = sorted(path for service in SERVICES
                       for path in (ROOT / "services" / service / service).glob("contract/*.py"))
    assert len(contracts) >= 2 * len(SERVICES)  # each service has one, with its __init__.py and schemas.py
    assert [(str(path.relative_to(ROOT)), module) for path in contracts for module in imports(path)
            if (top := module.split(".")[0]) == GATEWAY or top in SERVICES and not is_contract(module)
            or top == KIT and module not in LIGHT_KIT] == []


def test_hud_imports_no_service_nor_the_gateway_nor_the_kit():
    # HUD's specifications sit below the services, so reports, CES and the gateway can use them: they are
    # data, plain rules, SQL text and SQLAlchemy tables, and load nothing of the platform.
    modules = [f"{HUD}.{path.parent.name}.{path.stem}" for path in sorted((ROOT / HUD / HUD).glob("fy*/*.py"))
               if path.stem != "__init__"]
    assert [(str(path.relative_to(ROOT)), module) for path in sorted((ROOT / HUD).rglob("*.py"))
            for module in imports(path) if module.split(".")[0] in (*SERVICES, GATEWAY, KIT, PLATFORM)] == []
    assert [module for module in loaded_by(*modules) if module.split(".")[0] in (*SERVICES, GATEWAY, KIT, PLATFORM)] == []


def test_the_kit_imports_no_service_nor_the_gateway_nor_the_platform():
    upward = [(str(path.relative_to(ROOT)), module) for path in sorted((ROOT / "kit").rglob("*.py"))
              for module in imports(path) if module.split(".")[0] in (*SERVICES, GATEWAY, PLATFORM)]
    assert upward == []


def test_the_kit_config_names_no_component_and_reads_only_infrastructure_settings():
    """Components and their ports are the platform's; a domain setting is read by the service owning it."""
    text = (ROOT / "kit" / "hmis_kit" / "config.py").read_text()
    assert [name for name in COMPONENTS if re.search(rf"\b{name}\b", text, re.IGNORECASE)] == []
    assert set(re.findall(r'env\("(\w+)"', text)) <= INFRASTRUCTURE_SETTINGS


def test_the_platform_reaches_a_service_only_through_its_contract_and_its_entry_points():
    """It may import the kit and the gateway; of a service, its contract, the service module it runs and the
    clients CSV commands. The classes it runs by name count too."""
    run = [component.service.split(":")[0] for component in COMPONENTS.values() if component.service]
    used = [(str(path.relative_to(ROOT)), module) for path in sorted((ROOT / "platform").rglob("*.py"))
            for module in imports(path)] + [("platform/hmis_platform/components.py", module) for module in run]
    assert [(path, module) for path, module in used
            if module.split(".")[0] in SERVICES and not is_contract(module) and module not in ENTRY_POINTS] == []
    assert {module for _, module in used if module.split(".")[0] in SERVICES} >= set(ENTRY_POINTS)  # all checked
