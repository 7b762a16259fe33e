"""APR Q22-Q24: length of participation, time to move-in and before housing, exit destinations, moving-on
assistance and sex.

Source of the FY2026 shells (question ids, titles, row and column labels, shaded cells): HUD's FY2026
HMIS Programming Specifications for the CoC APR and ESG CAPER as carried by Green River's open-source
warehouse (greenriver/hmis-warehouse, drivers/hud_apr/.../shared/fy2026/question_twenty_two.rb to
question_twenty_four.rb and the APR generator's fy2026 lists: Q22a1, Q22b, Q22c, Q22e, Q22f, Q22g; Q23c,
Q23d, Q23e; Q24b, Q24e). FY2026's APR has no Q22a2 or Q22d (ESG CAPER tables) and no Q24a (the homelessness
prevention housing assessment moved to the CAPER). The SQL is ours; durations.py and destinations.py hold
the rules the tables share with Q25 and Q27.
"""
from __future__ import annotations

from reports.engine.question import Question
from reports.questions.apr.cells import with_ctes
from reports.questions.apr.destinations import destination_question, subsidy_question
from reports.questions.apr.durations import (HOMELESS_BUCKETS, HOUSING_BUCKETS, HOUSING_PROJECT_TYPES,
                                             MOVE_IN_PROJECT_TYPES, PARTICIPATION_BUCKETS, average, bucket_rows,
                                             labels, median)
from reports.questions.apr.race import RACE_LABELS, RACE_PREDICATES
from reports.questions.shapes import (DATA_NOT_COLLECTED, DK_PNTA, HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES, TOTAL,
                                      by_household_type, grid, measured_grid, union)

ALL = "true"
_HOUSED = ("SELECT u.*, h.housed_on, h.days_to_move_in, h.days_homeless FROM universe u "
           "JOIN universe_housing h ON h.member_no = u.member_no WHERE {population}")


def participation(question_id: str, title: str, population: str = ALL) -> Question:
    """Q22a1 and Q27e: the people of `population` by length of participation, leavers and stayers."""
    return Question(
        id=question_id, title=title, columns=("", "Total", "Leavers", "Stayers"),
        rows=labels(PARTICIPATION_BUCKETS) + ("Total",),
        sql=grid(bucket_rows(PARTICIPATION_BUCKETS, "u.stay_days") + (TOTAL,), (TOTAL, "u.is_leaver", "u.is_stayer"),
                 where=population))


def participation_days(question_id: str, title: str, population: str = ALL) -> Question:
    """Q22b and Q27j: average and median length of participation of leavers and stayers."""
    columns = ("u.is_leaver", "u.is_stayer")
    return Question(
        id=question_id, title=title, columns=("", "Leavers", "Stayers"), rows=("Average Length", "Median Length"),
        sql=union(measured_grid(lambda cell: average("u.stay_days", cell, 2), (TOTAL, "false"), columns,
                                where=population),
                  measured_grid(lambda cell: median("u.stay_days", cell), ("false", TOTAL), columns, where=population)))


# Q22c's people: PSH and RRH stays that moved in within the period, or left without moving in.
_MOVE_IN_PEOPLE = (f"u.project_type IN {MOVE_IN_PROJECT_TYPES} "
                   "AND (u.move_in_date BETWEEN %(start)s AND %(end)s OR (u.is_leaver AND u.move_in_date IS NULL))")
_MOVED_IN = "u.move_in_date BETWEEN %(start)s AND %(end)s"


def move_in(question_id: str, title: str, population: str = ALL) -> Question:
    """Q22c and Q27k: days from project start to housing move-in by household type."""
    source = f"({_HOUSED.format(population=f'{_MOVE_IN_PEOPLE} AND {population}')}) u"
    counts = bucket_rows(HOUSING_BUCKETS, "u.days_to_move_in", _MOVED_IN) + (
        _MOVED_IN, "false", "u.is_leaver AND u.move_in_date IS NULL", TOTAL)
    averaged = ("false",) * (len(HOUSING_BUCKETS) + 1) + (_MOVED_IN, "false", "false")
    return Question(
        id=question_id, title=title, columns=("",) + HOUSEHOLD_TYPE_LABELS,
        rows=labels(HOUSING_BUCKETS) + ("Total (persons moved into housing)", "Average length of time to housing",
                                        "Persons who were exited without move-in", "Total persons"),
        sql=union(grid(counts, HOUSEHOLD_TYPES, source),
                  measured_grid(lambda cell: average("u.days_to_move_in", cell), averaged, HOUSEHOLD_TYPES, source)))


_PRIOR_PEOPLE = f"u.project_type IN {HOUSING_PROJECT_TYPES}"
_HOUSED_KNOWN = "u.housed_on IS NOT NULL AND u.days_homeless IS NOT NULL"


def time_before_housing(question_id: str, title: str, population: str = ALL) -> Question:
    """Q22e and Q27l: days from the date homelessness started (3.917.3) to housing, by household type."""
    source = f"({_HOUSED.format(population=f'{_PRIOR_PEOPLE} AND {population}')}) u"
    rows = bucket_rows(HOMELESS_BUCKETS, "u.days_homeless", _HOUSED_KNOWN) + (
        _HOUSED_KNOWN, "u.housed_on IS NULL", "u.housed_on IS NOT NULL AND u.days_homeless IS NULL", TOTAL)
    return Question(
        id=question_id, title=title, columns=("",) + HOUSEHOLD_TYPE_LABELS,
        rows=labels(HOMELESS_BUCKETS) + ("Total (persons moved into housing)", "Not yet moved into housing",
                                         "Data not collected", "Total persons"),
        sql=grid(rows, HOUSEHOLD_TYPES, source))


# Row 3 of Q22f and Q22g (HUD's FY2026 shells): Q22f's leavers of PSH/RRH who never moved in, Q22g's people active
# in a permanent housing project who have not moved in by the report's end (the universe's move-in date is NULL
# then: glossary step MOVE_IN).
_UNHOUSED = f"u.project_type IN {MOVE_IN_PROJECT_TYPES + (9, 10)} AND u.move_in_date IS NULL"
EXITED_WITHOUT_MOVE_IN = ("Persons Exited Without Move-In", f"u.is_leaver AND {_UNHOUSED}")
NOT_YET_MOVED_IN = ("Persons Not Yet Moved Into Housing", _UNHOUSED)


def _by_race(question_id: str, title: str, people: str, housed: str, unhoused: tuple[str, str],
             days: str) -> Question:
    """Q22f and Q22g: persons housed and those `unhoused` names, with the average and median days, by race."""
    source = "raced u"
    return Question(
        id=question_id, title=title, columns=("",) + RACE_LABELS,
        rows=("Persons Moved Into Housing", unhoused[0], "Average time to Move-In", "Median time to Move-In"),
        sql=with_ctes((f"raced AS MATERIALIZED ({_HOUSED.format(population=people)})",),
                      grid((housed, unhoused[1], "false", "false"), RACE_PREDICATES, source),
                      measured_grid(lambda cell: average(days, cell), ("false", "false", housed, "false"),
                                    RACE_PREDICATES, source),
                      measured_grid(lambda cell: median(days, cell), ("false", "false", "false", housed),
                                    RACE_PREDICATES, source)))


Q22A1 = participation("Q22a1", "Length of Participation - CoC Projects")
Q22B = participation_days("Q22b", "Average and Median Length of Participation in Days")
Q22C = move_in("Q22c", "Length of Time between Project Start Date and Housing Move-in Date")
Q22E = time_before_housing("Q22e", "Length of Time Prior to Housing - based on 3.917 Date Homelessness Started")
Q22F = _by_race("Q22f", "Length of Time between Project Start Date and Housing Move-in Date by Race and Ethnicity",
                _MOVE_IN_PEOPLE, _MOVED_IN, EXITED_WITHOUT_MOVE_IN, "u.days_to_move_in")
Q22G = _by_race("Q22g", "Length of Time Prior to Housing by Race and Ethnicity - based on 3.917 Date Homelessness "
                "Started", _PRIOR_PEOPLE, _HOUSED_KNOWN, NOT_YET_MOVED_IN, "u.days_homeless")

Q23C = destination_question("Q23c", "Exit Destination", ALL, HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES)
Q23D = subsidy_question("Q23d", "Exit Destination – Subsidy Type of Persons Exiting to Rental by Client With An "
                        "Ongoing Subsidy", "u.project_type <> 12", HOUSEHOLD_TYPE_LABELS, HOUSEHOLD_TYPES)
_CLASSES = ("homeless", "institutional", "temporary", "permanent")
Q23E = Question(
    id="Q23e", title="Exit Destination Type by Race and Ethnicity", columns=("", "Total") + RACE_LABELS,
    rows=("Homeless Situations", "Institutional Situations", "Temporary Situations", "Permanent Situations",
          "Other Situations", "Total"),
    sql=grid(tuple(f"u.destination_class = '{kind}'" for kind in _CLASSES)
             + ("coalesce(u.destination_class, 'other') = 'other'", TOTAL),
             (TOTAL,) + RACE_PREDICATES, where="u.is_leaver"))

MOVING_ON_ASSISTANCE = 300  # Services RecordType of C2 Moving On Assistance Provided
PERMANENT_SUPPORTIVE_HOUSING = 3
Q24B = Question(
    id="Q24b", title="Moving On Assistance Provided to Households in PSH", columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=("Subsidized housing application assistance",
          "Financial assistance for Moving On (e.g., security deposit, moving expenses)",
          "Non-financial assistance for Moving On (e.g., housing navigation, transition support)",
          "Housing referral/placement", "Other (please specify)"),
    sql=grid(tuple(f"u.type_provided = {code}" for code in range(1, 6)), HOUSEHOLD_TYPES,
             f"""(SELECT u.*, sv.type_provided FROM universe u
                   JOIN hud_services sv ON sv.enrollment_id = u.enrollment_id AND sv.source = u.source
                  WHERE u.is_head AND u.project_type = {PERMANENT_SUPPORTIVE_HOUSING} AND sv.date_deleted IS NULL
                    AND sv.record_type = {MOVING_ON_ASSISTANCE} AND sv.date_provided BETWEEN %(start)s AND %(end)s
                ) u"""))

# Sex (3.06.1) of every person, by household type: FY2026's only table of it (there is no Q10 any more).
Q24E = Question(
    id="Q24e",
    title="Sex",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=("Female", "Male", DK_PNTA, DATA_NOT_COLLECTED, "Total"),
    sql=by_household_type(
        ("u.sex = 0", "u.sex = 1", "u.sex IN (8, 9)", "u.sex IS NULL OR u.sex NOT IN (0, 1, 8, 9)", TOTAL)),
)

QUESTIONS = (Q22A1, Q22B, Q22C, Q22E, Q22F, Q22G, Q23C, Q23D, Q23E, Q24B, Q24E)
