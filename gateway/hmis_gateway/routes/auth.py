"""Sessions: log in, log out, who am I."""
from flask import Blueprint, g, jsonify, request

from hmis_gateway.guard import current_gateway, json_body, protected, public
from identity.schemas import LoginSchema, PrincipalSchema, SessionSchema

bp = Blueprint("auth", __name__)


@bp.post("/auth/login")
@public("Log in with username and password; returns a session token", body=LoginSchema, returns=SessionSchema,
        tags=("auth",))
def login():
    with current_gateway().rpc.cluster() as services:
        return jsonify(services.identity.login(json_body()))


@bp.post("/auth/logout")
@protected("session:end", "End this session; the token is refused from now on", tags=("auth",))
def logout():
    g.services.identity.logout(request.headers["Authorization"][7:].strip())
    return "", 204


@bp.get("/auth/me")
@protected("session:read", "The principal behind this token or key", returns=PrincipalSchema, tags=("auth",))
def me():
    return jsonify(g.principal)
