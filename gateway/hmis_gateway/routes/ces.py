"""Coordinated Entry through the gateway (docs/ces.md): the CES team's instruments, policies and requirements,
assessments at an access point (recorded as HUD 4.19 on the client's enrollment), the prioritization list with
each rank explained, openings and referrals. Every route needs the CES Workflow training (the policy's
ces_actions); the CES team sees the whole community's, a provider its openings' referrals, a case worker their
agency's clients'."""
from flask import Blueprint, g, jsonify, request

from ces.contract.schemas import (CesAssessmentCreateSchema, CesAssessmentSchema, ClientStatusSchema,
                                  InstrumentCreateSchema, InstrumentSchema, ListClientSchema, ListEntrySchema,
                                  ListQuerySchema, ManualRankSchema, NoticeSchema, OpeningChangeSchema,
                                  OpeningCreateSchema, OpeningSchema, OpeningWithdrawalSchema,
                                  PolicyCreateSchema, PolicySchema, ReferralCreateSchema, ReferralQuerySchema,
                                  ReferralSchema, EligibilityRequirementCreateSchema, EligibilityRequirementSchema, StepSchema, SweepSchema)
from hmis_gateway.guard import ConsentsOf, body_field, json_body, protected

bp = Blueprint("ces", __name__)
TAGS = ("ces",)
SETTINGS = "ces_settings"


# The community's settings: the CES team writes them, everyone with the CES training reads them.

@bp.post("/ces/instruments")
@protected("ces:manage", "Add an assessment instrument, or a new version of one (same code): items, answer options "
           "with points and weights, and score bands with their recommendation", resource_type=SETTINGS,
           body=InstrumentCreateSchema, returns=InstrumentSchema, status=201, tags=TAGS)
def add_instrument():
    return jsonify(g.services.ces.add_instrument(json_body(), g.access))


@bp.get("/ces/instruments")
@protected("ces:read", "Every instrument, each version", resource_type=SETTINGS, returns=InstrumentSchema, many=True,
           tags=TAGS)
def list_instruments():
    return jsonify(g.services.ces.instruments())


@bp.post("/ces/policies")
@protected("ces:manage", "Add a prioritization policy, or a new version (same code): sort keys in order, the "
           "tie-breaker's seed and the referral workflow (deadlines, stall limit, parks, decline and override "
           "reasons). The newest in effect rules from its effective date", resource_type=SETTINGS,
           body=PolicyCreateSchema, returns=PolicySchema, status=201, tags=TAGS)
def add_policy():
    return jsonify(g.services.ces.add_policy(json_body(), g.access))


@bp.get("/ces/policies")
@protected("ces:read", "Every prioritization policy, each version", resource_type=SETTINGS, returns=PolicySchema,
           many=True, tags=TAGS)
def list_policies():
    return jsonify(g.services.ces.policies())


@bp.post("/ces/requirements")
@protected("ces:manage", "Add an eligibility requirement to a program, funding source, project or unit (inherited "
           "downward, all ANDed)", resource_type=SETTINGS, body=EligibilityRequirementCreateSchema, returns=EligibilityRequirementSchema,
           status=201, tags=TAGS)
def add_requirement():
    return jsonify(g.services.ces.add_requirement(json_body(), g.access))


@bp.get("/ces/requirements")
@protected("ces:read", "Every eligibility requirement", resource_type=SETTINGS, returns=EligibilityRequirementSchema, many=True,
           tags=TAGS)
def list_requirements():
    return jsonify(g.services.ces.requirements())


@bp.delete("/ces/requirements/<resource_id>")
@protected("ces:manage", "Drop a requirement (referrals made under it keep their snapshot)", resource_type=SETTINGS,
           status=204, tags=TAGS)
def remove_requirement(resource_id):
    g.services.ces.remove_requirement(resource_id)
    return ""


# Assessments and the list.

def _fits(schema, field: str, value) -> bool:
    """Whether one field of a body the view has not validated yet is what the schema takes (a string PostgreSQL can
    store, of its length), before it is looked up for the policy; if not, the service refuses it, naming the field."""
    return isinstance(value, str) and not schema.validate({field: value}, partial=True)


def assessed_enrollment(principal, services, kwargs) -> dict:
    """What the policy weighs about the enrollment an assessment is written on (the body's `enrollment_id`): the
    agency running its project and its client's consents; an assessment is client data of that agency's."""
    enrollment_id = body_field("enrollment_id")
    if not _fits(CesAssessmentCreateSchema(), "enrollment_id", enrollment_id):
        return {}  # the service refuses the body, naming the field
    facts = services.clients.enrollment_sharing_facts(enrollment_id)
    return {**facts, "consents": ConsentsOf(facts["client_id"])}


@bp.post("/ces/assessments")
@protected("ces:assess", "Assess a client at an access point with the instrument in force: scored, recorded as HUD "
           "4.19 on their coordinated entry enrollment, and placed on the prioritization list",
           resource_type="enrollment", details=assessed_enrollment, body=CesAssessmentCreateSchema,
           returns=CesAssessmentSchema, status=201, errors=(404, 409), tags=TAGS)
def record_assessment():
    return jsonify(g.services.ces.record_assessment(json_body(), g.access))


@bp.get("/ces/prioritization-list")
@protected("ces:read", "The prioritization list in the policy's order, each rank explained by each key's value (the "
           "CES team: every agency's clients; others: their agency's, with community ranks); audited, a row per "
           "client",
           resource_type="ces_list", query=ListQuerySchema, returns=ListEntrySchema, many=True, tags=TAGS)
def prioritization_list():
    return jsonify(g.services.ces.prioritization_list(request.args.to_dict(), g.access))


def list_client_agency(principal, services, kwargs) -> str:
    return services.ces.list_agency(kwargs["resource_id"])


@bp.put("/ces/clients/<resource_id>/manual-rank")
@protected("ces:manage", "Give a client on the list a manual rank (case conferencing; null clears it)",
           resource_type="ces_client", owner=list_client_agency, body=ManualRankSchema, returns=ListClientSchema,
           tags=TAGS)
def set_manual_rank(resource_id):
    return jsonify(g.services.ces.set_manual_rank(resource_id, json_body()))


@bp.put("/ces/clients/<resource_id>/status")
@protected("ces:manage", "Set a client's place on the list: active, housed, deceased or inactive",
           resource_type="ces_client", owner=list_client_agency, body=ClientStatusSchema, returns=ListClientSchema,
           tags=TAGS)
def set_list_status(resource_id):
    return jsonify(g.services.ces.set_list_status(resource_id, json_body()))


# Openings and referrals.

def project_agency(principal, services, kwargs) -> str | None:
    """The agency running the project an opening is of (the body's `project_id`)."""
    project_id = body_field("project_id")
    return services.clients.descriptor_owner("projects", project_id) if _fits(OpeningCreateSchema(), "project_id",
                                                                              project_id) else None


@bp.post("/ces/openings")
@protected("ces:respond", "Post a housing opening (a unit or voucher of one of your agency's projects; the CES team: "
           "any agency's)", resource_type="ces_opening", owner=project_agency, body=OpeningCreateSchema,
           returns=OpeningSchema, status=201, errors=(404,), tags=TAGS)
def post_opening():
    # The service refuses a body without a project (naming the field) before it reads the agency.
    return jsonify(g.services.ces.post_opening(json_body(), project_agency(g.principal, g.services, {}), g.access))


@bp.get("/ces/openings")
@protected("ces:read", "Openings, newest first (the CES team: every agency's; others: their agency's)",
           resource_type="ces_opening", returns=OpeningSchema, many=True, tags=TAGS)
def list_openings():
    return jsonify(g.services.ces.openings(g.access))


def opening_agency(principal, services, kwargs) -> str:
    return services.ces.opening_agency(kwargs["resource_id"])


@bp.patch("/ces/openings/<resource_id>")
@protected("ces:respond", "Edit an open opening (your agency's; the CES team: any): its unit, the day it is available, "
           "its program, funding source or HUD EventType; not its project. 409 naming its state unless open",
           resource_type="ces_opening", owner=opening_agency, body=OpeningChangeSchema, returns=OpeningSchema,
           errors=(404, 409), tags=TAGS)
def change_opening(resource_id):
    return jsonify(g.services.ces.change_opening(resource_id, json_body()))


@bp.post("/ces/openings/<resource_id>/withdrawal")
@protected("ces:respond", "Withdraw an open opening (your agency's; the CES team: any) with one of the reasons: it "
           "leaves matching for good. 409 naming its state unless open (a referral holding it must end first)",
           resource_type="ces_opening", owner=opening_agency, body=OpeningWithdrawalSchema, returns=OpeningSchema,
           errors=(404, 409), tags=TAGS)
def withdraw_opening(resource_id):
    return jsonify(g.services.ces.withdraw_opening(resource_id, json_body(), g.access))


@bp.post("/ces/openings/<resource_id>/referrals")
@protected("ces:manage", "Match an open opening: refer the highest-ranked eligible client (or, overriding, the client "
           "named with one of the policy's override reasons), locking the opening; 409 release_consent_missing if "
           "that client has no consent in force releasing their record to the provider's agency",
           resource_type="ces_opening",
           owner=opening_agency, body=ReferralCreateSchema, returns=ReferralSchema, status=201, errors=(409,),
           tags=TAGS)
def propose_referral(resource_id):
    return jsonify(g.services.ces.propose_referral(resource_id, json_body(), g.access))


def referral_parties(principal, services, kwargs) -> dict:
    parties = services.ces.referral_parties(kwargs["resource_id"])
    return {"parties": [parties["provider_agency_id"], parties["client_agency_id"]]}


@bp.get("/ces/referrals")
@protected("ces:read", "Referrals, newest first (the CES team: all; others: those of their agency's openings and "
           "clients); audited, a row per client", resource_type="ces_referrals", query=ReferralQuerySchema,
           returns=ReferralSchema, many=True, tags=TAGS)
def list_referrals():
    return jsonify(g.services.ces.referrals(request.args.to_dict(), g.access))


@bp.get("/ces/referrals/<resource_id>")
@protected("ces:read", "A referral with its steps, owners, deadline, requirements snapshot and history; audited",
           resource_type="ces_referral", details=referral_parties, returns=ReferralSchema, tags=TAGS)
def read_referral(resource_id):
    return jsonify(g.services.ces.referral(resource_id, g.access))


@bp.post("/ces/referrals/<resource_id>/steps")
@protected("ces:respond", "Take a referral's next step: start (the case worker), accept (the provider), decline (by "
           "client or provider, with one of the policy's reasons), cancel (the CES team, with an override reason); "
           "the CES team may take any step", resource_type="ces_referral", details=referral_parties, body=StepSchema,
           returns=ReferralSchema, errors=(409,), tags=TAGS)
def take_step(resource_id):
    return jsonify(g.services.ces.take_step(resource_id, json_body(), g.access))


@bp.post("/ces/sweep")
@protected("ces:manage", "Run the scheduled sweep now: expire overdue steps, tell each step's owner of a stalled "
           "referral and of a deadline near (kept as notices), end parks",
           resource_type=SETTINGS, returns=SweepSchema, tags=TAGS)
def sweep():
    return jsonify(g.services.ces.sweep())


# Notices: the sweep's word to a step's owner.

@bp.get("/ces/notices")
@protected("ces:read", "The signed-in user's notices: referrals at a step of their agency's (the CES team: every "
           "agency's) that stalled or whose deadline is near, while still at that step; each says whether this user "
           "has seen it", resource_type="ces_notices", returns=NoticeSchema, many=True, tags=TAGS)
def list_notices():
    return jsonify(g.services.ces.notices(g.access))


def notice_agency(principal, services, kwargs) -> str:
    return services.ces.notice_agency(kwargs["resource_id"])


@bp.post("/ces/notices/<resource_id>/seen")
@protected("ces:respond", "Mark a notice seen, for the signed-in user only (a notice of their agency's; the CES "
           "team: any)", resource_type="ces_notice", owner=notice_agency, status=204, tags=TAGS)
def mark_notice_seen(resource_id):
    g.services.ces.mark_notice_seen(resource_id, g.access)
    return ""
