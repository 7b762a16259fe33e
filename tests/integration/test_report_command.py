"""`hmis reports run` (reports.commands.run_report) on the run's reports database: the run computed in this
process with its summary printed and its Sage zip and workbook written; bad parameters refused, nothing run.
The catalogue holds the tests' own small report under a HUD report's name (HUD's are the question writers')."""
import io
import zipfile

import pytest
from openpyxl import load_workbook

from hmis_kit.db import make_engine
from reports import catalogue
from reports.commands import run_report
from report_engine_support import NOTHING, PERSONS, WAREHOUSE_SOURCE, add_warehouse_sources, build_universe

pytestmark = pytest.mark.integration


@pytest.fixture
def test_report(settings, monkeypatch):
    engine = make_engine(settings.database_url("reports"))
    with engine.begin() as connection:
        add_warehouse_sources(connection)
    engine.dispose()
    monkeypatch.setitem(catalogue.REPORTS, "data-quality", [PERSONS, NOTHING])
    monkeypatch.setitem(catalogue.UNIVERSES, "data-quality", build_universe)


def request(**changes) -> dict:
    return {"report": "data-quality", "start": "2025-10-01", "end": "2026-09-30", "coc_codes": [], "project_ids": [],
            "sources": [WAREHOUSE_SOURCE], **changes}


def test_a_run_prints_its_summary_and_writes_the_sage_zip_and_workbook(test_report, tmp_path):
    said = []
    out, xlsx = tmp_path / "dq.zip", tmp_path / "dq.xlsx"
    assert run_report(request(), str(out), str(xlsx), said.append) == 0
    assert said[0].startswith("data-quality 2025-10-01..2026-09-30: 2 questions, 5 people in the universe, ")
    assert sorted(zipfile.ZipFile(out).namelist()) == ["Q1.csv", "Q2.csv"]
    assert load_workbook(io.BytesIO(xlsx.read_bytes())).sheetnames == ["Q1", "Q2"]


def test_bad_parameters_are_refused_and_nothing_is_written(test_report, tmp_path):
    said = []
    out = tmp_path / "dq.zip"
    assert run_report(request(start="2026-10-01"), str(out), None, said.append) == 1
    assert said == ["REFUSED: input breaks the rules named in fields: end: must not be before start"]
    assert not out.exists()
