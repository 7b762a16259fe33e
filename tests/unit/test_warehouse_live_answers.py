"""What the warehouse takes from a `warehouse_rows` answer (reports/warehouse/live.py): each file's rows with
exactly the columns the feed gives, or the event fails (and is retried, then dead-lettered)."""
import pytest

from clients.contract.warehouse import FINDINGS, feed_columns
from reports.warehouse.live import fed_rows


def _row(what: str, **values) -> dict:
    return {**{column: None for column in feed_columns(what)}, "source": 1, **values}


def test_an_answer_gives_the_file_its_followers_and_the_findings():
    answer = {"rows": [_row("Assessment", assessment_id="A1")], "findings": [],
              "followers": {"AssessmentQuestions": [_row("AssessmentQuestions")]}}
    fed = fed_rows("Assessment", answer)
    assert fed == {"Assessment": answer["rows"], "AssessmentQuestions": answer["followers"]["AssessmentQuestions"],
                   "AssessmentResults": [], FINDINGS: []}


@pytest.mark.parametrize("answer", [
    None,
    {"rows": [], "findings": []},
    {"rows": [{**_row("Client"), "first_name": "Ana"}], "followers": {}, "findings": []},
    {"rows": [{key: value for key, value in _row("Client").items() if key != "dob"}], "followers": {},
     "findings": []},
    {"rows": [], "followers": {}, "findings": [{"file": "Client"}]},
])
def test_an_answer_of_another_shape_fails_the_event(answer):
    with pytest.raises(ValueError):
        fed_rows("Client", answer)
