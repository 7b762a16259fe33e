"""Coordinated Entry."""
from flask import Blueprint, g, jsonify

from ces.contract.schemas import QueueEntrySchema
from hmis_gateway.guard import protected

bp = Blueprint("ces", __name__)


@bp.get("/ces/prioritization-list")
@protected("ces:read", "The community queue, most vulnerable first (needs the CES Workflow training)",
           returns=QueueEntrySchema, many=True, tags=("ces",))
def prioritization_list():
    return jsonify(g.services.ces.prioritization_list())
