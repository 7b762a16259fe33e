"""One table from errors to HTTP answers, so no route carries its own try/except."""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
from requests.exceptions import ConnectionError as HttpConnectionError, Timeout as HttpTimeout
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from hmis_gateway.browser_session import CsrfRefused
from hmis_kit.errors import (HTTP_STATUS, INFRASTRUCTURE_ERRORS, AuthenticationFailed, HmisError, TooManyAttempts,
                             Unavailable, ValidationFailed)

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = "5"


class Forbidden(HmisError):
    code = "forbidden"

    def __init__(self, reasons: tuple[str, ...], decision_id: str, fields: dict | None = None,
                 message: str = "the policy denied this request"):
        super().__init__(message, fields)
        self.reasons = reasons
        self.decision_id = decision_id

    def to_dict(self) -> dict:
        return {**super().to_dict(), "reasons": list(self.reasons), "decision_id": self.decision_id}


STATUS = {**HTTP_STATUS, Forbidden: 403, CsrfRefused: 403, Unavailable: 503}
# The last line behind the request schemas (hmis_kit.inputs): a value a database refused (SQLSTATE class 22,
# data exception) is the caller's input, so a 422; the database does not say which field, and its message
# may quote the value, so neither is passed on.
UNSTORABLE = ValidationFailed("a value sent cannot be stored (too large, out of range, or holding characters that "
                              "text cannot); check the values against the rules in docs/api.md",
                              {"_input": ["a value the database cannot store"]})
# The gateway's own database or broker failing, a service not answering in time, or the clients service's
# upload port not answering.
UNAVAILABLE = (RpcTimeout, UnknownService, *INFRASTRUCTURE_ERRORS, HttpConnectionError, HttpTimeout)


def register(app: Flask) -> None:
    @app.errorhandler(HmisError)
    def domain_error(error: HmisError):
        response = jsonify(error.to_dict())
        response.status_code = STATUS.get(type(error), 400)
        if isinstance(error, AuthenticationFailed):
            response.headers["WWW-Authenticate"] = 'Bearer realm="hmis"'
        if isinstance(error, Unavailable):
            response.headers["Retry-After"] = RETRY_AFTER_SECONDS
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after_seconds)
        return response

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        response = jsonify({"error": error.name.lower().replace(" ", "_"), "message": error.description})
        response.status_code = error.code or 500
        return response

    def dependency_down(error: Exception):
        log.warning("dependency unavailable", extra={"error_type": type(error).__name__})
        return domain_error(Unavailable("a service this request needs is not answering; retry shortly"))

    for unavailable in UNAVAILABLE:
        app.register_error_handler(unavailable, dependency_down)

    @app.errorhandler(DataError)
    def unstorable(error: DataError):  # the gateway's own database (the decision log)
        log.warning("input refused by the database", extra={"error_type": type(error.orig).__name__})
        return domain_error(UNSTORABLE)

    @app.errorhandler(RemoteError)
    def remote_error(error: RemoteError):
        if error.exc_type == DataError.__name__:  # a service's database
            log.warning("input refused by a service's database", extra={"exc_type": error.exc_type})
            return domain_error(UNSTORABLE)
        # An unexpected failure inside a service: its own log has the detail; the caller gets no internals.
        log.error("service failed", extra={"exc_type": error.exc_type})
        response = jsonify({"error": "internal", "message": "the service failed to handle this request"})
        response.status_code = 500
        return response
