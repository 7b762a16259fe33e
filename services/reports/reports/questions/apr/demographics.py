"""APR Q11 (age) and Q12 (race and ethnicity), FY2026 shells, by household type, over the universe (which carries
each client's races: glossary, `race_codes`).

FY2026's APR and CAPER have no Q10: the gender table went with 3.06 Gender, and sex (3.06.1) is reported in
Q24e (Green River's FY2026 APR and CAPER generators list no Question 10; HUD's Data Lab FY26 script computes
none)."""
from reports.engine.question import Question
from reports.glossary import RACE_COLUMNS
from reports.questions import shapes
from reports.questions.shapes import (AGE_DK_PNTA, AGE_NOT_COLLECTED, DATA_NOT_COLLECTED, DK_PNTA,
                                      HOUSEHOLD_TYPE_LABELS, TOTAL)

AGE_RANGES = (("Under 5", "u.age BETWEEN 0 AND 4"), ("5-12", "u.age BETWEEN 5 AND 12"),
              ("13-17", "u.age BETWEEN 13 AND 17"), ("18-24", "u.age BETWEEN 18 AND 24"),
              ("25-34", "u.age BETWEEN 25 AND 34"), ("35-44", "u.age BETWEEN 35 AND 44"),
              ("45-54", "u.age BETWEEN 45 AND 54"), ("55-64", "u.age BETWEEN 55 AND 64"), ("65+", "u.age >= 65"),
              (DK_PNTA, AGE_DK_PNTA), (DATA_NOT_COLLECTED, AGE_NOT_COLLECTED), ("Total", TOTAL))
# Children cannot be in households without children, nor adults in households with only children.
AGE_SHADED = frozenset({(1, 2), (2, 2), (3, 2)} | {(row, 4) for row in range(4, 10)})

Q11 = Question(
    id="Q11",
    title="Age",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=tuple(label for label, _ in AGE_RANGES),
    sql=shapes.by_household_type(tuple(predicate for _, predicate in AGE_RANGES), skip=AGE_SHADED),
    shaded=AGE_SHADED,
)

# Client.csv's race and ethnicity columns (3.04) by HUD's code for them (RaceNone's list), with the shells' labels.
RACES = {code: (RACE_COLUMNS[code], label) for code, label in (
    (1, "American Indian, Alaska Native, or Indigenous"), (2, "Asian or Asian American"),
    (3, "Black, African American, or African"), (4, "Native Hawaiian or Pacific Islander"), (5, "White"),
    (6, "Hispanic/Latina/o"), (7, "Middle Eastern or North African"))}
HISPANIC = 6
# The shell's rows: each race alone (in the order of their labels), then every pair, in the shell's order.
ALONE = (1, 2, 3, 6, 7, 4, 5)
PAIRS = ((2, 1), (3, 1), (6, 1), (7, 1), (4, 1), (5, 1), (3, 2), (6, 2), (7, 2), (4, 2), (5, 2), (6, 3), (7, 3),
         (4, 3), (5, 3), (7, 6), (4, 6), (5, 6), (4, 7), (5, 7), (5, 4))


def _race_rows() -> tuple[tuple[str, str], ...]:
    alone = tuple((RACES[code][1], f"u.race_codes = ARRAY[{code}]") for code in ALONE)
    pairs = tuple((f"{RACES[first][1]} & {RACES[second][1]}",
                   f"u.race_codes = ARRAY[{min(first, second)}, {max(first, second)}]") for first, second in PAIRS)
    others = (
        ("Multiracial \u2013 more than 2 races/ethnicity, with one being Hispanic/Latina/o",
         f"cardinality(u.race_codes) > 2 AND {HISPANIC} = ANY(u.race_codes)"),
        ("Multiracial \u2013 more than 2 races, where no option is Hispanic/Latina/o",
         f"cardinality(u.race_codes) > 2 AND NOT {HISPANIC} = ANY(u.race_codes)"),
        (DK_PNTA, "cardinality(u.race_codes) = 0 AND u.race_none IN (8, 9)"),
        (DATA_NOT_COLLECTED, "cardinality(u.race_codes) = 0 AND coalesce(u.race_none, 99) NOT IN (8, 9)"))
    return alone + pairs + others + (("Total", TOTAL),)


RACE_ROWS = _race_rows()

Q12 = Question(
    id="Q12",
    title="Race and Ethnicity",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=tuple(label for label, _ in RACE_ROWS),
    sql=shapes.by_household_type(tuple(predicate for _, predicate in RACE_ROWS)),
)
