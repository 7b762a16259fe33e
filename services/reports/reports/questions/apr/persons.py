"""APR Q5a (report validations), Q7 (persons served) and Q8 (households served), FY2026 shells."""
from reports.engine.question import Question
from reports.glossary import point_in_time_dates, present_on
from reports.questions import shapes
from reports.questions.shapes import (ADULT, AGE_DK_PNTA, AGE_NOT_COLLECTED, CHILD, DATA_NOT_COLLECTED, DK_PNTA,
                                      HOUSEHOLD_TYPE_LABELS, TOTAL)

HEAD = "u.is_head"
# Street outreach counts a client for data quality only once engaged (on or before the report's end).
ENGAGED = "(u.project_type <> 4 OR u.date_of_engagement <= %(end)s)"
MOVED_IN = "(u.project_type IN (3, 13) AND u.move_in_date IS NOT NULL)"

Q5A = Question(
    id="Q5a",
    title="Report Validations Table",
    columns=("Category", "Count of Clients for DQ", "Count of Clients"),
    rows=("Total number of persons served",
          "Number of adults (age 18 or over)",
          "Number of children (under age 18)",
          "Number of persons with unknown age",
          "Number of leavers",
          "Number of adult leavers",
          "Number of adult and head of household leavers",
          "Number of stayers",
          "Number of adult stayers",
          "Number of veterans",
          "Number of chronically homeless persons",
          "Number of youth under age 25",
          "Number of parenting youth under age 25 with children",
          "Number of adult heads of household",
          "Number of child and unknown-age heads of household",
          "Heads of households and adult stayers in the project 365 days or more"),
    sql=shapes.grid(
        (TOTAL, ADULT, CHILD, "u.age IS NULL", "u.is_leaver", f"u.is_leaver AND {ADULT}",
         f"u.is_leaver AND ({ADULT} OR {HEAD})", "u.is_stayer", f"u.is_stayer AND {ADULT}", "u.veteran", "u.chronic",
         "u.age BETWEEN 12 AND 24 AND u.youth_household", "u.age BETWEEN 12 AND 24 AND u.parenting_youth",
         f"{ADULT} AND {HEAD}", f"{HEAD} AND (u.age < 18 OR u.age IS NULL)",
         f"u.annual_assessment_due AND ({HEAD} OR {ADULT})"),
        (ENGAGED, TOTAL)),
)

Q7A = Question(
    id="Q7a",
    title="Number of Persons Served",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=("Adults", "Children", DK_PNTA, DATA_NOT_COLLECTED, "Total",
          "For PSH & RRH - the total persons served who moved into housing"),
    sql=shapes.by_household_type((ADULT, CHILD, AGE_DK_PNTA, AGE_NOT_COLLECTED, TOTAL, MOVED_IN),
                                 skip=((1, 4), (2, 2))),
    shaded=frozenset({(1, 4), (2, 2)}),
)

POINT_IN_TIME_ROWS = ("January", "April", "July", "October")
ON_POINT_IN_TIME = (f"universe u JOIN report_stays s ON s.personal_id = u.personal_id AND s.source = u.source "
                    f"JOIN ({point_in_time_dates()}) AS pit ON {present_on('s', 'pit.day')}")
MONTHS = tuple(f"pit.row_no = {row_no}" for row_no in range(1, len(POINT_IN_TIME_ROWS) + 1))

Q7B = Question(
    id="Q7b",
    title="Point-in-Time Count of Persons on the Last Wednesday",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=POINT_IN_TIME_ROWS,
    sql=shapes.by_household_type(MONTHS, source=ON_POINT_IN_TIME),
)

Q8A = Question(
    id="Q8a",
    title="Number of Households Served",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=("Total Households", "For PSH & RRH - the total households served who moved into housing"),
    sql=shapes.by_household_type((TOTAL, MOVED_IN), where=HEAD),
)

Q8B = Question(
    id="Q8b",
    title="Point-in-Time Count of Households on the Last Wednesday",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=POINT_IN_TIME_ROWS,
    sql=shapes.by_household_type(MONTHS, source=ON_POINT_IN_TIME, where="s.is_head"),
)
