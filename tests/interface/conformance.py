"""What the interface tests hold every answer and event to: the service's contract, read strictly."""
import json

import pytest
from marshmallow import EXCLUDE, Schema, ValidationError, fields

from hmis_kit.errors import ValidationFailed
from hmis_kit.events import EnvelopeSchema, Event
from hmis_platform import catalogue

# Client PII by the names the services use for it (clients.domain.PII_FIELDS, and the SSN's last four):
# no event may carry a field of these names, at any depth.
PII_FIELDS = frozenset({"first_name", "middle_name", "last_name", "name_suffix", "ssn", "ssn_last4", "dob"})
# Every event type a contract declares, by its routing key.
EVENT_TYPES = {str(event_type): event_type for event_type in catalogue.event_types()}


def _shape_problems(schema: Schema, answer, where: str) -> list[str]:
    """Fields of `answer` the schema does not declare, required ones missing, in nested answers too.
    (A schema's own `unknown` setting is not trusted: input schemas exclude unknown fields, and some
    answers reuse them.)"""
    if not isinstance(answer, dict):
        return [f"{where or 'the answer'}: not an object"]
    declared = {field.data_key or name: field for name, field in schema.dump_fields.items()}
    problems = [f"{where}{key}: not in {type(schema).__name__}" for key in answer if key not in declared]
    problems += [f"{where}{key}: required by {type(schema).__name__}, missing" for key, field in declared.items()
                 if field.required and key not in answer]
    for key, field in declared.items():
        value = answer.get(key)
        if isinstance(field, fields.Nested) and value is not None:
            problems += _shape_problems(field.schema, value, f"{where}{key}.")
        elif isinstance(field, fields.List) and isinstance(field.inner, fields.Nested) and value:
            for index, item in enumerate(value):
                problems += _shape_problems(field.inner.schema, item, f"{where}{key}[{index}].")
    return problems


def conforms(schema: Schema, answer, many: bool = False):
    """`answer` loaded through `schema`, strictly: every field declared, every required one present, each
    value of its field's type and within its rules. Fails the test naming each problem."""
    answers = answer if many else [answer]
    assert isinstance(answers, list), f"expected a list, got {type(answer).__name__}"
    problems = [problem for index, item in enumerate(answers)
                for problem in _shape_problems(schema, item, f"[{index}]." if many else "")]
    assert not problems, problems
    try:
        loaded = schema.load(answers, many=True, unknown=EXCLUDE)
    except ValidationError as error:
        pytest.fail(f"answer breaks {type(schema).__name__}: {error.messages}")
    # Fields only ever answered (dump-only) cannot be loaded: their shape was checked above, kept as sent.
    answered_only = {f.data_key or name for name, f in schema.dump_fields.items()} \
        - {f.data_key or name for name, f in schema.load_fields.items()}
    loaded = [{**{key: item[key] for key in answered_only if key in item}, **row} for item, row in zip(answers, loaded)]
    return loaded if many else loaded[0]


def refused(call, *args) -> dict:
    """The fields named by the ValidationFailed a call is refused with (the kit's error, across RPC)."""
    with pytest.raises(ValidationFailed) as failure:
        call(*args)
    assert failure.value.fields, "a refusal names the fields at fault"
    return failure.value.fields


def _keys(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for inner in value.values() for key in _keys(inner)}
    if isinstance(value, list):
        return {key for item in value for key in _keys(item)}
    return set()


def announced(bodies: list[dict], source: str, sent: tuple[str, ...] = ()) -> list[Event]:
    """The events, each loaded through the kit's envelope (strictly), published by `source` under its own
    name, of a type its contract declares, its payload loaded through that type's schema at the envelope's
    schema version, with no PII: no field named like client PII and none of the PII values `sent` in the
    call."""
    events = []
    for body in bodies:
        event = Event(**conforms(EnvelopeSchema(), body))
        assert event.source == source and event.type.startswith(f"{source}."), body
        assert event.type in EVENT_TYPES, f"{event.type}: declared by no contract"
        assert event.schema_version == EVENT_TYPES[event.type].version, body
        assert EVENT_TYPES[event.type].payload().validate(event.data) == {}, body
        assert not _keys(event.data) & PII_FIELDS, body
        text = json.dumps(body)
        assert not [value for value in sent if value in text], body
        events.append(event)
    return events
