"""Client records. Every read or write carries the gateway's `access` context to the clients service,
which writes the audit row in the same transaction as the data."""
from flask import Blueprint, g, jsonify

from clients.contract.schemas import ClientCreateSchema, ClientSchema
from hmis_gateway.guard import client_facts, json_body, own_agency, protected
from hmis_gateway.schemas import ClientRecordSchema
from hmis_gateway.audit_views import accesses, csv_answer, response_format

bp = Blueprint("clients", __name__)


@bp.post("/clients")
@protected("clients:create", "Record a new client for your agency", resource_type="client", owner=own_agency,
           body=ClientCreateSchema, returns=ClientSchema, status=201, tags=("clients",))
def create_client():
    return jsonify(g.services.clients.create_client(json_body(), g.access))


@bp.get("/clients/<resource_id>")
@protected("clients:read", "Read one client record (another agency: under consent; the HMIS lead: break glass "
           "with X-Break-Glass-Reason)", resource_type="client", details=client_facts,
           returns=ClientSchema, tags=("clients",))
def get_client(resource_id):
    return jsonify(g.services.clients.get_client(resource_id, g.access))


@bp.get("/clients/<resource_id>/record")
@protected("clients:export", "A client's own record and its access history, for the client's right of access "
           "(`?format=csv` for the access history as CSV)", resource_type="client", details=client_facts,
           returns=ClientRecordSchema, csv=True, tags=("clients",))
def client_record(resource_id):
    chosen = response_format()  # before the record is read, and audited
    client = g.services.clients.client_record(resource_id, g.access)
    # The history spans every service holding this client's data (consents too), not the clients service alone.
    history = accesses({"client_id": resource_id})
    if chosen == "csv":
        return csv_answer(history, f"access-history-{resource_id}")
    return jsonify({"client": client, "access_history": history})
