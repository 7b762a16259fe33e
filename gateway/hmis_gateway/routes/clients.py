"""Client records."""
from flask import Blueprint, g, jsonify

from clients.schemas import ClientCreateSchema, ClientSchema
from hmis_gateway.guard import json_body, own_agency, protected

bp = Blueprint("clients", __name__)


def _client_owner(principal, services, kwargs):
    return services.clients.client_owner(kwargs["resource_id"])


@bp.post("/clients")
@protected("clients:create", "Record a new client for your agency", resource_type="client", owner=own_agency,
           body=ClientCreateSchema, returns=ClientSchema, tags=("clients",))
def create_client():
    client = g.services.clients.create_client(json_body(), g.principal["agency_id"], g.principal["id"])
    return jsonify(client), 201


@bp.get("/clients/<resource_id>")
@protected("clients:read", "Read one client record", resource_type="client", owner=_client_owner,
           returns=ClientSchema, tags=("clients",))
def get_client(resource_id):
    return jsonify(g.services.clients.get_client(resource_id))
