"""The reports the engine runs: for each report its questions, in the order of HUD's shell, and the builder of its
universe (`build_universe(connection, params)`, which creates the TEMP TABLE `universe`; the glossary's for the
APR, the CAPER and the Data Quality report, the CE APR's own for the CE APR).

A report not named in both dicts is refused before a run is queued (reports.engine.runs.report_of).
"""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from reports import ce_universe, glossary
from reports.engine.question import Question
from reports.questions.apr import (contacts, data_quality, demographics, entry_and_income, health, persons, q17_q21,
                                   q22_q24, q25_veterans, q26_chronic, q27_youth)
from reports.questions.caper import caper_questions
from reports.questions.ce_apr import ce_apr_questions
from reports.questions.data_quality import data_quality_questions
from reports.questions.project_identifiers import Q4A

UniverseBuilder = Callable[[sa.Connection, dict], None]

REPORTS: dict[str, list[Question]] = {
    "apr": [Q4A, persons.Q5A, data_quality.Q6A, data_quality.Q6B, data_quality.Q6C, data_quality.Q6D,
            data_quality.Q6E, data_quality.Q6F,
            persons.Q7A, persons.Q7B, persons.Q8A, persons.Q8B, contacts.Q9A, contacts.Q9B,
            demographics.Q11, demographics.Q12,
            health.Q13A1, health.Q13B1, health.Q13C1, health.Q13A2, health.Q13B2, health.Q13C2,
            health.Q14A, health.Q14B, entry_and_income.Q15, entry_and_income.Q16,
            q17_q21.Q17, q17_q21.Q18, q17_q21.Q19A1, q17_q21.Q19A2, q17_q21.Q19B, q17_q21.Q20A, q17_q21.Q20B,
            q17_q21.Q21,
            q22_q24.Q22A1, q22_q24.Q22B, q22_q24.Q22C, q22_q24.Q22E, q22_q24.Q22F, q22_q24.Q22G,
            q22_q24.Q23C, q22_q24.Q23D, q22_q24.Q23E, q22_q24.Q24B, q22_q24.Q24E,
            q25_veterans.Q25A, q25_veterans.Q25B, q25_veterans.Q25D, q25_veterans.Q25I, q25_veterans.Q25J,
            q26_chronic.Q26A, q26_chronic.Q26B, q26_chronic.Q26D, q26_chronic.Q26E,
            q27_youth.Q27A, q27_youth.Q27B, q27_youth.Q27D, q27_youth.Q27E, q27_youth.Q27F1, q27_youth.Q27F2,
            q27_youth.Q27G, q27_youth.Q27H, q27_youth.Q27I, q27_youth.Q27J, q27_youth.Q27K, q27_youth.Q27L,
            q27_youth.Q27M],
}
# Reports made of the APR's questions and their own (reports.questions.caper, ce_apr, data_quality).
REPORTS["caper"] = list(caper_questions(REPORTS["apr"]))
REPORTS["ce-apr"] = list(ce_apr_questions(REPORTS["apr"]))
REPORTS["data-quality"] = list(data_quality_questions(REPORTS["apr"]))

# The builder of each report's universe, which the engine runs first (reports.engine.runs): the glossary's,
# or the CE APR's own.
UNIVERSES: dict[str, UniverseBuilder] = {
    "apr": glossary.build_universe,
    "caper": glossary.build_universe,
    "ce-apr": ce_universe.build_universe,
    "data-quality": glossary.build_universe,
}
