"""HUD reporting at a CoC's scale (issue 14): the warehouse's rebuild and lag, and HUD's reports over it, all on
one generated export of 100,000 clients with data-quality problems (clients.csv.generator, `Problems()`'s default
rates, seed 2026), in one run.

The run starts the whole platform on databases and a vhost of its own (bench/platform.py, dropped afterwards).
Before its services start, the export is imported into its clients database and the import's change events are
marked published (bench/warehouse_bench.py, `import_without_events`: the warehouse is filled by the rebuild
measured, not by 2.6 million changes applied one by one). Then, in order:

1. the warehouse rebuild (`hmis reports rebuild`) in rows/s, beside a raw COPY of the same files into all-text
   tables in the reports database (bench/csv_bench.py's baseline);
2. the APR of the CoC's largest project (the project with the most enrollments in the warehouse, found in the
   data) and of all projects, and the Data Quality report CoC-wide, each run as a worker runs it (reports.engine:
   universe, every question's cells and members, stored in one transaction) over HUD's operating year the data
   ends with, and each beside one sequential scan of the warehouse tables it reads (the `hud_*` tables and
   `data_quality_findings` its questions and universe builder name, scanned whole); then the engine alone (60
   synthetic questions over 100,000 people, members stored);
3. the warehouse lag: seconds from the commit of an import of 1,000 new clients (a generated export of its own,
   seed 2027) until the warehouse holds them, and until it holds every row of the files events keep current.

Targets: the APR of all projects within 10 s; the Data Quality report CoC-wide within 10 s; the lag within 2 s.
It takes several minutes on the two-core development machine: the generation 103 s, the import and the platform's
start 90 s, then the rebuild, the reports and the lag (docs/reports.md, "Performance").

Run: python -m bench.reports_bench [CLIENTS]
"""
from __future__ import annotations

import inspect
import re
import sys
import tempfile
import time
from datetime import date

CLIENTS = 100_000
SEED = 2026
TARGET_SECONDS = 10.0
# Each report measured: its name, its label, whether it runs for the largest project only, its target (None: none).
MEASURED = (("apr", "APR, largest project", True, None), ("apr", "APR, all projects", False, TARGET_SECONDS),
            ("data-quality", "Data Quality, CoC-wide", False, TARGET_SECONDS))
# The warehouse tables a report may read: HUD's files, and the clients service's data-quality findings.
WAREHOUSE_TABLE = re.compile(r"\b(hud_[a-z_]+|data_quality_findings)\b")


def period() -> dict:
    """HUD's operating year the generated data ends with (October to September)."""
    from clients.csv.generator import PERIOD_END

    return {"start": date(PERIOD_END.year - 1, 10, 1), "end": PERIOD_END}


def largest_project(connection) -> dict | None:
    """The project with the most enrollments (not deleted) among the warehouse's HMIS sources, its HUD ProjectID
    and that count; of several as large, the lowest ProjectID. None when there is no enrollment."""
    from reports.engine import sources

    row = connection.exec_driver_sql(
        "SELECT project_id, count(*) AS enrollments FROM hud_enrollment "
        "WHERE source = ANY(%(sources)s) AND date_deleted IS NULL "
        "GROUP BY project_id ORDER BY count(*) DESC, project_id LIMIT 1",
        {"sources": sources.own(connection)}).first()
    return None if row is None else {"project_id": row.project_id, "enrollments": row.enrollments}


def tables_read(report: str) -> list[str]:
    """The warehouse tables `report` reads: those its questions' SQL and its universe builder's module name."""
    from reports.engine.runs import report_of

    of_report = report_of(report)
    text = "\n".join([question.sql for question in of_report.questions]
                     + [inspect.getsource(inspect.getmodule(of_report.build_universe))])
    return sorted(set(WAREHOUSE_TABLE.findall(text)))


def time_run(url: str, report: str, period: dict, project_ids: list[str] = ()) -> dict:
    """One run of `report` (for `project_ids`, HUD ProjectIDs; none: all projects) over the warehouse at `url`,
    computed in this process as a worker would: its seconds (wall), questions and universe, or why it failed."""
    from sqlalchemy.orm import Session

    from hmis_kit import jobs
    from hmis_kit.db import make_engine
    from reports.contract.schemas import ReportRunRequestSchema
    from reports.engine import runs

    engine = make_engine(url)
    try:
        parameters = ReportRunRequestSchema().load({"report": report, "start": period["start"].isoformat(),
                                                    "end": period["end"].isoformat(), "project_ids": list(project_ids)})
        with Session(engine) as session, session.begin():
            run_id = runs.queue(session, parameters, None)["id"]
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


def time_scan(url: str, tables: list[str]) -> dict:
    """One sequential scan of each of `tables` (`count(*)`, index scans off): its seconds and the rows it read."""
    from hmis_kit.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection, connection.begin():
            for method in ("indexscan", "indexonlyscan", "bitmapscan"):
                connection.exec_driver_sql(f"SET LOCAL enable_{method} = off")
            started = time.perf_counter()
            rows = sum(connection.exec_driver_sql(f'SELECT count(*) FROM "{table}"').scalar() for table in tables)
            seconds = time.perf_counter() - started
    finally:
        engine.dispose()
    return {"tables": len(tables), "rows": rows, "seconds": round(seconds, 3)}


def time_engine(url: str, period: dict, people: int = 100_000, questions: int = 60) -> dict:
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
                                                       period.items()}, "coc_codes": [], "project_ids": [],
                                                       "sources": [1]})
        started = time.perf_counter()
        jobs.run(engine, run_id, lambda job: runs.compute(job, runs.Report("synthetic", synthetic, universe)))
        seconds = time.perf_counter() - started
        with Session(engine) as session, session.begin():
            status = runs.get(session, run_id)["status"]
    finally:
        engine.dispose()
    return {"people": people, "questions": questions, "status": status, "seconds": round(seconds, 2)}


def measure_reports(url: str, period: dict) -> dict:
    """Every report of MEASURED over the warehouse at `url`, each beside a scan of the tables it reads."""
    from hmis_kit.db import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            largest = largest_project(connection)
    finally:
        engine.dispose()
    measured = []
    for report, label, one_project, target in MEASURED:
        projects = [largest["project_id"]] if one_project and largest else []
        measured.append({"report": report, "label": label, "projects": projects, "target_s": target,
                         "scan": time_scan(url, tables_read(report)), **time_run(url, report, period, projects)})
    return {"largest": largest, "reports": measured, "engine": time_engine(url, period)}


def run(clients: int = CLIENTS) -> dict:
    from bench import warehouse_bench
    from bench.platform import running_platform
    from clients.csv.generator import Problems, generate

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        generate(folder, clients, seed=SEED, problems=Problems())
        generated_s = time.perf_counter() - started
        with running_platform(prepare=lambda settings: warehouse_bench.import_without_events(settings, folder)) \
                as platform:
            prepared_s = time.perf_counter() - started - generated_s
            rebuild = warehouse_bench.rebuild_beside_raw_copy(platform, folder)
            reports = measure_reports(platform.settings.database_url("reports"), period())
            lag = warehouse_bench.lag(platform)
    return {"clients": clients, "problems": str(Problems()), "generated_s": round(generated_s), "period": period(),
            "prepared_s": round(prepared_s), "rebuild": rebuild, **reports, "lag": lag}


def _report_line(measured: dict) -> str:
    if measured["status"] != "succeeded":
        return f"    {measured['label']:<24} {measured['status']}: {measured['error']}"
    target = "" if measured["target_s"] is None else \
        f", target <= {measured['target_s']:g} s: {'within' if measured['seconds'] <= measured['target_s'] else 'OVER'}"
    scan = measured["scan"]
    ratio = round(measured["seconds"] / scan["seconds"]) if scan["seconds"] else None
    return (f"    {measured['label']:<24} {measured['seconds']:>7} s{target}; {measured['questions']} questions, "
            f"{measured['universe']} people\n"
            f"    {'':<24} one sequential scan of the {scan['tables']} tables it reads ({scan['rows']} rows): "
            f"{scan['seconds']} s; the run is {ratio}x the scan")


def report(result: dict) -> str:
    from bench import warehouse_bench

    largest, engine = result["largest"], result["engine"]
    lines = [f"HUD reporting on a generated CoC of {result['clients']} clients with data-quality problems (rates "
             f"{result['problems']}, seed {SEED}; generated in {result['generated_s']} s, imported and the platform "
             f"started in {result['prepared_s']} s)",
             warehouse_bench.rebuild_report(result["rebuild"]),
             f"  report runs, {result['period']['start']} to {result['period']['end']} (the largest project: "
             + (f"{largest['project_id']}, {largest['enrollments']} enrollments)" if largest else "none: no enrollment)")]
    lines += [_report_line(measured) for measured in result["reports"]]
    lines.append(f"    engine alone: {engine['questions']} synthetic questions of 50 cells over {engine['people']} "
                 f"people, members stored: {engine['seconds']} s ({engine['status']})")
    lines.append(warehouse_bench.lag_report(result["lag"]))
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(run(int(sys.argv[1]) if len(sys.argv) > 1 else CLIENTS)))
