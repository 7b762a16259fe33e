"""Compliance officers' views: policy decisions, the audit trail of client-data access, each row with
the name of its principal and agency (`audit_views.named`), the authentication log, and users and keys looked up
by name in that same shape (to pick whose accesses to read)."""
from datetime import datetime

from flask import Blueprint, g, jsonify, request

from hmis_gateway import decisions
from hmis_gateway.guard import current_gateway, protected
from hmis_gateway.schemas import ClientAccessSchema, DecisionQuerySchema, DecisionSchema
from hmis_gateway.audit_views import AUDITED_SERVICES, accesses, answer, csv_answer, filters, named, response_format
from hmis_kit.audit import AccessQuerySchema, AccessSchema, VerificationSchema
from hmis_kit.errors import load_or_fail
from identity.contract.schemas import (AuthEventQuerySchema, AuthEventSchema, PrincipalLookupQuerySchema,
                                      PrincipalNameSchema)

bp = Blueprint("compliance", __name__)


def _decisions(filters: dict) -> list[dict]:
    query = load_or_fail(DecisionQuerySchema(), filters)
    with current_gateway().engine.connect() as connection:
        return named(DecisionSchema(many=True).dump(decisions.search(connection, query)))


def _as_access(denial: dict) -> dict:
    """A denial as a row beside the audited accesses, for one CSV of both."""
    return {"occurred_at": denial["timestamp"], "principal_kind": denial["principal_kind"],
            "principal_id": denial["principal_id"], "principal_name": denial["principal_name"],
            "agency_id": denial["agency_id"], "agency_name": denial["agency_name"], "action": denial["action"],
            "decision_id": denial["decision_id"], "outcome": "denied", "reasons": denial["reasons"],
            "source": "decisions"}


@bp.get("/decisions")
@protected("decisions:read", "Policy decisions, newest first, filtered", query=DecisionQuerySchema,
           returns=DecisionSchema, many=True, csv=True, tags=("compliance",))
def list_decisions():
    return answer(_decisions(filters()), "decisions")


@bp.get("/audit/clients/<client_id>")
@protected("audit:read", "Every access to one client: audited reads and writes, and every denial (`?format=csv`: "
           "one table, denials with outcome `denied`)", returns=ClientAccessSchema, csv=True, tags=("compliance",))
def client_access(client_id):
    chosen = response_format()
    audited = named(accesses({"client_id": client_id}))
    denials = _decisions({"resource_id": client_id, "allowed": "false", "limit": 1000})
    if chosen == "csv":  # one table, oldest first: each denial beside the accesses, outcome "denied"
        rows = sorted([*audited, *map(_as_access, denials)], key=lambda row: datetime.fromisoformat(row["occurred_at"]))
        return csv_answer(rows, f"client-{client_id}-access")
    return jsonify({"accesses": audited, "denials": denials})


@bp.get("/principals")
@protected("principals:lookup", "Users and partner API keys whose name holds `?name=` (any case; or whose id it is), "
           "`?agency_id=` one agency's: each one's id, kind, name and agency, nothing more (no contact, role or "
           "license), to name a user in the compliance views", resource_type="principals",
           query=PrincipalLookupQuerySchema, returns=PrincipalNameSchema, many=True, tags=("compliance",))
def find_principals():
    return jsonify(g.services.identity.find_principals(request.args.to_dict()))


@bp.get("/audit/principals/<principal_id>")
@protected("audit:read", "Everything a user or API key accessed (`?since=&until=` ISO times)",
           query=AccessQuerySchema, returns=AccessSchema, many=True, csv=True, tags=("compliance",))
def principal_access(principal_id):
    return answer(named(accesses({**filters(), "principal_id": principal_id})), f"principal-{principal_id}")


@bp.get("/audit/break-glass")
@protected("audit:read", "Every break-glass access by the HMIS lead (`?since=&until=` ISO times)",
           query=AccessQuerySchema, returns=AccessSchema, many=True, csv=True, tags=("compliance",))
def break_glass():
    return answer(named(accesses({**filters(), "break_glass": "true"})), "break-glass")


@bp.get("/audit/invalid-consent")
@protected("audit:read", "Every access under a consent that was expired or revoked at the time, by the dates the "
           "policy saw or by when the revocation was recorded (must be empty; `?since=&until=` ISO times)",
           query=AccessQuerySchema, returns=AccessSchema, many=True, csv=True, tags=("compliance",))
def invalid_consent():
    return answer(named(accesses({**filters(), "invalid_consent": "true"})), "invalid-consent")


@bp.get("/audit/verification")
@protected("audit:read", "Each audited service's hash chain checked now, row by row and against its signed head, as "
           "`hmis audit verify` does: how many rows are intact and the first that is not; reads the whole trail",
           returns=VerificationSchema, many=True, tags=("compliance",))
def audit_verification():
    return jsonify([{"source": source, **getattr(g.services, source).audit_verification()}
                    for source in AUDITED_SERVICES])


@bp.get("/audit/authentication")
@protected("auth_log:read", "The authentication log, newest first: every login (refused or not) with its reason, "
           "session token or API key refused, and break-glass recovery; never a password or token",
           query=AuthEventQuerySchema, returns=AuthEventSchema, many=True, csv=True, tags=("compliance",))
def authentication_log():
    return answer(g.services.identity.auth_events(filters()), "authentication")
