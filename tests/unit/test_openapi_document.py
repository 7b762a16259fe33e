"""GET /openapi.json: a valid OpenAPI 3 document that says what each route answers (hmis_gateway.openapi).

No server is needed: the app is built on the default settings and never connects."""
from datetime import datetime
from decimal import Decimal

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate as validate_openapi

from clients.contract.schemas import ClientSchema, EnrollmentRecordSchema
from hmis_gateway import openapi
from hmis_gateway.app import create_app

CLIENT = "/api/v1/clients/{resource_id}"


@pytest.fixture(scope="module")
def app():
    return create_app()


@pytest.fixture(scope="module")
def document(app):
    return app.test_client().get("/openapi.json").get_json()


def operation(document, method: str, path: str) -> dict:
    return document["paths"][f"/api/v1{path}"][method.lower()]


def test_the_document_is_valid_openapi_3(document):
    validate_openapi(document)


@pytest.mark.parametrize(("method", "path", "status"), [
    ("POST", "/clients", "201"), ("GET", "/clients/{resource_id}", "200"), ("POST", "/csv-imports", "202"),
    ("POST", "/auth/logout", "204"), ("POST", "/training/sessions/{resource_id}/attendance", "204"),
    ("POST", "/training/sessions/{resource_id}/registrations", "201"), ("POST", "/auth/login", "200"),
    ("POST", "/agency-applications", "201"), ("POST", "/enrollments/{resource_id}/exit", "201"),
])
def test_each_route_documents_the_status_it_answers_on_success(document, method, path, status):
    responses = operation(document, method, path)["responses"]
    assert [code for code in responses if code.startswith("2")] == [status]


@pytest.mark.parametrize(("method", "path", "errors"), [
    ("POST", "/clients", {"401", "403", "413", "422", "503"}),
    ("GET", "/clients/{resource_id}", {"401", "403", "404", "422", "503"}),
    ("POST", "/users", {"409", "413", "422"}),
    ("POST", "/users/{resource_id}/deactivation", {"404", "409"}),
    ("POST", "/agencies/{resource_id}/status", {"404", "409", "422"}),
    ("POST", "/csv-imports", {"409", "413", "422"}),
    ("POST", "/auth/login", {"401", "403", "413", "422", "429", "503"}),
])
def test_each_route_documents_the_errors_it_can_give(document, method, path, errors):
    responses = operation(document, method, path)["responses"]
    assert errors <= set(responses)
    for code in errors:
        assert responses[code]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_every_protected_route_documents_authentication_policy_and_dependency_failures(app, document):
    for rule, doc, method in openapi.documented(app):
        responses = document["paths"][openapi.openapi_path(rule)][method.lower()]["responses"]
        if doc.action is not None:
            assert {"401", "403", "503"} <= set(responses), (method, rule.rule)
        if rule.arguments:
            assert "404" in responses, (method, rule.rule)
        if doc.body or doc.query:
            assert "422" in responses, (method, rule.rule)


def test_the_import_takes_its_zip_as_the_raw_body(document):
    body = operation(document, "POST", "/csv-imports")["requestBody"]
    assert body["content"] == {"application/zip": {"schema": {"type": "string", "format": "binary"}}}


def _validator(document, component: str) -> OAS30Validator:
    schema = {**document["components"]["schemas"][component], "components": document["components"]}
    return OAS30Validator(schema, format_checker=OAS30Validator.FORMAT_CHECKER)


def test_an_answer_with_hud_date_times_and_money_matches_its_documented_schema(document):
    """HUD's date-times are kept without a zone: answered, they carry UTC. Money is a string of digits."""
    stamp = datetime(2026, 1, 2, 3, 4, 5)
    answer = EnrollmentRecordSchema().fields["income_benefits"].inner.schema  # as an enrollment's record answers it
    income = answer.dump({
        "income_benefits_id": "I1", "information_date": datetime(2026, 1, 2).date(), "data_collection_stage": 1,
        "total_monthly_income": Decimal("1234.5"), "date_created": stamp, "date_updated": stamp})
    assert income["date_created"] == "2026-01-02T03:04:05+00:00"
    _validator(document, "IncomeBenefits").validate(income)
    client = ClientSchema().dump({"id": "5f0c6a4e-2d38-4b7a-9d0e-6f1d1e5b9a10", "agency_id":
                                  "0b6a4c1e-8d7f-4a3b-9e2d-1c5f7a9b3d20", "created_at": datetime.fromisoformat(
                                      "2026-01-02T03:04:05+00:00"), "date_created": stamp, "date_updated": stamp})
    _validator(document, "Client").validate(client)


@pytest.mark.parametrize(("path", "parameters"), [
    ("/users", {"agency_id"}), ("/organizations", {"agency_id"}), ("/training/sessions", {"course_code"}),
    ("/audit/break-glass", {"since", "until"}), ("/audit/invalid-consent", {"since", "until"}),
])
def test_the_query_parameters_a_list_reads_are_documented(document, path, parameters):
    """The web app's types come from this document: a parameter left out of it cannot be sent from there."""
    documented = {parameter["name"] for parameter in operation(document, "GET", path)["parameters"]
                  if parameter["in"] == "query"}
    assert parameters <= documented


def test_the_audit_verification_answers_each_services_chain(document):
    answer = operation(document, "GET", "/audit/verification")["responses"]["200"]["content"]["application/json"]
    assert answer["schema"]["type"] == "array"
    item = answer["schema"]["items"]
    item = document["components"]["schemas"][item["$ref"].rsplit("/", 1)[1]] if "$ref" in item else item
    assert {"source", "rows", "intact", "broken_row", "problem"} <= set(item["properties"])
