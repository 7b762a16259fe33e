"""Path and query-string parameters, checked before any route sees them.

A route passes a path segment (an id, a course code, a quarter) or a query parameter to the policy input
(written to the decision log) and to a service, often before a schema loads it; text PostgreSQL cannot
store (NUL, other control characters, a lone surrogate) would fail there as a 500. Refused here once, for
every route, as a 422 naming the parameter (the schemas apply the same rule to what they load).
"""
from __future__ import annotations

from flask import request
from marshmallow import ValidationError

from hmis_kit.errors import ValidationFailed
from hmis_kit.inputs import storable_text


def refuse_unstorable_text() -> None:
    problems: dict[str, list[str]] = {}
    sent = [*(request.view_args or {}).items(), *request.args.items(multi=True)]
    for name, value in sent:
        for text in (name, value):
            try:
                storable_text(text)
            except ValidationError as error:
                problems.setdefault(storable_name(name), []).extend(error.messages)
    if problems:
        raise ValidationFailed("a path or query parameter holds text that cannot be stored", problems)


def storable_name(name: str) -> str:
    """A parameter's name as it can be shown back: its unstorable characters escaped."""
    return name if name.isprintable() else name.encode("unicode_escape").decode("ascii")
