"""HMIS CSV imports through the API: the export (a zip) is the request body; the import runs in the
background and its job answers how far it has read and, at the end, its report per file and row."""
from flask import Blueprint, g, jsonify, request

from clients.contract.schemas import CsvImportRequestSchema, CsvImportSchema
from hmis_gateway.guard import listed_agency, protected
from hmis_gateway.uploads import stream_csv_import

bp = Blueprint("imports", __name__)
# The largest export taken (a whole CoC's, for years, is some hundreds of MB): past it, 413 before a job opens.
MAX_EXPORT_BYTES = 2 << 30


@bp.post("/csv-imports")
@protected("csv:import", "Import an HMIS CSV FY2026 export (the body: a zip of its files) in the background; "
           "answers the job (202) to follow at /csv-imports/{id}", resource_type="csv_import", owner=listed_agency,
           query=CsvImportRequestSchema, raw_body="application/zip", body_limit=MAX_EXPORT_BYTES,
           returns=CsvImportSchema, errors=(409,), status=202, tags=("csv",))
def start_import():
    request_fields = {**request.args.to_dict(), "agency_id": listed_agency(g.principal, g.services, {})}
    opened = g.services.clients.open_csv_import(request_fields)
    # To the clients service's own port: an export of a whole CoC is larger than any message should be.
    stream_csv_import(g.services.clients, opened["id"], request.stream)
    # the worker audits the import for `access`
    return jsonify(g.services.clients.start_csv_import(opened["id"], g.access))


def import_agency(principal, services, kwargs) -> str:
    return services.clients.csv_import_agency(kwargs["resource_id"])


@bp.get("/csv-imports/<resource_id>")
@protected("csv:import", "An import job: its status, progress (0 to 1) and, when finished, its report",
           resource_type="csv_import", owner=import_agency, returns=CsvImportSchema, tags=("csv",))
def get_import(resource_id):
    return jsonify(g.services.clients.csv_import(resource_id))


@bp.post("/csv-imports/<resource_id>/cancel")
@protected("csv:import", "Cancel an import job that has not finished: it ends `cancelled` and writes nothing; "
           "409 once it has finished", resource_type="csv_import", owner=import_agency, returns=CsvImportSchema,
           errors=(409,), tags=("csv",))
def cancel_import(resource_id):
    return jsonify(g.services.clients.cancel_csv_import(resource_id))
