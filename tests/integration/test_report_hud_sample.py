"""HUD's FY2026 sample export through the command line: `hmis reports load-source` loads it as a warehouse source,
`hmis reports run apr|caper` reports on every project of it for the last year of its export period; every CSV of
each Sage zip has the FY2026 shell's rows and columns (tests/hud_shells.py, against HUD's shells, not our own
labels) and the totals HUD's validations tie together agree."""
import io
import re

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from hmis_platform.cli import main as hmis
from hud_shells import SHELLS, sample_period, sample_projects, shell_mismatches, tables, validation_failures
from support import HUD_SAMPLE

pytestmark = [pytest.mark.integration,
              pytest.mark.skipif(not HUD_SAMPLE.exists(), reason=f"HUD's sample export is not at {HUD_SAMPLE}")]


@pytest.fixture(scope="module")
def sample_source(settings) -> str:
    loaded = CliRunner().invoke(hmis, ["reports", "load-source", str(HUD_SAMPLE), "--label", "HUD FY2026 sample"])
    assert loaded.exit_code == 0, loaded.output
    return re.search(r"^source (\d+) ", loaded.output, re.MULTILINE).group(1)


@pytest.fixture(scope="module")
def sage_zips(sample_source, tmp_path_factory) -> dict:
    """Each report's Sage zip (and workbook), run once for the module."""
    start, end = sample_period(HUD_SAMPLE)
    folder, zips = tmp_path_factory.mktemp("sample-reports"), {}
    for report in ("apr", "caper"):
        out, xlsx = folder / f"{report}.zip", folder / f"{report}.xlsx"
        ran = CliRunner().invoke(hmis, ["reports", "run", report, "--start", start.isoformat(), "--end",
                                        end.isoformat(), "--source", sample_source, "--out", str(out),
                                        "--xlsx", str(xlsx)])
        assert ran.exit_code == 0, ran.output
        print(ran.output.strip().splitlines()[-3])  # the summary: questions, people, seconds
        zips[report] = tables(out.read_bytes())
        zips[f"{report} workbook"] = load_workbook(io.BytesIO(xlsx.read_bytes()), read_only=True).sheetnames
    return zips


@pytest.mark.parametrize("report", ["apr", "caper"])
def test_every_csv_has_the_fy2026_shell(sage_zips, report):
    assert shell_mismatches(report, sage_zips[report]) == []


@pytest.mark.parametrize("report", ["apr", "caper"])
def test_the_totals_hud_validates_agree(sage_zips, report):
    failures, checked = validation_failures(sage_zips[report])
    assert failures == [] and checked >= 10
    assert sage_zips[report]["Q5a"][1][2] not in ("", "0")  # the sample's year has people in it


@pytest.mark.parametrize("report", ["apr", "caper"])
def test_q4a_has_a_row_per_project_and_the_workbook_every_table(sage_zips, report):
    header, *rows = sage_zips[report]["Q4a"]
    assert len(rows) == sample_projects(HUD_SAMPLE)
    assert {row[header.index("Report End Date")] for row in rows} == {sample_period(HUD_SAMPLE)[1].isoformat()}
    assert sage_zips[f"{report} workbook"] == SHELLS["reports"][report]
