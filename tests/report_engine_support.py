"""A tiny test report for the report engine's tests (its own universe builder and questions, not HUD's), and a
private reports database with the warehouse's `warehouse_sources` as the engine reads it."""
import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit import jobs
from reports.engine.question import Question
from reports.engine.runs import Report

# Five people: three adults and two children; members 1-3 in project PA, 4-5 in PB; all of warehouse source 9107,
# the clients service's source 1.
PEOPLE = [(1, "P1", "E1", "H1", "PA", "adult"), (2, "P2", "E2", "H1", "PA", "adult"),
          (3, "P3", "E3", "H2", "PA", "child"), (4, "P4", "E4", "H3", "PB", "adult"),
          (5, "P5", "E5", "H3", "PB", "child")]
WAREHOUSE_SOURCE, CLIENTS_SOURCE = 9107, 1  # clear of the sources a warehouse numbers from 1


def build_universe(connection: sa.Connection, params: dict, projects: dict | None = None,
                   people: dict | None = None) -> None:
    """The test universe; `projects` and `people` rename its projects and PersonalIDs (e.g. PA to a real project)."""
    projects, people = projects or {}, people or {}
    connection.exec_driver_sql(
        "CREATE TEMP TABLE universe (member_no int, personal_id text, source int, enrollment_id text, "
        "household_id text, project_id text, age_group text) ON COMMIT DROP")
    rows = [{"no": no, "person": people.get(person, person), "source": WAREHOUSE_SOURCE, "enrollment": enrollment,
             "household": household, "project": projects.get(project, project), "age_group": age_group}
            for no, person, enrollment, household, project, age_group in PEOPLE
            if WAREHOUSE_SOURCE in params["sources"]]
    if rows:
        connection.execute(sa.text("INSERT INTO universe VALUES (:no, :person, :source, :enrollment, :household, "
                                   ":project, :age_group)"), rows)


PERSONS = Question(
    id="Q1", title="Persons served", columns=("", "Total", "Share"), rows=("Adults", "Children", "Unknown", "Total"),
    sql="""
        SELECT CASE age_group WHEN 'adult' THEN 1 ELSE 2 END AS row_no, 1 AS column_no, count(*) AS value,
               array_agg(DISTINCT member_no) AS members
        FROM universe WHERE %(start)s <= %(end)s GROUP BY age_group
        UNION ALL
        SELECT 4, 1, count(*), array_agg(DISTINCT member_no) FROM universe
        UNION ALL
        SELECT CASE age_group WHEN 'adult' THEN 1 ELSE 2 END, 2,
               round(count(*)::numeric / (SELECT count(*) FROM universe), 4), NULL
        FROM universe GROUP BY age_group""",
    shaded=frozenset({(4, 2)}))
NOTHING = Question(id="Q2", title="Nobody", columns=("Kind", "Count"), rows=("None",),
                   sql="SELECT 1 AS row_no, 1 AS column_no, 0 AS value, NULL::int[] AS members WHERE false")
BROKEN = Question(id="Q3", title="Broken", columns=("", "Count"), rows=("Row",),
                  sql="SELECT 1 AS row_no, 1 AS column_no, count(no_such_column) AS value, NULL AS members "
                      "FROM universe")
OUTSIDE = Question(id="Q4", title="Outside", columns=("", "Count"), rows=("Row",),
                   sql="SELECT 2 AS row_no, 1 AS column_no, 1 AS value, NULL::int[] AS members")
ON_SHADE = Question(id="Q5", title="Shaded", columns=("", "Count"), rows=("Row",), shaded=frozenset({(1, 1)}),
                    sql="SELECT 1 AS row_no, 1 AS column_no, 1 AS value, NULL::int[] AS members")
SLOW = Question(id="Q6", title="Slow", columns=("", "Count"), rows=("Row",),
                sql="SELECT 1 AS row_no, 1 AS column_no, 1 AS value, NULL::int[] AS members FROM pg_sleep(30)")

TEST_REPORT = Report("engine-test", (PERSONS, NOTHING), build_universe)


def parameters(**changes) -> dict:
    return {"report": TEST_REPORT.name, "start": "2025-10-01", "end": "2026-09-30", "coc_codes": [], "project_ids": [],
            "sources": [WAREHOUSE_SOURCE], **changes}


def add_warehouse_sources(connection: sa.Connection) -> None:
    """The HMIS's source of the warehouse the engine's tests read. Where a running platform's warehouse made it
    first, under a number of its own (a client an earlier test made reached it), it is renumbered with its rows,
    every file's turn taken so that no change is applied meanwhile (as a rebuild does)."""
    from hud.fy2026.spec import FILES
    from reports.warehouse.live import take_turn
    from reports.warehouse.tables import WAREHOUSE_TABLES, data_quality_findings

    made = connection.execute(sa.text("SELECT id FROM warehouse_sources WHERE clients_source = :clients"),
                              {"clients": CLIENTS_SOURCE}).scalar()
    if made is not None and made != WAREHOUSE_SOURCE:
        for file in FILES:
            take_turn(connection, file)
        for table in (*WAREHOUSE_TABLES.values(), data_quality_findings):
            connection.execute(sa.text(f"UPDATE {table.name} SET source = :to WHERE source = :made"),
                               {"to": WAREHOUSE_SOURCE, "made": made})
        connection.execute(sa.text("UPDATE warehouse_sources SET id = :to WHERE id = :made"),
                           {"to": WAREHOUSE_SOURCE, "made": made})
    connection.execute(sa.text("INSERT INTO warehouse_sources (id, kind, clients_source, label) "
                               "VALUES (:id, 'hmis', :clients, 'the HMIS') ON CONFLICT (id) DO NOTHING"),
                       {"id": WAREHOUSE_SOURCE, "clients": CLIENTS_SOURCE})


def queue_run(engine: sa.Engine, params: dict, access: dict | None = None, held: bool = False) -> uuid.UUID:
    """A run's job, as `runs.queue` leaves it (for a report of the tests' own, which the catalogue does not hold);
    `held`: out of a running service's reach for an hour (its runner claims only due jobs), for the test to run."""
    from reports.engine.runs import KIND

    with Session(engine) as session, session.begin():
        run_id = jobs.enqueue(session, KIND, params, access)
        if held:
            session.execute(sa.text("UPDATE jobs SET not_before = now() + interval '1 hour' WHERE id = :id"),
                            {"id": run_id})
        return run_id


def run_slow_report(job: jobs.Job) -> None:
    """The work of a run whose second question takes half a minute, in a real worker process (the cancel test's)."""
    from reports.engine.runs import compute

    compute(job, Report("slow", (PERSONS, SLOW), build_universe))
