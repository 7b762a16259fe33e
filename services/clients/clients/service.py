"""The clients service: RPC wiring only; the rules are in domain.py."""
from __future__ import annotations

import uuid

from nameko.web.handlers import http
from werkzeug.wrappers import Response

from clients import dedup, domain, enrollments, findings, projects, report_access, search
from clients.contract import records, schemas, warehouse
from clients.csv import announcements, import_jobs
from clients.warehouse import access as feed_access, copy_out, feed
from consent.contract import events as consent_events
from hmis_kit import audit, revocations
from hmis_kit.audit import record_access
from hmis_kit.audit_rpcs import KeepsAuditTrail
from hmis_kit.db import Database
from hmis_kit.errors import HmisError, NotFound, ValidationFailed, load_or_fail, parse_id
from hmis_kit.idempotency import KeepsAnswers, applied_once
from hmis_kit.inbox import handles
from hmis_kit.job_runner import JobRunner
from hmis_kit.outbox import OutboxRelay
from hmis_kit.service import ServiceBase, error_answer, rpc

# The audit action of each decision on a review, for the two records it decides about.
AUDITED_AS = {schemas.SAME_PERSON: "link", schemas.DIFFERENT_PEOPLE: "keep_apart"}


class ClientsService(ServiceBase, KeepsAnswers, KeepsAuditTrail):
    name = "clients"
    db = Database()
    outbox_relay = OutboxRelay(renderers=announcements.RENDERERS)  # an import's bundles
    job_runner = JobRunner({import_jobs.KIND: "clients.csv.import_jobs:run_import"})

    # Every RPC that reads or writes client data takes `access` (what the gateway authorized: principal,
    # decision id, purpose, consent basis) and writes its audit row in the same transaction.

    @rpc
    @applied_once
    def create_client(self, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.ClientCreateSchema(), payload)
        principal = access["principal"]
        with self.db.transaction() as session:
            client = domain.create_client(session, data, parse_id(principal["agency_id"], "agency_id"),
                                          parse_id(principal["id"], "created_by"))
            record_access(session, access, client["id"], "create", list(data))
        return schemas.ClientSchema().dump(client)

    @rpc
    def get_client(self, client_id: str, access: dict) -> dict:
        answer = schemas.ClientSchema()
        with self.db.transaction() as session:
            client = answer.dump(domain.get_client(session, parse_id(client_id, "client_id")))
            record_access(session, access, client["id"], "read", list(client))
        return client

    @rpc
    @applied_once
    def update_client(self, client_id: str, payload: dict, access: dict) -> dict:
        changes = load_or_fail(schemas.ClientCreateSchema(partial=True), payload)
        with self.db.transaction() as session:
            client = domain.update_client(session, parse_id(client_id, "client_id"), changes,
                                          parse_id(access["principal"]["id"], "updated_by"))
            record_access(session, access, client["id"], "update", list(changes))
        return schemas.ClientSchema().dump(client)

    @rpc
    @applied_once
    def set_victim_service_provider(self, agency_id: str, payload: dict, changed_by: str) -> dict:
        """Mark an agency a victim service provider (or not): from then on it may store no client PII."""
        data = load_or_fail(schemas.VictimServiceProviderSchema(), payload)
        with self.db.transaction() as session:
            setting = domain.set_victim_service_provider(session, parse_id(agency_id, "agency_id"),
                                                         data["victim_service_provider"],
                                                         parse_id(changed_by, "changed_by"))
        return schemas.VictimServiceProviderSchema().dump(setting)

    @rpc
    def search_clients(self, query: dict, access: dict) -> list[dict]:
        """Search before create, in the caller's agency; every candidate returned is a read."""
        criteria = load_or_fail(schemas.ClientSearchSchema(), query)
        agency_id = parse_id(access["principal"]["agency_id"], "agency_id")
        answer = schemas.ClientCandidateSchema(many=True)
        with self.db.transaction() as session:
            candidates = answer.dump(search.search(session, criteria, agency_id))
            for candidate in candidates:
                record_access(session, access, candidate["id"], "search", list(candidate))
        return candidates

    @rpc
    def client_record(self, client_id: str, access: dict) -> dict:
        """HUD's client right of access: the whole record, exported (the gateway adds the access history
        of every service holding the client's data)."""
        with self.db.transaction() as session:
            client = schemas.ClientSchema().dump(domain.get_client(session, parse_id(client_id, "client_id")))
            record_access(session, access, client["id"], "export", list(client))
        return client

    @rpc
    @applied_once
    def enroll_household(self, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.EnrollmentCreateSchema(), payload)
        principal = access["principal"]
        with self.db.transaction() as session:
            household = enrollments.enroll_household(session, data, parse_id(principal["agency_id"], "agency_id"),
                                                     parse_id(principal["id"], "user_id"))
            fields = ["project_id", "entry_date", "enrollment_coc"]
            for member in data["members"]:
                record_access(session, access, member["client_id"], "enroll", fields + list(member))
        return schemas.HouseholdSchema().dump(household)

    @rpc
    @applied_once
    def add_record(self, kind: str, enrollment_id: str, payload: dict, access: dict) -> dict:
        """One record of an enrollment (records.KINDS: an exit, a service, income and benefits, ...),
        audited as a write."""
        if kind not in records.KIND:
            raise NotFound("no such kind of record", {"kind": [f"one of {', '.join(records.KIND)}"]})
        data = load_or_fail(schemas.RECORD_SCHEMAS[kind](), payload)
        with self.db.transaction() as session:
            recorded = enrollments.add_record(session, records.KIND[kind], enrollment_id, data,
                                              parse_id(access["principal"]["id"], "user_id"))
            record_access(session, access, recorded["client_id"], kind, list(data))
        return schemas.RecordedSchema().dump(recorded)

    @rpc
    @applied_once
    def add_services(self, payload: dict, accesses: dict) -> dict:
        """Many services at once (enrollments.add_services: all or nothing), each audited as a write of its client
        under the decision on its own enrollment: `accesses` maps each enrollment id to its access context."""
        data = load_or_fail(schemas.ServiceBatchSchema(), payload)
        missing = sorted({item["enrollment_id"] for item in data["services"]} - set(accesses))
        if missing:  # the gateway decides on every enrollment of the batch; one it did not is not recorded on
            raise ValidationFailed("no decision on an enrollment of the batch", {"enrollment_id": missing})
        user_id = parse_id(next(iter(accesses.values()))["principal"]["id"], "user_id")
        with self.db.transaction() as session:
            recorded = enrollments.add_services(session, data["services"], user_id)
            audit.record_each(session, [
                (accesses[item["enrollment_id"]], row["client_id"], "service",
                 [name for name in item if name != "enrollment_id"], "allowed")
                for item, row in zip(data["services"], recorded)])
        return schemas.ServicesRecordedSchema().dump({"services": recorded})

    @rpc
    @applied_once
    def set_event_result(self, enrollment_id: str, event_id: str, payload: dict, access: dict) -> dict:
        """The result of a coordinated entry referral on its Event (4.20), audited as a write (the ces service's,
        at a referral's resolution; its sweep's expiries with an operator's access: no person)."""
        data = load_or_fail(schemas.EventResultSchema(), payload)
        user_id = access["principal"]["id"]
        with self.db.transaction() as session:
            recorded = enrollments.set_event_result(session, enrollment_id, event_id, data,
                                                    None if user_id is None else parse_id(user_id, "user_id"))
            record_access(session, access, recorded["client_id"], "event", list(data))
        return schemas.RecordedSchema().dump(recorded)

    @rpc
    def enrollment_record(self, enrollment_id: str, access: dict) -> dict:
        """An enrollment with all its records; read under a consent, only the parts its scope covers."""
        parts = access["consent"]["scope"] if access.get("consent") else None
        with self.db.transaction() as session:
            answer = schemas.EnrollmentRecordSchema().dump(enrollments.enrollment_record(session, enrollment_id, parts))
            record_access(session, access, answer["client_id"], "read", list(answer))
        return answer

    @rpc
    def household(self, enrollment_id: str, access: dict) -> dict:
        """An enrollment's household: each member's enrollment and exit date (ids and dates, no names); audited
        as a read of each member's enrollment."""
        with self.db.transaction() as session:
            answer = schemas.HouseholdStaySchema().dump(enrollments.household(session, enrollment_id))
            audit.record_accesses(session, access, "read",
                                  {member["client_id"]: list(member) for member in answer["enrollments"]})
        return answer

    @rpc
    def project_roster(self, project_id: str, query: dict, access: dict) -> list[dict]:
        """Who is in a project on a night, by name (enrollments.roster); audited as a read of each client."""
        on = load_or_fail(schemas.RosterQuerySchema(), query)["on"]
        with self.db.transaction() as session:
            answer = schemas.RosterEntrySchema(many=True).dump(enrollments.roster(session, project_id, on))
            audit.record_accesses(session, access, "read", {entry["client_id"]: list(entry) for entry in answer})
        return answer

    @rpc
    def project_sharing_facts(self, project_id: str) -> dict:
        """What the policy weighs about a project's clients: the agency running it and whether that agency is a
        victim service provider. No client data."""
        with self.db.transaction() as session:
            agency_id = projects.owner(session, records.DESCRIPTORS["projects"], project_id)
            return {"agency_id": str(agency_id),
                    "victim_service_provider": domain.is_victim_service_provider(session, agency_id)}

    @rpc
    def client_enrollments(self, client_id: str, access: dict) -> list[dict]:
        answer = schemas.ClientEnrollmentSchema(many=True)
        with self.db.transaction() as session:
            client = parse_id(client_id, "client_id")
            listed = answer.dump(enrollments.client_enrollments(session, client))
            record_access(session, access, client, "read", list(answer.fields) if listed else [])
        return listed

    @rpc
    def enrollment_sharing_facts(self, enrollment_id: str) -> dict:
        """What the policy weighs about an enrollment: the agency running its project, whether that agency
        is a victim service provider, and the client (whose consents the gateway adds). No client data."""
        with self.db.transaction() as session:
            return _enrollment_sharing_facts(session, enrollment_id)

    @rpc
    def enrollments_sharing_facts(self, enrollment_ids: list[str]) -> dict:
        """`enrollment_sharing_facts` of each enrollment named, by id, in one round trip (a batch of services); an
        id naming no enrollment is left out."""
        answer = {}
        with self.db.transaction() as session:
            for enrollment_id in enrollment_ids:
                try:
                    answer[enrollment_id] = _enrollment_sharing_facts(session, enrollment_id)
                except NotFound:
                    continue
        return answer

    @rpc
    def sharing_facts(self, client_id: str) -> dict:
        """What the policy weighs about a client, in one round trip: its owning agency and whether that
        agency is a victim service provider (whose records no other agency ever sees). No client data."""
        with self.db.transaction() as session:
            agency_id = domain.owning_agency(session, parse_id(client_id, "client_id"))
            return {"agency_id": str(agency_id),
                    "victim_service_provider": domain.is_victim_service_provider(session, agency_id)}

    # De-duplication (clients/dedup.py): the review list of uncertain matches, its resolutions, and splits. The
    # list carries ids and what matched only, so it writes no audit row; a resolution or a split writes one for
    # each of its two records (`AUDITED_AS`, `split`).

    @rpc
    def match_reviews(self, query: dict) -> list[dict]:
        criteria = load_or_fail(schemas.MatchReviewQuerySchema(), query)
        with self.db.transaction() as session:
            return schemas.MatchReviewSchema(many=True).dump(dedup.reviews(session, **criteria))

    @rpc
    def match_review_facts(self, review_id: str) -> dict:
        """What the policy weighs about a review: the agencies holding its two records. No client data."""
        with self.db.transaction() as session:
            return {"agency_ids": dedup.review_agencies(session, parse_id(review_id, "review_id"))}

    @rpc
    def pair_facts(self, client_id: str, other_client_id: str | None) -> dict:
        """What the policy weighs about a pair of records: the agencies holding them (the first's alone when
        no other is named). No client data."""
        ids = {"client_id": parse_id(client_id, "client_id")}
        if other_client_id is not None:
            ids["other_client_id"] = parse_id(other_client_id, "other_client_id")
        with self.db.transaction() as session:
            return {"agency_ids": dedup.holding_agencies(session, ids)}

    @rpc
    @applied_once
    def resolve_match_review(self, review_id: str, payload: dict, access: dict) -> dict:
        decision = load_or_fail(schemas.MatchResolutionSchema(), payload)["decision"]
        with self.db.transaction() as session:
            review = dedup.resolve(session, parse_id(review_id, "review_id"), decision,
                                   parse_id(access["principal"]["id"], "resolved_by"))
            for client_id in (review["client_id"], review["candidate_id"]):
                record_access(session, access, client_id, AUDITED_AS[decision], ["person_id"])
        return schemas.MatchReviewSchema().dump(review)

    @rpc
    @applied_once
    def split_client(self, client_id: str, payload: dict, access: dict) -> dict:
        data = load_or_fail(schemas.ClientSplitSchema(), payload)
        with self.db.transaction() as session:
            split = dedup.split_pair(session, parse_id(client_id, "client_id"), data["other_client_id"],
                                     parse_id(access["principal"]["id"], "split_by"))
            for record_id in (split["client_id"], split["other_client_id"]):
                record_access(session, access, record_id, "split", ["person_id"])
        return schemas.ClientSplitSchema().dump(split)

    # Data-quality findings (clients/findings.py): rule ids, record ids, fields and values, never a name, an SSN or a
    # date of birth, but about client records: a page of them writes an audit row for each client it is about,
    # as a read of those fields would. Counts name no record and write none.

    @rpc
    def data_quality_findings(self, query: dict, access: dict) -> list[dict]:
        criteria = load_or_fail(schemas.FindingQuerySchema(), query)
        with self.db.transaction() as session:
            listed = findings.listed(session, criteria)
            audit.record_accesses(session, access, "read_findings", findings.fields_read(listed))
        return schemas.FindingSchema(many=True).dump(listed)

    @rpc
    def data_quality_counts(self, query: dict) -> list[dict]:
        criteria = load_or_fail(schemas.FindingCountQuerySchema(), query)
        with self.db.transaction() as session:
            return schemas.FindingCountSchema(many=True).dump(findings.counted(session, criteria))

    # A HUD report's drill-down (the reports service's): the projects of an agency, its scope; and the audit of the
    # clients a page of a cell's members showed, before the gateway answers it.

    @rpc
    def agency_projects(self, agency_id: str) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.AgencyProjectSchema(many=True).dump(
                report_access.agency_projects(session, parse_id(agency_id, "agency_id")))

    @rpc
    def record_report_reads(self, shown: dict, access: dict) -> int:
        """`shown`: {"records": [{"personal_id", "source"}]}, a page of a report's members."""
        records = load_or_fail(schemas.ReportReadsSchema(), shown)["records"]
        with self.db.transaction() as session:
            return report_access.record_reads(session, access, records)

    @rpc
    def report_member_facts(self, shown: dict) -> list[dict]:
        """`shown`: {"records": [{"personal_id", "source"}]}, a page of a report's members: what the policy weighs
        about each one's client (report_access.member_facts). No client data, so no audit row."""
        records = load_or_fail(schemas.ReportReadsSchema(), shown)["records"]
        with self.db.transaction() as session:
            return schemas.ReportMemberFactsSchema(many=True).dump(report_access.member_facts(session, records))

    @rpc
    def report_member_names(self, asked: dict) -> list[dict]:
        """`asked`: {"reads": [{"client_id", "access"}]}, the members of a page the gateway's policy let the
        caller read by name, each with its own access context: their names, each read audited."""
        reads = load_or_fail(schemas.ReportNameReadsSchema(), asked)["reads"]
        with self.db.transaction() as session:
            return schemas.ReportMemberNameSchema(many=True).dump(report_access.names(session, reads))

    # Project descriptors (HUD 2.01-2.09) are not client data: no audit rows (the gateway's decision log
    # records who changed what). `name` is one of records.DESCRIPTORS; `parent_id` the organization or
    # project a descriptor is reached through (None for an organization).

    @rpc
    @applied_once
    def add_descriptor(self, name: str, parent_id: str | None, payload: dict, user_id: str) -> dict:
        descriptor = _descriptor(name)
        data = load_or_fail(schemas.DESCRIPTOR_BODIES[name](), payload)
        with self.db.transaction() as session:
            row = projects.add(session, descriptor, parent_id, data, parse_id(user_id, "user_id"))
            return schemas.DESCRIPTOR_ANSWERS[name]().dump(projects.read(session, descriptor, row[descriptor.key]))

    @rpc
    @applied_once
    def update_descriptor(self, name: str, record_id: str, parent_id: str | None, payload: dict, user_id: str) -> dict:
        descriptor = _descriptor(name)
        changes = load_or_fail(schemas.DESCRIPTOR_BODIES[name](partial=True), payload)
        with self.db.transaction() as session:
            projects.update(session, descriptor, record_id, parent_id, changes, parse_id(user_id, "user_id"))
            return schemas.DESCRIPTOR_ANSWERS[name]().dump(projects.read(session, descriptor, record_id))

    @rpc
    def descriptor(self, name: str, record_id: str, parent_id: str | None = None) -> dict:
        descriptor = _descriptor(name)  # an unknown name is NotFound, before its answer schema is looked up
        with self.db.transaction() as session:
            return schemas.DESCRIPTOR_ANSWERS[name]().dump(projects.read(session, descriptor, record_id, parent_id))

    @rpc
    def descriptor_owner(self, name: str, record_id: str) -> str:
        """The agency running an organization, or a project's organization, for the policy input."""
        with self.db.transaction() as session:
            return str(projects.owner(session, _descriptor(name), record_id))

    @rpc
    def organizations_of(self, agency_id: str) -> list[dict]:
        return self._organizations(parse_id(agency_id, "agency_id"))

    @rpc
    def unlinked_organizations(self) -> list[dict]:
        """The organizations no agency runs yet, for the HMIS lead to link."""
        return self._organizations(None)

    def _organizations(self, agency_id: uuid.UUID | None) -> list[dict]:
        with self.db.transaction() as session:
            return schemas.DESCRIPTOR_ANSWERS["organizations"](many=True, exclude=("projects",)).dump(
                projects.organizations_of(session, agency_id))

    @rpc
    @applied_once
    def link_organization(self, organization_id: str, payload: dict) -> dict:
        data = load_or_fail(schemas.OrganizationAgencySchema(), payload)
        with self.db.transaction() as session:
            return schemas.OrganizationAgencySchema().dump(projects.link(session, organization_id, data["agency_id"]))

    # HMIS CSV imports in the background (clients/csv/import_jobs.py): opened and started over RPC, the upload
    # streamed to this service's own HTTP port, the import run by the job runner.

    @rpc
    @applied_once
    def open_csv_import(self, request: dict) -> dict:
        data = load_or_fail(schemas.CsvImportRequestSchema(), request)
        with self.db.transaction() as session:
            opened = import_jobs.open_import(session, data["agency_id"], data["strictness"])
        return schemas.CsvImportSchema().dump(opened)

    @rpc
    def expect_csv_upload(self, import_id: str, upload_token_hash: str) -> bool:
        """The upload's token, as its hash (the token itself never crosses the broker). Not applied once:
        each request makes a token of its own."""
        with self.db.transaction() as session:
            return import_jobs.expect_upload(session, parse_id(import_id, "import_id"), upload_token_hash)

    @http("PUT", "/csv-imports/<import_id>/parts/<int:part>")
    def put_csv_import_part(self, request, import_id: str, part: int):
        """One part of an upload, from the gateway, with the upload's token (`Authorization: Bearer`): bytes
        as they came, read no further than a part, whatever the upload's size."""
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        try:
            with self.db.transaction() as session:
                import_jobs.add_part(session, parse_id(import_id, "import_id"), token, part,
                                     request.content_length or 0, request.stream.read)
        except HmisError as error:
            return error_answer(error)
        return 204, ""

    @rpc
    @applied_once
    def start_csv_import(self, import_id: str, access: dict) -> dict:
        """`access`: what the gateway authorized, for the import's audit rows."""
        with self.db.transaction() as session:
            return schemas.CsvImportSchema().dump(import_jobs.start(session, parse_id(import_id, "import_id"), access))

    @rpc
    def csv_import(self, import_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.CsvImportSchema().dump(import_jobs.get(session, parse_id(import_id, "import_id")))

    @rpc
    def csv_import_report(self, import_id: str, query: dict) -> dict:
        """One page of an import's full report (`page`, `per_page`)."""
        data = load_or_fail(schemas.CsvImportReportQuerySchema(), query)
        with self.db.transaction() as session:
            return schemas.CsvImportReportPageSchema().dump(
                import_jobs.report_page(session, parse_id(import_id, "import_id"), data["page"], data["per_page"]))

    @rpc
    @applied_once
    def cancel_csv_import(self, import_id: str) -> dict:
        with self.db.transaction() as session:
            return schemas.CsvImportSchema().dump(import_jobs.cancel(session, parse_id(import_id, "import_id")))

    @rpc
    def csv_import_agency(self, import_id: str) -> str:
        with self.db.transaction() as session:
            return str(import_jobs.agency(session, parse_id(import_id, "import_id")))

    # The warehouse feed (clients.contract.warehouse): stored records as the reports warehouse keeps them, no
    # name and no SSN (verdicts instead). Not audited per client: it is the CoC's reporting copy, read whole.

    @rpc
    def warehouse_rows(self, query: dict) -> dict:
        data = load_or_fail(warehouse.WarehouseRowsQuerySchema(), query)
        with self.db.transaction() as session:
            rows = feed.rows(session, data["file"], data["keys"])
            following = feed.followers(session, data["file"], data["keys"])
            tied = feed.tied(session, data["file"], data["keys"])
            found = feed.findings(session, data["file"], data["keys"], tied)
        # The rows come as the contract gives them, written by PostgreSQL (clients/warehouse/feed.py).
        return {"rows": rows, "followers": following, "tied": tied, "findings": found}

    @rpc
    def warehouse_sources(self) -> list[dict]:
        with self.db.transaction() as session:
            return warehouse.WarehouseSourceSchema(many=True).dump(feed.known_sources(session))

    @rpc
    def expect_warehouse_feed(self, token_hash: str) -> None:
        with self.db.transaction() as session:
            feed_access.expect(session, token_hash)

    @rpc
    def end_warehouse_feed(self, token_hash: str) -> None:
        with self.db.transaction() as session:
            feed_access.end(session, token_hash)

    @http("GET", warehouse.FEED_PATH.format(what="<what>"))
    def warehouse_feed(self, request, what: str):
        """One file's rows, or the findings, as CSV, to the holder of a feed token (`Authorization: Bearer`)."""
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        try:
            with self.db.transaction() as session:
                feed_access.check(session, token)
            if what not in warehouse.FED:
                raise NotFound("no such file", {"what": [f"a HUD file's name or {warehouse.FINDINGS}"]})
            query = load_or_fail(warehouse.FeedQuerySchema(), dict(request.args))
        except HmisError as error:
            return error_answer(error)
        return Response(copy_out.stream(what, query["sources"]), mimetype="text/csv")

    @handles(consent_events.REVOKED)
    def consent_revoked(self, session, event):
        """Noted beside the audit trail: accesses after it are listed as under an invalid consent."""
        revocations.note(session, event.data["consent_id"], event.occurred_at)


def _descriptor(name: str) -> records.Descriptor:
    if name not in records.DESCRIPTORS:
        raise NotFound("no such project descriptor", {"name": [f"one of {', '.join(records.DESCRIPTORS)}"]})
    return records.DESCRIPTORS[name]


def _enrollment_sharing_facts(session, enrollment_id: str) -> dict:
    facts = enrollments.enrollment_facts(session, enrollment_id)
    return {"agency_id": str(facts["agency_id"]), "client_id": str(facts["client_id"]),
            "victim_service_provider": domain.is_victim_service_provider(session, facts["agency_id"])}
