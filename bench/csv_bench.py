"""HMIS CSV import: rows per second of a full validated import vs a raw COPY of the same files.

For each size (10k and 100k clients by default) a seeded synthetic export is generated, then in the
same run and on the same PostgreSQL: the baseline COPYs every file as it is into plain all-text
staging tables (no checks, no types, no upsert); the import runs `clients.csv.importer` in reject
mode (typed, validated row by row and across files, SSNs encrypted, upserted, events written). Each
side runs in its own child process so peak RSS is its own. The change events of files loaded into empty
tables are rendered by the outbox relay when it publishes them, not by the import (clients/csv/
announcements.py): that rendering is timed apart, as the relay does it (streamed, not published), so the
cost that left the import shows. Run: python -m bench.csv_bench [n ...]
"""
from __future__ import annotations

import multiprocessing
import os
import resource
import sys
import tempfile
import time
import uuid

SIZES = (10_000, 100_000)


def _raw_copy(database_url: str, folder: str, queue) -> None:
    from clients.csv.copying import copy_expert
    from hud.fy2026.spec import FILES
    from hmis_kit.db import make_engine

    engine = make_engine(database_url)
    rows = 0
    started = time.perf_counter()
    with engine.connect() as connection, connection.begin():
        for spec in FILES.values():
            table = f"raw_{spec.name.lower()}"
            connection.exec_driver_sql(f"CREATE TEMP TABLE {table} ({', '.join(f'c{i} text' for i in range(len(spec.columns)))})")
            with open(os.path.join(folder, spec.filename), encoding="utf-8-sig", newline="") as source:
                rows += copy_expert(connection, f"COPY {table} FROM STDIN WITH (FORMAT csv, HEADER true)", source)
    seconds = time.perf_counter() - started
    engine.dispose()
    queue.put((rows, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _import(database_url: str, folder: str, queue) -> None:
    from clients.csv import importer
    from hmis_kit.db import make_engine

    engine = make_engine(database_url)
    started = time.perf_counter()
    report = importer.import_export(engine, folder, "reject")
    seconds = time.perf_counter() - started
    engine.dispose()
    queue.put((report["rows"], seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _render_events(database_url: str, queue) -> None:
    """Render every event in the outbox, an import's bundles as the relay renders them, without publishing."""
    from clients.csv.announcements import RENDERERS
    from hmis_kit.db import make_engine
    from hmis_kit.outbox import outbox_events

    engine = make_engine(database_url)
    started = time.perf_counter()
    with engine.connect() as connection:
        rendered = sum(1 for _ in outbox_events(connection, RENDERERS))
    seconds = time.perf_counter() - started
    engine.dispose()
    queue.put((rendered, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))


def _in_child(target, *args) -> tuple[int, float, int]:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def run(sizes: tuple[int, ...] = SIZES) -> dict:
    from alembic import command
    from sqlalchemy.engine import make_url

    from clients.csv.generator import generate
    from hmis_kit import config, migrations
    from hmis_kit.db import create_database, drop_database

    settings = config.load()
    results = []
    for clients in sizes:
        url = make_url(settings.database_url("clients")).set(database=f"hmis_bench_{uuid.uuid4().hex[:8]}")
        url = url.render_as_string(hide_password=False)
        create_database(url)
        try:
            command.upgrade(migrations.alembic_config("clients", url), "head")
            with tempfile.TemporaryDirectory() as folder:
                generate(folder, clients, seed=2026)
                raw_rows, raw_s, raw_rss = _in_child(_raw_copy, url, folder)
                rows, import_s, import_rss = _in_child(_import, url, folder)
                events, render_s, render_rss = _in_child(_render_events, url)
        finally:
            drop_database(url)
        results.append({"clients": clients, "rows": rows, "raw_rows": raw_rows,
                        "raw_per_s": round(raw_rows / raw_s), "import_per_s": round(rows / import_s),
                        "ratio": round((rows / import_s) / (raw_rows / raw_s), 2),
                        "raw_peak_rss_mb": round(raw_rss / 1024), "import_peak_rss_mb": round(import_rss / 1024),
                        "import_s": round(import_s, 1), "events": events, "render_s": round(render_s, 1),
                        "render_peak_rss_mb": round(render_rss / 1024)})
    return {"sizes": results, "target_ratio": 0.25}


def report(result: dict) -> str:
    lines = ["HMIS CSV import (validated, reject mode) vs raw COPY into all-text staging tables, same files, same run"]
    for size in result["sizes"]:
        lines += [
            f"  {size['clients']:>7} clients, {size['rows']} rows:",
            f"    raw COPY (baseline): {size['raw_per_s']:>9} rows/s   peak RSS {size['raw_peak_rss_mb']:>5} MB",
            f"    full import:         {size['import_per_s']:>9} rows/s   peak RSS {size['import_peak_rss_mb']:>5} MB",
            f"    ratio import / raw:  {size['ratio']:>9}   (target >= {result['target_ratio']})",
            f"    import {size['import_s']} s; then the relay's rendering of its {size['events']} events "
            f"(not published): {size['render_s']} s   peak RSS {size['render_peak_rss_mb']:>5} MB",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run(tuple(int(n) for n in sys.argv[1:]) or SIZES)))
