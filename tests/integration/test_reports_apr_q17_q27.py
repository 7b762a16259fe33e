"""Every APR question of Q17-Q27 over one mixed warehouse: each answers within its shell (the support's
`answer` checks rows, columns and shaded cells), and the totals HUD's validations tie between tables agree."""
from datetime import date

from reports_support import answer, universe, value, warehouse, warehouse_database  # noqa: F401
from test_reports_apr_income import _household
from test_reports_apr_veterans_chronic import _people

from reports.catalogue import REPORTS
from reports.questions.apr import q17_q21, q22_q24, q25_veterans, q26_chronic, q27_youth

START, END = date(2025, 1, 1), date(2025, 12, 31)
MINE = q17_q21.QUESTIONS + q22_q24.QUESTIONS + q25_veterans.QUESTIONS + q26_chronic.QUESTIONS + q27_youth.QUESTIONS


def test_the_catalogue_lists_q17_to_q27_in_order_after_q16():
    ids = [question.id for question in REPORTS["apr"]]
    assert ids[ids.index("Q16") + 1:] == [question.id for question in MINE]


def test_every_question_answers_within_its_shell_and_the_totals_agree(warehouse):
    _household(warehouse)
    _people(warehouse)
    people = universe(warehouse, START, END)
    adults = sum(1 for person in people.values() if person["age_group"] == "adult")
    leavers = sum(1 for person in people.values() if person["is_leaver"])
    cells = {question.id: answer(warehouse, question, START, END) for question in MINE}

    assert value(cells["Q22a1"], 11, 1) == len(people) == value(cells["Q26b"], 5, 1) == value(cells["Q24e"], 5, 1)
    assert value(cells["Q22a1"], 11, 2) == leavers == value(cells["Q23c"], 39, 1)
    assert value(cells["Q18"], 9, 1) == adults == value(cells["Q25a"], 6, 1)
    assert value(cells["Q25b"], 6, 1) == sum(value(cells["Q26a"], 5, column) for column in (2, 3, 5))
