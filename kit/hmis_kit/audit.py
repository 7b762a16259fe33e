"""The audit trail of client-data access: one append-only, hash-chained row per read or write.

A service holding client data calls `record_access(session, access, ...)` inside the very transaction
that reads or writes the data, so no data leaves without its row, and a failed audit write returns no
data. A bulk operation (an HMIS CSV import or export) calls `record_bulk`, which writes one row per
client in one COPY. Rows are chained: each row's hash covers its content and the previous row's hash,
and writers are serialised by a transaction-level advisory lock so the chain has one order. A trigger
refuses UPDATE, DELETE and TRUNCATE for every database role; `verify()` (behind `hmis audit verify`)
finds the first row whose content or link no longer matches, which is how a change made by someone
able to disable the trigger is still caught.

The chain's head (how many rows, the last hash) is kept in `audit_head`, moved in the same transaction
as every write and signed with an HMAC under a key derived from `HMIS_FIELD_KEY`, which is not in the
database: rows removed from the end of the chain leave a head that no longer matches it, and a head
made to match needs the key. A writer signs the new head only if the one it found was signed, so a
forged head is never laundered by the next write. Rows hold ids, codes and dates only: never names,
SSNs or dates of birth.
"""
from __future__ import annotations

import csv
import getpass
import hashlib
import hmac
import io
import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic import op
from marshmallow import Schema, fields, validate
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

from hmis_kit import crypto
from hmis_kit.db import filtered
from hmis_kit.inputs import Input
from hmis_kit.revocations import consent_revocations

audit_metadata = sa.MetaData()
OPERATOR = "operator"  # the principal kind of whoever runs a bulk operation at the command line

audit_log = sa.Table(
    "audit_log",
    audit_metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("principal_kind", sa.Text, nullable=False),
    # None for an operator at the command line, who has no principal: `operator` names them.
    sa.Column("principal_id", UUID(as_uuid=True)),
    sa.Column("agency_id", UUID(as_uuid=True)),
    sa.Column("roles", ARRAY(sa.Text), nullable=False),
    sa.Column("client_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("fields", ARRAY(sa.Text), nullable=False),
    sa.Column("purpose", sa.Text),
    sa.Column("break_glass_reason", sa.Text),
    sa.Column("decision_id", UUID(as_uuid=True)),
    # The consent that let another agency in, with its dates as the policy evaluated them.
    sa.Column("consent_id", UUID(as_uuid=True)),
    sa.Column("consent_start", sa.Date),
    sa.Column("consent_end", sa.Date),
    sa.Column("consent_revoked_on", sa.Date),
    sa.Column("outcome", sa.Text, nullable=False),
    # Of a bulk operation: the operator running it at the command line, and the file it read or wrote.
    sa.Column("operator", sa.Text),
    sa.Column("file", sa.Text),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("row_hash", sa.Text, nullable=False),
    # Someone the gateway authorized, under its decision; or an operator at the command line, by name.
    sa.CheckConstraint(f"principal_kind = '{OPERATOR}' AND operator IS NOT NULL OR principal_kind <> '{OPERATOR}' "
                       "AND principal_id IS NOT NULL AND agency_id IS NOT NULL AND decision_id IS NOT NULL",
                       name="audit_log_principal"),
    # Operators' rows (bulk operations, a row per client) are looked up by their file, not by principal.
    sa.Index("ix_audit_log_principal_id", "principal_id", postgresql_where=sa.text("principal_id IS NOT NULL")),
)

# The chain's head: one row, moved with every write, signed (see the module's docstring).
audit_head = sa.Table(
    "audit_head",
    audit_metadata,
    sa.Column("id", sa.SmallInteger, sa.CheckConstraint("id = 1"), primary_key=True),
    sa.Column("rows", sa.BigInteger, nullable=False),
    sa.Column("last_hash", sa.Text, nullable=False),
    sa.Column("signature", sa.Text),
)

GENESIS = "0" * 64
# Any fixed 64-bit number: the advisory lock that serialises writers of one database's chain.
CHAIN_LOCK = 0x484D49535F415544  # "HMIS_AUD"
CHAINED = ("occurred_at", "principal_kind", "principal_id", "agency_id", "roles", "client_id", "action", "fields",
           "purpose", "break_glass_reason", "decision_id", "consent_id", "consent_start", "consent_end",
           "consent_revoked_on", "outcome")
# Columns added later: chained when set, so rows written before them keep their hashes.
CHAINED_WHEN_SET = ("operator", "file")
HEAD_KEY_PURPOSE = b"hmis audit chain head"


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return None if value is None else str(value)


def _content(row: dict) -> str:
    content = {name: _canonical(row[name]) for name in CHAINED}
    content.update({name: _canonical(row[name]) for name in CHAINED_WHEN_SET if row.get(name) is not None})
    return json.dumps(content, sort_keys=True, separators=(",", ":"))


def row_hash(prev_hash: str, row: dict) -> str:
    return hashlib.sha256((prev_hash + _content(row)).encode()).hexdigest()


def head_signature(rows: int, last_hash: str) -> str:
    return crypto.keyed_hash(f"{rows}:{last_hash}", HEAD_KEY_PURPOSE)


def _signed(head) -> bool:
    return head.signature is not None and hmac.compare_digest(head.signature, head_signature(head.rows, head.last_hash))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _row(access: dict, client_id, action: str, fields: list[str], outcome: str) -> dict:
    principal, basis = access["principal"], access.get("consent") or {}
    return {
        "occurred_at": datetime.now(timezone.utc),
        "principal_kind": principal["kind"], "principal_id": principal["id"], "agency_id": principal["agency_id"],
        "roles": list(principal.get("roles") or []), "client_id": client_id, "action": action,
        "fields": sorted(fields), "purpose": access.get("purpose"),
        "break_glass_reason": access.get("break_glass_reason"), "decision_id": access["decision_id"],
        "consent_id": basis.get("consent_id"), "consent_start": _date(basis.get("start_date")),
        "consent_end": _date(basis.get("end_date")), "consent_revoked_on": _date(basis.get("revoked_on")),
        "outcome": outcome, "operator": access.get("operator"), "file": access.get("file"),
    }


def _take_head(connection) -> tuple[int, str, bool]:
    """Serialise this writer behind the others, and read the head it extends: (rows, last hash, signed)."""
    connection.execute(sa.select(sa.func.pg_advisory_xact_lock(CHAIN_LOCK)))
    head = connection.execute(sa.select(audit_head)).first()
    if head is None:  # removed: chain on from the start, unsigned, and verify() says so
        return 0, GENESIS, False
    return head.rows, head.last_hash, _signed(head)


def _move_head(connection, rows: int, last_hash: str, sign: bool) -> None:
    values = {"rows": rows, "last_hash": last_hash, "signature": head_signature(rows, last_hash) if sign else None}
    connection.execute(pg_insert(audit_head).values(id=1, **values)
                       .on_conflict_do_update(index_elements=[audit_head.c.id], set_=values))


def record_access(session: Session, access: dict, client_id, action: str, fields: list[str],
                  outcome: str = "allowed") -> None:
    """Append one row for an access the gateway authorized; `access` is what the gateway sends along:
    principal, decision_id, purpose, break_glass_reason and the consent basis, if any."""
    record_accesses(session, access, action, {client_id: fields}, outcome)


def record_accesses(session: Session, access: dict, action: str, fields_by_client: dict,
                    outcome: str = "allowed") -> None:
    """Append one row per client for one access that reached several clients' records (a page of a list):
    `fields_by_client` maps each client id to the fields read. Chained in the dict's order, with one lock, one
    batched INSERT and one move of the head, not one of each per client (a thousand: 0.5 s, not 17 s)."""
    record_each(session, [(access, client_id, action, fields, outcome)
                          for client_id, fields in fields_by_client.items()])


def record_each(session: Session, accesses: list[tuple[dict, object, str, list[str], str]]) -> None:
    """Append one row per (access, client id, action, fields, outcome), each access its own (a page of reads, each
    under its own decision), chained in the list's order as `record_accesses` chains one access's rows."""
    if not accesses:
        return
    rows, previous, signed = _take_head(session)
    written = []
    for access, client_id, action, fields, outcome in accesses:
        row = _row(access, client_id, action, fields, outcome)
        row["prev_hash"] = previous
        row["row_hash"] = previous = row_hash(previous, row)
        written.append(row)
    # batched INSERTs of many VALUES, in the order given: PostgreSQL numbers the rows in the chain's order
    session.execute(audit_log.insert(), written)
    _move_head(session, rows + len(written), previous, signed)


def operator_access(file: str, operator: str | None = None) -> dict:
    """Who runs a bulk operation at the command line, for `record_bulk`: no gateway principal, decision
    or agency, but an operator, named (`--operator`) or else the operating-system user running it."""
    return {"principal": {"kind": OPERATOR, "id": None, "agency_id": None, "roles": []},
            "operator": operator_name(operator), "decision_id": None, "purpose": None, "file": file}


def operator_name(operator: str | None = None) -> str:
    """Who runs a command: as named (`--operator`), or else the operating-system user."""
    return operator or _os_user()


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # a container's user may have neither a name in the environment nor in passwd
        return f"uid {os.getuid()}"


BULK_BATCH = 10_000  # client ids per COPY of a bulk write
_CLIENT_ID = "\x00client\x00"  # stands for each row's client id in the content shared by a bulk operation's rows
_BULK_COLUMNS = [name for name in (*CHAINED, *CHAINED_WHEN_SET) if name != "client_id"]


def record_bulk(connection: sa.Connection, access: dict, action: str, fields: list[str],
                client_ids: Iterable) -> int:
    """Append one row per client of a bulk operation (`access` as `record_access` takes it, or from
    `operator_access`, with the `file` read or written), chained like any other, with COPY on the
    caller's transaction; returns the rows written. Every row shares all but its client id, so its content
    is the same text around the id: hashing it is the only work per row. The ids are taken BULK_BATCH at
    a time, one COPY each, so they may stream from a server-side cursor on the same connection. Call it
    last in a long transaction: the chain's lock is held from here to the commit. COPY needs a connection
    without a green wait callback (the command line, an import's worker process)."""
    template = _row(access, _CLIENT_ID, action, fields, "allowed")
    before, after = _content(template).split(json.dumps(_CLIENT_ID))
    constant = io.StringIO()
    csv.writer(constant, lineterminator="").writerow(_copy_value(template[name]) for name in _BULK_COLUMNS)
    rows, last, signed = _take_head(connection)
    written, client_ids = 0, iter(client_ids)
    while batch := list(itertools.islice(client_ids, BULK_BATCH)):
        chained = _ChainedRows(batch, last, constant.getvalue() + ",", before, after)
        cursor = connection.connection.dbapi_connection.cursor()
        try:
            cursor.copy_expert(f"COPY audit_log ({', '.join([*_BULK_COLUMNS, 'client_id', 'prev_hash', 'row_hash'])}) "
                               "FROM STDIN WITH (FORMAT csv)", chained, size=1 << 16)
        finally:
            cursor.close()
        last, written = chained.last, written + len(batch)
    if written:
        _move_head(connection, rows + written, last, signed)
    return written


class _ChainedRows:
    """What a bulk write COPYs: a CSV line per client, its content the shared text around its id, hashed
    over the row before; made as COPY reads (memory stays flat), keeping the last hash."""

    def __init__(self, client_ids: list, last: str, line_start: str, before: str, after: str):
        self.client_ids = iter(client_ids)
        self.last = last
        self.line_start, self.before, self.after = line_start, before, after

    def read(self, size: int = -1) -> str:
        lines, length = [], 0
        for client_id in self.client_ids:
            client_id = str(client_id)
            current = hashlib.sha256(f'{self.last}{self.before}"{client_id}"{self.after}'.encode()).hexdigest()
            lines.append(f"{self.line_start}{client_id},{self.last},{current}\n")
            self.last = current
            length += len(lines[-1])
            if length >= size > 0:
                break
        return "".join(lines)

    readline = read


def _copy_value(value):
    """A value as COPY's CSV format reads it: None is an empty field, which is NULL."""
    if isinstance(value, (list, tuple)):
        return "{" + ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value) + "}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


@dataclass(frozen=True)
class BrokenLink:
    row_id: int
    problem: str


def verify(connection: sa.Connection, batch: int = 5000) -> tuple[int, BrokenLink | None]:
    """Walk the chain in order, then hold its end against the signed head, all in one snapshot (rows
    written meanwhile are not half seen); returns (rows checked, the first broken link or None). Takes
    a connection that has not begun a transaction."""
    connection = connection.execution_options(isolation_level="REPEATABLE READ")
    expected_prev, checked, after = GENESIS, 0, 0
    while True:
        rows = connection.execute(sa.select(audit_log).where(audit_log.c.id > after)
                                  .order_by(audit_log.c.id).limit(batch)).all()
        if not rows:
            return checked, _head_problem(connection, checked, expected_prev, after)
        for row in rows:
            values = dict(row._mapping)
            if values["prev_hash"] != expected_prev:
                return checked, BrokenLink(row.id, "its link does not match the row before it (a row was removed "
                                                   "or reordered)")
            if row_hash(values["prev_hash"], values) != values["row_hash"]:
                return checked, BrokenLink(row.id, "its content does not match its hash (the row was changed)")
            expected_prev, checked, after = values["row_hash"], checked + 1, row.id


def verification(connection: sa.Connection) -> dict:
    """`verify()` as an answer (VerificationSchema): what a service says of its chain when asked over RPC."""
    checked, broken = verify(connection)
    return {"rows": checked, "intact": broken is None, "broken_row": broken.row_id if broken else None,
            "problem": broken.problem if broken else None}


class VerificationSchema(Schema):
    source = fields.String(metadata={"description": "the service whose trail was checked (clients, consent, ces)"})
    rows = fields.Integer(metadata={"description": "rows checked and found intact, in order"})
    intact = fields.Boolean(metadata={"description": "every row matches its hash and link, and the signed head"})
    broken_row = fields.Integer(allow_none=True, metadata={"description": "the first row that does not match"})
    problem = fields.String(allow_none=True, metadata={"description": "what does not match there"})


def _head_problem(connection, checked: int, last_hash: str, last_id: int) -> BrokenLink | None:
    head = connection.execute(sa.select(audit_head)).first()
    if head is None:
        return BrokenLink(last_id, "the chain's head record is missing")
    if not _signed(head):
        return BrokenLink(last_id, "the chain's head is not signed with the audit key (it was forged, or written "
                                   "over a forged head)")
    if (head.rows, head.last_hash) != (checked, last_hash):
        return BrokenLink(last_id, f"the chain ends here but its signed head counts {head.rows} rows ending in "
                                   "another hash (rows were removed from the end)")
    return None


def add_operators_and_head() -> None:
    """Rows of bulk operations run by an operator (no principal, decision or agency; the operator's name
    and the file), and the chain's head, signed, for the rows already there; called from a migration
    (clients 0014, consent 0006). The key must be the one the services and `hmis audit verify` use."""
    for name in ("principal_id", "agency_id", "decision_id"):
        op.alter_column("audit_log", name, nullable=True)
    op.add_column("audit_log", sa.Column("operator", sa.Text))
    op.add_column("audit_log", sa.Column("file", sa.Text))
    constraint = next(c for c in audit_log.constraints if c.name == "audit_log_principal")
    op.create_check_constraint(constraint.name, "audit_log", constraint.sqltext)
    op.drop_index("ix_audit_log_principal_id", "audit_log")
    op.create_index("ix_audit_log_principal_id", "audit_log", ["principal_id"],
                    postgresql_where=sa.text("principal_id IS NOT NULL"))
    connection = op.get_bind()
    audit_head.create(connection)
    rows = connection.execute(sa.select(sa.func.count()).select_from(audit_log)).scalar()
    last = connection.execute(sa.select(audit_log.c.row_hash).order_by(audit_log.c.id.desc()).limit(1)).scalar()
    _move_head(connection, rows, last or GENESIS, sign=True)


def create_audit_table() -> None:
    """Create the audit table as it was first made, and make it append-only; called from each service's
    first audit migration (0003). The table is spelled out as it was then, so later migrations
    (`add_operators_and_head`) find what they change."""
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("principal_kind", sa.Text, nullable=False),
        sa.Column("principal_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
        sa.Column("roles", ARRAY(sa.Text), nullable=False),
        sa.Column("client_id", UUID(as_uuid=True), nullable=False, index=True),
        sa.Column("action", sa.Text, nullable=False),
        sa.Column("fields", ARRAY(sa.Text), nullable=False),
        sa.Column("purpose", sa.Text),
        sa.Column("break_glass_reason", sa.Text),
        sa.Column("decision_id", UUID(as_uuid=True), nullable=False),
        sa.Column("consent_id", UUID(as_uuid=True)),
        sa.Column("consent_start", sa.Date),
        sa.Column("consent_end", sa.Date),
        sa.Column("consent_revoked_on", sa.Date),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.Text, nullable=False),
        sa.Column("row_hash", sa.Text, nullable=False),
    )
    op.execute("""
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$""")
    op.execute("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
    op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC")


def drop_operators_and_head() -> None:
    """Undo `add_operators_and_head` (operators' rows must be gone: they have no principal)."""
    audit_head.drop(op.get_bind())
    op.drop_constraint("audit_log_principal", "audit_log")
    op.drop_index("ix_audit_log_principal_id", "audit_log")
    op.create_index("ix_audit_log_principal_id", "audit_log", ["principal_id"])
    op.drop_column("audit_log", "file")
    op.drop_column("audit_log", "operator")
    for name in ("principal_id", "agency_id", "decision_id"):
        op.alter_column("audit_log", name, nullable=False)


def drop_audit_table() -> None:
    op.execute("DROP TABLE audit_log")
    op.execute("DROP FUNCTION audit_log_append_only()")


def search(session: Session, query: dict) -> list[dict]:
    """Rows oldest first, filtered by any of client_id, principal_id, since, until, break_glass,
    invalid_consent (accesses whose consent was, by its own dates as evaluated, not in force, or whose
    consent's revocation had been recorded before them: hmis_kit.revocations)."""
    statement = sa.select(*(c for c in audit_log.c if c.name not in ("prev_hash", "row_hash"))).order_by(audit_log.c.id)
    statement = filtered(statement, query, {name: audit_log.c[name] for name in ("client_id", "principal_id")},
                         audit_log.c.occurred_at)
    if query.get("break_glass"):
        statement = statement.where(audit_log.c.break_glass_reason.is_not(None))
    if query.get("invalid_consent"):
        day = sa.cast(sa.func.timezone("UTC", audit_log.c.occurred_at), sa.Date)
        revoked_before = sa.exists().where(consent_revocations.c.consent_id == audit_log.c.consent_id,
                                           consent_revocations.c.revoked_at <= audit_log.c.occurred_at)
        statement = statement.where(audit_log.c.consent_id.is_not(None), sa.or_(
            day < audit_log.c.consent_start, day > audit_log.c.consent_end, audit_log.c.consent_revoked_on <= day,
            revoked_before))
    return [dict(row._mapping) for row in session.execute(statement.limit(query.get("limit", 1000)))]


class AccessQuerySchema(Input):
    client_id = fields.UUID()
    principal_id = fields.UUID()
    since = fields.AwareDateTime()
    until = fields.AwareDateTime()
    break_glass = fields.Boolean(load_default=False)
    invalid_consent = fields.Boolean(load_default=False)
    limit = fields.Integer(load_default=1000, validate=validate.Range(min=1, max=10000))


class AccessSchema(Schema):
    id = fields.Integer()
    occurred_at = fields.AwareDateTime()
    principal_kind = fields.String(metadata={"description": "user, api_key, or operator (the command line)"})
    principal_id = fields.UUID(allow_none=True)
    agency_id = fields.UUID(allow_none=True)
    roles = fields.List(fields.String())
    client_id = fields.UUID()
    action = fields.String()
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields")
    purpose = fields.String(allow_none=True)
    break_glass_reason = fields.String(allow_none=True)
    decision_id = fields.UUID(allow_none=True)
    consent_id = fields.UUID(allow_none=True)
    consent_start = fields.Date(allow_none=True)
    consent_end = fields.Date(allow_none=True)
    consent_revoked_on = fields.Date(allow_none=True)
    outcome = fields.String()
    operator = fields.String(allow_none=True, metadata={"description": "who ran a bulk operation at the command line"})
    file = fields.String(allow_none=True, metadata={"description": "the file a bulk operation (import, export) read "
                                                                    "or wrote, or its import job"})
    # Compliance views add who the principal is (identity's `principals`): names of staff, not of clients.
    principal_name = fields.String(allow_none=True, metadata={"description": "the user's username or the API key's "
                                                                              "name (compliance views)"})
    agency_name = fields.String(allow_none=True, metadata={"description": "the principal's agency (compliance views)"})
    # A row does not know its database; the gateway, which asks each audited service, says which.
    source = fields.String(metadata={"description": "the service whose trail holds the row: clients or consent"})
