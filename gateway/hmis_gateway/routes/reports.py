"""Reports: the reporting read model's counts, and HUD report runs (the reports service's engine).

A run is queued (202) and computed in the background; its status and progress, its questions and cells (counts:
`reports:read`), its Sage upload zip and XLSX workbook follow. The runs are listed to the agency whose people asked
for them, and every run to the HMIS lead. The people behind a cell (`reports:drill_down`) are
HUD ids only, and only those the caller may see: the HMIS lead (a system administrator) every member,
anyone else the members whose enrollment in the report is in a project of their own agency (the clients service
says which projects those are). Every page of members is audited in the clients service, client by client, before
it is answered. The same page with names (`/members/names`) adds each member's first and last name where the caller
may read that client's record (hmis_gateway/member_names.py), read and audited through the clients service."""
import base64

from flask import Blueprint, Response, g, jsonify, request

from clients.contract.schemas import REPORT_READS_AT_ONCE
from hmis_gateway import member_names
from hmis_gateway.guard import ConsentsOf, access_context, current_gateway, json_body, own_agency, policy_input, protected
from hmis_gateway.schemas import NamedReportMembersPageSchema
from reports.contract.schemas import (AgencyClientCountSchema, ClientCountQuerySchema, ReportCellMembersQuerySchema,
                                      ReportMembersPageSchema, ReportQuestionSchema, ReportQuestionSummarySchema,
                                      ReportRunPageSchema, ReportRunQuerySchema, ReportRunRequestSchema,
                                      ReportRunSchema)

bp = Blueprint("reports", __name__)
RUN = "report_run"
TAGS = ("reports",)
LEAD_ROLE = "system_admin"  # the HMIS lead's role: a drill-down spanning every agency's projects
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _reported_agency(principal, services, kwargs):
    """The agency asked about (`?agency_id=`), by default the caller's own; the policy decides if allowed."""
    return request.args.get("agency_id") or principal["agency_id"]


@bp.get("/reports/clients-per-agency")
@protected("reports:read", "How many clients an agency has recorded", resource_type="report",
           owner=_reported_agency, query=ClientCountQuerySchema, returns=AgencyClientCountSchema, many=True,
           tags=("reports",))
def clients_per_agency():
    return jsonify(g.services.reports.clients_per_agency(_reported_agency(g.principal, g.services, {})))


@bp.post("/report-runs")
@protected("reports:run", "Run a HUD report (apr, caper, ce-apr or data-quality) for a period, in the background; "
           "answers the run (202) to follow at /report-runs/{id}", resource_type=RUN, owner=own_agency,
           body=ReportRunRequestSchema, returns=ReportRunSchema, status=202, tags=TAGS)
def queue_run():
    return jsonify(g.services.reports.queue_report_run(json_body(), g.access))


def listed_run_agencies(principal, services, kwargs) -> dict:
    """Whose runs a list holds (the agencies of the people who asked for them): `?agency_id=`'s; without it, the
    HMIS lead's every agency's (none named), anyone else's their own agency's (drill_down_agencies). The policy holds
    a list naming no agency, or another agency, to the lead."""
    named = request.args.get("agency_id")
    return {"agency_ids": [named]} if named else drill_down_agencies(principal, services, kwargs)


@bp.get("/report-runs")
@protected("reports:read", "Report runs, newest first, a page at a time (`page`, `per_page`; `?report=&status=` "
           "narrow them): those asked for by your agency's people; the HMIS lead every agency's (`?agency_id=` one "
           "agency's)", resource_type="report_runs", details=listed_run_agencies, query=ReportRunQuerySchema,
           returns=ReportRunPageSchema, tags=TAGS)
def list_runs():
    agencies = listed_run_agencies(g.principal, g.services, {})["agency_ids"]
    return jsonify(g.services.reports.report_runs(
        {**request.args.to_dict(), "agency_id": agencies[0] if agencies else None}))


@bp.get("/report-runs/<resource_id>")
@protected("reports:read", "A report run: its status, progress (questions done out of all), parameters and, once "
           "finished, its summary or error", resource_type=RUN, returns=ReportRunSchema, tags=TAGS)
def get_run(resource_id):
    return jsonify(g.services.reports.report_run(resource_id))


@bp.post("/report-runs/<resource_id>/cancel")
@protected("reports:run", "Cancel a run that has not finished: it ends `cancelled` and stores nothing; 409 once it "
           "has finished", resource_type=RUN, returns=ReportRunSchema, errors=(409,), tags=TAGS)
def cancel_run(resource_id):
    return jsonify(g.services.reports.cancel_report_run(resource_id))


@bp.get("/report-runs/<resource_id>/questions")
@protected("reports:read", "The questions a run answered, in the report's order; 409 until it has succeeded",
           resource_type=RUN, returns=ReportQuestionSummarySchema, many=True, errors=(409,), tags=TAGS)
def list_questions(resource_id):
    return jsonify(g.services.reports.report_questions(resource_id))


@bp.get("/report-runs/<resource_id>/questions/<question_id>")
@protected("reports:read", "One question of a run: its labels and every cell (value, shaded, how many people); "
           "409 until the run has succeeded", resource_type=RUN, returns=ReportQuestionSchema, errors=(409,),
           tags=TAGS)
def get_question(resource_id, question_id):
    return jsonify(g.services.reports.report_question(resource_id, question_id))


@bp.get("/report-runs/<resource_id>/zip")
@protected("reports:read", "The run as HUD's Sage takes it: a zip of one CSV per question (`Q7a.csv`); 409 until "
           "the run has succeeded", resource_type=RUN, raw_answer=("application/zip",), errors=(409,), tags=TAGS)
def sage_zip(resource_id):
    return _download(g.services.reports.report_sage_zip(resource_id), "application/zip", f"report-{resource_id}.zip")


@bp.get("/report-runs/<resource_id>/xlsx")
@protected("reports:read", "The run as an XLSX workbook, one sheet per question; 409 until the run has succeeded",
           resource_type=RUN, raw_answer=(XLSX,), errors=(409,), tags=TAGS)
def workbook(resource_id):
    return _download(g.services.reports.report_workbook(resource_id), XLSX, f"report-{resource_id}.xlsx")


def _download(content: str, media_type: str, name: str) -> Response:
    return Response(base64.b64decode(content), mimetype=media_type,
                    headers={"Content-Disposition": f"attachment; filename={name}"})


def drill_down_agencies(principal, services, kwargs) -> dict:
    """Whose members a drill-down lists: the HMIS lead's, every agency's (none named); anyone else's, their own
    agency's. The policy holds a drill-down naming no agency to the lead."""
    spans_all = principal["kind"] == "user" and LEAD_ROLE in principal["roles"]
    return {"agency_ids": [] if spans_all else [principal["agency_id"]]}


@bp.get("/report-runs/<resource_id>/questions/<question_id>/cells/<row>/<column>/members")
@protected("reports:drill_down", "The people behind a cell, a page at a time (`page`, `per_page`): HUD ids only "
           "(PersonalID, EnrollmentID, HouseholdID, ProjectID), those in your agency's projects (the HMIS lead: "
           "everyone); each page audited", resource_type=RUN, details=drill_down_agencies,
           query=ReportCellMembersQuerySchema, returns=ReportMembersPageSchema, errors=(409,), tags=TAGS)
def cell_members(resource_id, question_id, row, column):
    return jsonify(_members_page(resource_id, question_id, row, column))


@bp.get("/report-runs/<resource_id>/questions/<question_id>/cells/<row>/<column>/members/names")
@protected("reports:drill_down", "The people behind a cell as /members lists them, each with a first and last name "
           "where you may read that client's record (as GET /clients/{id} decides, without breaking the glass), "
           "read through the clients service and audited; for anyone else the name is withheld, with the reasons",
           resource_type=RUN, details=drill_down_agencies, query=ReportCellMembersQuerySchema,
           returns=NamedReportMembersPageSchema, errors=(409,), tags=TAGS)
def named_cell_members(resource_id, question_id, row, column):
    page = _members_page(resource_id, question_id, row, column)
    shown = _shown(page["members"])
    facts = g.services.clients.report_member_facts({"records": shown}) if shown else []
    page["members"] = member_names.with_names(
        page["members"], facts, _decide, lambda reads: g.services.clients.report_member_names({"reads": reads}),
        lambda fact: member_names.read_question(fact, lambda action, resource: policy_input(g.principal, action, resource),
                                                ConsentsOf))
    return jsonify(page)


def _members_page(resource_id, question_id, row, column) -> dict:
    """A page of a cell's members the caller may see, audited before anything is answered."""
    page = g.services.reports.report_cell_members(resource_id, {"question": question_id, "row": row, "column": column},
                                                  request.args.to_dict(), _scope())
    _audit(page["members"])
    return page


def _decide(questions: list[dict]) -> list[dict]:
    """Each question's decision, logged (member_names.with_names's `decide`)."""
    decided = current_gateway().authorize_each(questions)
    return [{"access": access_context(question, decision_id, decision), "reasons": list(decision.reasons)}
            for question, (decision_id, decision) in zip(questions, decided)]


@bp.get("/report-runs/<resource_id>/client-detail")
@protected("reports:drill_down", "The people in a run's universe as a zip of one CSV (MemberNo, PersonalID, Source, "
           "EnrollmentID, HouseholdID, ProjectID; no names): those in your agency's projects (the HMIS lead: "
           "everyone); audited", resource_type=RUN, details=drill_down_agencies, raw_answer=("application/zip",),
           errors=(409,), tags=TAGS)
def client_detail(resource_id):
    detail = g.services.reports.report_client_detail(resource_id, _scope())
    _audit(detail["members"])
    return _download(detail["content"], "application/zip", f"report-{resource_id}-client-detail.zip")


def _scope() -> list[dict] | None:
    """The projects of the caller's agency, or None for the HMIS lead (drill_down_agencies)."""
    agencies = drill_down_agencies(g.principal, g.services, {})["agency_ids"]
    return g.services.clients.agency_projects(agencies[0]) if agencies else None


def _shown(members: list[dict]) -> list[dict]:
    """The records of this HMIS among `members`, as the clients service knows them."""
    return [{"personal_id": member["personal_id"], "source": member["clients_source"]}
            for member in members if member["clients_source"] is not None]


def _audit(members: list[dict]) -> None:
    """Each client of this HMIS among `members` recorded as read in the clients service (a call a thousand)."""
    shown = _shown(members)
    for first in range(0, len(shown), REPORT_READS_AT_ONCE):
        g.services.clients.record_report_reads({"records": shown[first:first + REPORT_READS_AT_ONCE]}, g.access)
