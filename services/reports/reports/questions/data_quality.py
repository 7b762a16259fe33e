"""HUD's HMIS Data Quality report (HUDX-225, FY2026) and our table of findings.

HUD's report is seven tables the APR and CAPER carry too, under their own numbers: Q1 is the APR's Q5a
(Report Validations), Q2-Q7 the APR's Q6a-Q6f (personally identifying information, universal data elements,
income and housing, chronic homelessness, timeliness, inactive records), with the same rows, columns,
universe and rules. So they are the APR's Question objects under the Data Quality report's numbers and
titles, not copies. Then `Findings` (reports.questions.findings): the data-quality findings the import and
the API keep, by rule; our addition, not one of HUD's tables.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from reports.engine.question import Question
from reports.questions.findings import FINDINGS

# The Data Quality report's tables: (its number, its title, the APR table it is).
HUD_TABLES = (
    ("Q1", "Report Validations Table", "Q5a"),
    ("Q2", "Personally Identifiable Information (PII)", "Q6a"),
    ("Q3", "Universal Data Elements", "Q6b"),
    ("Q4", "Income and Housing Data Quality", "Q6c"),
    ("Q5", "Chronic Homelessness", "Q6d"),
    ("Q6", "Timeliness", "Q6e"),
    ("Q7", "Inactive Records: Street Outreach and Emergency Shelter", "Q6f"),
)


def data_quality_questions(apr: Sequence[Question]) -> tuple[Question, ...]:
    """HUD's seven tables made of the APR's, then the findings by rule. Fails (KeyError, naming the table)
    when the APR lacks one."""
    by_id = {question.id: question for question in apr}
    return tuple(replace(by_id[apr_id], id=number, title=title) for number, title, apr_id in HUD_TABLES) + (FINDINGS,)
