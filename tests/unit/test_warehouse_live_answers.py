"""What the warehouse takes from a `warehouse_rows` answer (reports/warehouse/live.py): each file's rows with
exactly the columns the feed gives, and the records tied to them of the files the contract ties to the file, or
the event fails (and is retried, then dead-lettered); the files whose turns a handler takes."""
import pytest

from clients import data_quality
from clients.contract.warehouse import FINDINGS, TIED, feed_columns
from hud.fy2026.spec import FILES
from reports.warehouse.live import fed_rows, turns


def _row(what: str, **values) -> dict:
    return {**{column: None for column in feed_columns(what)}, "source": 1, **values}


def test_an_answer_gives_the_file_its_followers_and_the_findings():
    answer = {"rows": [_row("Assessment", assessment_id="A1")], "findings": [], "tied": [],
              "followers": {"AssessmentQuestions": [_row("AssessmentQuestions")]}}
    fed, tied = fed_rows("Assessment", answer)
    assert fed == {"Assessment": answer["rows"], "AssessmentQuestions": answer["followers"]["AssessmentQuestions"],
                   "AssessmentResults": [], FINDINGS: []}
    assert tied == []


def test_an_answer_names_the_records_tied_to_those_asked():
    tied = [{"file": "Enrollment", "id": "E2", "source": 1}, {"file": "Exit", "id": "X1", "source": 1}]
    answer = {"rows": [_row("Enrollment", enrollment_id="E1")], "followers": {}, "findings": [], "tied": tied}
    assert fed_rows("Enrollment", answer)[1] == tied


def test_the_files_the_contract_ties_are_those_the_rules_across_records_tie():
    """clients.data_quality re-evaluates the records of the files the warehouse contract names (TIED), no other."""
    for file in FILES:
        assert tuple(dict.fromkeys(of for of, _ in data_quality.tied_scopes(file, "FROM x r"))) == TIED.get(file, ()), file


def test_a_handler_takes_the_turns_of_every_file_it_writes_in_the_specifications_order():
    # an enrollment and an exit tie the records dated within the stay (bed nights too)
    dated = ["IncomeBenefits", "HealthAndDV", "EmploymentEducation", "Disabilities", "Services", "CurrentLivingSituation",
             "Assessment", "Event", "YouthEducationStatus"]
    assert turns("Exit") == ["Enrollment", "Exit", *dated]
    assert turns("Services") == ["Services"]
    assert turns("Enrollment") == ["Enrollment", "Exit", *dated]
    assert turns("Assessment") == ["Assessment", "AssessmentQuestions", "AssessmentResults"]
    assert turns("Client") == ["Client"]
    assert all(turns(file) == sorted(turns(file), key=list(FILES).index) for file in FILES)


@pytest.mark.parametrize("answer", [
    None,
    {"rows": [], "findings": [], "tied": []},
    {"rows": [], "followers": {}, "findings": []},
    {"rows": [{**_row("Enrollment"), "first_name": "Ana"}], "followers": {}, "findings": [], "tied": []},
    {"rows": [{key: value for key, value in _row("Enrollment").items() if key != "entry_date"}], "followers": {},
     "findings": [], "tied": []},
    {"rows": [], "followers": {}, "findings": [{"file": "Enrollment"}], "tied": []},
    {"rows": [], "followers": {}, "findings": [], "tied": [{"file": "Client", "id": "C1", "source": 1}]},
    {"rows": [], "followers": {}, "findings": [], "tied": [{"file": "Exit", "id": "X1"}]},
])
def test_an_answer_of_another_shape_fails_the_event(answer):
    with pytest.raises(ValueError):
        fed_rows("Enrollment", answer)
