"""A run's stored results read back: its questions, a question's cells, and the people behind a cell or in the
whole universe, a page at a time, narrowed to a scope.

A scope is None (every member: the HMIS lead) or the projects of the caller's agency, as the clients service
names them ([{"project_id", "source"}], that service's source numbers; reports.engine.sources turns them into the
warehouse's): a member counts when the enrollment the report took for them is in one of those projects.
Results are read only from a run that succeeded (a Conflict otherwise, naming the run and its status).
"""
from __future__ import annotations

import json
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit import jobs
from hmis_kit.errors import Conflict, NotFound
from reports.engine import runs, sources
from reports.engine.tables import report_cells, report_questions, report_universe

MEMBER_COLUMNS = ("member_no", "personal_id", "source", "enrollment_id", "household_id", "project_id")


def succeeded(session: Session, run_id: uuid.UUID) -> dict:
    run = runs.get(session, run_id)
    if run["status"] != jobs.SUCCEEDED:
        raise Conflict("the run has no results", {"run_id": [f"the run is {run['status']}; results come once it "
                                                             "has succeeded"]})
    return run


def questions(session: Session, run_id: uuid.UUID) -> list[dict]:
    succeeded(session, run_id)
    rows = session.execute(sa.select(report_questions.c.question.label("id"), report_questions.c.title)
                           .where(report_questions.c.run_id == run_id).order_by(report_questions.c.position))
    return [dict(row._mapping) for row in rows]


def shells(session: Session, run_id: uuid.UUID) -> list[dict]:
    """Every question of the run with its labels and cells (the outputs' input), in the report's order."""
    succeeded(session, run_id)
    cells: dict[str, list[dict]] = {}
    for row in session.execute(sa.select(report_cells).where(report_cells.c.run_id == run_id)
                               .order_by(report_cells.c.question, report_cells.c.row_no, report_cells.c.column_no)):
        cells.setdefault(row.question, []).append(_cell(row))
    shelled = session.execute(sa.select(report_questions).where(report_questions.c.run_id == run_id)
                              .order_by(report_questions.c.position))
    return [{"id": row.question, "title": row.title, "columns": list(row.columns), "rows": list(row.rows),
             "cells": cells.get(row.question, [])} for row in shelled]


def question(session: Session, run_id: uuid.UUID, question_id: str) -> dict:
    succeeded(session, run_id)
    shell = session.execute(sa.select(report_questions).where(
        report_questions.c.run_id == run_id, report_questions.c.question == question_id)).first()
    if shell is None:
        raise NotFound("no such question in this run", {"question": ["not a question of the run's report"]})
    cells = session.execute(sa.select(report_cells).where(
        report_cells.c.run_id == run_id, report_cells.c.question == question_id)
        .order_by(report_cells.c.row_no, report_cells.c.column_no))
    return {"id": shell.question, "title": shell.title, "columns": list(shell.columns), "rows": list(shell.rows),
            "cells": [_cell(row) for row in cells]}


def _cell(row) -> dict:
    return {"row": row.row_no, "column": row.column_no, "value": row.value, "text": row.text,
            "shaded": row.value is None and row.text is None,
            "members": None if row.members is None else len(row.members)}


def cell_members(session: Session, run_id: uuid.UUID, address: dict, page: int, per_page: int,
                 scope: list[dict] | None) -> dict:
    """One page of the people behind a cell (by member_no) that `scope` lets the caller see."""
    question(session, run_id, address["question"])  # the run succeeded and has the question
    cell = session.execute(sa.select(report_cells.c.members).where(
        report_cells.c.run_id == run_id, report_cells.c.question == address["question"],
        report_cells.c.row_no == address["row"], report_cells.c.column_no == address["column"])).first()
    if cell is None:
        raise NotFound("no such cell", {"cell": [f"the question has no cell at row {address['row']}, "
                                                 f"column {address['column']}"]})
    behind = "member_no = ANY(CAST(%(members)s AS int[]))"
    return _page(session, run_id, behind, {"members": cell.members or []}, page, per_page, scope)


def universe(session: Session, run_id: uuid.UUID, page: int, per_page: int, scope: list[dict] | None) -> dict:
    """One page of the people in the run's universe that `scope` lets the caller see."""
    succeeded(session, run_id)
    return _page(session, run_id, "true", {}, page, per_page, scope)


def everyone(session: Session, run_id: uuid.UUID, scope: list[dict] | None) -> list[dict]:
    """Every person in the run's universe that `scope` lets the caller see (the client-detail file)."""
    succeeded(session, run_id)
    return _members(session, _where(run_id, "true", {}, scope), None, 0)


def _where(run_id: uuid.UUID, condition: str, parameters: dict, scope: list[dict] | None) -> tuple[str, dict]:
    where = f"run_id = %(run_id)s AND {condition}"
    if scope is not None:
        where += f" AND (project_id, source) IN ({sources.projects_sql('scope')})"
        parameters = {**parameters, "scope": json.dumps(scope)}
    return where, {**parameters, "run_id": run_id}


def _page(session: Session, run_id: uuid.UUID, condition: str, parameters: dict, page: int, per_page: int,
          scope: list[dict] | None) -> dict:
    where = _where(run_id, condition, parameters, scope)
    total = session.connection().exec_driver_sql(f"SELECT count(*) FROM {report_universe.name} WHERE {where[0]}",
                                                 where[1]).scalar()
    return {"page": page, "per_page": per_page, "total": total, "pages": -(-total // per_page),
            "members": _members(session, where, per_page, (page - 1) * per_page)}


def _members(session: Session, where: tuple[str, dict], limit: int | None, offset: int) -> list[dict]:
    """The members `where` selects, by member_no, each with the clients service's source of its record (none for
    a loaded export's), which the audit of a drill-down names."""
    condition, parameters = where
    listed = (f"SELECT {', '.join(MEMBER_COLUMNS)} FROM {report_universe.name} WHERE {condition} "
              "ORDER BY member_no LIMIT %(limit)s OFFSET %(offset)s")
    rows = session.connection().exec_driver_sql(
        f"SELECT listed.*, hmis.clients_source FROM ({listed}) AS listed "
        f"LEFT JOIN ({sources.HMIS_SOURCES}) AS hmis ON hmis.source = listed.source ORDER BY member_no",
        {**parameters, "limit": limit, "offset": offset}).mappings().all()
    return [dict(row) for row in rows]
