"""Compliance officers' view of the decision log."""
from flask import Blueprint, jsonify, request

from hmis_gateway import decisions
from hmis_gateway.guard import current_gateway, protected
from hmis_gateway.schemas import DecisionQuerySchema, DecisionSchema
from hmis_kit.errors import load_or_fail

bp = Blueprint("compliance", __name__)


@bp.get("/decisions")
@protected("decisions:read", "Policy decisions, newest first, filtered", query=DecisionQuerySchema,
           returns=DecisionSchema, many=True, tags=("compliance",))
def list_decisions():
    filters = load_or_fail(DecisionQuerySchema(), request.args.to_dict())
    with current_gateway().engine.connect() as connection:
        return jsonify(DecisionSchema(many=True).dump(decisions.search(connection, filters)))
