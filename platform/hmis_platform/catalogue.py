"""The event catalogue: every event type the services' contracts declare (`<service>/contract/events.py`,
hmis_kit.events.EventType), as the table in docs/architecture.md.

`python -m hmis_platform.catalogue` writes the table into the page, between its two markers;
tests/unit/test_event_contracts.py fails when the page differs from what the contracts generate. The
platform knows the components (hmis_platform.components); each one's contract is found by its package's
name.
"""
from __future__ import annotations

import importlib
import sys
from pathlib import Path

from marshmallow import Schema, fields

from hmis_kit.events import EventType, published
from hmis_platform.components import COMPONENTS

PAGE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
BEGIN = "<!-- event catalogue: generated from the contracts by `python -m hmis_platform.catalogue`; do not edit -->"
END = "<!-- end of the event catalogue -->"


def event_types() -> list[EventType]:
    """Every published event type, component by component (one that publishes none has no events module)."""
    found = []
    for package in dict.fromkeys(component.package for component in COMPONENTS.values()):
        name = f"{package}.contract.events"
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as missing:
            if not name.startswith(missing.name or "?"):
                raise
            continue
        found.extend(published(module))
    return found


def fields_of(schema: Schema | type[Schema]) -> list[tuple[str, fields.Field]]:
    """A payload schema's fields, nested ones included, as (dotted path, field): `changes[].op`."""
    schema = schema() if isinstance(schema, type) else schema
    found = []
    for name, field in schema.fields.items():
        found.append((name, field))
        inner, path = field, name
        if isinstance(inner, fields.List):
            inner, path = inner.inner, f"{name}[]"
        if isinstance(inner, fields.Dict) and isinstance(inner.value_field, fields.Nested):
            inner, path = inner.value_field, f"{name}{{}}"
        if isinstance(inner, fields.Nested):
            found.extend((f"{path}.{child}", child_field) for child, child_field in fields_of(inner.schema))
    return found


def shape(schema: Schema | type[Schema]) -> str:
    """A payload's fields as one line: `a, b, changes: [{op, c, d}]`."""
    schema = schema() if isinstance(schema, type) else schema
    parts = []
    for name, field in schema.fields.items():
        inner, wrap = field, "{}"
        if isinstance(inner, fields.List):
            inner, wrap = inner.inner, "[{}]"
        if isinstance(inner, fields.Dict) and isinstance(inner.value_field, fields.Nested):
            inner, wrap = inner.value_field, "{{file: {}}}"
        parts.append(f"{name}: {wrap.format('{' + shape(inner.schema) + '}')}" if isinstance(inner, fields.Nested)
                     else name)
    return ", ".join(parts)


def table() -> str:
    rows = ["| event type | schema version | payload | published when |", "|---|---|---|---|"]
    rows += [f"| `{event_type}` | {event_type.version} | {shape(event_type.payload)} | {event_type.doc} |"
             for event_type in event_types()]
    return "\n".join(rows)


def page_with_table(page: str) -> str:
    """`page` with the table between its markers."""
    before, found, rest = page.partition(BEGIN)
    _, ended, after = rest.partition(END)
    if not (found and ended):
        raise ValueError(f"the page has no event catalogue markers ({BEGIN} ... {END})")
    return f"{before}{BEGIN}\n{table()}\n{END}{after}"


def main(path: Path = PAGE) -> None:
    path.write_text(page_with_table(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else PAGE)
