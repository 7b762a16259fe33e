"""The Data Quality report's, the CAPER's and the CE APR's own tables: ids unique, every shaded cell inside its
table, the SQL naming only the run's parameters; and each report's list as the catalogue gives it."""
import re

from reports.catalogue import REPORTS
from reports.questions.caper import CAPER_ONLY, CAPER_ORDER
from reports.questions.ce_apr import CE_APR_ORDER, CE_ONLY
from reports.questions.findings import FINDINGS

PARAMETERS = {"start", "end", "sources"}
OWN = (*CAPER_ONLY, *CE_ONLY, FINDINGS)


def test_own_tables_are_well_formed():
    assert len({question.id for question in OWN}) == len(OWN)
    for question in OWN:
        assert question.rows and len(question.columns) >= 2, question.id
        for row_no, column_no in question.shaded:
            assert 1 <= row_no <= len(question.rows) and 1 <= column_no < len(question.columns), question.id
        assert set(re.findall(r"%\((\w+)\)s", question.sql)) <= PARAMETERS, question.id
        assert "%" not in re.sub(r"%\(\w+\)s", "", question.sql), question.id


def _ids_checked(report: str) -> tuple[str, ...]:
    for question in REPORTS[report]:
        assert "%" not in re.sub(r"%\(\w+\)s", "", question.sql), (report, question.id)
    return tuple(question.id for question in REPORTS[report])


def test_the_ce_apr_lists_its_tables_in_its_order():
    assert _ids_checked("ce-apr") == CE_APR_ORDER


def test_the_caper_lists_its_tables_in_its_order():
    assert _ids_checked("caper") == CAPER_ORDER


def test_the_data_quality_report_lists_hud_tables_then_the_findings():
    assert _ids_checked("data-quality") == ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7", "Findings")
