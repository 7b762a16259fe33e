"""The OpenAPI 3 document, generated from the routes' marshmallow schemas (apispec)."""
from __future__ import annotations

import re

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask

from hmis_gateway.schemas import ErrorSchema

_PATH_PARAMETER = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def _operation(doc, parameters: list[str]) -> dict:
    operation: dict = {"summary": doc.summary, "tags": list(doc.tags), "responses": {}}
    operation["parameters"] = [{"in": "path", "name": name, "required": True, "schema": {"type": "string"}}
                               for name in parameters]
    if doc.query:
        operation["parameters"].append({"in": "query", "schema": doc.query})
    if doc.body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": doc.body}}}
    ok = {"description": "success"}
    if doc.returns:
        schema = {"type": "array", "items": doc.returns} if doc.many else doc.returns
        ok["content"] = {"application/json": {"schema": schema}}
    operation["responses"]["200"] = ok
    error = {"description": "error", "content": {"application/json": {"schema": "Error"}}}
    operation["responses"].update({"422": error} if doc.body or doc.query else {})
    if doc.action is not None:
        operation["security"] = [{"session": []}, {"apiKey": []}]
        operation["responses"].update({"401": error, "403": error, "503": error})
    return operation


def _documented(app: Flask):
    """(rule, doc, method) for every documented route and method."""
    for rule in app.url_map.iter_rules():
        doc = getattr(app.view_functions[rule.endpoint], "route_doc", None)
        if doc is not None:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule, doc, method


def build(app: Flask) -> dict:
    spec = APISpec(title="Harbor HMIS API", version="1", openapi_version="3.0.3", plugins=[MarshmallowPlugin()])
    spec.components.schema("Error", schema=ErrorSchema)
    spec.components.security_scheme("session", {"type": "http", "scheme": "bearer"})
    spec.components.security_scheme("apiKey", {"type": "apiKey", "in": "header", "name": "X-API-Key"})
    paths: dict[str, dict] = {}
    for rule, doc, method in _documented(app):
        path = _PATH_PARAMETER.sub(r"{\1}", rule.rule)
        paths.setdefault(path, {})[method.lower()] = _operation(doc, list(rule.arguments))
    for path, operations in sorted(paths.items()):
        spec.path(path=path, operations=operations)
    return spec.to_dict()


def route_table(app: Flask) -> str:
    """The route table of docs/api.md: one row per route and method, by area (first tag) and path."""
    rows = []
    for rule, doc, method in _documented(app):
        area = doc.tags[0] if doc.tags else ""
        path = _PATH_PARAMETER.sub(r"{\1}", rule.rule.removeprefix("/api/v1"))
        rows.append(((area, rule.rule, method), f"| {area} | {method} | {path} | {doc.action or 'public'} | {doc.summary} |"))
    return "\n".join(["| area | method | path | action | what |", "|---|---|---|---|---|"]
                     + [row for _, row in sorted(rows)])
