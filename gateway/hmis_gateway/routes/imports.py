"""HMIS CSV imports through the API: the export (a zip) is the request body; the import runs in the
background and its job answers how far it has read and, at the end, its report per file and row."""
import csv
import io
from collections.abc import Iterator

from flask import Blueprint, Response, g, jsonify, request, stream_with_context

from clients.contract.schemas import (CsvImportReportEntrySchema, CsvImportReportPageSchema,
                                      CsvImportReportQuerySchema, CsvImportRequestSchema, CsvImportSchema)
from hmis_gateway.audit_views import filters, response_format
from hmis_gateway.guard import current_gateway, listed_agency, protected
from hmis_gateway.uploads import stream_csv_import

bp = Blueprint("imports", __name__)
# The largest export taken (a whole CoC's, for years, is some hundreds of MB): past it, 413 before a job opens.
MAX_EXPORT_BYTES = 2 << 30
REPORT_COLUMNS = list(CsvImportReportEntrySchema().fields)  # file, line, record_id, field, rule_id, value, ...
CSV_PAGE = 1000  # entries a CSV download asks the service for at a time


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


@bp.get("/csv-imports/<resource_id>/report")
@protected("csv:import", "An import's full report, once it has ended: every row rejected, left out, repaired or "
           "flagged, a page at a time (`page`, `per_page`), or all of it with `?format=csv`; 409 while it runs",
           resource_type="csv_import", owner=import_agency, query=CsvImportReportQuerySchema,
           returns=CsvImportReportPageSchema, csv=True, errors=(409,), tags=("csv",))
def import_report(resource_id):
    if response_format() != "csv":
        return jsonify(g.services.clients.csv_import_report(resource_id, filters()))
    first = g.services.clients.csv_import_report(resource_id, {**filters(), "page": 1, "per_page": CSV_PAGE})
    return Response(stream_with_context(_report_csv(resource_id, first)), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=import-{resource_id}-report.csv"})


def _report_csv(import_id: str, first: dict) -> Iterator[str]:
    """The whole report as CSV, a page at a time: asked for here, as the answer is sent (each page with a
    proxy of its own, for the view's is given back once it returns), so no report is held whole."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    page = first
    while True:
        writer.writerows(page["entries"])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        if page["page"] >= page["pages"]:
            return
        with current_gateway().rpc.cluster() as services:
            page = services.clients.csv_import_report(import_id, {"page": page["page"] + 1, "per_page": CSV_PAGE})
