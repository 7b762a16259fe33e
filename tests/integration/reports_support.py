"""HUD report tests' database and row builders: a private reports database, migrated, whose warehouse
tables a test fills row by row (`Warehouse`), and a question answered over it (`answer`; a text table such as
Q4a through the engine: `computed`).

Use it from a test module with `from reports_support import warehouse_database, warehouse  # noqa: F401`
(the fixtures) and the builders on the `warehouse` fixture:

    def test_x(warehouse):
        warehouse.project("P1", project_type=3)
        warehouse.client("C1", dob=date(1980, 1, 1))
        warehouse.enrollment("E1", "C1", "P1", date(2025, 1, 1), household_id="H1")
        cells = answer(warehouse, Q5A, date(2025, 1, 1), date(2025, 12, 31))
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit import jobs
from hud.fy2026 import tables as fy2026
from reports import glossary
from reports.engine import results, runs
from reports.warehouse.tables import WAREHOUSE_TABLES
from report_engine_support import queue_run
from support import migrated_database

STAMP = datetime(2025, 1, 1)
STAMPS = {"date_created": STAMP, "date_updated": STAMP, "user_id": "u1", "export_id": "x1"}
SOURCE = 1
CLIENT_VERDICTS = ("name_missing", "ssn_missing", "ssn_invalid")


@pytest.fixture(scope="session")
def warehouse_database(settings):
    """A private reports database, migrated to head (the warehouse tables among them)."""
    with migrated_database(settings, "reports", "reports_hud") as engine:
        yield engine, WAREHOUSE_TABLES


@pytest.fixture
def warehouse(warehouse_database):
    """The warehouse, emptied, with its row builders."""
    engine, tables = warehouse_database
    with engine.begin() as connection:
        connection.exec_driver_sql("TRUNCATE " + ", ".join(table.name for table in tables.values()))
    return Warehouse(engine, tables)


class Warehouse:
    """Builders of warehouse rows: each takes HUD's meaningful fields and fills the bookkeeping ones
    (stamps, source 1); any other column is a keyword in its snake-case name (`disabling_condition=1`)."""

    def __init__(self, engine: sa.Engine, tables: dict[str, sa.Table]):
        self.engine = engine
        self.tables = tables

    def insert(self, file: str, **values) -> dict:
        row = {**STAMPS, "source": SOURCE, **values}
        with self.engine.begin() as connection:
            connection.execute(self.tables[file].insert().values(**row))
        return row

    def client(self, personal_id: str, dob: date | None = None, **values) -> dict:
        defaults = {"name_data_quality": 1, "ssn_data_quality": 1, "dob_data_quality": 1 if dob else 99,
                    "sex": 0, "am_ind_ak_native": 0, "asian": 0, "black_af_american": 0, "hispanic_latinao": 0,
                    "mid_east_n_african": 0, "native_hi_pacific": 0, "white": 1, "veteran_status": 0,
                    **{verdict: False for verdict in CLIENT_VERDICTS}}
        return self.insert(fy2026.CLIENT, personal_id=personal_id, dob=dob, **{**defaults, **values})

    def project(self, project_id: str, project_type: int = 3, coc_code: str | None = None, **values) -> dict:
        defaults = {"organization_id": "O1", "project_name": project_id, "operating_start_date": date(2020, 1, 1),
                    "continuum_project": 1}
        row = self.insert("Project", project_id=project_id, project_type=project_type, **{**defaults, **values})
        if coc_code:
            self.insert("ProjectCoC", project_coc_id=f"{project_id}-{coc_code}", project_id=project_id,
                        coc_code=coc_code, geocode="000000")
        return row

    def enrollment(self, enrollment_id: str, personal_id: str, project_id: str, entry_date: date,
                   household_id: str | None = None, relationship_to_hoh: int = 1, **values) -> dict:
        defaults = {"disabling_condition": 0, "living_situation": 101}
        return self.insert("Enrollment", enrollment_id=enrollment_id, personal_id=personal_id,
                           project_id=project_id, entry_date=entry_date,
                           household_id=household_id or f"H-{enrollment_id}",
                           relationship_to_hoh=relationship_to_hoh, **{**defaults, **values})

    def exit(self, enrollment_id: str, exit_date: date, destination: int = 410, **values) -> dict:
        personal_id = self._personal_id(enrollment_id)
        return self.insert("Exit", exit_id=f"X-{enrollment_id}", enrollment_id=enrollment_id,
                           personal_id=personal_id, exit_date=exit_date, destination=destination, **values)

    def income(self, enrollment_id: str, information_date: date, stage: int = 1, **values) -> dict:
        """An IncomeBenefits record (DataCollectionStage 1 entry, 2 update, 3 exit, 5 annual)."""
        return self._enrollment_record("IncomeBenefits", "income_benefits_id", enrollment_id,
                                       information_date=information_date, data_collection_stage=stage, **values)

    def disability(self, enrollment_id: str, information_date: date, disability_type: int,
                   response: int = 1, stage: int = 1, **values) -> dict:
        return self._enrollment_record("Disabilities", "disabilities_id", enrollment_id,
                                       information_date=information_date, disability_type=disability_type,
                                       disability_response=response, data_collection_stage=stage, **values)

    def health_dv(self, enrollment_id: str, information_date: date, stage: int = 1, **values) -> dict:
        return self._enrollment_record("HealthAndDV", "health_and_dv_id", enrollment_id,
                                       information_date=information_date, data_collection_stage=stage, **values)

    def living_situation(self, enrollment_id: str, information_date: date, situation: int, **values) -> dict:
        """A Current Living Situation (4.12) record."""
        return self._enrollment_record("CurrentLivingSituation", "current_living_sit_id", enrollment_id,
                                       information_date=information_date, current_living_situation=situation,
                                       **values)

    def bed_night(self, enrollment_id: str, night: date) -> dict:
        return self._enrollment_record("Services", "services_id", enrollment_id, date_provided=night,
                                       record_type=glossary.BED_NIGHT, type_provided=200)

    def _enrollment_record(self, file: str, key: str, enrollment_id: str, **values) -> dict:
        return self.insert(file, **{key: uuid.uuid4().hex[:12]}, enrollment_id=enrollment_id,
                           personal_id=self._personal_id(enrollment_id), **values)

    def _personal_id(self, enrollment_id: str) -> str:
        table = self.tables["Enrollment"]
        with self.engine.connect() as connection:
            return connection.scalar(sa.select(table.c.personal_id).where(table.c.enrollment_id == enrollment_id))


def report_params(start: date, end: date, **params) -> dict:
    return {"start": start, "end": end, "sources": [SOURCE], **params}


def universe(warehouse: Warehouse, start: date, end: date, **params) -> dict[str, dict]:
    """The universe the glossary builds, by PersonalID."""
    with warehouse.engine.begin() as connection:
        glossary.build_universe(connection, report_params(start, end, **params))
        rows = connection.exec_driver_sql("SELECT * FROM universe").mappings().all()
    return {row["personal_id"]: dict(row) for row in rows}


def answer(warehouse: Warehouse, question, start: date, end: date, build=glossary.build_universe,
           **params) -> dict[tuple[int, int], tuple]:
    """A question's cells as the engine runs it: {(row_no, column_no): (value, sorted PersonalIDs)}, every
    value a number (a Decimal made an int or a float) and the members named by their PersonalIDs. `build`
    makes the universe (the glossary's unless the report has its own)."""
    values = report_params(start, end, **params)
    with warehouse.engine.begin() as connection:
        build(connection, values)
        people = dict(connection.exec_driver_sql("SELECT member_no, personal_id FROM universe").all())
        rows = connection.exec_driver_sql(question.sql, glossary.parameters(values)).all()
    cells = {}
    for row_no, column_no, value, members in rows:
        assert 1 <= row_no <= len(question.rows) and 1 <= column_no < len(question.columns), (row_no, column_no)
        assert (row_no, column_no) not in question.shaded, (row_no, column_no)
        assert (row_no, column_no) not in cells, (row_no, column_no)
        number = value if not isinstance(value, Decimal) else (int(value) if value == int(value) else float(value))
        cells[row_no, column_no] = (number, sorted(people[member] for member in members or ()))
    return cells


def computed(warehouse: Warehouse, questions: tuple, start: date, end: date,
             build=glossary.build_universe) -> dict[str, dict]:
    """The questions run by the engine as a report of their own (stored, with their text cells and a row per thing's
    rows), each as its results read back (results.shells: labels, and cells as the API answers them), by id."""
    run_id = queue_run(warehouse.engine, {"report": "tests", "start": start.isoformat(), "end": end.isoformat(),
                                          "coc_codes": [], "project_ids": [], "sources": [SOURCE]})
    jobs.run(warehouse.engine, run_id, lambda job: runs.compute(job, runs.Report("tests", questions, build)))
    with Session(warehouse.engine) as session, session.begin():
        return {shell["id"]: shell for shell in results.shells(session, run_id)}


def value(cells: dict, row_no: int, column_no: int):
    """A cell's value (0 when the SQL returned none, as the engine reads it)."""
    return cells.get((row_no, column_no), (0, []))[0]


def members(cells: dict, row_no: int, column_no: int) -> list[str]:
    return cells.get((row_no, column_no), (0, []))[1]


# A year's report over `community`: the APR's usual federal fiscal year is any year; the tests use 2025.
YEAR_START, YEAR_END = date(2025, 1, 1), date(2025, 12, 31)


def community(warehouse: Warehouse) -> None:
    """A small CoC whose people pin the glossary's rules, for any question's test (report on 2025):

    - PSH: household H-TWO with two heads (A1 born 1970, entered 2025-02-01; A2 born 1975, entered
      2025-02-01) and their child K1 (born 2015); the head's move-in date 2025-01-15 is before entry
      (ignored). A1 is a chronically homeless veteran by the 12-months rule, A2 answered the disability
      question "client doesn't know".
    - PSH: S1 (born 1960), a stayer since 2023-03-10, due an annual assessment; moved in 2023-04-01.
    - ES (entry/exit): child-only household H-KIDS, C1 and C2 (born 2009, 2010), heads both missing
      (relationship 99 and 5), left 2025-06-30 to permanent housing (410) and to family, temporary (312).
    - RRH: leavers L1..L5 (born 1990-1994), one each to a homeless (116), institutional (207), temporary
      (314), permanent (435) and other (24, deceased) destination, entered 2025-03-01, left 2025-09-30;
      L1 moved in 2025-04-01.
    - ES: U1, date of birth "client prefers not to answer" (DOBDataQuality 9), a stayer since 2025-05-01.
    - ES: O1, out of the period (left 2024-12-31).
    """
    warehouse.project("PSH", project_type=3)
    warehouse.project("ES", project_type=0)
    warehouse.project("RRH", project_type=13)
    for personal_id, born, veteran in (("A1", date(1970, 6, 1), 1), ("A2", date(1975, 6, 1), 0),
                                       ("K1", date(2015, 6, 1), 0), ("S1", date(1960, 6, 1), 0),
                                       ("C1", date(2009, 6, 1), 0), ("C2", date(2010, 6, 1), 0),
                                       ("O1", date(1980, 6, 1), 0)):
        warehouse.client(personal_id, dob=born, veteran_status=veteran)
    for number in range(1, 6):
        warehouse.client(f"L{number}", dob=date(1989 + number, 6, 1))
    warehouse.client("U1", dob=None, dob_data_quality=9)

    warehouse.enrollment("E-A1", "A1", "PSH", date(2025, 2, 1), household_id="H-TWO", move_in_date=date(2025, 1, 15),
                         disabling_condition=1, living_situation=116, date_to_street_essh=date(2023, 1, 1))
    warehouse.enrollment("E-A2", "A2", "PSH", date(2025, 2, 1), household_id="H-TWO", disabling_condition=8)
    warehouse.enrollment("E-K1", "K1", "PSH", date(2025, 2, 1), household_id="H-TWO", relationship_to_hoh=2)
    warehouse.enrollment("E-S1", "S1", "PSH", date(2023, 3, 10), move_in_date=date(2023, 4, 1))
    warehouse.enrollment("E-C1", "C1", "ES", date(2025, 1, 10), household_id="H-KIDS", relationship_to_hoh=99)
    warehouse.enrollment("E-C2", "C2", "ES", date(2025, 1, 10), household_id="H-KIDS", relationship_to_hoh=5)
    warehouse.exit("E-C1", date(2025, 6, 30), destination=410)
    warehouse.exit("E-C2", date(2025, 6, 30), destination=312)
    for number, destination in zip(range(1, 6), (116, 207, 314, 435, 24)):
        warehouse.enrollment(f"E-L{number}", f"L{number}", "RRH", date(2025, 3, 1),
                             move_in_date=date(2025, 4, 1) if number == 1 else None)
        warehouse.exit(f"E-L{number}", date(2025, 9, 30), destination=destination)
    warehouse.enrollment("E-U1", "U1", "ES", date(2025, 5, 1))
    warehouse.enrollment("E-O1", "O1", "ES", date(2024, 6, 1))
    warehouse.exit("E-O1", date(2024, 12, 31))
