"""Reports from the reporting read model."""
from flask import Blueprint, g, jsonify, request

from hmis_gateway.guard import protected
from reports.contract.schemas import AgencyClientCountSchema, ClientCountQuerySchema

bp = Blueprint("reports", __name__)


def _reported_agency(principal, services, kwargs):
    """The agency asked about (`?agency_id=`), by default the caller's own; the policy decides if allowed."""
    return request.args.get("agency_id") or principal["agency_id"]


@bp.get("/reports/clients-per-agency")
@protected("reports:read", "How many clients an agency has recorded", resource_type="report",
           owner=_reported_agency, query=ClientCountQuerySchema, returns=AgencyClientCountSchema, many=True,
           tags=("reports",))
def clients_per_agency():
    return jsonify(g.services.reports.clients_per_agency(_reported_agency(g.principal, g.services, {})))
