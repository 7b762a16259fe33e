"""HUD client records through the gateway: search before create, client edits with HUD's data-quality
codes, agency settings, and household enrollments with their exits, services and income records.

Every read or write of client data carries the gateway's `access` context to the clients service, which
writes the audit rows in the same transaction as the data."""
from flask import Blueprint, g, jsonify

from clients.schemas import ClientCandidateSchema, ClientCreateSchema, ClientSchema, ClientSearchSchema, \
    EnrollmentCreateSchema, ExitCreateSchema, HouseholdSchema, IncomeBenefitsCreateSchema, RecordedSchema, \
    ServiceCreateSchema, VictimServiceProviderSchema
from hmis_gateway.guard import client_facts, json_body, own_agency, protected

bp = Blueprint("hud", __name__)


# POST, not GET: names, a date of birth and SSN digits belong in a body, never in a URL that proxies,
# browsers and access logs keep.
@bp.post("/clients/search")
@protected("clients:read", "Search your agency's clients before recording a new one (tolerant of typos, scored; "
           "another agency's clients never appear)", resource_type="client_search", owner=own_agency,
           body=ClientSearchSchema, returns=ClientCandidateSchema, many=True, tags=("clients",))
def search_clients():
    return jsonify(g.services.clients.search_clients(json_body(), g.access))


@bp.put("/clients/<resource_id>")
@protected("clients:update", "Change a client's answers (only the fields sent; HUD's rules hold for the record "
           "as it will stand)", resource_type="client", details=client_facts, body=ClientCreateSchema,
           returns=ClientSchema, tags=("clients",))
def update_client(resource_id):
    return jsonify(g.services.clients.update_client(resource_id, json_body(), g.access))


def named_agency(principal, services, kwargs) -> str:
    return kwargs["resource_id"]


@bp.put("/agencies/<resource_id>/victim-service-provider")
@protected("agencies:manage", "Mark an agency a victim service provider: it may then store no client PII",
           resource_type="agency", owner=named_agency, body=VictimServiceProviderSchema,
           returns=VictimServiceProviderSchema, tags=("agencies",))
def set_victim_service_provider(resource_id):
    g.services.identity.get_agency(resource_id)  # an unknown agency is 404, not a setting kept for nobody
    return jsonify(g.services.clients.set_victim_service_provider(resource_id, json_body(), g.principal["id"]))


@bp.post("/enrollments")
@protected("enrollments:create", "Enroll a household (one head, each member a client of your agency) in one of "
           "your agency's projects", resource_type="enrollment", owner=own_agency, body=EnrollmentCreateSchema,
           returns=HouseholdSchema, tags=("enrollments",))
def enroll_household():
    return jsonify(g.services.clients.enroll_household(json_body(), g.access)), 201


def enrollment_owner(principal, services, kwargs) -> str:
    return services.clients.enrollment_owner(kwargs["resource_id"])


def _enrollment_record(path: str, rpc: str, summary: str, body) -> None:
    """A route recording one record of an enrollment, owned by the agency running its project."""
    @protected("enrollments:create", summary, resource_type="enrollment", owner=enrollment_owner, body=body,
               returns=RecordedSchema, tags=("enrollments",))
    def record(resource_id):
        return jsonify(getattr(g.services.clients, rpc)(resource_id, json_body(), g.access)), 201

    bp.add_url_rule(f"/enrollments/<resource_id>/{path}", f"record_{rpc}", record, methods=["POST"])


_enrollment_record("exit", "record_exit", "Exit an enrollment with its destination (not before entry; once)",
                   ExitCreateSchema)
_enrollment_record("services", "record_service", "Record a service or a bed night (record_type 200) within an "
                   "enrollment", ServiceCreateSchema)
_enrollment_record("income-benefits", "record_income_benefits", "Record income, benefits and health insurance "
                   "at a data-collection stage (1 start, 2 update, 3 exit, 5 annual assessment)",
                   IncomeBenefitsCreateSchema)
