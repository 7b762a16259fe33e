"""APR Q13 (physical and mental health conditions) and Q14 (domestic violence), FY2026 shells."""
from reports.engine.question import Question
from reports.glossary import CONDITIONS
from reports.questions import shapes
from reports.questions.shapes import ADULT, CHILD, DATA_NOT_COLLECTED, DK_PNTA, HOUSEHOLD_TYPE_LABELS, TOTAL

# The kinds of Disabilities records each table reads (glossary, `universe_conditions`): those of project start,
# of exit, or a stayer's latest on or before the report's end.
AT_START, AT_EXIT, LATEST = "start", "exit", "latest"


def with_conditions(records: str) -> str:
    count = " + ".join(f"conditions.{name}::int" for name in CONDITIONS)
    return (f"universe u JOIN universe_conditions conditions ON conditions.member_no = u.member_no "
            f"AND conditions.records = '{records}' CROSS JOIN LATERAL (SELECT {count} AS number) AS counted")


CONDITION_ROWS = (
    ("Mental Health Disorder", "conditions.mental"),
    ("Alcohol Use Disorder", "conditions.alcohol AND NOT conditions.drug"),
    ("Drug Use Disorder", "conditions.drug AND NOT conditions.alcohol"),
    ("Both Alcohol and Drug Use Disorders", "conditions.alcohol AND conditions.drug"),
    ("Chronic Health Condition", "conditions.chronic_health"),
    ("HIV/AIDS", "conditions.hiv"),
    ("Developmental Disability", "conditions.developmental"),
    ("Physical Disability", "conditions.physical"),
)
NONE_RECORDED = "counted.number = 0 AND "
COUNT_ROWS = (
    ("None", NONE_RECORDED + "u.disabling_condition = 0"),
    ("1 Condition", "counted.number = 1"),
    ("2 Conditions", "counted.number = 2"),
    ("3+ Conditions", "counted.number >= 3"),
    ("Condition Unknown", NONE_RECORDED + "u.disabling_condition = 1"),
    (DK_PNTA, NONE_RECORDED + "u.disabling_condition IN (8, 9)"),
    (DATA_NOT_COLLECTED, NONE_RECORDED + "coalesce(u.disabling_condition, 99) NOT IN (0, 1, 8, 9)"),
    ("Total", TOTAL),
)
# Q13's columns split the households with children and adults into their adults and their children; a
# person of unknown age is counted with the unknown household type.
PERSON_COLUMNS = (
    ("Total Persons", TOTAL),
    ("Without Children", "u.household_type = 'without_children'"),
    ("Adults in HH with Children & Adults", f"u.household_type = 'with_children_and_adults' AND {ADULT}"),
    ("Children in HH with Children & Adults", f"u.household_type = 'with_children_and_adults' AND {CHILD}"),
    ("With Only Children", "u.household_type = 'with_only_children'"),
    ("Unknown Household Type", "u.household_type = 'unknown' OR u.age IS NULL"),
)


def _conditions_question(id: str, title: str, rows, records: str, where: str = TOTAL) -> Question:
    return Question(
        id=id, title=title,
        columns=("",) + tuple(label for label, _ in PERSON_COLUMNS),
        rows=tuple(label for label, _ in rows),
        sql=shapes.grid(tuple(predicate for _, predicate in rows),
                        tuple(predicate for _, predicate in PERSON_COLUMNS),
                        source=with_conditions(records), where=where),
    )


Q13A1 = _conditions_question("Q13a1", "Physical and Mental Health Conditions at Start", CONDITION_ROWS, AT_START)
Q13B1 = _conditions_question("Q13b1", "Physical and Mental Health Conditions at Exit", CONDITION_ROWS, AT_EXIT,
                             where="u.is_leaver")
Q13C1 = _conditions_question("Q13c1", "Physical and Mental Health Conditions for Stayers", CONDITION_ROWS, LATEST,
                             where="u.is_stayer")
Q13A2 = _conditions_question("Q13a2", "Number of Conditions at Start", COUNT_ROWS, AT_START)
Q13B2 = _conditions_question("Q13b2", "Number of Conditions at Exit", COUNT_ROWS, AT_EXIT, where="u.is_leaver")
Q13C2 = _conditions_question("Q13c2", "Number of Conditions for Stayers", COUNT_ROWS, LATEST, where="u.is_stayer")

# A person's latest Health and DV record on or before the report's end answering the survivor question.
WITH_DOMESTIC_VIOLENCE = (
    "universe u LEFT JOIN LATERAL (SELECT h.domestic_violence_survivor AS survivor, h.when_occurred "
    "FROM hud_health_and_dv h WHERE h.enrollment_id = u.enrollment_id AND h.source = u.source "
    "AND h.date_deleted IS NULL AND h.information_date <= %(end)s AND h.domestic_violence_survivor IS NOT NULL "
    "ORDER BY h.information_date DESC, h.date_updated DESC LIMIT 1) AS dv ON true")
ADULT_OR_HEAD = f"({ADULT} OR u.is_head)"

Q14A = Question(
    id="Q14a",
    title="Domestic Violence History",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=("Yes", "No", DK_PNTA, DATA_NOT_COLLECTED, "Total"),
    sql=shapes.by_household_type(
        ("dv.survivor = 1", "dv.survivor = 0", "dv.survivor IN (8, 9)",
         "dv.survivor IS NULL OR dv.survivor NOT IN (0, 1, 8, 9)", TOTAL),
        source=WITH_DOMESTIC_VIOLENCE, where=ADULT_OR_HEAD),
)

Q14B = Question(
    id="Q14b",
    title=("Most recent experience of domestic violence, sexual assault, dating violence, stalking, or human "
           "trafficking"),
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=("Within the past three months", "Three to six months ago", "Six months to one year",
          "One year ago, or more", DK_PNTA, DATA_NOT_COLLECTED, "Total"),
    sql=shapes.by_household_type(
        ("dv.when_occurred = 1", "dv.when_occurred = 2", "dv.when_occurred = 3", "dv.when_occurred = 4",
         "dv.when_occurred IN (8, 9)", "dv.when_occurred IS NULL OR dv.when_occurred NOT IN (1, 2, 3, 4, 8, 9)",
         TOTAL),
        source=WITH_DOMESTIC_VIOLENCE, where=f"{ADULT_OR_HEAD} AND dv.survivor = 1"),
)
