"""Compliance officers' views: policy decisions, and the audit trail of client-data access."""
from flask import Blueprint, jsonify, request

from hmis_gateway import decisions
from hmis_gateway.guard import current_gateway, protected
from hmis_gateway.schemas import DecisionQuerySchema, DecisionSchema
from hmis_gateway.audit_views import accesses, answer
from hmis_kit.audit import AccessQuerySchema, AccessSchema
from hmis_kit.errors import load_or_fail

bp = Blueprint("compliance", __name__)


def _decisions(filters: dict) -> list[dict]:
    query = load_or_fail(DecisionQuerySchema(), filters)
    with current_gateway().engine.connect() as connection:
        return DecisionSchema(many=True).dump(decisions.search(connection, query))


@bp.get("/decisions")
@protected("decisions:read", "Policy decisions, newest first, filtered", query=DecisionQuerySchema,
           returns=DecisionSchema, many=True, tags=("compliance",))
def list_decisions():
    return answer(_decisions(request.args.to_dict()), "decisions")


@bp.get("/audit/clients/<client_id>")
@protected("audit:read", "Every access to one client: audited reads and writes, and every denial",
           tags=("compliance",))
def client_access(client_id):
    audited = accesses({"client_id": client_id})
    denials = _decisions({"resource_id": client_id, "allowed": "false", "limit": 1000})
    if request.args.get("format") == "csv":
        return answer(audited, f"client-{client_id}-access")
    return jsonify({"accesses": audited, "denials": denials})


@bp.get("/audit/principals/<principal_id>")
@protected("audit:read", "Everything a user or API key accessed (`?since=&until=` ISO times)",
           query=AccessQuerySchema, returns=AccessSchema, many=True, tags=("compliance",))
def principal_access(principal_id):
    return answer(accesses({**request.args.to_dict(), "principal_id": principal_id}), f"principal-{principal_id}")


@bp.get("/audit/break-glass")
@protected("audit:read", "Every break-glass access by the HMIS lead", returns=AccessSchema, many=True,
           tags=("compliance",))
def break_glass():
    return answer(accesses({**request.args.to_dict(), "break_glass": "true"}), "break-glass")


@bp.get("/audit/invalid-consent")
@protected("audit:read", "Every access under a consent that was expired or revoked at the time (must be empty)",
           returns=AccessSchema, many=True, tags=("compliance",))
def invalid_consent():
    return answer(accesses({**request.args.to_dict(), "invalid_consent": "true"}), "invalid-consent")
