"""What `hmis reports run` does: queue a run on the reports database, compute it in this process (or follow the
service's worker, should its runner take the job first) with a progress bar over the questions, print a summary
and write the Sage zip (and, when asked, the XLSX workbook)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from tqdm import tqdm

from hmis_kit import config, jobs
from hmis_kit.db import make_engine
from hmis_kit.errors import ValidationFailed, load_or_fail
from reports.contract.schemas import ReportRunRequestSchema
from reports.engine import outputs, results, runs

POLL_SECONDS = 0.2


def run_report(request: dict, out: str, xlsx: str | None, echo) -> int:
    """Exit status 0 when the run succeeded and its files are written, 1 when it was refused or failed."""
    settings = config.load()
    engine = make_engine(settings.database_url("reports"))
    try:
        try:
            parameters = load_or_fail(ReportRunRequestSchema(), request)
            with Session(engine) as session, session.begin():
                run = runs.queue(session, parameters, None)
        except ValidationFailed as refused:
            echo(f"REFUSED: {refused.message}: " + "; ".join(f"{field}: {', '.join(rules)}"
                                                            for field, rules in refused.fields.items()))
            return 1
        run = _follow(engine, settings, run["id"])
        if run["status"] != jobs.SUCCEEDED:
            echo(f"FAILED: {run['error'] or run['status']}")
            return 1
        with Session(engine) as session, session.begin():
            shells = results.shells(session, run["id"])
    finally:
        engine.dispose()
    Path(out).write_bytes(outputs.sage_zip(shells))
    if xlsx:
        Path(xlsx).write_bytes(outputs.workbook(shells))
    summary = run["summary"]
    echo(f"{request['report']} {request['start']}..{request['end']}: {summary['questions']} questions, "
         f"{summary['universe']} people in the universe, {summary['seconds']} s (run {run['id']})")
    echo(f"  Sage zip: {out}" + (f"\n  workbook: {xlsx}" if xlsx else ""))
    return 0


def _follow(engine, settings, run_id) -> dict:
    """Compute the run in a thread of this process, its connections named for the job (so Ctrl-C cancels its
    queries, as `jobs.cancel` does a worker's), and follow its progress until it ends."""
    url = make_url(settings.database_url("reports")).update_query_dict({"application_name": jobs.worker_name(run_id)})
    worker_engine = make_engine(url.render_as_string(hide_password=False))
    worker = threading.Thread(target=jobs.run, args=(worker_engine, run_id, runs.run_report), daemon=True)
    worker.start()
    try:
        with tqdm(desc="questions", unit="q") as bar:
            while True:
                run = _read(engine, run_id)
                bar.total = run["questions_total"] or None
                bar.update(run["questions_done"] - bar.n)
                if run["status"] not in jobs.UNFINISHED:
                    return run
                time.sleep(POLL_SECONDS)
    except KeyboardInterrupt:
        with Session(engine) as session, session.begin():
            runs.cancel(session, run_id)
        raise
    finally:
        worker.join(timeout=10)
        worker_engine.dispose()


def _read(engine, run_id) -> dict:
    with Session(engine) as session, session.begin():
        return runs.get(session, run_id)
