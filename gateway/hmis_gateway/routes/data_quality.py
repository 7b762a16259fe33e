"""Data-quality findings through the gateway: which of HUD's data-quality rules an agency's stored records break,
listed and counted per agency, project, rule, file and period (`found_at`, since when).

A finding belongs to the agency owning its record, as the record does for the policy (docs/clients.md, "Data-quality
findings"): `?agency_id=` names the agency, and without it the list spans every agency, which only the HMIS lead
reads (the policy input's `agency_ids`, as for the review list of possible duplicates). A page of findings writes
an audit row in the clients service for each client it is about; counts name no record."""
from flask import Blueprint, g, jsonify, request

from clients.contract.schemas import FindingCountQuerySchema, FindingCountSchema, FindingQuerySchema, FindingSchema
from hmis_gateway.guard import listed_agencies, protected

bp = Blueprint("data_quality", __name__)
TAGS = ("data quality",)
RESOURCE = "data_quality_findings"


@bp.get("/data-quality/findings")
@protected("data_quality:read", "Data-quality findings of an agency's records (`?agency_id=`; without it every "
           "agency's, for the HMIS lead), in the order found, `?limit=` a page (the next: `?after=` the last `id`); "
           "`?project_id=&rule_id=&file=&client_id=&since=&until=` narrow them (the period on `found_at`)",
           resource_type=RESOURCE, details=listed_agencies, query=FindingQuerySchema, returns=FindingSchema,
           many=True, tags=TAGS)
def list_findings():
    return jsonify(g.services.clients.data_quality_findings(request.args.to_dict(), g.access))


@bp.get("/data-quality/findings/counts")
@protected("data_quality:read", "How many data-quality findings, and of how many records, per rule, project, agency "
           "or file (`?group_by=`, rule by default), under the same filters as the list", resource_type=RESOURCE,
           details=listed_agencies, query=FindingCountQuerySchema, returns=FindingCountSchema, many=True, tags=TAGS)
def count_findings():
    return jsonify(g.services.clients.data_quality_counts(request.args.to_dict()))
