"""The reports warehouse: its lag behind the clients service, and its rebuild's rows per second beside a raw COPY of
the same files.

Each function starts the whole platform as separate processes (bench/platform.py) and imports a seeded synthetic
export into its clients database, as `hmis csv import` does:
- `warehouse_lag`: the seconds from the import's commit until the warehouse holds its clients (the relay
  renders and publishes the import's changes, the reports service fetches the records by key and writes them),
  and until it holds every row of the files events keep current;
- `warehouse_rebuild`: once the warehouse has caught up, `hmis reports rebuild` (every HMIS row streamed from
  the clients service by COPY into a COPY), beside a raw COPY of the export's files into all-text tables
  (bench/csv_bench.py's baseline), in the reports database.

Run: python -m bench.warehouse_bench lag [CLIENTS] | rebuild [CLIENTS]
"""
from __future__ import annotations

import argparse
import tempfile
import time

LAG_CLIENTS = 1_000
REBUILD_CLIENTS = 100_000
# Files events do not keep current: only a rebuild brings them (docs/reports.md).
NOT_LIVE = ("Export", "User")


def _rows_by_file(folder: str) -> dict[str, int]:
    from hud.fy2026.export_files import ExportFiles, csv_rows
    from hud.fy2026.spec import FILES

    files, counts = ExportFiles(folder), {}
    for name, spec in FILES.items():
        with files.open(spec) as stream:
            counts[name] = sum(1 for row in csv_rows(stream)[1] if row)
    files.close()
    return counts


def _warehouse_counts(engine, files=None) -> dict[str, int]:
    """Rows by file (all, or `files`) in the warehouse of the newest clients source (the export's: the platform
    is new)."""
    from reports.warehouse.tables import WAREHOUSE_TABLES

    with engine.connect() as connection:
        return {name: connection.exec_driver_sql(
            f"SELECT count(*) FROM {table.name} t JOIN warehouse_sources s ON s.id = t.source "
            "WHERE s.clients_source = (SELECT max(clients_source) FROM warehouse_sources)").scalar_one()
            for name, table in WAREHOUSE_TABLES.items() if files is None or name in files}


def _import(platform, clients: int, folder: str) -> dict[str, int]:
    """Import a generated export of `clients` into the platform's clients database; its rows by file."""
    from clients.csv import importer
    from clients.csv.generator import Problems, generate
    from hmis_kit.db import make_engine

    generate(folder, clients, seed=2026, problems=Problems())
    engine = make_engine(platform.settings.database_url("clients"))
    try:
        importer.import_export(engine, folder)
    finally:
        engine.dispose()
    return _rows_by_file(folder)


def _seconds_until(started: float, check, timeout: float, every: float) -> float | None:
    """Seconds from `started` until `check()` holds, polling `every` seconds (a poll is queries on the database
    measured); None when it did not within `timeout`."""
    while time.perf_counter() - started < timeout:
        if check():
            return round(time.perf_counter() - started, 2)
        time.sleep(every)
    return None


def _caught_up(reports, expected: dict[str, int]):
    live = {name: rows for name, rows in expected.items() if name not in NOT_LIVE}
    return lambda: {name: rows for name, rows in _warehouse_counts(reports).items() if name in live} == live


def warehouse_lag(clients: int = LAG_CLIENTS) -> dict:
    """Seconds from an import's commit until the warehouse holds its `clients` clients (the import's Client.csv
    changes), and until it holds every row of the files events keep current."""
    from bench.platform import running_platform
    from hmis_kit.db import make_engine

    with running_platform() as platform, tempfile.TemporaryDirectory() as folder:
        reports = make_engine(platform.settings.database_url("reports"))
        try:
            expected = _import(platform, clients, folder)
            imported = time.perf_counter()
            client_lag = _seconds_until(imported, lambda: _warehouse_counts(reports, ["Client"])["Client"] == clients,
                                        120, every=0.05)
            all_lag = _seconds_until(imported, _caught_up(reports, expected), 600, every=0.5)
        finally:
            reports.dispose()
    return {"clients": clients, "rows": sum(expected.values()), "client_lag_s": client_lag, "all_lag_s": all_lag,
            "target_s": 2.0}


def warehouse_rebuild(clients: int = REBUILD_CLIENTS) -> dict:
    """`hmis reports rebuild`'s rows/s beside a raw COPY of the same export's files, in the reports database."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from bench.csv_bench import _in_child, _raw_copy
    from bench.platform import running_platform
    from hmis_kit.db import make_engine
    from hmis_platform.components import service_url
    from reports.warehouse.rebuild import rebuild

    with running_platform() as platform, tempfile.TemporaryDirectory() as folder:
        settings = platform.settings
        reports = make_engine(settings.database_url("reports"))
        try:
            expected = _import(platform, clients, folder)
            caught_up = _seconds_until(time.perf_counter(), _caught_up(reports, expected), 180, every=2)
            raw_rows, raw_s, _ = _in_child(_raw_copy, settings.database_url("reports"), folder)
            with ClusterRpcProxy(settings.nameko_config(), timeout=60) as cluster:
                started = time.perf_counter()  # the whole rebuild: the old rows removed, the commit
                loaded = rebuild(reports, cluster.clients, service_url(settings, "clients"), lambda line: None)
                rebuild_s = time.perf_counter() - started
        finally:
            reports.dispose()
    return {"clients": clients, "caught_up_s": caught_up, "raw_rows": raw_rows, "raw_per_s": round(raw_rows / raw_s),
            "rows": loaded.total_rows, "rebuild_s": round(rebuild_s, 1), "rebuild_per_s": round(loaded.total_rows / rebuild_s),
            "ratio": round((loaded.total_rows / rebuild_s) / (raw_rows / raw_s), 2),
            "by_file": {what: (loaded.rows[what], round(loaded.seconds[what], 2)) for what in loaded.rows}}


def lag_report(result: dict) -> str:
    return (f"Warehouse lag behind the clients service, after an import of {result['clients']} clients "
            f"({result['rows']} rows):\n"
            f"  its clients in the warehouse after {result['client_lag_s']} s (target <= {result['target_s']} s)\n"
            f"  every row of the files events keep current after {result['all_lag_s']} s")


def rebuild_report(result: dict) -> str:
    lines = [f"Warehouse rebuild (hmis reports rebuild) vs raw COPY of the same export, {result['clients']} clients:",
             f"  raw COPY (baseline): {result['raw_per_s']:>9} rows/s ({result['raw_rows']} rows)",
             f"  rebuild:             {result['rebuild_per_s']:>9} rows/s ({result['rows']} rows, "
             f"{result['rebuild_s']} s)",
             f"  ratio rebuild / raw: {result['ratio']:>9}",
             f"  (the live warehouse had caught up with the import after {result['caught_up_s']} s; "
             "None: not within 180 s)"]
    lines += [f"    {what:<24} {rows:>10} rows {seconds:>7} s" for what, (rows, seconds) in result["by_file"].items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.warehouse_bench", description=__doc__.split("\n")[0])
    parser.add_argument("measure", choices=("lag", "rebuild"))
    parser.add_argument("clients", nargs="?", type=int, help=f"clients in the generated export (default: "
                        f"{LAG_CLIENTS} for lag, {REBUILD_CLIENTS} for rebuild)")
    arguments = parser.parse_args(argv)
    if arguments.measure == "lag":
        print(lag_report(warehouse_lag(arguments.clients or LAG_CLIENTS)))
    else:
        print(rebuild_report(warehouse_rebuild(arguments.clients or REBUILD_CLIENTS)))


if __name__ == "__main__":
    main()
