"""The reports the engine runs: for each report its questions, in the order of HUD's shell, and the builder of its
universe (`build_universe(connection, params)`, which creates the TEMP TABLE `universe`; the glossary's for the
APR, the CAPER and the Data Quality report, the CE APR's own for the CE APR).

The question writers add their report's entries here; a report not named in both dicts is refused before a run
is queued (reports.engine.runs.report_of).
"""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from reports.engine.question import Question

UniverseBuilder = Callable[[sa.Connection, dict], None]

REPORTS: dict[str, list[Question]] = {}
UNIVERSES: dict[str, UniverseBuilder] = {}
