"""HUD's FY2026 sample export through the API: loaded as a warehouse source (`hmis reports load-source`), then the
APR and the CAPER of every project of it for the last year of its export period queued with POST /report-runs,
computed by the reports service's job runner, followed to their end and read back: each Sage zip has the FY2026
shell's rows and columns in every CSV (tests/hud_shells.py, against HUD's shells) and the totals HUD's
validations tie together agree, as they do in the answers of GET .../questions/{id}; Q4a's project identifiers
come as text cells, a row per project."""
import re
import time

import pytest
from click.testing import CliRunner

from hmis_kit import jobs
from hmis_platform.cli import main as hmis
from hud_shells import sample_period, sample_projects, shell_mismatches, tables, validation_failures
from support import HUD_SAMPLE

pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not HUD_SAMPLE.exists(), reason=f"HUD's sample export is not at {HUD_SAMPLE}")]
API = "/api/v1"
GIVE_UP_SECONDS = 900  # a run that has not ended by then is reported as stuck, not waited for for ever


@pytest.fixture(scope="module")
def sample_source(settings) -> int:
    loaded = CliRunner().invoke(hmis, ["reports", "load-source", str(HUD_SAMPLE), "--label", "HUD FY2026 sample"])
    assert loaded.exit_code == 0, loaded.output
    return int(re.search(r"^source (\d+) ", loaded.output, re.MULTILINE).group(1))


def finished(client, headers, run_id: str) -> dict:
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while True:
        run = client.get(f"{API}/report-runs/{run_id}", headers=headers).get_json()
        if run["status"] not in jobs.UNFINISHED or time.monotonic() > deadline:
            return run
        time.sleep(1)


@pytest.fixture(scope="module")
def sample_runs(app, network, sample_source) -> dict:
    """Each report's run id and Sage zip, run once for the module (both queued before either is followed)."""
    client, headers = app.test_client(), network.a_reporter.headers
    start, end = sample_period(HUD_SAMPLE)
    queued = {}
    for report in ("apr", "caper"):
        response = client.post(f"{API}/report-runs", headers=headers, json={
            "report": report, "start": start.isoformat(), "end": end.isoformat(), "sources": [sample_source]})
        assert response.status_code == 202, response.get_json()
        queued[report] = response.get_json()["id"]
    runs = {}
    for report, run_id in queued.items():
        run = finished(client, headers, run_id)
        assert run["status"] == jobs.SUCCEEDED, run
        sage = client.get(f"{API}/report-runs/{run_id}/zip", headers=headers)
        assert sage.status_code == 200
        runs[report] = {"id": run_id, "csvs": tables(sage.data)}
    return runs


@pytest.mark.parametrize("report", ["apr", "caper"])
def test_every_csv_has_the_fy2026_shell(sample_runs, report):
    assert shell_mismatches(report, sample_runs[report]["csvs"]) == []


@pytest.mark.parametrize("report", ["apr", "caper"])
def test_the_totals_hud_validates_agree(sample_runs, report):
    failures, checked = validation_failures(sample_runs[report]["csvs"])
    assert failures == [] and checked >= 10


def test_the_api_answers_the_same_persons_served(client, network, sample_runs):
    base = f"{API}/report-runs/{sample_runs['apr']['id']}/questions"
    cells = {}
    for table in ("Q5a", "Q7a"):
        answered = client.get(f"{base}/{table}", headers=network.a_reporter.headers).get_json()
        cells[table] = {(cell["row"], cell["column"]): cell for cell in answered["cells"]}
    served, total = cells["Q5a"][1, 2], cells["Q7a"][5, 1]  # Q5a persons served (all), Q7a's Total row and column
    assert served["value"] == total["value"] == sample_runs["apr"]["csvs"]["Q5a"][1][2] != "0"
    assert served["members"] == total["members"] == int(served["value"])


def test_q4a_answers_a_row_per_project_its_identifiers_as_text(client, network, sample_runs):
    answered = client.get(f"{API}/report-runs/{sample_runs['caper']['id']}/questions/Q4a",
                          headers=network.a_reporter.headers).get_json()
    assert len(answered["rows"]) == sample_projects(HUD_SAMPLE)
    cells = {(cell["row"], cell["column"]): cell for cell in answered["cells"]}
    project_id = answered["columns"].index("Project ID")
    assert cells[1, project_id]["text"] == sample_runs["caper"]["csvs"]["Q4a"][1][project_id] != ""
    assert (cells[1, project_id]["value"], cells[1, project_id]["shaded"]) == (None, False)
    clients = answered["columns"].index("Total Active Clients")
    assert cells[1, clients]["text"] is None and cells[1, clients]["members"] == int(cells[1, clients]["value"])
