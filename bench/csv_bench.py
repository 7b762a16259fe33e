"""HMIS CSV import: rows per second of a full validated import vs a raw COPY of the same files.

For each size (10k and 100k clients by default) a seeded synthetic export is generated with the
data-quality problems a CoC's data has (clients.csv.generator.Problems, default rates), and HUD's
FY2026 sample export is read as HUD ships it; then for each, in the same run and on the same PostgreSQL,
each into a database of its own: the baseline COPYs every file as it is into plain all-text staging
tables (no checks, no types, no upsert); the import runs `clients.csv.importer` at its default strictness
(typed, validated row by row and across files, SSNs encrypted, upserted, events written). The two alternate,
PAIRS times, each import into a new database right after its raw COPY, and the ratio is the median of the
pairs' ratios: on two cores shared with other work one side alone moved by a third from run to run, and a pair
measured back to back sees the same machine.
Each side runs in its own child process so peak RSS is its own. The change events of files loaded into
empty tables are rendered by the outbox relay when it publishes them, not by the import (clients/csv/
announcements.py): that rendering is timed apart, as the relay does it (streamed, not published), so the
cost that left the import shows.

Run: python -m bench.csv_bench [N ...] [--clean] [--rate NAME=RATE ...] [--strictness S] [--no-hud-sample]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import uuid
import zipfile
from pathlib import Path

from sqlalchemy import exc as sa_exc

SIZES = (10_000, 100_000)
# Raw COPY then import, this many times: a single raw COPY ranged over 344k-670k rows/s on the same machine within
# an hour, more than the import did.
PAIRS = 3
# HUD's FY2026 sample export (255,203 rows), where this machine and CI keep the project's test data.
HUD_SAMPLE = Path(os.environ.get("HMIS_HUD_SAMPLE", "/work/shared/data/hud-fy2026-lsa-sample/Sample HMIS Data.zip"))


def _raw_copy(database_url: str, folder: str, queue) -> None:
    from hmis_kit.copying import copy_expert
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


def _import(database_url: str, folder: str, strictness: str | None, queue) -> None:
    """The import at `strictness` (None: the importer's default); a rejected import is measured too (it
    read and checked everything) and says so."""
    from clients.csv import importer
    from hmis_kit.db import make_engine

    engine = make_engine(database_url)
    started = time.perf_counter()
    try:
        report = importer.import_export(engine, folder, *filter(None, [strictness]))
        outcome, stored = "imported", report["inserted"] + report["updated"]
    except importer.ImportRejected as rejected:
        report, outcome, stored = rejected.report, "REJECTED, nothing written", 0
    seconds = time.perf_counter() - started
    engine.dispose()
    files = report["files"].values()
    queue.put((report["rows"], seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               {"outcome": outcome, "strictness": report["strictness"], "errors": report["errors"], "stored": stored,
                "left_out": sum(file["left_out"] for file in files),
                "repaired": sum(file["repaired"] for file in files)}))


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


def _settled(database_url: str) -> None:
    """The server's and the system's dirty pages written out, so that neither side of a comparison pays for
    the writes of what ran before it (a raw COPY right after an import ran 35% slower than one after another
    COPY). CHECKPOINT needs a superuser or pg_checkpoint; where it is refused the bench says so and the server's
    pages are left to the server."""
    from hmis_kit.db import make_engine

    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("CHECKPOINT")
    except sa_exc.DBAPIError as refused:
        print(f"(no CHECKPOINT between the sides: {refused.orig})", file=sys.stderr)
    finally:
        engine.dispose()
    os.sync()


def _in_child(target, *args) -> tuple:
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=target, args=(*args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def _pair(folder: str, strictness: str | None) -> tuple[tuple, tuple]:
    """A raw COPY, then the import, of the files in `folder`, each into a new database of its own."""
    return _in_new_database(_raw_copy, folder), _in_new_database(_import, folder, strictness, render=True)


def _in_new_database(target, *args, render: bool = False) -> tuple:
    """`target(url, *args)` in a child process, on a new migrated clients database, after the writes before it
    settled; with `render`, then the relay's rendering of the events it wrote, appended to its result."""
    from alembic import command
    from sqlalchemy.engine import make_url

    from hmis_kit import config, migrations
    from hmis_kit.db import create_database, drop_database

    url = make_url(config.load().database_url("clients")).set(database=f"hmis_bench_{uuid.uuid4().hex[:8]}")
    url = url.render_as_string(hide_password=False)
    create_database(url)
    try:
        command.upgrade(migrations.alembic_config("clients", url), "head")
        _settled(url)
        result = _in_child(target, url, *args)
        return result + (_in_child(_render_events, url) if render else ())
    finally:
        drop_database(url)


def _measure(name: str, folder: str, strictness: str | None) -> dict:
    """PAIRS of a raw COPY then the import of the files in `folder`; the figures of the pair of median ratio."""
    pairs = []
    for _ in range(PAIRS):
        (raw_rows, raw_s, raw_rss), (rows, import_s, import_rss, outcome, events, render_s, render_rss) = \
            _pair(folder, strictness)
        pairs.append({"raw_per_s": round(raw_rows / raw_s), "import_per_s": round(rows / import_s),
                      "ratio": round((rows / import_s) / (raw_rows / raw_s), 2), "rows": rows, "raw_rows": raw_rows,
                      "raw_peak_rss_mb": round(raw_rss / 1024), "import_peak_rss_mb": round(import_rss / 1024),
                      "import_s": round(import_s, 1), "events": events, "render_s": round(render_s, 1),
                      "render_peak_rss_mb": round(render_rss / 1024), **outcome})
    ratios = sorted(pair["ratio"] for pair in pairs)
    median = next(pair for pair in pairs if pair["ratio"] == ratios[PAIRS // 2])
    return {"name": name, **median, "ratios": ratios}


def run(sizes: tuple[int, ...] = SIZES, problems=None, strictness: str | None = None,
        hud_sample: Path | None = HUD_SAMPLE) -> dict:
    """`problems`: the generator's rates (default: clients.csv.generator.Problems()); `strictness`: the
    import's (default: the importer's); `hud_sample`: HUD's sample export, measured when it is there."""
    from clients.csv.generator import Problems, generate

    problems = problems or Problems()
    results = []
    for clients in sizes:
        with tempfile.TemporaryDirectory() as folder:
            generate(folder, clients, seed=2026, problems=problems)
            results.append(_measure(f"{clients} clients", folder, strictness))
    if hud_sample and hud_sample.exists():
        with tempfile.TemporaryDirectory() as folder:
            with zipfile.ZipFile(hud_sample) as archive:
                archive.extractall(folder)
            results.append(_measure(f"HUD's sample ({hud_sample.name})", folder, strictness))
    return {"sizes": results, "problems": str(problems) if sizes else None, "target_ratio": 0.25}


def report(result: dict) -> str:
    lines = ["HMIS CSV import (validated) vs raw COPY into all-text staging tables, same files, same run"]
    if result["problems"]:
        lines.append(f"(generated data with data-quality problems at rates {result['problems']})")
    for size in result["sizes"]:
        lines += [
            f"  {size['name']}, {size['rows']} rows:",
            f"    (the pair of median ratio of {PAIRS}, each a raw COPY then the import, in new databases)",
            f"    raw COPY (baseline): {size['raw_per_s']:>9} rows/s   peak RSS {size['raw_peak_rss_mb']:>5} MB",
            f"    full import:         {size['import_per_s']:>9} rows/s   peak RSS {size['import_peak_rss_mb']:>5} MB",
            f"    ratio import / raw:  {size['ratio']:>9}   (target >= {result['target_ratio']}; "
            f"the {PAIRS} pairs: {', '.join(map(str, size['ratios']))})",
            f"    {size['outcome']} (strictness {size['strictness']}): {size['stored']} rows stored, "
            f"{size['left_out']} left out, {size['repaired']} repaired, {size['errors']} errors",
            f"    import {size['import_s']} s; then the relay's rendering of its {size['events']} events "
            f"(not published): {size['render_s']} s   peak RSS {size['render_peak_rss_mb']:>5} MB",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    from clients.csv.generator import CLEAN, Problems

    parser = argparse.ArgumentParser(prog="python -m bench.csv_bench", description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, help=f"clients per generated export (default {SIZES})")
    parser.add_argument("--clean", action="store_true", help="generate without data-quality problems")
    parser.add_argument("--rate", action="append", default=[], metavar="NAME=RATE",
                        help="a data-quality problem's rate (clients.csv.generator.Problems)")
    parser.add_argument("--strictness", choices=("reject", "warn", "repair"),
                        help="the import's strictness (default: the importer's)")
    parser.add_argument("--no-hud-sample", action="store_true", help="leave HUD's sample export out")
    arguments = parser.parse_args(argv)
    try:
        problems = (CLEAN if arguments.clean else Problems()).with_rates(arguments.rate)
    except ValueError as wrong:
        parser.error(f"--rate {wrong}")
    print(report(run(tuple(arguments.sizes) or SIZES, problems, arguments.strictness,
                     None if arguments.no_hud_sample else HUD_SAMPLE)))


if __name__ == "__main__":
    main()
