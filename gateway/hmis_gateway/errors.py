"""One table from errors to HTTP answers, so no route carries its own try/except."""
from __future__ import annotations

import logging

from flask import Flask, jsonify
from nameko.exceptions import RemoteError, RpcTimeout, UnknownService
from werkzeug.exceptions import HTTPException

from hmis_kit.errors import (INFRASTRUCTURE_ERRORS, AgencyNotActive, AuthenticationFailed, Conflict, HmisError,
                             NotFound, TooManyAttempts, Unavailable, ValidationFailed)

log = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = "5"


class Forbidden(HmisError):
    code = "forbidden"

    def __init__(self, reasons: tuple[str, ...], decision_id: str):
        super().__init__("the policy denied this request", {})
        self.reasons = reasons
        self.decision_id = decision_id

    def to_dict(self) -> dict:
        return {**super().to_dict(), "reasons": list(self.reasons), "decision_id": self.decision_id}


STATUS = {
    ValidationFailed: 422,
    NotFound: 404,
    Conflict: 409,
    AuthenticationFailed: 401,
    AgencyNotActive: 403,
    Forbidden: 403,
    TooManyAttempts: 429,
    Unavailable: 503,
}
# The gateway's own database or broker failing, or a service not answering in time.
UNAVAILABLE = (RpcTimeout, UnknownService, *INFRASTRUCTURE_ERRORS)


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

    @app.errorhandler(RemoteError)
    def remote_error(error: RemoteError):
        # An unexpected failure inside a service: its own log has the detail; the caller gets no internals.
        log.error("service failed", extra={"exc_type": error.exc_type})
        response = jsonify({"error": "internal", "message": "the service failed to handle this request"})
        response.status_code = 500
        return response
