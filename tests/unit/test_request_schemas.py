"""Every request schema refuses a field it does not know and keeps values to what can be stored
(hmis_kit.inputs.Input): the schemas the gateway's routes declare (`body=`, `query=`) and every schema a
service, the gateway or the kit loads input with (`load_or_fail(Schema(), ...)`, `json_body(Schema)`), found
by reading their source, with the schemas nested in them."""
import ast
import importlib
from pathlib import Path

from flask import Flask
from marshmallow import RAISE, Schema, ValidationError, fields

from hmis_gateway import routes
from hmis_kit.inputs import Input

ROOT = Path(__file__).resolve().parents[2]
SOURCES = {"services": 2, "gateway": 1, "kit": 1}  # where code lives, and how deep its packages start
LOADERS = ("load_or_fail", "json_body")
# A loader's argument that is not a schema of the module but the caller's: json_body's own `schema`.
PASSED_ON = {("hmis_gateway.guard", "schema")}


def declared_by_routes() -> set[type[Schema]]:
    app = Flask(__name__)
    routes.register(app)
    docs = [getattr(view, "route_doc", None) for view in app.view_functions.values()]
    return {schema for doc in docs if doc for schema in (doc.body, doc.query) if schema}


def _resolve(node: ast.expr, namespace: dict) -> list:
    """What a schema expression names in its module: `Name`, `module.Name`, or `TABLE[key]` (every value)."""
    if isinstance(node, ast.Name):
        return [namespace[node.id]] if node.id in namespace else []
    if isinstance(node, ast.Attribute):
        return [getattr(value, node.attr) for value in _resolve(node.value, namespace)]
    if isinstance(node, ast.Subscript):
        return [item for table in _resolve(node.value, namespace) for item in table.values()]
    raise AssertionError(f"a schema named in a way this test cannot read: {ast.dump(node)}")


def loaded_by_code() -> tuple[set[type[Schema]], set[tuple[str, str]]]:
    found, unresolved = set(), set()
    for top, depth in SOURCES.items():
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call) and node.args
                     and getattr(node.func, "id", None) in LOADERS]
            if not calls:
                continue
            module_name = ".".join(path.relative_to(ROOT).with_suffix("").parts[depth:])
            namespace = vars(importlib.import_module(module_name))
            for call in calls:
                named = call.args[0].func if isinstance(call.args[0], ast.Call) else call.args[0]
                schemas = _resolve(named, namespace)
                if not schemas:
                    unresolved.add((module_name, ast.unparse(named)))
                found.update(schemas)
    return found, unresolved


def with_nested(schemas: set[type[Schema]]) -> set[type[Schema]]:
    """The schemas and every schema nested in them (`Nested`, a list of `Nested`), at any depth."""
    seen: set[type[Schema]] = set()
    waiting = list(schemas)
    while waiting:
        schema = waiting.pop()
        if schema in seen:
            continue
        seen.add(schema)
        for field in schema().load_fields.values():
            inner = field.inner if isinstance(field, fields.List) else field
            if isinstance(inner, fields.Nested):
                waiting.append(type(inner.schema))
    return seen


def request_schemas() -> set[type[Schema]]:
    loaded, unresolved = loaded_by_code()
    assert unresolved == PASSED_ON
    return with_nested(declared_by_routes() | loaded)


def test_the_walk_finds_the_request_schemas_of_every_service_and_the_gateway():
    modules = {schema.__module__.split(".")[0] for schema in request_schemas()}
    assert {"identity", "clients", "consent", "training", "reports", "hmis_gateway", "hmis_kit"} <= modules
    assert len(request_schemas()) > 40


def test_every_request_schema_refuses_unknown_fields_and_unstorable_values():
    lax = [schema.__name__ for schema in request_schemas()
           if not issubclass(schema, Input) or schema.opts.unknown != RAISE]
    assert lax == []


def test_an_unknown_field_is_named_in_the_refusal_of_each():
    for schema in request_schemas():
        try:
            schema(partial=True).load({"not_a_field_of_any_schema": 1})
        except ValidationError as error:
            assert error.messages.get("not_a_field_of_any_schema") == ["Unknown field."], schema.__name__
        else:
            raise AssertionError(f"{schema.__name__} loaded an unknown field")
