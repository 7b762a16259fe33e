"""The trust network: agencies and their standing, their users and licenses, their partner API keys."""
from flask import Blueprint, g, jsonify, request

from hmis_gateway import network
from hmis_gateway.guard import body_field, current_gateway, json_body, listed_agency, own_agency, protected, \
    public
from hmis_gateway.schemas import AgencyQuerySchema, FeeEnforcementSchema
from hmis_kit.errors import load_or_fail
from identity.contract.schemas import (AgencyApplicationSchema, AgencyCreateSchema, AgencyDetailSchema,
                              AgencyLookupQuerySchema, AgencyNameSchema, AgencySchema, AgencyStatusChangeSchema,
                              ApiKeyCreateSchema, ApiKeySchema, ContactSchema, FeeCreateSchema, LicenseSchema,
                              UserCreateSchema, UserSchema)

bp = Blueprint("network", __name__)


def _standing_in_force(agency: dict) -> dict:
    """An agency's new status binds the policy from the moment the API answers it."""
    network.hold_agency_status(current_gateway().engine, agency)
    return agency


def _target_agency(principal, services, kwargs):
    """A new user belongs to the agency named in the body, or to the caller's own."""
    return str(body_field("agency_id") or principal["agency_id"])


def _granted_roles(principal, services, kwargs) -> dict:
    roles = body_field("roles")
    return {"roles": roles if isinstance(roles, list) else []}


def _agency_in_path(principal, services, kwargs):
    return kwargs["resource_id"]


def _user_agency(principal, services, kwargs):
    return services.identity.user_agency(kwargs["resource_id"])


def _key_agency(principal, services, kwargs):
    return services.identity.api_key_agency(kwargs["resource_id"])


# Agencies

@bp.post("/agency-applications")
@public("Apply to join the HMIS trust network (the HMIS lead approves)", body=AgencyApplicationSchema,
        returns=AgencySchema, errors=(409, 503), status=201, tags=("network",))
def apply_for_membership():
    with current_gateway().rpc.cluster() as services:
        return jsonify(services.identity.apply_for_membership(json_body()))


@bp.post("/agencies")
@protected("agencies:create", "Add an agency to the trust network (HMIS lead)", body=AgencyCreateSchema,
           returns=AgencySchema, errors=(409,), status=201, tags=("network",))
def create_agency():
    return jsonify(g.services.identity.create_agency(json_body(), g.principal["id"]))


@bp.get("/agencies")
@protected("agencies:read", "List the trust network's agencies (`?contacts_incomplete=true`: those missing "
           "one of the four key contacts)", returns=AgencySchema, many=True, tags=("network",))
def list_agencies():
    incomplete = request.args.get("contacts_incomplete", "").lower() in ("1", "true", "yes")
    return jsonify(g.services.identity.list_agencies(incomplete))


@bp.get("/agencies/names")
@protected("agencies:lookup", "Active agencies whose name holds `?name=` (any case; or whose id it is): each one's id "
           "and name, nothing more (no contact, status, fee or user), to name the agencies a release of information "
           "goes to", resource_type="agencies", query=AgencyLookupQuerySchema, returns=AgencyNameSchema, many=True,
           tags=("network",))
def find_agencies():
    return jsonify(g.services.identity.find_agencies(request.args.to_dict()))


@bp.get("/agencies/<resource_id>")
@protected("agencies:read", "One agency: status history, key contacts, quarterly fees", resource_type="agency",
           owner=_agency_in_path, returns=AgencyDetailSchema, tags=("network",))
def get_agency(resource_id):
    return jsonify(g.services.identity.get_agency(resource_id))


@bp.post("/agencies/<resource_id>/status")
@protected("agencies:manage", "Approve, suspend, reinstate or end an agency's participation (HMIS lead)",
           resource_type="agency", body=AgencyStatusChangeSchema, returns=AgencySchema, errors=(409,),
           tags=("network",))
def change_agency_status(resource_id):
    changed = g.services.identity.change_agency_status(resource_id, json_body(), g.principal["id"])
    return jsonify(_standing_in_force(changed))


@bp.put("/agencies/<resource_id>/contacts/<role>")
@protected("agencies:contacts", "Name one of the agency's four key HMIS contacts", resource_type="agency",
           owner=_agency_in_path, body=ContactSchema, returns=AgencyDetailSchema, tags=("network",))
def set_contact(resource_id, role):
    return jsonify(g.services.identity.set_agency_contact(resource_id, role, json_body()))


@bp.post("/agencies/<resource_id>/fees")
@protected("fees:manage", "Issue an agency's quarterly license fee (HMIS lead)", resource_type="agency",
           body=FeeCreateSchema, returns=AgencyDetailSchema, errors=(409,), status=201, tags=("network",))
def issue_fee(resource_id):
    return jsonify(g.services.identity.issue_fee(resource_id, json_body()))


@bp.post("/agencies/<resource_id>/fees/<quarter>/payment")
@protected("fees:manage", "Record a fee as paid; restores an agency suspended for unpaid fees",
           resource_type="agency", returns=AgencyDetailSchema, tags=("network",))
def record_payment(resource_id, quarter):
    return jsonify(_standing_in_force(g.services.identity.record_fee_payment(resource_id, quarter, g.principal["id"])))


@bp.post("/fees/enforcement")
@protected("fees:manage", "Suspend agencies with fees unpaid past the grace period now (also runs hourly)",
           returns=FeeEnforcementSchema, tags=("network",))
def enforce_fees():
    suspended = g.services.identity.enforce_fees()
    for agency_id in suspended:
        _standing_in_force({"id": agency_id, "status": "suspended"})
    return jsonify({"suspended": suspended})


# Users and licenses

@bp.post("/users")
@protected("users:create", "Create a user in an agency", resource_type="user", owner=_target_agency,
           details=_granted_roles, body=UserCreateSchema, returns=UserSchema, errors=(404, 409), status=201,
           tags=("users",))
def create_user():
    body = json_body()
    body["agency_id"] = _target_agency(g.principal, g.services, {})
    return jsonify(g.services.identity.create_user(body))


@bp.get("/users")
@protected("users:read", "An agency's users (`?agency_id=`, default your own)", resource_type="user",
           owner=listed_agency, query=AgencyQuerySchema, returns=UserSchema, many=True, tags=("users",))
def list_users():
    load_or_fail(AgencyQuerySchema(), request.args.to_dict())
    return jsonify(g.services.identity.list_users(listed_agency(g.principal, g.services, {})))


@bp.get("/users/<resource_id>")
@protected("users:read", "One user, with license status and lock", resource_type="user", owner=_user_agency,
           returns=UserSchema, tags=("users",))
def get_user(resource_id):
    return jsonify(g.services.identity.get_user(resource_id))


@bp.post("/users/<resource_id>/deactivation")
@protected("users:manage", "Deactivate a user now: sessions and license end at once", resource_type="user",
           owner=_user_agency, returns=UserSchema, errors=(409,), tags=("users",))
def deactivate_user(resource_id):
    return jsonify(g.services.identity.deactivate_user(resource_id))


@bp.post("/users/<resource_id>/unlock")
@protected("users:manage", "Unlock a user locked by failed logins or inactivity", resource_type="user",
           owner=_user_agency, returns=UserSchema, tags=("users",))
def unlock_user(resource_id):
    return jsonify(g.services.identity.unlock_user(resource_id))


@bp.post("/users/<resource_id>/license")
@protected("licenses:request", "Request a license for a staff member", resource_type="license",
           owner=_user_agency, returns=LicenseSchema, errors=(409,), status=201, tags=("users",))
def request_license(resource_id):
    return jsonify(g.services.identity.request_license(resource_id, g.principal["id"]))


@bp.post("/users/<resource_id>/license/fee-approval")
@protected("licenses:approve", "Approve the license fee (the license activates once training is complete too)",
           resource_type="license", owner=_user_agency, returns=LicenseSchema, tags=("users",))
def approve_license_fee(resource_id):
    return jsonify(g.services.identity.approve_license_fee(resource_id, g.principal["id"]))


@bp.get("/users/<resource_id>/license")
@protected("users:read", "A user's license", resource_type="license", owner=_user_agency, returns=LicenseSchema,
           tags=("users",))
def get_license(resource_id):
    return jsonify(g.services.identity.get_license(resource_id))


# Partner API keys

@bp.post("/api-keys")
@protected("api_keys:create", "Issue a scoped API key to a partner system of your agency", resource_type="api_key",
           owner=own_agency, body=ApiKeyCreateSchema, returns=ApiKeySchema, status=201, tags=("api keys",))
def create_api_key():
    key = g.services.identity.create_api_key(json_body(), g.principal["agency_id"], g.principal["id"])
    return jsonify(key)


@bp.get("/api-keys")
@protected("api_keys:read", "Your agency's API keys (never their secrets)", resource_type="api_key",
           owner=own_agency, returns=ApiKeySchema, many=True, tags=("api keys",))
def list_api_keys():
    return jsonify(g.services.identity.list_api_keys(g.principal["agency_id"]))


@bp.post("/api-keys/<resource_id>/rotation")
@protected("api_keys:manage", "Give a key a new secret (same id); the old secret stops working now",
           resource_type="api_key", owner=_key_agency, returns=ApiKeySchema, tags=("api keys",))
def rotate_api_key(resource_id):
    return jsonify(g.services.identity.rotate_api_key(resource_id))


@bp.post("/api-keys/<resource_id>/revocation")
@protected("api_keys:manage", "Revoke a key now: every secret it had stops working", resource_type="api_key",
           owner=_key_agency, returns=ApiKeySchema, tags=("api keys",))
def revoke_api_key(resource_id):
    return jsonify(g.services.identity.revoke_api_key(resource_id))
