"""The benchmarks' modules for their tests. `bench/` is run from the repository's root (`python -m bench`) and not
installed; putting the root on sys.path would make its folders (hud/, platform/...) shadow the installed packages
of the same names, so the package is loaded from its folder instead."""
from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parents[1] / "bench"


def bench_module(name: str) -> ModuleType:
    """`bench.<name>`, the `bench` package loaded from the repository's folder once."""
    if "bench" not in sys.modules:
        spec = importlib.util.spec_from_file_location("bench", BENCH / "__init__.py",
                                                      submodule_search_locations=[str(BENCH)])
        package = importlib.util.module_from_spec(spec)
        sys.modules["bench"] = package
        spec.loader.exec_module(package)
    return importlib.import_module(f"bench.{name}")
