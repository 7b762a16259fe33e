"""Report request and response schemas."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from hmis_kit.inputs import Input


class ClientCountQuerySchema(Input):
    agency_id = fields.UUID(load_default=None, allow_none=True,
                            metadata={"description": "the agency counted; default the caller's own"})


class AgencyClientCountSchema(Schema):
    agency_id = fields.UUID(required=True)
    clients = fields.Integer(required=True)


# HUD report runs (reports.engine). A run's parameters: which report, the period (inclusive dates), and what it
# covers (CoC codes, HUD ProjectIDs, warehouse sources; none of each: all the HMIS's own).
REPORT_NAMES = ("apr", "caper", "ce-apr", "data-quality")
MAX_PERIOD_DAYS = 3 * 366  # a report covers at most three years (HUD's reports cover one)
MAX_LISTED = 500  # CoC codes, project ids or sources a run names at most
COC_CODE = validate.Regexp(r"^[A-Z]{2}-\d{3}$", error="must look like CA-601")
RUN_STATUSES = "queued, running, succeeded, failed, cancelled"
MAX_PER_PAGE = 1000


class ReportRunRequestSchema(Input):
    report = fields.String(required=True, validate=validate.OneOf(REPORT_NAMES),
                           metadata={"description": "apr, caper, ce-apr or data-quality"})
    start = fields.Date(required=True, metadata={"description": "the period's first day (YYYY-MM-DD)"})
    end = fields.Date(required=True, metadata={"description": "the period's last day, inclusive"})
    coc_codes = fields.List(fields.String(validate=COC_CODE), load_default=list,
                            validate=validate.Length(max=MAX_LISTED),
                            metadata={"description": "the CoCs covered (HUD CoC codes); none: every CoC"})
    project_ids = fields.List(fields.String(validate=validate.Length(min=1, max=32)), load_default=list,
                              validate=validate.Length(max=MAX_LISTED),
                              metadata={"description": "HUD ProjectIDs covered; none: every project"})
    sources = fields.List(fields.Integer(validate=validate.Range(min=1)), load_default=list,
                          validate=validate.Length(max=MAX_LISTED),
                          metadata={"description": "warehouse source ids; none: the HMIS's own records"})

    @validates_schema
    def _period(self, data: dict, **kwargs) -> None:
        if "start" in data and "end" in data:
            if data["end"] < data["start"]:
                raise ValidationError("must not be before start", "end")
            if (data["end"] - data["start"]).days >= MAX_PERIOD_DAYS:
                raise ValidationError(f"the period must be shorter than {MAX_PERIOD_DAYS} days", "end")


class ReportRunParametersSchema(Schema):
    report = fields.String(required=True)
    start = fields.Date(required=True)
    end = fields.Date(required=True)
    coc_codes = fields.List(fields.String(), required=True)
    project_ids = fields.List(fields.String(), required=True)
    sources = fields.List(fields.Integer(), required=True)


class ReportRunSchema(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True, metadata={"description": RUN_STATUSES})
    parameters = fields.Nested(ReportRunParametersSchema, required=True)
    questions_done = fields.Integer(required=True)
    questions_total = fields.Integer(required=True)
    progress = fields.Float(required=True, metadata={"description": "0 to 1: questions done out of all"})
    summary = fields.Dict(allow_none=True, metadata={
        "description": "once succeeded: questions, universe (people in the report) and seconds"})
    error = fields.String(allow_none=True, metadata={"description": "why the run failed"})
    requested_by = fields.UUID(allow_none=True, metadata={
        "description": "the user who asked for the run; none for a run queued at the command line"})
    agency_id = fields.UUID(allow_none=True, metadata={"description": "the agency of whoever asked for the run"})
    created_at = fields.AwareDateTime(required=True)
    started_at = fields.AwareDateTime(allow_none=True)
    finished_at = fields.AwareDateTime(allow_none=True)


RUNS_PER_PAGE = 100


class ReportRunQuerySchema(Input):
    """Which runs to list: a page, of one report or status, asked for by one agency's people."""
    report = fields.String(load_default=None, validate=validate.OneOf(REPORT_NAMES),
                           metadata={"description": "apr, caper, ce-apr or data-quality"})
    status = fields.String(load_default=None, validate=validate.OneOf(RUN_STATUSES.split(", ")),
                           metadata={"description": RUN_STATUSES})
    agency_id = fields.UUID(load_default=None, allow_none=True, metadata={
        "description": "runs asked for by this agency's people: by default your own agency's; every agency's "
                       "(the HMIS lead's default) only for the HMIS lead"})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=2**31 - 1))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=RUNS_PER_PAGE))


class ReportRunPageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "the runs listed, on every page"})
    pages = fields.Integer(required=True)
    runs = fields.List(fields.Nested(ReportRunSchema), required=True, metadata={"description": "newest first"})


class ReportQuestionSummarySchema(Schema):
    id = fields.String(required=True, metadata={"description": "e.g. Q7a"})
    title = fields.String(required=True)


class ReportCellSchema(Schema):
    row = fields.Integer(required=True, metadata={"description": "1-based into the question's rows"})
    column = fields.Integer(required=True, metadata={"description": "1-based into the value columns"})
    value = fields.Decimal(allow_none=True, as_string=True,
                           metadata={"description": "the cell's figure; none for a text cell or a shaded one"})
    text = fields.String(allow_none=True, metadata={
        "description": "a text cell's text (Q4a's names, codes and dates); none for a figure"})
    shaded = fields.Boolean(required=True)
    members = fields.Integer(allow_none=True, metadata={"description": "how many people are behind the cell"})


class ReportQuestionSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    columns = fields.List(fields.String(), required=True, metadata={
        "description": "the column labels; the first heads the row labels"})
    rows = fields.List(fields.String(), required=True)
    cells = fields.List(fields.Nested(ReportCellSchema), required=True)


class ReportCellMembersQuerySchema(Input):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=2**31 - 1))
    per_page = fields.Integer(load_default=100, validate=validate.Range(min=1, max=MAX_PER_PAGE))


class ReportQuestionAddressSchema(Input):
    """A question of a run, as a path names it (e.g. Q7a)."""
    question = fields.String(required=True, validate=validate.Length(min=1, max=32))


class ReportCellAddressSchema(ReportQuestionAddressSchema):
    """A cell of a run's question, as the drill-down's path names it."""
    row = fields.Integer(required=True, validate=validate.Range(min=1, max=10000))
    column = fields.Integer(required=True, validate=validate.Range(min=1, max=10000))


class ReportMemberSchema(Schema):
    """One person behind a cell: HUD ids only (no name, SSN or date of birth)."""
    member_no = fields.Integer(required=True, metadata={"description": "the person's number in the run's universe"})
    personal_id = fields.String(required=True)
    source = fields.Integer(required=True, metadata={"description": "the warehouse source of the record"})
    enrollment_id = fields.String(allow_none=True)
    household_id = fields.String(allow_none=True)
    project_id = fields.String(allow_none=True)
    clients_source = fields.Integer(allow_none=True, metadata={
        "description": "the clients service's source of the record; none for a record of a loaded export"})


class ReportMembersPageSchema(Schema):
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True, metadata={"description": "the members you may see"})
    pages = fields.Integer(required=True)
    members = fields.List(fields.Nested(ReportMemberSchema), required=True)
