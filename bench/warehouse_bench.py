"""The reports warehouse's figures on a running platform (bench/platform.py), for bench/reports_bench.py:

- `import_without_events`: a generated export imported into the clients database before the services start,
  its change events marked published, so the warehouse is filled by the rebuild measured, not by the events;
- `rebuild_beside_raw_copy`: `hmis reports rebuild` (every HMIS row streamed from the clients service by COPY
  into a COPY, in one transaction) beside a raw COPY of the export's files into all-text tables (bench/
  csv_bench.py's baseline), in the reports database;
- `lag`: the seconds from an import's commit until the warehouse holds its clients (the relay renders and
  publishes the import's changes, the reports service fetches the records by key and writes them), and until
  it holds every row of the files events keep current.
"""
from __future__ import annotations

import tempfile
import time

LAG_CLIENTS = 1_000
LAG_SEED = 2027  # the lag's export: a source of its own beside the CoC's (seed 2026), new records only
LAG_TARGET_SECONDS = 2.0


def _rows_by_file(folder: str) -> dict[str, int]:
    from hud.fy2026.export_files import ExportFiles, csv_rows
    from hud.fy2026.spec import FILES

    files, counts = ExportFiles(folder), {}
    for name, spec in FILES.items():
        with files.open(spec) as stream:
            counts[name] = sum(1 for row in csv_rows(stream)[1] if row)
    files.close()
    return counts


def _warehouse_counts(engine, clients_source: int, files=None) -> dict[str, int]:
    """Rows by file (all, or `files`) in the warehouse of the clients service's source `clients_source`."""
    from reports.warehouse.tables import WAREHOUSE_TABLES

    with engine.connect() as connection:
        return {name: connection.exec_driver_sql(
            f"SELECT count(*) FROM {table.name} t JOIN warehouse_sources s ON s.id = t.source "
            "WHERE s.clients_source = %(source)s", {"source": clients_source}).scalar_one()
            for name, table in WAREHOUSE_TABLES.items() if files is None or name in files}


def _import(database_url: str, folder: str) -> None:
    """Import the export in `folder` into the clients database, as `hmis csv import` does."""
    from clients.csv import importer
    from hmis_kit.db import make_engine

    engine = make_engine(database_url)
    try:
        importer.import_export(engine, folder)
    finally:
        engine.dispose()


def _clients_source(database_url: str, seed: int) -> int:
    """The clients service's source of a generated export of `seed` (its ImplementationID names the seed)."""
    from hmis_kit.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT id FROM sources WHERE implementation_id = %(id)s",
                                              {"id": f"harbor-synthetic-{seed}"}).scalar_one()
    finally:
        engine.dispose()


def import_without_events(settings, folder: str) -> None:
    """Import the export in `folder` into the clients database of `settings`, then mark its change events
    published. Applied one by one, a 100k-client CoC's 2.6 million changes would keep the reports service busy
    for most of an hour, and every figure measured meanwhile would be theirs; a CoC that moves its data in
    rebuilds its warehouse instead, which is what is measured."""
    from hmis_kit.db import make_engine

    url = settings.database_url("clients")
    _import(url, folder)
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            connection.exec_driver_sql("UPDATE outbox SET published_at = now() WHERE published_at IS NULL")
    finally:
        engine.dispose()


def _seconds_until(started: float, check, timeout: float, every: float) -> float | None:
    """Seconds from `started` until `check()` holds, polling `every` seconds (a poll is queries on the database
    measured); None when it did not within `timeout`."""
    while time.perf_counter() - started < timeout:
        if check():
            return round(time.perf_counter() - started, 2)
        time.sleep(every)
    return None


def rebuild_beside_raw_copy(platform, folder: str) -> dict:
    """`hmis reports rebuild`'s rows/s beside a raw COPY of the export's files in `folder`, in the reports
    database of the running `platform` whose clients database holds that export."""
    from nameko.standalone.rpc import ClusterRpcProxy

    from bench.csv_bench import _in_child, _raw_copy
    from hmis_kit.db import make_engine
    from hmis_platform.components import service_url
    from reports.warehouse.rebuild import rebuild

    settings = platform.settings
    raw_rows, raw_s, _ = _in_child(_raw_copy, settings.database_url("reports"), folder)
    reports = make_engine(settings.database_url("reports"))
    try:
        with ClusterRpcProxy(settings.nameko_config(), timeout=600) as cluster:
            started = time.perf_counter()  # the whole rebuild: the old rows removed, the commit
            loaded = rebuild(reports, cluster.clients, service_url(settings, "clients"), lambda line: None)
            rebuild_s = time.perf_counter() - started
    finally:
        reports.dispose()
    return {"raw_rows": raw_rows, "raw_per_s": round(raw_rows / raw_s), "rows": loaded.total_rows,
            "rebuild_s": round(rebuild_s, 1), "rebuild_per_s": round(loaded.total_rows / rebuild_s),
            "ratio": round((loaded.total_rows / rebuild_s) / (raw_rows / raw_s), 2),
            "by_file": {what: (loaded.rows[what], round(loaded.seconds[what], 2)) for what in loaded.rows}}


def lag(platform, clients: int = LAG_CLIENTS) -> dict:
    """Seconds from the commit of an import of `clients` new clients (a generated export of its own) until the
    warehouse holds them (the import's Client.csv changes), and until it holds every row of the files events
    keep current."""
    from clients.csv.generator import Problems, generate
    from hmis_kit.db import make_engine

    reports = make_engine(platform.settings.database_url("reports"))
    try:
        with tempfile.TemporaryDirectory() as folder:
            generate(folder, clients, seed=LAG_SEED, problems=Problems())
            expected = _rows_by_file(folder)
            _import(platform.settings.database_url("clients"), folder)
        imported = time.perf_counter()
        source = _clients_source(platform.settings.database_url("clients"), LAG_SEED)
        client_lag = _seconds_until(imported, lambda: _warehouse_counts(reports, source, ["Client"])["Client"]
                                    == clients, 120, every=0.05)
        all_lag = _seconds_until(imported, lambda: _warehouse_counts(reports, source, expected) == expected, 180,
                                 every=0.5)
    finally:
        reports.dispose()
    return {"clients": clients, "rows": sum(expected.values()), "client_lag_s": client_lag, "all_lag_s": all_lag,
            "target_s": LAG_TARGET_SECONDS}


def lag_report(result: dict) -> str:
    verdict = "" if result["client_lag_s"] is None else \
        " within target" if result["client_lag_s"] <= result["target_s"] else " OVER target"
    return (f"  warehouse lag after an import of {result['clients']} new clients ({result['rows']} rows): its clients "
            f"in the warehouse after {result['client_lag_s']} s (target <= {result['target_s']:g} s:{verdict}); "
            f"every row of the files events keep current after {result['all_lag_s']} s (None: not within 180 s)")


def rebuild_report(result: dict) -> str:
    lines = [f"  warehouse rebuild (hmis reports rebuild) vs raw COPY of the same export:",
             f"    raw COPY (baseline): {result['raw_per_s']:>9} rows/s ({result['raw_rows']} rows)",
             f"    rebuild:             {result['rebuild_per_s']:>9} rows/s ({result['rows']} rows, "
             f"{result['rebuild_s']} s, the old rows removed and the commit included)",
             f"    ratio rebuild / raw: {result['ratio']:>9}"]
    lines += [f"      {what:<24} {rows:>10} rows {seconds:>7} s" for what, (rows, seconds) in result["by_file"].items()]
    return "\n".join(lines)
