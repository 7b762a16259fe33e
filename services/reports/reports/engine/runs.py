"""A report run: its parameters checked and its job queued (`queue`), read (`get`), listed (`page`) and cancelled
(`cancel`), and the job's work (`run_report`, in a worker process of its own: hmis_kit.jobs) computing it in ONE
transaction on the reports database:

1. the report's universe builder creates the TEMP TABLE `universe` (one row per person in the report);
2. the universe is stored in `report_universe`, the questions' shells in `report_questions` (a table of a row
   per thing, such as Q4a's a row per project, with the rows its `rows_sql` answers for this run);
3. each question's SQL fills its cells, server-side (`INSERT ... SELECT`), checked against its shell (no cell
   outside it, none of its shaded cells); the cells it leaves out are stored as 0 with no members, its shaded
   cells without a value; the job's progress counts questions done;
4. the job's success is recorded in the same transaction (`Job.succeed`): a run succeeded exactly when its
   results are stored, and a failed or cancelled run stored nothing.

A run's id is its job's; the job's params are its parameters, as the API answers them (dates as ISO text).
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit import jobs
from hmis_kit.errors import NotFound, ValidationFailed
from reports import catalogue
from reports.catalogue import UniverseBuilder
from reports.engine import sources
from reports.engine.question import Question
from reports.engine.tables import report_cells, report_questions, report_universe

KIND = "report"
# The universe's columns the engine stores (the builder may make more: COMMON design of issue 14).
UNIVERSE_COLUMNS = ("member_no", "personal_id", "source", "enrollment_id", "household_id", "project_id")
# PostgreSQL's class of errors in a statement's text (syntax, an unknown table or column): their message names
# only the statement's own words, never a value read, so it may go into the run's error.
STATEMENT_ERRORS = "42"


@dataclass(frozen=True)
class Report:
    name: str
    questions: tuple[Question, ...]
    build_universe: UniverseBuilder


def report_of(name: str) -> Report:
    """The catalogue's report of this name; one it does not hold is the caller's mistake, naming `report`."""
    if name not in catalogue.REPORTS or name not in catalogue.UNIVERSES:
        raise ValidationFailed("no such report", {"report": [
            f"not in this installation's catalogue (it has: {', '.join(sorted(catalogue.REPORTS)) or 'none'})"]})
    return Report(name, tuple(catalogue.REPORTS[name]), catalogue.UNIVERSES[name])


def queue(session: Session, parameters: dict, access: dict | None) -> dict:
    """Queue a run of checked `parameters` (contract.schemas.ReportRunRequestSchema) for `access` (who asked)."""
    report_of(parameters["report"])
    stored = {**parameters, "start": parameters["start"].isoformat(), "end": parameters["end"].isoformat()}
    return get(session, jobs.enqueue(session, KIND, stored, access))


def get(session: Session, run_id: uuid.UUID) -> dict:
    job = jobs.find(session, run_id)
    if job is None or job["kind"] != KIND:
        raise NotFound("no such report run", {"run_id": ["unknown report run"]})
    return _run(job)


# The agency of whoever asked for a run, as the gateway's access context named it when the run was queued.
REQUESTING_AGENCY = jobs.jobs.c.access["principal"]["agency_id"].astext


def page(session: Session, query: dict) -> dict:
    """Runs newest first, a page of checked `query` (contract.schemas.ReportRunQuerySchema): those asked for by the
    people of `agency_id` (None: every run, the tests' and the command line's too), of one `report` or `status`.
    Statuses are as stored: a run whose worker is gone reads `running` here until the job runner's sweep or a read
    of the run itself fails it."""
    where = [jobs.jobs.c.kind == KIND]
    if query["agency_id"] is not None:
        where.append(REQUESTING_AGENCY == str(query["agency_id"]))
    if query["report"] is not None:
        where.append(jobs.jobs.c.params["report"].astext == query["report"])
    if query["status"] is not None:
        where.append(jobs.jobs.c.status == query["status"])
    total = session.execute(sa.select(sa.func.count()).select_from(jobs.jobs).where(*where)).scalar_one()
    per_page = query["per_page"]
    rows = session.execute(sa.select(jobs.jobs).where(*where)
                           .order_by(jobs.jobs.c.created_at.desc(), jobs.jobs.c.id)
                           .limit(per_page).offset((query["page"] - 1) * per_page)).all()
    return {"page": query["page"], "per_page": per_page, "total": total, "pages": -(-total // per_page),
            "runs": [_run(jobs.with_progress(row)) for row in rows]}


def _run(job: dict) -> dict:
    """A run as the API answers it, from its job (with its progress)."""
    parameters = {**job["params"], "start": date.fromisoformat(job["params"]["start"]),
                  "end": date.fromisoformat(job["params"]["end"])}
    asked_by = (job["access"] or {}).get("principal", {})
    return {"id": job["id"], "status": job["status"], "parameters": parameters,
            "questions_done": job["progress_done"], "questions_total": job["progress_total"],
            "progress": job["progress"], "summary": job["result"], "error": job["error"],
            "requested_by": job["requested_by"], "agency_id": asked_by.get("agency_id"),
            "created_at": job["created_at"], "started_at": job["started_at"], "finished_at": job["finished_at"]}


def cancel(session: Session, run_id: uuid.UUID) -> dict:
    """Cancel a run that has not finished (hmis_kit.jobs.cancel): it stores nothing; a finished one is a Conflict."""
    get(session, run_id)
    jobs.cancel(session, run_id, field="run_id")
    return get(session, run_id)


def run_report(job: jobs.Job) -> None:
    """The work of a run's job: its report from the catalogue, computed."""
    try:
        report = report_of(job.params["report"])
    except ValidationFailed:
        raise jobs.Failed(f"the report {job.params['report']} is not in the catalogue; nothing was stored") from None
    compute(job, report)


def compute(job: jobs.Job, report: Report) -> None:
    """Compute `report` for the job's parameters and store its results, in one transaction with the job's success."""
    started = time.monotonic()
    job.total(len(report.questions))
    with job.engine.begin() as connection:
        # Compiling a question's expressions (JIT) costs more than it saves: 44 s against 37 s for the APR of a
        # 100k-client CoC (docs/reports.md, "Performance").
        connection.exec_driver_sql("SET LOCAL jit = off")
        parameters = sql_parameters(connection, job.params)
        universe = _build_universe(connection, job.id, report, parameters)
        questions = [with_rows(connection, question, parameters) for question in report.questions]
        if questions:
            connection.execute(report_questions.insert(), [
                {"run_id": job.id, "question": question.id, "position": position, "title": question.title,
                 "columns": list(question.columns), "rows": list(question.rows)}
                for position, question in enumerate(questions, start=1)])
        for question in questions:
            store_cells(connection, job.id, question, parameters)
            job.advance(1)
        job.succeed(connection, {"questions": len(report.questions), "universe": universe,
                                 "seconds": round(time.monotonic() - started, 2)})


def sql_parameters(connection: sa.Connection, params: dict) -> dict:
    """What a question's SQL may use: the period as dates, the sources (by default the HMIS's own), the CoC codes
    and project ids (empty: all)."""
    return {"start": date.fromisoformat(params["start"]), "end": date.fromisoformat(params["end"]),
            "sources": params["sources"] or sources.own(connection),
            "coc_codes": params["coc_codes"], "project_ids": params["project_ids"]}


def _build_universe(connection: sa.Connection, run_id: uuid.UUID, report: Report, parameters: dict) -> int:
    """The report's universe built and stored; how many people it holds. A failure is reported as the builder's
    (a member_no given twice included), before any question runs."""
    try:
        with connection.begin_nested():
            report.build_universe(connection, {**parameters, "report": report.name})
            return connection.exec_driver_sql(
                f"INSERT INTO {report_universe.name} (run_id, {', '.join(UNIVERSE_COLUMNS)}) "
                f"SELECT %(run_id)s, {', '.join(UNIVERSE_COLUMNS)} FROM universe", {"run_id": run_id}).rowcount
    except sa.exc.DBAPIError as error:
        raise jobs.Failed(f"the {report.name} universe could not be built ({describe(error)}); "
                          "nothing was stored") from None


def with_rows(connection: sa.Connection, question: Question, parameters: dict) -> Question:
    """The question with this run's rows: its shell's, or for a table of a row per thing, the labels its
    `rows_sql` answers, in row_no order."""
    if question.rows_sql is None:
        return question
    try:
        with connection.begin_nested():
            labels = connection.exec_driver_sql(
                f"SELECT label FROM ({question.rows_sql}) AS labelled ORDER BY row_no", parameters).scalars().all()
    except sa.exc.DBAPIError as error:
        raise jobs.Failed(f"question {question.id}'s rows failed ({describe(error)}); nothing was stored") from None
    return replace(question, rows=tuple(labels))


def store_cells(connection: sa.Connection, run_id: uuid.UUID, question: Question, parameters: dict) -> None:
    """The question's answered cells, then the rest of its shell: 0 with no members, or blank where shaded."""
    # A text question's cell has its text or a value, never both (contract: reports.engine.question).
    text, value = ((", text", "CASE WHEN text IS NULL THEN coalesce(value, 0) END") if question.text
                   else ("", "coalesce(value, 0)"))
    try:
        with connection.begin_nested():
            answered = connection.exec_driver_sql(
                f"INSERT INTO {report_cells.name} (run_id, question, row_no, column_no, value, members{text}) "
                f"SELECT %(run_id)s, %(question)s, row_no, column_no, ({value})::numeric, members::int[]{text} "
                f"FROM ({question.sql}) AS answered RETURNING row_no, column_no",
                {**parameters, "run_id": run_id, "question": question.id}).all()
    except sa.exc.DBAPIError as error:
        raise jobs.Failed(f"question {question.id} failed ({describe(error)}); nothing was stored") from None
    cells = {(row, column) for row, column in answered}
    _check_shell(question, cells)
    rest = [{"run_id": run_id, "question": question.id, "row_no": row, "column_no": column,
             "value": None if (row, column) in question.shaded else 0,
             "members": None if (row, column) in question.shaded else []}
            for row in range(1, len(question.rows) + 1) for column in range(1, len(question.columns))
            if (row, column) not in cells]
    if rest:
        connection.execute(report_cells.insert(), rest)


def _check_shell(question: Question, cells: set[tuple[int, int]]) -> None:
    outside = sorted(cell for cell in cells
                     if not (1 <= cell[0] <= len(question.rows) and 1 <= cell[1] < len(question.columns)))
    shaded = sorted(cells & question.shaded)
    if outside:
        raise jobs.Failed(f"question {question.id} answered cells outside its shell of {len(question.rows)} rows "
                          f"and {len(question.columns) - 1} value columns: {outside[:5]}; nothing was stored")
    if shaded:
        raise jobs.Failed(f"question {question.id} answered its shaded cells {shaded[:5]}; nothing was stored")


def describe(error: sa.exc.DBAPIError) -> str:
    """What went wrong in a statement, without a value it read (which could be a client's): for an error in the
    statement's text, PostgreSQL's message; for any other, its kind."""
    original = error.orig
    code = getattr(original, "pgcode", None) or ""
    if code.startswith(STATEMENT_ERRORS) and getattr(original, "diag", None) is not None:
        return original.diag.message_primary
    if code == "23505":
        return "a cell or member_no given twice"
    return type(original).__name__
