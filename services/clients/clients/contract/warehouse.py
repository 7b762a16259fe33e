"""The warehouse feed: the clients service's stored records as the reports warehouse keeps them
(docs/reports.md, "The warehouse").

Each HUD file's rows come column for column as the clients service stores them (`feed_columns`), but
Client.csv's: its names and SSN never leave the service; the rows carry three verdicts about them instead
(hud.fy2026.tables.CLIENT_VERDICTS, decided by the clients service: `ssn_invalid` is its `dq.ssn.invalid`
rule's test of the number, rules.valid_ssn). The date of birth does travel here (reports need ages), in RPC
answers and the HTTP stream between the two services, never in an event.

Two ways:
- by keys, for live updates: the RPC `warehouse_rows(query)` (`WarehouseRowsQuerySchema`: a file and up to
  IMPORT_BATCH keys, an event's worth) answers `WarehouseRowsSchema`: the rows that exist, each file's as
  `ROW_SCHEMAS[file]`, the rows of the files that follow it (FOLLOWERS: records that are not announced, but
  belong to one that is, by its key), the records HUD's rules across records tie to them (`tied`, of the files
  TIED names: a household's other members, a person's other stays, an enrollment's exit, an enrollment's other
  records of the same file, its records dated within it), whose findings a change of theirs may have changed, and
  the data-quality findings of all those records (`WarehouseFindingSchema`, no value);
- in bulk, for a rebuild: the RPC `expect_warehouse_feed(token_hash)` takes the SHA-256 of a token the caller
  made (the token itself never crosses the broker), good for FEED_TOKEN_SECONDS or until
  `end_warehouse_feed(token_hash)`; then `GET FEED_PATH` on the service's own HTTP port with
  `Authorization: Bearer <token>` streams one file's rows, or the findings (FINDINGS), as CSV (PostgreSQL's
  COPY format: `feed_columns(what)` in order, no header), with each row's source number replaced by the
  caller's (`sources_param`), rows of other sources left out. A stream cut short ends without its last
  chunk (the reader sees a broken chunked encoding), never as a shorter, well-formed CSV.
`warehouse_sources()` answers the service's sources (`WarehouseSourceSchema`), whose numbers rows carry.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from clients.contract.events import IMPORT_BATCH
from hmis_kit.inputs import Input
from hud.fy2026.checks import DATED_WITHIN, ONE_PER_STAGE, READ_ACROSS
from hud.fy2026.spec import FILES
from hud.fy2026.tables import CLIENT, CLIENT_VERDICTS, reported_client_columns

FINDINGS = "findings"  # what the HTTP feed streams besides a file
FED = (*FILES, FINDINGS)  # what the HTTP feed streams
FEED_PATH = "/warehouse-feed/{what}"  # `what`: one of FED
FEED_TOKEN_SECONDS = 3600
# Files whose records are not announced (clients.contract.events), fed with the record they belong to: an
# assessment's questions and results, by its AssessmentID.
FOLLOWERS = {"Assessment": ("AssessmentQuestions", "AssessmentResults")}
# The files whose records HUD's rules across records tie to a changed record of a file (hud.fy2026.checks): a
# stage's record to the enrollment's others of that file (one per stage, one annual assessment an anniversary), an
# enrollment to its household's members, the person's other stays in the project, its exit and the records dated
# within it (DATED_WITHIN: the household's, for the head's anniversaries), an exit to the person's stays in the project
# and the enrollment's records dated before it (bed nights too), a bed night to the enrollment's others (one a date).
# A change of the one may change the findings of the others, which are not announced: the `warehouse_rows` answer
# names them (`tied`) with their findings, and a warehouse writing them takes these files' turns too.
TIED = {**{file: (file,) for file in ONE_PER_STAGE},
        "Enrollment": ("Enrollment", *READ_ACROSS["Enrollment"], *DATED_WITHIN),
        "Exit": (*READ_ACROSS["Exit"], *DATED_WITHIN), "Services": ("Services",)}
FINDING_COLUMNS = ("file", "record_id", "source", "personal_id", "enrollment_id", "project_id", "rule_id", "field",
                   "found_at")


def feed_columns(what: str) -> tuple[str, ...]:
    """The columns of a file's rows (or of the findings) as fed, in order: the file's columns (Client.csv's
    less its names and SSN), `source`, and Client.csv's verdicts."""
    if what == FINDINGS:
        return FINDING_COLUMNS
    if what == CLIENT:
        return (*(column.db_name for column in reported_client_columns()), "source", *CLIENT_VERDICTS)
    return (*(column.db_name for column in FILES[what].columns), "source")


def key_column(file: str) -> str:
    return FILES[file].key.db_name


def sources_param(numbers: dict[int, int]) -> dict[str, str]:
    """The query string of a feed request: each of the clients service's source numbers the rows carry, with
    the number the caller wants in their place (`{1: 3}`: source 1's rows, as source 3)."""
    return {"sources": ",".join(f"{number}:{as_number}" for number, as_number in numbers.items())}


class FeedQuerySchema(Input):
    sources = fields.String(required=True, validate=validate.Regexp(
        r"^\d{1,9}:\d{1,9}(,\d{1,9}:\d{1,9})*$", error="pairs source:as_source, comma-separated (1:3,2:4)"))


def parse_sources(value: str) -> dict[int, int]:
    return dict(tuple(int(number) for number in pair.split(":")) for pair in value.split(","))


class WarehouseKeySchema(Input):
    id = fields.String(required=True, validate=validate.Length(min=1))
    source = fields.Integer(required=True)


def _fed(value: str) -> None:
    if value not in FILES:
        raise ValidationError("must be a HUD file's name (Client, Enrollment, ...)")


class WarehouseRowsQuerySchema(Input):
    file = fields.String(required=True, validate=_fed)
    keys = fields.List(fields.Nested(WarehouseKeySchema), required=True,
                       validate=validate.Length(min=1, max=IMPORT_BATCH))


_FIELD_OF_KIND = {"string": fields.String, "integer": fields.Integer, "date": fields.Date,
                  "datetime": fields.NaiveDateTime, "money": lambda **kw: fields.Decimal(as_string=True, **kw)}


def _row_schema(file: str) -> type[Schema]:
    kinds = {column.db_name: column.kind for column in FILES[file].columns}
    columns = {name: (fields.Boolean(required=True) if name in CLIENT_VERDICTS and file == CLIENT
                      else fields.Integer(required=True) if name == "source"
                      else _FIELD_OF_KIND[kinds[name]](allow_none=True))
               for name in feed_columns(file)}
    return Schema.from_dict(columns, name=f"Warehouse{file}Row")


# A file's row as fed, by file.
ROW_SCHEMAS: dict[str, type[Schema]] = {file: _row_schema(file) for file in FILES}


class WarehouseFindingSchema(Schema):
    file = fields.String(required=True)
    record_id = fields.String(required=True)
    source = fields.Integer(required=True)
    personal_id = fields.String(allow_none=True)
    enrollment_id = fields.String(allow_none=True)
    project_id = fields.String(allow_none=True)
    rule_id = fields.String(required=True)
    field = fields.String(required=True)
    found_at = fields.AwareDateTime(required=True)


class WarehouseTiedSchema(Schema):
    """A record tied to those asked (TIED): its file and key."""
    file = fields.String(required=True)
    id = fields.String(required=True)
    source = fields.Integer(required=True)


class WarehouseRowsSchema(Schema):
    """The rows of the keys asked that exist (a row per key at most), the rows following them (by file, every
    file FOLLOWERS names for the file asked), the records tied to them other than them (`tied`, of the files
    TIED names for the file asked, whether their findings changed or not), and every finding of the records asked
    and tied. Rows are dumped and loaded with ROW_SCHEMAS[file]."""
    rows = fields.List(fields.Dict(), required=True)
    followers = fields.Dict(keys=fields.String(), values=fields.List(fields.Dict()), required=True)
    tied = fields.List(fields.Nested(WarehouseTiedSchema), required=True)
    findings = fields.List(fields.Nested(WarehouseFindingSchema), required=True)


class WarehouseSourceSchema(Schema):
    source = fields.Integer(required=True)
    implementation_id = fields.String(required=True)
    source_id = fields.String(required=True)
    source_name = fields.String(allow_none=True)
