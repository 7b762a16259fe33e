"""APR Q25: veterans (number of veterans, veteran households, age, exit destination and subsidy type).

Source of the FY2026 shells (question ids, titles, row and column labels): HUD's FY2026 HMIS Programming
Specifications for the CoC APR and ESG CAPER as carried by Green River's open-source warehouse
(greenriver/hmis-warehouse, drivers/hud_apr/.../shared/fy2026/question_twenty_five.rb and the APR
generator's fy2026 list: Q25a, Q25b, Q25d, Q25i, Q25j; FY2026 dropped Q25c and Q25e-Q25h). Veterans'
tables leave out households with only children. The SQL is ours: a veteran is the glossary's `veteran`
(an adult whose Veteran Status is yes), chronic homelessness its `chronic_status`.
"""
from __future__ import annotations

from reports.engine.question import Question
from reports.questions.apr.cells import VETERAN_HOUSEHOLD_LABELS, VETERAN_HOUSEHOLD_TYPES
from reports.questions.apr.demographics import AGE_RANGES
from reports.questions.apr.destinations import destination_question, subsidy_question
from reports.questions.shapes import ADULT, DATA_NOT_COLLECTED, DK_PNTA, TOTAL, grid

COLUMNS = ("",) + VETERAN_HOUSEHOLD_LABELS
ROW_LABELS = ("Chronically Homeless Veteran", "Non-Chronically Homeless Veteran", "Not a Veteran", DK_PNTA,
              DATA_NOT_COLLECTED, "Total")
VETERAN = "u.veteran"

Q25A = Question(
    id="Q25a", title="Number of Veterans", columns=COLUMNS, rows=ROW_LABELS,
    sql=grid((f"{VETERAN} AND u.chronic_status = 'yes'", f"{VETERAN} AND u.chronic_status IS DISTINCT FROM 'yes'",
              "u.veteran_status = 0", "u.veteran_status IN (8, 9)",
              "u.veteran_status IS NULL OR u.veteran_status NOT IN (0, 1, 8, 9)", TOTAL),
             VETERAN_HOUSEHOLD_TYPES, where=ADULT))

# Households (counted by their heads) by what their adults answered, each in the first row it meets: a
# chronically homeless veteran, another veteran, an adult who would not say, an adult not asked, else no
# veteran among the adults.
_HOUSEHOLD_VETERANS = """(SELECT u.*, coalesce(adults.chronic_veteran, false) AS chronic_veteran,
       coalesce(adults.any_veteran, false) AS any_veteran, coalesce(adults.withheld, false) AS withheld,
       coalesce(adults.not_collected, false) AS not_collected
  FROM universe u
  LEFT JOIN (
       SELECT m.household_id, m.source, bool_or(m.veteran AND m.chronic_status = 'yes') AS chronic_veteran,
              bool_or(m.veteran) AS any_veteran, bool_or(m.veteran_status IN (8, 9)) AS withheld,
              bool_or(m.veteran_status IS NULL OR m.veteran_status NOT IN (0, 1, 8, 9)) AS not_collected
         FROM universe m WHERE m.age >= 18 GROUP BY m.household_id, m.source
       ) adults ON adults.household_id = u.household_id AND adults.source = u.source
 WHERE u.is_head AND u.household_type <> 'with_only_children') u"""
Q25B = Question(
    id="Q25b", title="Number of Veteran Households", columns=COLUMNS, rows=ROW_LABELS,
    sql=grid(("u.chronic_veteran", "u.any_veteran AND NOT u.chronic_veteran",
              "NOT u.any_veteran AND NOT u.withheld AND NOT u.not_collected", "NOT u.any_veteran AND u.withheld",
              "NOT u.any_veteran AND NOT u.withheld AND u.not_collected", TOTAL),
             VETERAN_HOUSEHOLD_TYPES, _HOUSEHOLD_VETERANS))

_ADULT_AGES = AGE_RANGES[3:]  # 18-24 to 65+, the unknown ages, Total
Q25D = Question(
    id="Q25d", title="Age - Veterans", columns=COLUMNS, rows=tuple(label for label, _ in _ADULT_AGES),
    sql=grid(tuple(predicate for _, predicate in _ADULT_AGES), VETERAN_HOUSEHOLD_TYPES, where=VETERAN))

Q25I = destination_question("Q25i", "Exit Destination - Veterans", VETERAN, VETERAN_HOUSEHOLD_LABELS,
                            VETERAN_HOUSEHOLD_TYPES)
Q25J = subsidy_question("Q25j", "Exit Destination – Subsidy Type of Persons Exiting to Rental by Client With An "
                        "Ongoing Subsidy - Veterans", VETERAN, VETERAN_HOUSEHOLD_LABELS, VETERAN_HOUSEHOLD_TYPES)

QUESTIONS = (Q25A, Q25B, Q25D, Q25I, Q25J)
