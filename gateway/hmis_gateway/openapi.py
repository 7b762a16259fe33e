"""The OpenAPI 3 document, generated from each route's declaration (guard.RouteDoc) and the marshmallow
schemas the route loads and answers with (apispec): what a route declares is what it does, since the
guard answers the declared success status and the routes load and dump with those very schemas."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from marshmallow import fields, validate

from hmis_gateway.guard import WRITES, RouteDoc
from hmis_gateway.schemas import ErrorSchema
from hmis_kit.idempotency import MAX_KEY_LENGTH
from hmis_kit.purposes import PURPOSES

_PATH_PARAMETER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
ERROR = "Error"
SUCCESS = {200: "OK", 201: "created", 202: "accepted: it goes on in the background", 204: "done; no content"}
FAILURES = {
    401: "no, unknown, expired or revoked session token or API key",
    403: "the policy denied (`reasons`), or the principal's agency is not active in the trust network",
    404: "no such record (or a malformed id)",
    409: "the request conflicts with the record's state (a name taken, done once already, a rule refusing it)",
    413: "the body is larger than this route takes",
    422: "the body, the query or a header (X-Purpose, Idempotency-Key) breaks a rule; `fields` names each",
    429: "too many failed logins from this address; `Retry-After` says when to try again",
    503: "a service, the broker, a database or the policy engine did not answer; `Retry-After` says when to retry",
}
PROTECTED_FAILURES = (401, 403, 422, 503)  # authentication, policy, X-Purpose, the services and decision log


def failures(rule_arguments, doc: RouteDoc, method: str) -> list[int]:
    """The error statuses a route can answer: its own (`doc.errors`) and those of every route of its kind."""
    found = set(doc.errors) | set(doc.answers)
    if doc.action is not None:
        found.update(PROTECTED_FAILURES)
        if method in WRITES:
            found.add(413)  # the guard reads a write's body for its idempotency key
    if rule_arguments:
        found.add(404)
    if doc.body or doc.query or doc.raw_body:
        found.update((413, 422) if doc.body or doc.raw_body else (422,))
    return sorted(found)


def _headers(doc: RouteDoc, method: str) -> list[dict]:
    if doc.action is None:
        return []
    headers = [{"in": "header", "name": "X-Purpose", "required": False, "description": "why, as a code",
                "schema": {"type": "string", "enum": list(PURPOSES)}}]
    if method in WRITES:
        headers.append({"in": "header", "name": "Idempotency-Key", "required": False,
                        "description": "sent again with the same request, answers what the first answered",
                        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH}})
    return headers


def decimal_as_string(self, field, ret: dict, **kwargs) -> dict:
    """An apispec attribute function: a Decimal answered as a string (`as_string`, e.g. HUD money) is a JSON
    string of digits, which apispec would call a number, with its bounds as strings (invalid JSON Schema)."""
    if not (isinstance(field, fields.Decimal) and field.as_string):
        return {}
    nonnegative = any(isinstance(v, validate.Range) and v.min is not None and v.min >= 0 for v in field.validators)
    fraction = rf"\.\d{{1,{field.places.as_tuple().exponent * -1}}}" if field.places is not None else r"\.\d+"
    for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        ret.pop(bound, None)
    return {"type": "string", "pattern": f"^{'' if nonnegative else '-?'}\\d+({fraction})?$"}


class _Builder:
    def __init__(self, spec: APISpec, plugin: MarshmallowPlugin):
        self.spec = spec
        self.plugin = plugin

    def schema(self, returns, many: bool = False) -> dict:
        """A JSON Schema for a marshmallow schema (a reference to its component) or for a JSON Schema whose
        `additionalProperties` may name one."""
        if isinstance(returns, dict):
            values = returns.get("additionalProperties")
            return {**returns, "additionalProperties": self.schema(values)} if isinstance(values, type) else returns
        reference = self.plugin.converter.resolve_nested_schema(returns)
        return {"type": "array", "items": reference} if many else reference

    def operation(self, rule, doc: RouteDoc, method: str) -> dict:
        operation: dict = {"summary": doc.summary, "tags": list(doc.tags),
                           "operationId": f"{method.lower()}_{rule.endpoint}"}
        operation["parameters"] = [{"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
                                   for name in sorted(rule.arguments)] + _headers(doc, method)
        if doc.query:
            operation["parameters"].append({"in": "query", "schema": doc.query})
        if doc.csv:
            operation["parameters"].append({"in": "query", "name": "format", "required": False,
                                            "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"}})
        if doc.body:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": doc.body}}}
        elif doc.raw_body:
            operation["requestBody"] = {"required": True, "content": {
                doc.raw_body: {"schema": {"type": "string", "format": "binary"}}}}
        success: dict = {"description": SUCCESS[doc.status]}
        if doc.raw_answer:
            success["content"] = {media: {"schema": {"type": "string", "format": "binary"}} for media in doc.raw_answer}
        if doc.returns:
            success["content"] = {"application/json": {"schema": self.schema(doc.returns, doc.many)}}
            if doc.csv:
                success["content"]["text/csv"] = {"schema": {"type": "string"}}
        responses = {str(doc.status): success}
        for status in failures(rule.arguments, doc, method):
            schema = self.schema(doc.answers[status]) if status in doc.answers else ERROR
            responses[str(status)] = {"description": FAILURES[status],
                                      "content": {"application/json": {"schema": schema}}}
        operation["responses"] = responses
        if doc.action is not None:
            operation["security"] = [{"session": []}, {"apiKey": []}]
        return operation


def documented(app: Flask):
    """(rule, doc, method) for every documented route and method."""
    for rule in app.url_map.iter_rules():
        doc = getattr(app.view_functions[rule.endpoint], "route_doc", None)
        if doc is not None:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, doc, method


def openapi_path(rule) -> str:
    return _PATH_PARAMETER.sub(r"{\1}", rule.rule)


def build(app: Flask) -> dict:
    plugin = MarshmallowPlugin()
    spec = APISpec(title="Harbor HMIS API", version="1", openapi_version="3.0.3", plugins=[plugin])
    plugin.converter.add_attribute_function(decimal_as_string)
    spec.components.schema(ERROR, schema=ErrorSchema)
    spec.components.security_scheme("session", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme("apiKey", {"type": "apiKey", "in": "header", "name": "X-API-Key"})
    builder = _Builder(spec, plugin)
    paths: dict[str, dict] = {}
    for rule, doc, method in documented(app):
        paths.setdefault(openapi_path(rule), {})[method.lower()] = builder.operation(rule, doc, method)
    for path, operations in sorted(paths.items()):
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def route_table(app: Flask) -> str:
    """The route table of docs/api.md: one row per route and method, by area (first tag) and path."""
    rows = []
    for rule, doc, method in documented(app):
        area = doc.tags[0] if doc.tags else ""
        path = openapi_path(rule).removeprefix("/api/v1")
        rows.append(((area, rule.rule, method), f"| {area} | {method} | {path} | {doc.action or 'public'} | {doc.summary} |"))
    return "\n".join(["| area | method | path | action | what |", "|---|---|---|---|---|"]
                     + [row for _, row in sorted(rows)])
