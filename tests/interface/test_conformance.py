"""The checks the interface tests hold services to fail on what breaks a contract (no service needed)."""
import uuid

import pytest
from marshmallow import Schema, fields

from conformance import announced, conforms
from hmis_kit.events import Event


class Answer(Schema):
    id = fields.UUID(required=True)
    note = fields.String(allow_none=True)
    parts = fields.List(fields.Nested(Schema.from_dict({"code": fields.Integer(required=True)})))


ANSWER = {"id": str(uuid.uuid4()), "note": None, "parts": [{"code": 1}]}


def test_an_answer_of_the_contract_loads():
    assert conforms(Answer(), ANSWER)["parts"] == [{"code": 1}]


@pytest.mark.parametrize("answer", [
    {**ANSWER, "extra": 1},                      # a field the contract does not declare
    {"note": None},                              # a required field missing
    {**ANSWER, "parts": [{"code": 1, "x": 2}]},  # an undeclared field in a nested answer
    {**ANSWER, "parts": [{}]},                   # a required field missing in a nested answer
    {**ANSWER, "id": "seven"},                   # a value not of its field's type
])
def test_an_answer_breaking_the_contract_fails(answer):
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        conforms(Answer(), answer)


def event(**data) -> dict:
    return Event.new("clients.client.changed", "clients", data).dump()


def a_change(**fields) -> dict:
    """A client's change as the clients contract declares it, with `fields` changed or added."""
    client_id = uuid.uuid4()
    return {"op": "created", "client_id": str(client_id), "personal_id": client_id.hex, "source": 1,
            "agency_id": str(uuid.uuid4()), **fields}


def test_an_event_in_the_envelope_without_pii_passes():
    assert [e.type for e in announced([event(changes=[a_change()])], "clients")] == ["clients.client.changed"]


@pytest.mark.parametrize("body", [
    event(client_id="c1", dob="1979-08-14"),                           # a PII field
    event(records=[{"client_id": "c1", "last_name": "Diaz"}]),         # a PII field, nested
    event(note="Rosalind"),                                            # a PII value sent in the call
    {**event(client_id="c1"), "extra": True},                          # outside the envelope
    {**event(client_id="c1"), "source": "consent"},                    # another service's name
    {key: value for key, value in event(client_id="c1").items() if key != "occurred_at"},
    event(changes=[a_change(op="merged")]),                             # a payload its contract's schema refuses
    event(changes=[a_change(household="the Diaz family")]),             # a field its contract does not name
    Event.new("clients.client.renamed", "clients", {"client_id": "c1"}).dump(),  # a type no contract declares
])
def test_an_event_outside_the_envelope_or_with_pii_fails(body):
    with pytest.raises((AssertionError, pytest.fail.Exception)):
        announced([body], "clients", sent=("Rosalind",))
