"""Compliance officers' view of the decision log."""
from flask import Blueprint, jsonify, request

from gateway import decisions
from gateway.guard import gateway, protected
from gateway.schemas import DecisionQuerySchema, DecisionSchema
from hmis_kit.errors import load_or_fail

bp = Blueprint("compliance", __name__)


@bp.get("/decisions")
@protected("decisions:read", "Policy decisions, newest first, filtered", query=DecisionQuerySchema,
           returns=DecisionSchema, many=True, tags=("compliance",))
def list_decisions():
    filters = load_or_fail(DecisionQuerySchema(), request.args.to_dict())
    with gateway().engine.connect() as connection:
        return jsonify(DecisionSchema(many=True).dump(decisions.search(connection, filters)))
