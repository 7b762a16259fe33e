"""What `hmis reports rebuild` and `hmis reports load-source` do: run against the reports database, print
rows and rows per second by file."""
from __future__ import annotations

import zipfile
from collections.abc import Callable

from hmis_kit import config
from hmis_kit.db import make_engine
from reports.warehouse.exports import load_export
from reports.warehouse.rebuild import rebuild


def run_rebuild(clients, clients_url: str, echo: Callable[[str], None]) -> int:
    """`clients`: an RPC proxy of the running clients service; `clients_url`: its own HTTP port."""
    engine = make_engine(config.load().database_url("reports"))
    try:
        echo("rebuilding the warehouse's HMIS sources from the clients service:")
        loaded = rebuild(engine, clients, clients_url, echo)
    finally:
        engine.dispose()
    echo(loaded.summary())
    return 0


def run_load_source(path: str, label: str | None, echo: Callable[[str], None]) -> int:
    engine = make_engine(config.load().database_url("reports"))
    try:
        echo(f"loading {path} as a warehouse source:")
        source, loaded = load_export(engine, path, label or path, echo)
    except (zipfile.BadZipFile, NotADirectoryError, FileNotFoundError):
        echo(f"FAILED: {path} is neither a zip nor a folder of HMIS CSV files; nothing was loaded")
        return 1
    finally:
        engine.dispose()
    echo(loaded.summary())
    echo(f"source {source} ({label or path}): report on it with its id")
    return 0
