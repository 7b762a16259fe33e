"""Client records. Every read or write carries the gateway's `access` context to the clients service,
which writes the audit row in the same transaction as the data."""
from flask import Blueprint, g, jsonify

from clients.contract.schemas import ClientCreateSchema, ClientSchema
from hmis_gateway.guard import access_context, client_facts, current_gateway, json_body, own_agency, policy_input, \
    protected
from hmis_gateway.schemas import ClientRecordSchema, ClientSummarySchema
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


# The parts of a client's summary beside the record, each read under a policy decision of its own, as its own route
# would read it: (key, action, the resource the policy weighs, the read).
FINDINGS_SHOWN = 100


def _summary_parts(resource_id: str, facts: dict) -> tuple:
    agency_id = g.principal["agency_id"]
    client = {"type": "client", "id": resource_id, **facts}
    return (
        ("consents", "consents:read", client, lambda services, access: {
            "status": services.consent.client_status(resource_id, {}, access),
            "list": services.consent.client_consents(resource_id, {}, access)}),
        ("enrollments", "enrollments:read", client,
         lambda services, access: services.clients.client_enrollments(resource_id, access)),
        ("findings", "data_quality:read", {"type": "data_quality_findings", "id": None, "agency_id": None,
                                           "agency_ids": [agency_id]},
         lambda services, access: services.clients.data_quality_findings(
             {"agency_id": agency_id, "client_id": resource_id, "limit": FINDINGS_SHOWN}, access)),
    )


@bp.get("/clients/<resource_id>/summary")
@protected("clients:read", "A client's profile in one call: the record, consent badges and consents, enrollments, "
           f"and up to {FINDINGS_SHOWN} of your agency's data-quality findings about them. Each part is read under "
           "its own policy decision (consents:read, enrollments:read, data_quality:read), as its own route would "
           "be; a part you may not read is null, with the policy's reasons under `withheld`",
           resource_type="client", details=client_facts, returns=ClientSummarySchema, tags=("clients",))
def client_summary(resource_id):
    summary = {"client": g.services.clients.get_client(resource_id, g.access), "withheld": {}}
    facts = client_facts(g.principal, g.services, {"resource_id": resource_id})
    for key, action, resource, read in _summary_parts(resource_id, facts):
        question = policy_input(g.principal, action, dict(resource))
        decision_id, decision = current_gateway().authorize(question)
        if decision.allow:
            summary[key] = read(g.services, access_context(question, decision_id, decision))
        else:
            summary[key] = None
            summary["withheld"][key] = list(decision.reasons)
    return jsonify(summary)
