"""HUD client records through the gateway: search before create, client edits with HUD's data-quality
codes, agency settings, and household enrollments with every record they carry, read and written.

Every read or write of client data carries the gateway's `access` context to the clients service, which
writes the audit rows in the same transaction as the data."""
from flask import Blueprint, g, jsonify, request

from clients.contract.records import KINDS
from clients.contract.schemas import RECORD_SCHEMAS, ClientCandidateSchema, ClientCreateSchema, ClientEnrollmentSchema, \
    ClientSchema, ClientSearchSchema, EnrollmentCreateSchema, EnrollmentRecordSchema, HouseholdSchema, \
    HouseholdStaySchema, RecordedSchema, RosterEntrySchema, RosterQuerySchema, ServiceBatchSchema, ServicesRecordedSchema, \
    VictimServiceProviderSchema
from hmis_gateway.errors import Forbidden
from hmis_gateway.guard import ConsentsOf, access_context, client_facts, current_gateway, json_body, own_agency, \
    policy_input, protected
from hmis_kit.errors import NotFound

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
           returns=HouseholdSchema, status=201, tags=("enrollments",))
def enroll_household():
    return jsonify(g.services.clients.enroll_household(json_body(), g.access))


def enrollment_facts(principal, services, kwargs) -> dict:
    """What the policy weighs about an enrollment: the agency running its project, and its client's
    consents and victim-service-provider flag."""
    facts = services.clients.enrollment_sharing_facts(kwargs["resource_id"])
    return {**facts, "consents": ConsentsOf(facts["client_id"])}


@bp.get("/enrollments/<resource_id>")
@protected("enrollments:read", "An enrollment with its exit and every record it carries (another agency: under a "
           "consent covering enrollments, and only the parts of the record its scope covers)",
           resource_type="enrollment", details=enrollment_facts, returns=EnrollmentRecordSchema,
           errors=(409,), tags=("enrollments",))
def read_enrollment(resource_id):
    return jsonify(g.services.clients.enrollment_record(resource_id, g.access))


def household_facts(principal, services, kwargs) -> dict:
    """An enrollment's household is the agency running its project's alone: one member's consent does not share
    the others' stays, so no consents are weighed."""
    facts = services.clients.enrollment_sharing_facts(kwargs["resource_id"])
    return {"agency_id": facts["agency_id"], "victim_service_provider": facts["victim_service_provider"]}


@bp.get("/enrollments/<resource_id>/household")
@protected("enrollments:read", "An enrollment's household: each member's enrollment, the head first, with its exit "
           "date (ids and dates; the agency running the project only)", resource_type="enrollment",
           details=household_facts, returns=HouseholdStaySchema, errors=(409,), tags=("enrollments",))
def read_household(resource_id):
    return jsonify(g.services.clients.household(resource_id, g.access))


def project_clients_facts(principal, services, kwargs) -> dict:
    """A project's clients are the agency running it's alone, as a household is: no one client's consent opens the
    list of the others."""
    return services.clients.project_sharing_facts(kwargs["resource_id"])


@bp.get("/projects/<resource_id>/roster")
@protected("enrollments:read", "Who is in one of your projects on a night (`?on=`): each enrollment entered by then "
           "and not exited by it, with the client's name and whether their bed night (4.14) of that date is recorded; "
           "audited, a row per client", resource_type="enrollment", details=project_clients_facts,
           query=RosterQuerySchema, returns=RosterEntrySchema, many=True, errors=(409,), tags=("enrollments",))
def project_roster(resource_id):
    return jsonify(g.services.clients.project_roster(resource_id, request.args.to_dict(), g.access))


@bp.get("/clients/<resource_id>/enrollments")
@protected("enrollments:read", "A client's enrollments, newest first, each with its exit date and destination",
           resource_type="client", details=client_facts, returns=ClientEnrollmentSchema, many=True,
           tags=("enrollments",))
def client_enrollments(resource_id):
    return jsonify(g.services.clients.client_enrollments(resource_id, g.access))


# One route per kind of record an enrollment carries (clients.records.KINDS).
SUMMARIES = {
    "exit": "Exit an enrollment; `destination` 99 when not said (not before entry; once)",
    "service": "Record a service or a bed night (record_type 200) within an enrollment (a bed night before the exit "
               "date, one a date: 409 for a second)",
    "income_benefits": "Record income, benefits and health insurance (4.02-4.04) at a data-collection stage",
    "health_and_dv": "Record health and domestic violence (4.11, R7-R8) at a data-collection stage",
    "employment_education": "Record employment and education (R4, R6) at a data-collection stage",
    "disability": "Record one disability (4.05-4.10) at a data-collection stage",
    "current_living_situation": "Record a current living situation (4.12) within an enrollment",
    "assessment": "Record a coordinated entry assessment (4.19) with its questions and results",
    "event": "Record a coordinated entry event (4.20): a referral or a diversion",
    "youth_education_status": "Record a youth's education status (C3) at a data-collection stage",
}
STAGED = (" (1 start and 3 exit once each, 3 only after the exit; 5 within 30 days of an anniversary of the head of "
          "household's entry, once per anniversary)")


def _enrollment_record(kind) -> None:
    """A route recording one record of an enrollment, owned by the agency running its project."""
    @protected("enrollments:create", SUMMARIES[kind.name] + (STAGED if kind.staged else ""),
               resource_type="enrollment", details=enrollment_facts, body=RECORD_SCHEMAS[kind.name],
               returns=RecordedSchema, errors=(409,), status=201, tags=("enrollments",))
    def record(resource_id):
        return jsonify(g.services.clients.add_record(kind.name, resource_id, json_body(), g.access))

    bp.add_url_rule(f"/enrollments/<resource_id>/{kind.path}", f"record_{kind.name}", record, methods=["POST"])


for _kind in KINDS:
    _enrollment_record(_kind)


@bp.post("/services/batch")
@protected("enrollments:create", "Record many services at once, each on the enrollment it names: a night's bed nights "
           "(record_type 200) for a shelter's clients, or one client's for a run of dates. Each enrollment is decided "
           "on as a single service's is (another agency's refuses the batch, 403 naming the items); all or nothing: "
           "an item breaking a rule (a date outside its enrollment, a bed night on the exit date or already recorded) "
           "refuses the batch, naming each item by its index with its fields (422, or 409 when every problem is a "
           "record already there)", resource_type="service_batch", owner=own_agency, body=ServiceBatchSchema,
           returns=ServicesRecordedSchema, errors=(404, 409), status=201, tags=("enrollments",))
def record_services():
    items = json_body(ServiceBatchSchema)["services"]
    ids = sorted({item["enrollment_id"] for item in items})
    facts = g.services.clients.enrollments_sharing_facts(ids)
    unknown = {index: {"enrollment_id": ["no such enrollment"]} for index, item in enumerate(items)
               if item["enrollment_id"] not in facts}
    if unknown:
        raise NotFound("no such enrollment", {"services": unknown})
    questions = {enrollment_id: policy_input(g.principal, "enrollments:create", {
        "type": "enrollment", "id": enrollment_id, "agency_id": facts[enrollment_id]["agency_id"],
        "victim_service_provider": facts[enrollment_id]["victim_service_provider"],
        "consents": ConsentsOf(facts[enrollment_id]["client_id"])}) for enrollment_id in ids}
    decided = dict(zip(ids, current_gateway().authorize_each(list(questions.values()))))
    refused = {enrollment_id: (decision_id, decision) for enrollment_id, (decision_id, decision) in decided.items()
               if not decision.allow}
    if refused:
        reasons = sorted({reason for _, decision in refused.values() for reason in decision.reasons})
        raise Forbidden(tuple(reasons), next(iter(refused.values()))[0], {"services": {
            index: {"enrollment_id": sorted(refused[item["enrollment_id"]][1].reasons)}
            for index, item in enumerate(items) if item["enrollment_id"] in refused}},
            "the policy denied the items named in fields; none was recorded")
    accesses = {enrollment_id: access_context(questions[enrollment_id], decision_id, decision)
                for enrollment_id, (decision_id, decision) in decided.items()}
    return jsonify(g.services.clients.add_services(json_body(), accesses))
