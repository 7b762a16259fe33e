"""HUD's specifications by fiscal year (docs/hud.md): a migration builds from the year it names, so a new
year's package cannot change what an old migration does; the code that follows the spec in force imports
`hud.CURRENT`, all of it, so moving to a new year leaves no part of a service on the old one."""
import ast
import re
from pathlib import Path

from clients import models
from hud import CURRENT
from test_import_boundaries import HUD, ROOT, imports

YEAR = re.compile(r"fy\d{4}")
MIGRATIONS = sorted([*ROOT.glob("services/*/migrations/versions/*.py"), *ROOT.glob("gateway/migrations/versions/*.py")])
# The code that follows the spec in force (tests and bench may pin a year of their own).
FOLLOWERS = sorted(path for folder in ("services", "gateway", "kit") for path in (ROOT / folder).rglob("*.py")
                   if "migrations" not in path.parts)


def _year(module: str) -> str | None:
    """The fiscal year a module of `hud` names (`hud.fy2026.spec` -> fy2026); None for `hud` itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and YEAR.fullmatch(parts[1]) else None


def _from_hud_into_models() -> set[str]:
    """The names clients.models imports from `hud`: the spec of the year the service is on."""
    tree = ast.parse(Path(models.__file__).read_text())
    return {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and node.module and node.module.split(".")[0] == HUD for alias in node.names}


# What clients.models builds from the spec the service is on (so it moves when CURRENT does): its HUD tables,
# `clients` among them, and what it imports from `hud`.
UNPINNED_MODELS = {name for name, value in vars(models).items()
                   if value is models.HUD_TABLES or any(value is table for table in models.HUD_TABLES.values())
                   } | _from_hud_into_models()


def _models_names_used(tree: ast.AST) -> set[str]:
    """The names of clients.models a migration uses: `models.X`, or `from clients.models import X`."""
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "clients.models":
            used |= {alias.name for alias in node.names}
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "models":
            used.add(node.attr)
    return used


def unpinned_spec_imports(path: Path) -> list[str]:
    """How a migration reaches a HUD spec without naming its year: a module of `hud` with no year (`hud`,
    the CURRENT pointer), a HUD module elsewhere (the service's own, as `clients.hud` was), or what
    clients.models builds from the spec in force."""
    found = [module for module in imports(path) if HUD in module.split(".") and not _year(module)]
    found += [f"clients.models.{name}" for name in sorted(_models_names_used(ast.parse(path.read_text()))
                                                         & UNPINNED_MODELS)]
    return found


def test_the_clients_models_names_built_from_the_spec_are_known():
    # So the migration test below knows what to look for: the HUD tables and the builder's functions.
    assert {"HUD_TABLES", "clients", "client_columns", "record_tables"} <= UNPINNED_MODELS
    assert not {"sources", "match_reviews", "client_splits", "csv_imports", "metadata"} & UNPINNED_MODELS


def test_a_migration_imports_a_hud_spec_by_its_fiscal_year():
    assert [(str(path.relative_to(ROOT)), found) for path in MIGRATIONS for found in unpinned_spec_imports(path)] == []
    # The migrations that build or change the HUD tables do name a year.
    assert {path.name[:4] for path in MIGRATIONS if any(_year(module) for module in imports(path))} >= {
        "0002", "0007", "0012"}


def test_the_code_that_follows_the_spec_in_force_imports_the_current_year():
    assert [(str(path.relative_to(ROOT)), module) for path in FOLLOWERS for module in imports(path)
            if module.split(".")[0] == HUD and _year(module) != CURRENT] == []
