"""Which members of a drill-down page get a name (gateway/hmis_gateway/member_names.py): those whose client the
policy lets the caller read, asked once a client; the others keep their ids, the name withheld with the reasons."""
import uuid

from hmis_gateway import member_names

OWN, OTHER = str(uuid.uuid4()), str(uuid.uuid4())


def member(no: int, personal_id: str, clients_source: int | None = 1) -> dict:
    return {"member_no": no, "personal_id": personal_id, "clients_source": clients_source}


def facts(personal_id: str, client_id: str, agency_id: str) -> dict:
    return {"personal_id": personal_id, "source": 1, "client_id": client_id, "agency_id": agency_id,
            "victim_service_provider": False}


def question_of(fact: dict) -> dict:
    return {"resource": {"id": str(fact["client_id"]), "agency_id": fact["agency_id"]}}


def test_only_the_clients_the_policy_lets_in_are_named_each_asked_once():
    own, other = str(uuid.uuid4()), str(uuid.uuid4())
    asked, read = [], []

    def decide(questions):
        asked.extend(question["resource"]["id"] for question in questions)
        return [{"access": {"decision_id": question["resource"]["id"]},
                 "reasons": [] if question["resource"]["agency_id"] == OWN else ["break_glass_reason_required"]}
                for question in questions]

    def names_of(reads):
        read.extend(reads)
        return [{"client_id": own, "first_name": "Ana", "last_name": "Lee"}]

    members = [member(1, "P1"), member(2, "P1"), member(3, "P2"), member(4, "P3"), member(5, "X1", None)]
    named = member_names.with_names(members, [facts("P1", own, OWN), facts("P2", other, OTHER)], decide, names_of,
                                    question_of)
    assert sorted(asked) == sorted([own, other])  # P1 behind two members: one question
    assert read == [{"client_id": own, "access": {"decision_id": own}}]  # only the allowed read, with its decision
    assert [(m["member_no"], m["first_name"], m["last_name"], m["name_withheld"]) for m in named] == [
        (1, "Ana", "Lee", None), (2, "Ana", "Lee", None), (3, None, None, ["break_glass_reason_required"]),
        (4, None, None, [member_names.NO_CLIENT_RECORD]), (5, None, None, [member_names.NOT_IN_THIS_HMIS])]


def test_nobody_is_read_when_the_policy_lets_nobody_in():
    def names_of(reads):
        raise AssertionError("no name is read when no read is allowed")

    named = member_names.with_names([member(1, "P2")], [facts("P2", str(uuid.uuid4()), OTHER)],
                                    lambda questions: [{"access": {}, "reasons": ["other_agency"]}] * len(questions),
                                    names_of, question_of)
    assert named[0]["name_withheld"] == ["other_agency"] and named[0]["first_name"] is None


def test_the_question_is_a_client_read_without_broken_glass():
    client_id = str(uuid.uuid4())
    question = member_names.read_question(
        facts("P1", client_id, OTHER),
        lambda action, resource: {"action": action, "resource": resource, "break_glass_reason": "legal_request"},
        lambda asked: ("consents of", asked))
    assert question == {"action": "clients:read", "break_glass_reason": None, "resource": {
        "type": "client", "id": client_id, "agency_id": OTHER, "victim_service_provider": False,
        "consents": ("consents of", client_id)}}
