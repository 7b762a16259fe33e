"""The Coordinated Entry APR (reports.ce_universe, reports.questions.ce_apr) on hand-built warehouse rows:
who is in the universe, the household's assessment and the event that followed it, every CE record of the
period counted in Q10, and the tables' sums agreeing."""
import uuid
from datetime import date

from reports import ce_universe
from reports.questions.apr import persons
from reports.questions.ce_apr import Q9A, Q9B, Q9C, Q9D, Q10, validation_tables
from reports.questions.project_identifiers import Q4A
from reports_support import answer, computed, members, value, warehouse, warehouse_database  # noqa: F401

START, END = date(2025, 1, 1), date(2025, 12, 31)
TOTAL, WITHOUT_CHILDREN, WITH_CHILDREN = 1, 2, 3


def ce_project(warehouse, project_id, access_point=1, receives_referrals=0, since=date(2024, 1, 1), until=None):
    """A coordinated entry project (type 14) and its CE participation (2.09) since `since`."""
    warehouse.project(project_id, project_type=14)
    warehouse.insert("CEParticipation", ce_participation_id=f"CEP-{project_id}", project_id=project_id,
                     access_point=access_point, receives_referrals=receives_referrals,
                     ce_participation_status_start_date=since, ce_participation_status_end_date=until)


def assessment(warehouse, enrollment_id, personal_id, day, assessment_type=3, level=2, prioritization=1):
    warehouse.insert("Assessment", assessment_id=uuid.uuid4().hex[:12], enrollment_id=enrollment_id,
                     personal_id=personal_id, assessment_date=day, assessment_location="CE office",
                     assessment_type=assessment_type, assessment_level=level, prioritization_status=prioritization)


def event(warehouse, enrollment_id, personal_id, day, event_type, **results):
    warehouse.insert("Event", event_id=uuid.uuid4().hex[:12], enrollment_id=enrollment_id, personal_id=personal_id,
                     event_date=day, event=event_type, **results)


def ce_answer(warehouse, question):
    return answer(warehouse, question, START, END, build=ce_universe.build_universe)


def people(warehouse):
    with warehouse.engine.begin() as connection:
        ce_universe.build_universe(connection, {"start": START, "end": END, "sources": [1]})
        return {row.personal_id: row for row in connection.exec_driver_sql("SELECT * FROM universe")}


def scenario(warehouse):
    """A family assessed in person and prioritized, then referred to RRH and accepted; a single adult
    assessed by phone, not prioritized, diverted and re-housed; a person with only an event; a person
    assessed by a project not taking part in CE; one assessed before the period."""
    ce_project(warehouse, "CE")
    ce_project(warehouse, "OFF", access_point=0)
    for personal_id, dob in (("A", date(1985, 1, 1)), ("B", date(2020, 1, 1)), ("C", date(1970, 1, 1)),
                             ("D", date(1990, 1, 1)), ("E", date(1990, 1, 1)), ("F", date(1990, 1, 1))):
        warehouse.client(personal_id, dob=dob)
    warehouse.enrollment("EA", "A", "CE", date(2025, 1, 10), household_id="H1")
    warehouse.enrollment("EB", "B", "CE", date(2025, 1, 10), household_id="H1", relationship_to_hoh=2)
    event(warehouse, "EA", "A", date(2025, 2, 1), 2)                      # before the assessment
    assessment(warehouse, "EA", "A", date(2025, 3, 1), assessment_type=3, level=2, prioritization=1)
    event(warehouse, "EA", "A", date(2025, 4, 1), 13, referral_result=1)  # RRH opening, accepted
    warehouse.enrollment("EC", "C", "CE", date(2025, 2, 1), household_id="H2")
    assessment(warehouse, "EC", "C", date(2025, 5, 1), assessment_type=1, level=1, prioritization=2)
    event(warehouse, "EC", "C", date(2025, 5, 2), 2, prob_sol_div_rr_result=1)
    warehouse.exit("EC", date(2025, 6, 1))
    warehouse.enrollment("ED", "D", "CE", date(2025, 6, 1), household_id="H3")
    event(warehouse, "ED", "D", date(2025, 6, 2), 6)
    warehouse.enrollment("EE", "E", "OFF", date(2025, 6, 1), household_id="H4")
    assessment(warehouse, "EE", "E", date(2025, 6, 2))
    warehouse.enrollment("EF", "F", "CE", date(2024, 11, 1), household_id="H5")
    assessment(warehouse, "EF", "F", date(2024, 12, 1))


def test_the_universe_is_the_households_assessed_in_the_period_by_projects_taking_part(warehouse):
    scenario(warehouse)

    universe = people(warehouse)

    assert sorted(universe) == ["A", "B", "C"] and universe["C"].is_leaver
    assert universe["B"].ce_assessment_date == date(2025, 3, 1)  # the household's, its head's
    assert universe["A"].ce_event == 13 and universe["A"].ce_referral_result == 1
    assert universe["C"].ce_event == 2 and universe["C"].ce_assessment_type == 1


def test_assessment_type_and_prioritization_count_households(warehouse):
    scenario(warehouse)

    q9a, q9b = ce_answer(warehouse, Q9A), ce_answer(warehouse, Q9B)

    assert members(q9a, 3, TOTAL) == ["A"] and members(q9a, 3, WITH_CHILDREN) == ["A"]
    assert members(q9a, 1, TOTAL) == ["C"] and members(q9a, 1, WITHOUT_CHILDREN) == ["C"]
    assert value(q9a, 4, TOTAL) == 2
    assert members(q9b, 1, TOTAL) == ["A"] and members(q9b, 2, TOTAL) == ["C"]
    assert value(q9b, 3, TOTAL) == 0.5 and value(q9b, 3, WITH_CHILDREN) == 1 and value(q9b, 3, WITHOUT_CHILDREN) == 0
    # every household assessed is prioritized or not: Q9a's total is Q9b's two rows
    for column in range(1, 6):
        assert value(q9a, 4, column) == value(q9b, 1, column) + value(q9b, 2, column)


def test_events_after_the_assessment_and_their_results(warehouse):
    scenario(warehouse)

    q9c, q9d = ce_answer(warehouse, Q9C), ce_answer(warehouse, Q9D)

    assert members(q9c, 2, TOTAL) == ["C"] and value(q9c, 5, TOTAL) == 1  # A's diversion came before
    assert members(q9c, 6, TOTAL) == ["C"] and value(q9c, 7, TOTAL) == 1
    assert members(q9d, 9, TOTAL) == ["A"] and value(q9d, 15, TOTAL) == 1  # RRH project resource opening
    assert value(q9d, 16, TOTAL) == 1 and members(q9d, 16, TOTAL) == ["A"]  # the prioritized, referred
    assert members(q9d, 17, TOTAL) == ["A"] and value(q9d, 20, TOTAL) == 0
    assert value(q9d, 22, TOTAL) == 1


def test_the_event_is_the_one_before_any_assessment_after_the_period(warehouse):
    ce_project(warehouse, "CE")
    for personal_id in ("G", "H"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("EG", "G", "CE", date(2025, 11, 1), household_id="HG")
    assessment(warehouse, "EG", "G", date(2025, 12, 1))
    event(warehouse, "EG", "G", date(2026, 1, 15), 14, referral_result=2)   # within 90 days of the end
    warehouse.enrollment("EH", "H", "CE", date(2025, 10, 1), household_id="HH")
    assessment(warehouse, "EH", "H", date(2025, 11, 1))
    assessment(warehouse, "EH", "H", date(2026, 1, 10))                     # a new episode begins
    event(warehouse, "EH", "H", date(2026, 1, 20), 14, referral_result=1)

    q9d = ce_answer(warehouse, Q9D)

    assert members(q9d, 10, TOTAL) == ["G"] and members(q9d, 18, TOTAL) == ["G"]
    assert value(q9d, 17, TOTAL) == 0
    assert value(q9d, 16, TOTAL) == 0.5  # of the two prioritized households, one was referred


def test_all_ce_activity_of_the_period_is_counted_in_q10(warehouse):
    scenario(warehouse)

    q10 = ce_answer(warehouse, Q10)

    assert value(q10, 1, TOTAL) == 1 and members(q10, 1, TOTAL) == ["C"]     # crisis needs assessment
    assert value(q10, 2, TOTAL) == 1 and members(q10, 2, TOTAL) == ["A"]     # housing needs (not E's, not F's)
    assert value(q10, 4, TOTAL) == 2 and members(q10, 4, TOTAL) == ["A", "C"]  # both diversions, each once
    assert value(q10, 4, 5) == 1 and members(q10, 4, 5) == ["C"]             # re-housed in a safe alternative
    assert value(q10, 8, TOTAL) == 1 and members(q10, 8, TOTAL) == []         # D's outreach referral: no member
    assert value(q10, 15, TOTAL) == 1 and value(q10, 15, 2) == 1              # RRH opening, successful
    # the occurrences are every assessment and event of the period in the projects taking part
    assert sum(value(q10, row, TOTAL) for row in range(1, len(Q10.rows) + 1)) == 6
    assert (4, 2) in Q10.shaded and (15, 2) not in Q10.shaded and (7, 6) not in Q10.shaded


def test_the_apr_tables_over_the_ce_universe_agree_with_ces_own(warehouse):
    scenario(warehouse)
    q5a, q7a, q8a = (ce_answer(warehouse, question)
                     for question in validation_tables(persons.Q5A, persons.Q7A, persons.Q8A))
    q9a, q9b = ce_answer(warehouse, Q9A), ce_answer(warehouse, Q9B)

    assert value(q5a, 1, 2) == value(q7a, 5, TOTAL) == 3                   # A, B and C
    assert value(q8a, 1, TOTAL) == value(q9a, 4, TOTAL) == value(q9b, 1, TOTAL) + value(q9b, 2, TOTAL) == 2
    assert (5, 1) not in q5a and (5, 2) not in q5a and (8, 2) not in q5a  # C left, A and B stay: blank
    assert all((6, column) not in q7a for column in range(1, 6))          # the move-in row: blank


def test_an_assessment_counts_only_while_its_project_takes_part_in_ce(warehouse):
    ce_project(warehouse, "ENDED", receives_referrals=1, access_point=0, until=date(2025, 3, 31))
    for personal_id in ("I", "J"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("EI", "I", "ENDED", date(2025, 2, 1), household_id="HI")
    assessment(warehouse, "EI", "I", date(2025, 3, 1))   # while it took part
    warehouse.enrollment("EJ", "J", "ENDED", date(2025, 2, 1), household_id="HJ")
    assessment(warehouse, "EJ", "J", date(2025, 5, 1))   # after

    assert sorted(people(warehouse)) == ["I"]
    assert value(ce_answer(warehouse, Q10), 2, TOTAL) == 1


def test_q4a_lists_the_projects_taking_part_in_ce_with_their_people(warehouse):
    scenario(warehouse)

    q4a = computed(warehouse, (Q4A,), START, END, build=ce_universe.build_universe)["Q4a"]

    row = {q4a["columns"][cell["column"]]: cell["text"] if cell["text"] is not None else cell["value"]
           for cell in q4a["cells"]}  # the one row: "OFF" does not take part in CE
    assert len(q4a["rows"]) == 1 and (row["Project ID"], row["Coordinated Entry Access Point"]) == ("CE", "1")
    assert (row["Total Active Clients"], row["Total Active Households"]) == (3, 2)
