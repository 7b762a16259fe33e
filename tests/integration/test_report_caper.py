"""The ESG CAPER (reports.questions.caper) on hand-built warehouse rows: the CAPER's own tables (Q22a2,
Q22d, Q24a) and its list of tables."""
from datetime import date

from reports.catalogue import REPORTS
from reports.questions.caper import CAPER_ONLY, CAPER_ORDER, Q22A2, Q22D, Q24A
from reports_support import answer, members, value, warehouse, warehouse_database  # noqa: F401

START, END = date(2025, 1, 1), date(2025, 12, 31)
TOTAL, LEAVERS, STAYERS = 1, 2, 3
WITHOUT_CHILDREN, WITH_CHILDREN = 2, 3


def test_length_of_participation_by_esg_bands_leavers_and_stayers(warehouse):
    warehouse.project("ES", project_type=0)
    warehouse.project("NBN", project_type=1)
    for personal_id in ("A", "B", "C"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    warehouse.enrollment("EA", "A", "ES", date(2025, 3, 1))
    warehouse.exit("EA", date(2025, 3, 6))                  # 5 days: a leaver
    warehouse.enrollment("EB", "B", "ES", date(2025, 12, 1))  # a stayer: Dec 1 to Jan 1, 31 days
    warehouse.enrollment("EC", "C", "NBN", date(2025, 6, 1))
    for night in (date(2025, 6, 1), date(2025, 6, 2), date(2025, 6, 9)):
        warehouse.bed_night("EC", night)                    # three bed nights, whatever the span

    cells = answer(warehouse, Q22A2, START, END)

    assert members(cells, 1, TOTAL) == ["A", "C"] and members(cells, 1, LEAVERS) == ["A"]
    assert members(cells, 1, STAYERS) == ["C"]
    assert members(cells, 5, STAYERS) == ["B"]               # 31 to 60 days
    assert value(cells, 14, TOTAL) == 3 and value(cells, 14, LEAVERS) == 1 and value(cells, 14, STAYERS) == 2


def test_length_of_participation_by_household_type(warehouse):
    warehouse.project("RRH", project_type=13)
    warehouse.client("P", dob=date(1990, 1, 1))
    warehouse.client("K", dob=date(2020, 1, 1))
    warehouse.client("S", dob=date(1970, 1, 1))
    warehouse.enrollment("EP", "P", "RRH", date(2025, 1, 1), household_id="F")
    warehouse.enrollment("EK", "K", "RRH", date(2025, 1, 1), household_id="F", relationship_to_hoh=2)
    warehouse.exit("EP", date(2025, 1, 8))
    warehouse.exit("EK", date(2025, 1, 8))                    # 7 days
    warehouse.enrollment("ES", "S", "RRH", date(2023, 1, 1))  # over two years at the end

    cells = answer(warehouse, Q22D, START, END)

    assert members(cells, 1, WITH_CHILDREN) == ["K", "P"] and value(cells, 1, TOTAL) == 2
    assert members(cells, 10, WITHOUT_CHILDREN) == ["S"]
    assert value(cells, 11, TOTAL) == 3


def test_prevention_leavers_housing_assessment_at_exit(warehouse):
    warehouse.project("HP", project_type=12)
    warehouse.project("ES", project_type=0)
    for personal_id in ("A", "B", "C", "D", "E"):
        warehouse.client(personal_id, dob=date(1980, 1, 1))
    for enrollment_id, personal_id, project in (("EA", "A", "HP"), ("EB", "B", "HP"), ("EC", "C", "HP"),
                                                ("ED", "D", "ES"), ("EE", "E", "HP")):
        warehouse.enrollment(enrollment_id, personal_id, project, date(2025, 2, 1))
    warehouse.exit("EA", date(2025, 5, 1), housing_assessment=1, subsidy_information=2)
    warehouse.exit("EB", date(2025, 5, 1), housing_assessment=2, subsidy_information=11)
    warehouse.exit("EC", date(2025, 5, 1))                                       # no exit interview
    warehouse.exit("ED", date(2025, 5, 1), housing_assessment=1, subsidy_information=2)  # not prevention
    # E stays: not a leaver

    cells = answer(warehouse, Q24A, START, END)

    assert members(cells, 2, TOTAL) == ["A"]   # kept their housing with the subsidy they had
    assert members(cells, 5, TOTAL) == ["B"]   # moved, with an on-going subsidy
    assert members(cells, 14, TOTAL) == ["C"]  # data not collected
    assert value(cells, 15, TOTAL) == 3 and members(cells, 15, WITHOUT_CHILDREN) == ["A", "B", "C"]


def test_the_caper_has_hud_fy2026_tables_in_order():
    assert CAPER_ORDER[:8] == ("Q4a", "Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f")
    assert len(CAPER_ORDER) == len(set(CAPER_ORDER)) == 40
    for left_out in ("Q10", "Q10a", "Q13a2", "Q18", "Q19a1", "Q20b", "Q22a1", "Q22b", "Q24b", "Q25b", "Q26a", "Q27a"):
        assert left_out not in CAPER_ORDER


def test_the_caper_is_hud_list_of_tables_the_apr_own_where_they_share_one():
    caper = REPORTS["caper"]
    apr = {question.id: question for question in REPORTS["apr"]}

    assert tuple(question.id for question in caper) == CAPER_ORDER
    for question in caper:
        assert question in CAPER_ONLY or question is apr[question.id]


def test_the_caper_runs_on_a_small_coc(warehouse):
    warehouse.project("ES", project_type=0)
    warehouse.project("HP", project_type=12)
    warehouse.client("M", dob=date(1990, 1, 1))
    warehouse.client("K", dob=date(2018, 1, 1))
    warehouse.client("S", dob=date(1960, 1, 1), veteran_status=1)
    warehouse.client("P", dob=date(1975, 1, 1))
    warehouse.enrollment("EM", "M", "ES", date(2025, 2, 1), household_id="F")
    warehouse.enrollment("EK", "K", "ES", date(2025, 2, 1), household_id="F", relationship_to_hoh=2)
    warehouse.enrollment("ES", "S", "ES", date(2025, 4, 1), disabling_condition=1)
    warehouse.exit("ES", date(2025, 8, 1), destination=410)
    warehouse.enrollment("EP", "P", "HP", date(2025, 3, 1), living_situation=410)
    warehouse.exit("EP", date(2025, 6, 1), destination=410, housing_assessment=1, subsidy_information=1)

    # every table of figures (Q4a's text: tests/integration/test_reports_project_identifiers.py)
    cells = {question.id: answer(warehouse, question, START, END) for question in REPORTS["caper"] if not question.text}

    assert value(cells["Q5a"], 1, 2) == value(cells["Q7a"], 5, TOTAL) == 4
    assert value(cells["Q8a"], 1, TOTAL) == 3 and value(cells["Q8a"], 1, WITH_CHILDREN) == 1
    assert value(cells["Q22a2"], 14, TOTAL) == 4 and value(cells["Q22a2"], 14, LEAVERS) == 2
    assert members(cells["Q24a"], 1, TOTAL) == ["P"]
    assert members(cells["Q25a"], 2, TOTAL) == ["S"]  # a veteran, not chronically homeless
