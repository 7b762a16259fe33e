"""The gateway's last line behind the request schemas: a value a database refused is the caller's input,
a 422 (never a 500), that passes on neither the database's message nor the value it may quote."""
from flask import Flask
from nameko.exceptions import RemoteError
from sqlalchemy.exc import DataError

from hmis_gateway import errors

SECRET_VALUE = "123-45-6789"


def gateway_raising(error: Exception) -> Flask:
    app = Flask(__name__)
    errors.register(app)

    @app.get("/fails")
    def fails():
        raise error

    return app


def test_a_services_database_refusing_a_value_is_a_422():
    refusal = RemoteError("DataError", f'value "{SECRET_VALUE}" is out of range for type integer')
    answer = gateway_raising(refusal).test_client().get("/fails")
    assert answer.status_code == 422
    assert answer.get_json()["fields"] == {"_input": ["a value the database cannot store"]}
    assert SECRET_VALUE not in answer.get_data(as_text=True)


def test_the_gateways_own_database_refusing_a_value_is_a_422():
    refusal = DataError("INSERT ...", {"value": SECRET_VALUE}, ValueError(f"cannot store {SECRET_VALUE}"))
    answer = gateway_raising(refusal).test_client().get("/fails")
    assert answer.status_code == 422 and SECRET_VALUE not in answer.get_data(as_text=True)


def test_any_other_failure_in_a_service_stays_a_500():
    assert gateway_raising(RemoteError("KeyError", "x")).test_client().get("/fails").status_code == 500
