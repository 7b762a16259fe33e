"""HUD reports: seconds of a report run (reports.engine: universe, every question's cells and members, stored in
one transaction) over a prepared warehouse, beside one sequential scan of the warehouse tables it reads
(`SELECT count(*)` of each `hud_*` table), on the same database in the same run.

Targets: the APR of all projects within 10 s; the Data Quality report CoC-wide within 10 s.

The warehouse is prepared apart (loaded from the clients service or from an HMIS CSV export: the warehouse's
loader): `run(url)` measures on the reports database at `url`, by default HMIS_BENCH_WAREHOUSE_URL. Each run is
stored there like any run (a job and its results), which a re-run of the benchmark leaves behind.

Run: python -m bench.reports_bench [DATABASE_URL]
"""
from __future__ import annotations

import os
import sys
import time
from datetime import date

# The reports measured, each with its parameters and target, over the whole warehouse (all projects, every CoC).
MEASURED = (("apr", "APR, all projects"), ("data-quality", "Data Quality, CoC-wide"))
TARGET_SECONDS = 10.0
PERIOD = {"start": date(2025, 10, 1), "end": date(2026, 9, 30)}


def time_run(url: str, report: str, period: dict = PERIOD) -> dict:
    """One run of `report` over the warehouse at `url`, computed in this process as a worker would: its seconds
    (wall, and as the run measured itself), questions and universe, or why it failed."""
    from sqlalchemy.orm import Session

    from hmis_kit import jobs
    from hmis_kit.db import make_engine
    from hmis_kit.errors import ValidationFailed
    from reports.contract.schemas import ReportRunRequestSchema
    from reports.engine import runs

    engine = make_engine(url)
    try:
        parameters = ReportRunRequestSchema().load({"report": report, "start": period["start"].isoformat(),
                                                    "end": period["end"].isoformat()})
        try:
            with Session(engine) as session, session.begin():
                run_id = runs.queue(session, parameters, None)["id"]
        except ValidationFailed as refused:  # a report this installation's catalogue does not hold
            return {"status": "refused", "error": "; ".join(refused.fields["report"])}
        started = time.perf_counter()
        jobs.run(engine, run_id, runs.run_report)
        seconds = time.perf_counter() - started
        with Session(engine) as session, session.begin():
            run = runs.get(session, run_id)
    finally:
        engine.dispose()
    summary = run["summary"] or {}
    return {"status": run["status"], "error": run["error"], "seconds": round(seconds, 2),
            "questions": summary.get("questions"), "universe": summary.get("universe")}


def time_engine(url: str, people: int = 100_000, questions: int = 60) -> dict:
    """The engine alone, whatever the catalogue holds: a run of `questions` synthetic questions (10 rows of 5
    counts each, every cell with its members) over a universe of `people` made from generate_series: what storing
    a report's universe, cells and members costs."""
    from sqlalchemy.orm import Session

    from hmis_kit import jobs
    from hmis_kit.db import make_engine
    from reports.engine import runs
    from reports.engine.question import Question

    def universe(connection, params) -> None:
        connection.exec_driver_sql(
            "CREATE TEMP TABLE universe ON COMMIT DROP AS SELECT n AS member_no, 'P' || n AS personal_id, "
            "1 AS source, 'E' || n AS enrollment_id, 'H' || (n / 3) AS household_id, 'PR' || mod(n, 50) AS project_id "
            f"FROM generate_series(1, {people}) AS n")

    synthetic = tuple(Question(
        id=f"Q{number}", title=f"Synthetic {number}", columns=("", "A", "B", "C", "D", "E"),
        rows=tuple(f"Row {row}" for row in range(1, 11)),
        sql=f"SELECT mod(member_no * {number}, 10) + 1 AS row_no, mod(member_no, 5) + 1 AS column_no, "
            "count(*) AS value, array_agg(member_no) AS members FROM universe GROUP BY 1, 2") for number in range(1, questions + 1))
    engine = make_engine(url)
    try:
        with Session(engine) as session, session.begin():
            run_id = jobs.enqueue(session, runs.KIND, {"report": "synthetic", **{k: v.isoformat() for k, v in
                                                       PERIOD.items()}, "coc_codes": [], "project_ids": [],
                                                       "sources": [1]})
        started = time.perf_counter()
        jobs.run(engine, run_id, lambda job: runs.compute(job, runs.Report("synthetic", synthetic, universe)))
        seconds = time.perf_counter() - started
        with Session(engine) as session, session.begin():
            status = runs.get(session, run_id)["status"]
    finally:
        engine.dispose()
    return {"people": people, "questions": questions, "status": status, "seconds": round(seconds, 2)}


def time_scan(url: str) -> dict:
    """One sequential scan of every warehouse table (`hud_*`): its seconds and the rows it read."""
    import sqlalchemy as sa

    from hmis_kit.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            tables = connection.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'hud\\_%' "
                "ORDER BY tablename")).scalars().all()
            started = time.perf_counter()
            rows = sum(connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() for table in tables)
            seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    return {"tables": len(tables), "rows": rows, "seconds": round(seconds, 3)}


def run(url: str | None = None) -> dict:
    url = url or os.environ.get("HMIS_BENCH_WAREHOUSE_URL")
    if not url:
        return {"url": None, "reports": []}
    scan = time_scan(url)
    return {"url": url, "scan": scan, "target_seconds": TARGET_SECONDS, "engine": time_engine(url),
            "reports": [{"report": report, "label": label, **time_run(url, report)} for report, label in MEASURED]}


def report(result: dict) -> str:
    lines = [f"HUD report runs vs one sequential scan of the warehouse tables (target: each within "
             f"{TARGET_SECONDS:g} s)"]
    if result["url"] is None:
        return "\n".join(lines + ["  not measured: no prepared warehouse (HMIS_BENCH_WAREHOUSE_URL names its "
                                  "reports database)"])
    scan = result["scan"]
    lines.append(f"  sequential scan: {scan['rows']} rows of {scan['tables']} tables in {scan['seconds']} s")
    engine = result["engine"]
    lines.append(f"  engine alone: {engine['questions']} synthetic questions of 50 cells over {engine['people']} "
                 f"people, members stored: {engine['seconds']} s ({engine['status']})")
    for measured in result["reports"]:
        if measured["status"] != "succeeded":
            lines.append(f"  {measured['label']:<26} {measured['status']}: {measured['error']}")
            continue
        verdict = "within" if measured["seconds"] <= result["target_seconds"] else "OVER"
        ratio = round(measured["seconds"] / scan["seconds"], 1) if scan["seconds"] else None
        lines.append(f"  {measured['label']:<26} {measured['seconds']} s ({verdict} target), {measured['questions']} "
                     f"questions, {measured['universe']} people, {ratio}x the scan")
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run(sys.argv[1] if len(sys.argv) > 1 else None)))
