"""Operators' view of the services behind the gateway."""
from flask import Blueprint, g, jsonify

from hmis_gateway.guard import protected
from hmis_gateway.schemas import ServiceStatusSchema

# The services behind the gateway, in the order their status is shown.
SERVICES = ("identity", "clients", "consent", "ces", "training", "reports")

bp = Blueprint("system", __name__)


@bp.get("/system/services")
@protected("system:read", "Each service's schema revision and unpublished events (HMIS lead)",
           returns=ServiceStatusSchema, many=True, tags=("system",))
def services_status():
    return jsonify([g.services[name].status() for name in SERVICES])
