"""APR Q26: chronically homeless households and persons, their ages and health conditions.

Source of the FY2026 shells (question ids, titles, row and column labels, shaded cells): HUD's FY2026
HMIS Programming Specifications for the CoC APR and ESG CAPER as carried by Green River's open-source
warehouse (greenriver/hmis-warehouse, drivers/hud_apr/.../shared/fy2026/question_twenty_six.rb and the APR
generator's fy2026 list: Q26a, Q26b, Q26d, Q26e; FY2026's APR has no Q26c or Q26f-Q26h). The SQL is ours,
on the glossary's `chronic_status` ('yes', 'no', 'dk_refused', 'missing': HUD's chronic homelessness at
project start, a household's carried to its members).
"""
from __future__ import annotations

from reports.engine.question import Question
from reports.questions.apr.demographics import AGE_RANGES
from reports.questions.apr.health import AT_EXIT, AT_START, CONDITION_ROWS, LATEST, _with_conditions
from reports.questions.shapes import (DATA_NOT_COLLECTED, DK_PNTA, HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, TOTAL,
                                      grid, in_column, union)

COLUMNS = ("",) + HOUSEHOLD_TYPE_LABELS
STATUS_LABELS = ("Chronically Homeless", "Not Chronically Homeless", DK_PNTA, DATA_NOT_COLLECTED, "Total")
CHRONIC = "u.chronic_status = 'yes'"

# A household (counted by its head) is in the first row one of its members meets.
_HOUSEHOLD_STATUS = """(SELECT u.*, members.statuses FROM universe u
  JOIN (SELECT m.household_id, m.source, array_agg(m.chronic_status) AS statuses FROM universe m
         GROUP BY m.household_id, m.source) members
    ON members.household_id = u.household_id AND members.source = u.source
 WHERE u.is_head) u"""
Q26A = Question(
    id="Q26a", title="Chronic Homeless Status - Number of Households w/at least one or more CH person",
    columns=COLUMNS, rows=STATUS_LABELS,
    sql=grid(("'yes' = ANY(u.statuses)", "NOT 'yes' = ANY(u.statuses) AND 'no' = ANY(u.statuses)",
              "u.statuses && ARRAY['dk_refused'] AND NOT u.statuses && ARRAY['yes', 'no']",
              "NOT u.statuses && ARRAY['yes', 'no', 'dk_refused']", TOTAL),
             HOUSEHOLD_TYPES, _HOUSEHOLD_STATUS))

Q26B = Question(
    id="Q26b", title="Number of Chronically Homeless Persons by Household", columns=COLUMNS, rows=STATUS_LABELS,
    sql=grid(("u.chronic_status = 'yes'", "u.chronic_status = 'no'", "u.chronic_status = 'dk_refused'",
              "u.chronic_status IS NULL OR u.chronic_status = 'missing'", TOTAL), HOUSEHOLD_TYPES))

_AGES = (("0 - 17", "u.age BETWEEN 0 AND 17"),) + AGE_RANGES[3:]
# No children in households without children; only children in households with only children.
AGE_SHADED = frozenset({(1, 2)} | {(row, 4) for row in range(2, len(_AGES))})
Q26D = Question(
    id="Q26d", title="Age of Chronically Homeless Persons", columns=COLUMNS, rows=tuple(label for label, _ in _AGES),
    sql=grid(tuple(predicate for _, predicate in _AGES), HOUSEHOLD_TYPES, where=CHRONIC, skip=AGE_SHADED),
    shaded=AGE_SHADED)

# Q13's conditions (health.py) of the chronically homeless: at start, a stayer's latest, a leaver's at exit.
_CONDITION_POINTS = ((AT_START, TOTAL), (LATEST, "u.is_stayer"), (AT_EXIT, "u.is_leaver"))
Q26E = Question(
    id="Q26e", title="Physical and Mental Health Conditions - Chronically Homeless Persons",
    columns=("", "Conditions At Start", "Conditions at Latest Assessment for Stayers",
             "Conditions at Exit for Leavers"),
    rows=tuple(label for label, _ in CONDITION_ROWS),
    sql=union(*(in_column(grid(tuple(predicate for _, predicate in CONDITION_ROWS), (who,), _with_conditions(records),
                               where=CHRONIC), column_no)
                for column_no, (records, who) in enumerate(_CONDITION_POINTS, 1))))

QUESTIONS = (Q26A, Q26B, Q26D, Q26E)
