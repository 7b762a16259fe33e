"""The report engine (reports.engine) on a real reports database, with a tiny test report of its own: a run stores
its universe and every cell of its questions (members, shaded cells, cells left out), reports its progress, makes
the Sage zip and the XLSX workbook from what it stored, lists a cell's members a page at a time within a scope, and
a failing or cancelled run stores nothing."""
import csv
import io
import os
import subprocess
import uuid
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from openpyxl import load_workbook
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from hmis_kit import jobs, migrations
from hmis_kit.db import create_database, drop_database, make_engine
from hmis_kit.errors import Conflict, ValidationFailed
from reports.engine import outputs, results, runs
from reports.engine.runs import Report
from report_engine_support import (BROKEN, NOTHING, ON_SHADE, OUTSIDE, PERSONS, TEST_REPORT,
                                   WAREHOUSE_SOURCE, add_warehouse_sources, build_universe, parameters,
                                   queue_run)
from support import eventually

pytestmark = pytest.mark.integration
DATABASE = "reports_engine"  # the private database's name as `hmis_kit.jobs DATABASE` would find it


@pytest.fixture(scope="module")
def reports_url(settings):
    url = make_url(settings.database_url("reports")).set(database=f"{settings.db_prefix}_{DATABASE}")
    url = url.render_as_string(hide_password=False)
    create_database(url)
    command.upgrade(migrations.alembic_config("reports", url), "head")
    yield url
    drop_database(url)


@pytest.fixture(scope="module")
def engine(reports_url):
    engine = make_engine(reports_url)
    with engine.begin() as connection:
        add_warehouse_sources(connection)
    yield engine
    engine.dispose()


def run(engine, report: Report = TEST_REPORT, **changes) -> uuid.UUID:
    run_id = queue_run(engine, parameters(**changes))
    jobs.run(engine, run_id, lambda job: runs.compute(job, report))
    return run_id


def read(engine, function, *args):
    with Session(engine) as session, session.begin():
        return function(session, *args)


def stored(engine, run_id) -> dict:
    with engine.connect() as connection:
        return {table: connection.execute(sa.text(f"SELECT count(*) FROM {table} WHERE run_id = :id"),
                                          {"id": run_id}).scalar()
                for table in ("report_questions", "report_universe", "report_cells")}


def test_a_run_stores_its_universe_and_every_cell_of_its_questions(engine):
    run_id = run(engine)
    answer = read(engine, runs.get, run_id)
    assert answer["status"] == jobs.SUCCEEDED, answer["error"]
    assert (answer["questions_done"], answer["questions_total"], answer["progress"]) == (2, 2, 1.0)
    assert answer["summary"]["questions"] == 2 and answer["summary"]["universe"] == 5
    assert answer["parameters"]["sources"] == [WAREHOUSE_SOURCE]

    persons = read(engine, results.question, run_id, "Q1")
    cells = {(cell["row"], cell["column"]): cell for cell in persons["cells"]}
    assert len(cells) == 4 * 2  # every cell of the shell is stored
    assert (cells[1, 1]["value"], cells[1, 1]["members"]) == (3, 3)
    assert (cells[2, 1]["value"], cells[2, 1]["members"]) == (2, 2)
    assert (cells[4, 1]["value"], cells[4, 1]["members"]) == (5, 5)
    assert str(cells[1, 2]["value"]) == "0.6000" and cells[1, 2]["members"] is None  # computed: no members
    assert (cells[3, 1]["value"], cells[3, 1]["members"], cells[3, 1]["shaded"]) == (0, 0, False)  # left out: 0
    assert (cells[4, 2]["value"], cells[4, 2]["shaded"]) == (None, True)
    nobody = read(engine, results.question, run_id, "Q2")
    assert [(cell["value"], cell["members"]) for cell in nobody["cells"]] == [(0, 0)]
    assert read(engine, results.questions, run_id) == [{"id": "Q1", "title": "Persons served"},
                                                       {"id": "Q2", "title": "Nobody"}]


def test_the_run_covers_only_its_sources(engine):
    run_id = run(engine, sources=[WAREHOUSE_SOURCE + 1])
    assert read(engine, runs.get, run_id)["summary"]["universe"] == 0
    cells = read(engine, results.question, run_id, "Q1")["cells"]
    assert [cell["value"] for cell in cells if cell["column"] == 1] == [0, 0, 0, 0]


def test_the_sage_zip_has_one_quoted_csv_per_question_with_shaded_cells_empty(engine):
    run_id = run(engine)
    archive = zipfile.ZipFile(io.BytesIO(outputs.sage_zip(read(engine, results.shells, run_id))))
    assert sorted(archive.namelist()) == ["Q1.csv", "Q2.csv"]
    text = archive.read("Q1.csv").decode()
    assert text.splitlines()[0] == '"","Total","Share"'  # every field quoted, empty ones too
    assert list(csv.reader(io.StringIO(text))) == [
        ["", "Total", "Share"], ["Adults", "3", "0.6000"], ["Children", "2", "0.4000"], ["Unknown", "0", "0"],
        ["Total", "5", ""]]
    assert list(csv.reader(io.StringIO(archive.read("Q2.csv").decode()))) == [["Kind", "Count"], ["None", "0"]]


def test_the_workbook_has_one_sheet_per_question_as_its_shell_shows_it(engine):
    run_id = run(engine)
    book = load_workbook(io.BytesIO(outputs.workbook(read(engine, results.shells, run_id))))
    assert book.sheetnames == ["Q1", "Q2"]
    rows = [list(row) for row in book["Q1"].iter_rows(values_only=True)]
    assert rows[0][0] == "Q1: Persons served"
    assert rows[1] == [None, "Total", "Share"]  # openpyxl reads an empty label back as None
    assert rows[2] == ["Adults", 3, 0.6] and rows[5] == ["Total", 5, None]
    assert book["Q1"]["C6"].fill.start_color.rgb.endswith(outputs.SHADED.start_color.rgb[-6:])


def test_the_client_detail_zip_lists_the_universe_without_names(engine):
    run_id = run(engine)
    page = read(engine, results.universe, run_id, 1, 100, None)
    archive = zipfile.ZipFile(io.BytesIO(outputs.client_detail_zip(page["members"])))
    rows = list(csv.reader(io.StringIO(archive.read(outputs.CLIENT_DETAIL_FILE).decode())))
    assert rows[0] == ["MemberNo", "PersonalID", "Source", "EnrollmentID", "HouseholdID", "ProjectID"]
    assert rows[1] == ["1", "P1", str(WAREHOUSE_SOURCE), "E1", "H1", "PA"] and len(rows) == 6


def test_a_cells_members_a_page_at_a_time_and_within_a_scope(engine):
    run_id = run(engine)
    total = {"question": "Q1", "row": 4, "column": 1}
    first = read(engine, results.cell_members, run_id, total, 1, 2, None)
    assert (first["total"], first["pages"], [m["member_no"] for m in first["members"]]) == (5, 3, [1, 2])
    assert first["members"][0] == {"member_no": 1, "personal_id": "P1", "source": WAREHOUSE_SOURCE,
                                   "enrollment_id": "E1", "household_id": "H1", "project_id": "PA",
                                   "clients_source": 1}
    last = read(engine, results.cell_members, run_id, total, 3, 2, None)
    assert [m["member_no"] for m in last["members"]] == [5]
    # an agency running project PB (clients source 1) sees only its people
    scoped = read(engine, results.cell_members, run_id, total, 1, 100, [{"project_id": "PB", "source": 1}])
    assert [m["member_no"] for m in scoped["members"]] == [4, 5] and scoped["total"] == 2
    # the same project id of another clients source is another project
    other = read(engine, results.cell_members, run_id, total, 1, 100, [{"project_id": "PB", "source": 2}])
    assert other["total"] == 0
    assert read(engine, results.cell_members, run_id, {**total, "row": 3}, 1, 100, None)["total"] == 0
    with pytest.raises(Exception) as unknown:
        read(engine, results.cell_members, run_id, {**total, "row": 9}, 1, 100, None)
    assert unknown.value.fields == {"cell": ["the question has no cell at row 9, column 1"]}


def test_a_failing_question_fails_the_run_naming_it_and_stores_nothing(engine):
    run_id = run(engine, Report("broken", (PERSONS, BROKEN, NOTHING), build_universe))
    answer = read(engine, runs.get, run_id)
    assert answer["status"] == jobs.FAILED
    assert answer["error"] == 'question Q3 failed (column "no_such_column" does not exist); nothing was stored'
    assert stored(engine, run_id) == {"report_questions": 0, "report_universe": 0, "report_cells": 0}
    with pytest.raises(Conflict) as refused:
        read(engine, results.questions, run_id)
    assert refused.value.fields == {"run_id": ["the run is failed; results come once it has succeeded"]}


@pytest.mark.parametrize("question, error", [
    (OUTSIDE, "question Q4 answered cells outside its shell of 1 rows and 1 value columns: [(2, 1)]"),
    (ON_SHADE, "question Q5 answered its shaded cells [(1, 1)]"),
])
def test_a_question_answering_beyond_its_shell_fails_the_run(engine, question, error):
    run_id = run(engine, Report("beyond", (PERSONS, question), build_universe))
    answer = read(engine, runs.get, run_id)
    assert (answer["status"], answer["error"]) == (jobs.FAILED, f"{error}; nothing was stored")
    assert stored(engine, run_id)["report_cells"] == 0


def test_a_universe_builder_that_makes_no_universe_fails_the_run(engine):
    run_id = run(engine, Report("no-universe", (PERSONS,), lambda connection, params: None))
    answer = read(engine, runs.get, run_id)
    assert answer["status"] == jobs.FAILED
    assert answer["error"] == ('the no-universe universe could not be built (relation "universe" does not exist); '
                               "nothing was stored")


def test_a_universe_giving_a_member_no_twice_fails_the_run(engine):
    def twice(connection, params):
        build_universe(connection, params)
        connection.exec_driver_sql("UPDATE universe SET member_no = 1 WHERE member_no = 2")

    run_id = run(engine, Report("twice", (PERSONS,), twice))
    answer = read(engine, runs.get, run_id)
    assert (answer["status"], answer["error"]) == (
        jobs.FAILED, "the twice universe could not be built (a cell or member_no given twice); nothing was stored")
    assert stored(engine, run_id)["report_universe"] == 0


def slow_question_runs(engine, run_id) -> bool:
    """The worker's slow question is being executed (a cancel between two statements would find none to stop)."""
    with engine.connect() as connection:
        return connection.execute(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = :name AND state = 'active' "
            "AND query LIKE '%pg_sleep%'"), {"name": jobs.worker_name(run_id)}).scalar() == 1


def test_a_cancelled_run_stops_and_stores_nothing(engine, monkeypatch):
    tests = str(Path(__file__).parents[1])  # the worker process imports report_engine_support from there
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([tests, os.environ.get("PYTHONPATH", "")]))
    run_id = queue_run(engine, parameters())
    worker = subprocess.Popen(jobs.worker_command(DATABASE, run_id, "report_engine_support:run_slow_report"))
    try:
        eventually(lambda: slow_question_runs(engine, run_id), timeout=30)
        cancelled = read(engine, runs.cancel, run_id)
        assert cancelled["status"] == jobs.CANCELLED
        assert worker.wait(timeout=20) is not None
    finally:
        worker.kill()
    assert read(engine, runs.get, run_id)["status"] == jobs.CANCELLED
    assert stored(engine, run_id) == {"report_questions": 0, "report_universe": 0, "report_cells": 0}
    with pytest.raises(Conflict):
        read(engine, runs.cancel, run_id)


def test_a_report_not_in_the_catalogue_is_refused_naming_the_field():
    with pytest.raises(ValidationFailed) as refused:
        runs.report_of("lsa")
    assert list(refused.value.fields) == ["report"]
