"""The trust network: agencies, their users, their partner API keys."""
from flask import Blueprint, g, jsonify, request

from hmis_gateway.guard import json_body, own_agency, protected
from identity.schemas import AgencyCreateSchema, AgencySchema, ApiKeyCreateSchema, ApiKeySchema, UserCreateSchema, UserSchema

bp = Blueprint("network", __name__)


def _target_agency(principal, services, kwargs):
    """A new user belongs to the agency named in the body, or to the caller's own."""
    body = request.get_json(silent=True)
    named = body.get("agency_id") if isinstance(body, dict) else None
    return str(named or principal["agency_id"])


@bp.post("/agencies")
@protected("agencies:create", "Add an agency to the trust network (HMIS lead)", body=AgencyCreateSchema,
           returns=AgencySchema, tags=("network",))
def create_agency():
    return jsonify(g.services.identity.create_agency(json_body())), 201


@bp.get("/agencies")
@protected("agencies:read", "List the trust network's agencies", returns=AgencySchema, many=True, tags=("network",))
def list_agencies():
    return jsonify(g.services.identity.list_agencies())


@bp.post("/users")
@protected("users:create", "Create a user in an agency", resource_type="user", owner=_target_agency,
           body=UserCreateSchema, returns=UserSchema, tags=("network",))
def create_user():
    body = json_body()
    body["agency_id"] = _target_agency(g.principal, g.services, {})
    return jsonify(g.services.identity.create_user(body)), 201


@bp.post("/api-keys")
@protected("api_keys:create", "Issue a scoped API key to a partner system of your agency", resource_type="api_key",
           owner=own_agency, body=ApiKeyCreateSchema, returns=ApiKeySchema, tags=("network",))
def create_api_key():
    key = g.services.identity.create_api_key(json_body(), g.principal["agency_id"], g.principal["id"])
    return jsonify(key), 201
