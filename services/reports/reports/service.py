"""The reports service: consumes events into its read model, answers report RPCs and runs HUD reports as jobs."""
from __future__ import annotations

import base64
from collections import Counter

from nameko.rpc import RpcProxy

from clients.contract import events as clients_events
from hmis_kit.db import Database
from hmis_kit.errors import load_or_fail, parse_id
from hmis_kit.idempotency import KeepsAnswers, applied_once
from hmis_kit.inbox import handles
from hmis_kit.job_runner import JobRunner
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase, rpc
from reports import domain
from reports.contract import schemas
from reports.engine import outputs, results, runs
from reports.warehouse import live


class ReportsService(ServiceBase, KeepsAnswers):
    name = "reports"
    db = Database()
    outbox_relay = OutboxRelay()
    job_runner = JobRunner({runs.KIND: "reports.engine.runs:run_report"})
    clients = RpcProxy("clients")

    @handles("#")
    def keep_event(self, session, event):
        domain.keep_event(session, event)

    @handles(clients_events.CHANGED["Client"])
    def count_created_clients(self, session, event):
        """Clients created, through the API or by an import, counted under their agency."""
        created = Counter(change["agency_id"] for change in event.data["changes"]
                          if change["op"] == clients_events.CREATED)
        for agency_id, new in created.items():
            domain.count_clients(session, parse_id(agency_id, "agency_id"), new)

    @handles(live.CHANGED)
    def keep_records(self, session, event):
        """The warehouse follows every HUD record written, through the API or by an import (the records fetched
        by key from the clients service, with their findings: reports/warehouse/live.py)."""
        live.apply(session.connection(), live.FILE_OF_EVENT[event.type], event.data["changes"],
                   live.fetched_within(self.clients.warehouse_rows))

    @handles(clients_events.CLIENTS_ASSIGNED)
    def count_assigned_clients(self, session, event):
        """Clients imported without an agency, handed to one: counted under it from now on."""
        domain.count_clients(session, parse_id(event.data["agency_id"], "agency_id"), event.data["clients"])
        domain.count_clients(session, parse_id(event.data["from_agency_id"], "from_agency_id"), -event.data["clients"])

    @rpc
    def clients_per_agency(self, agency_id: str | None = None) -> list[dict]:
        """One agency's count, or every agency's; a malformed agency id is bad input, not an unknown agency."""
        query = load_or_fail(schemas.ClientCountQuerySchema(), {"agency_id": agency_id})
        with self.db.transaction() as session:
            counts = domain.clients_per_agency(session, query["agency_id"])
        return schemas.AgencyClientCountSchema(many=True).dump(counts)

    # HUD report runs (reports/engine): queued as jobs, computed by the job runner's workers, their stored results
    # read back as questions and cells, files (base64 over RPC), and the people behind a cell. `scope`: None for
    # every member, or the projects of the caller's agency ([{"project_id", "source"}], the clients service's).

    @rpc
    @applied_once
    def queue_report_run(self, payload: dict, access: dict | None) -> dict:
        parameters = load_or_fail(schemas.ReportRunRequestSchema(), payload)
        with self.db.transaction() as session:
            return schemas.ReportRunSchema().dump(runs.queue(session, parameters, access))

    @rpc
    def report_run(self, run_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.ReportRunSchema().dump(runs.get(session, parse_id(run_id, "run_id")))

    @rpc
    def report_runs(self, query: dict) -> dict:
        """A page of runs, newest first; `query["agency_id"]` as the gateway decided it (None: every agency's)."""
        checked = load_or_fail(schemas.ReportRunQuerySchema(), query)
        with self.db.transaction() as session:
            return schemas.ReportRunPageSchema().dump(runs.page(session, checked))

    @rpc
    @applied_once
    def cancel_report_run(self, run_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.ReportRunSchema().dump(runs.cancel(session, parse_id(run_id, "run_id")))

    @rpc
    def report_questions(self, run_id: str) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.ReportQuestionSummarySchema(many=True).dump(
                results.questions(session, parse_id(run_id, "run_id")))

    @rpc
    def report_question(self, run_id: str, question_id: str) -> dict:
        address = load_or_fail(schemas.ReportQuestionAddressSchema(), {"question": question_id})
        with self.db.transaction() as session:
            return schemas.ReportQuestionSchema().dump(
                results.question(session, parse_id(run_id, "run_id"), address["question"]))

    @rpc
    def report_sage_zip(self, run_id: str) -> str:
        with self.db.transaction() as session:
            shells = results.shells(session, parse_id(run_id, "run_id"))
        return base64.b64encode(outputs.sage_zip(shells)).decode()

    @rpc
    def report_workbook(self, run_id: str) -> str:
        with self.db.transaction() as session:
            shells = results.shells(session, parse_id(run_id, "run_id"))
        return base64.b64encode(outputs.workbook(shells)).decode()

    @rpc
    def report_client_detail(self, run_id: str, scope: list[dict] | None) -> dict:
        """The client-detail zip (base64) of the members `scope` lets the caller see, and who they are, for the
        audit (HUD ids only)."""
        with self.db.transaction() as session:
            members = results.everyone(session, parse_id(run_id, "run_id"), scope)
        return {"content": base64.b64encode(outputs.client_detail_zip(members)).decode(),
                "members": [{"personal_id": member["personal_id"], "clients_source": member["clients_source"]}
                            for member in members]}

    @rpc
    def report_cell_members(self, run_id: str, address: dict, query: dict, scope: list[dict] | None) -> dict:
        cell = load_or_fail(schemas.ReportCellAddressSchema(), address)
        page = load_or_fail(schemas.ReportCellMembersQuerySchema(), query)
        with self.db.transaction() as session:
            return schemas.ReportMembersPageSchema().dump(results.cell_members(
                session, parse_id(run_id, "run_id"), cell, page["page"], page["per_page"], scope))
