"""The audit trail of client-data access: one append-only, hash-chained row per read or write.

A service holding client data calls `record_access(session, access, ...)` inside the very transaction
that reads or writes the data, so no data leaves without its row, and a failed audit write returns no
data. Rows are chained: each row's hash covers its content and the previous row's hash, and writers are
serialised by a transaction-level advisory lock so the chain has one order. A trigger refuses UPDATE,
DELETE and TRUNCATE for every database role; `verify()` (behind `hmis audit verify`) finds the first
row whose content or link no longer matches, which is how a change made by someone able to disable the
trigger is still caught. Rows hold ids, codes and dates only: never names, SSNs or dates of birth.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timezone

import sqlalchemy as sa
from alembic import op
from marshmallow import EXCLUDE, Schema, fields, validate
from sqlalchemy.dialects.postgresql import ARRAY, UUID
from sqlalchemy.orm import Session

audit_metadata = sa.MetaData()

audit_log = sa.Table(
    "audit_log",
    audit_metadata,
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
    # The consent that let another agency in, with its dates as the policy evaluated them.
    sa.Column("consent_id", UUID(as_uuid=True)),
    sa.Column("consent_start", sa.Date),
    sa.Column("consent_end", sa.Date),
    sa.Column("consent_revoked_on", sa.Date),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("prev_hash", sa.Text, nullable=False),
    sa.Column("row_hash", sa.Text, nullable=False),
)

# The databases that hold client data, and so an audit trail; each is named for the service that owns it
# and answers `access_log`.
AUDITED_DATABASES = ("clients", "consent")
GENESIS = "0" * 64
# Any fixed 64-bit number: the advisory lock that serialises writers of one database's chain.
CHAIN_LOCK = 0x484D49535F415544  # "HMIS_AUD"
CHAINED = ("occurred_at", "principal_kind", "principal_id", "agency_id", "roles", "client_id", "action", "fields",
           "purpose", "break_glass_reason", "decision_id", "consent_id", "consent_start", "consent_end",
           "consent_revoked_on", "outcome")


def _canonical(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat(timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return None if value is None else str(value)


def row_hash(prev_hash: str, row: dict) -> str:
    content = json.dumps({name: _canonical(row[name]) for name in CHAINED}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((prev_hash + content).encode()).hexdigest()


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def record_access(session: Session, access: dict, client_id, action: str, fields: list[str],
                  outcome: str = "allowed") -> None:
    """Append one row for an access the gateway authorized; `access` is what the gateway sends along:
    principal, decision_id, purpose, break_glass_reason and the consent basis, if any."""
    principal, basis = access["principal"], access.get("consent") or {}
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(CHAIN_LOCK)))
    previous = session.execute(sa.select(audit_log.c.row_hash).order_by(audit_log.c.id.desc()).limit(1)).scalar()
    row = {
        "occurred_at": datetime.now(timezone.utc),
        "principal_kind": principal["kind"], "principal_id": principal["id"], "agency_id": principal["agency_id"],
        "roles": list(principal.get("roles") or []), "client_id": client_id, "action": action,
        "fields": sorted(fields), "purpose": access.get("purpose"),
        "break_glass_reason": access.get("break_glass_reason"), "decision_id": access["decision_id"],
        "consent_id": basis.get("consent_id"), "consent_start": _date(basis.get("start_date")),
        "consent_end": _date(basis.get("end_date")), "consent_revoked_on": _date(basis.get("revoked_on")),
        "outcome": outcome,
    }
    row["prev_hash"] = previous or GENESIS
    row["row_hash"] = row_hash(row["prev_hash"], row)
    session.execute(audit_log.insert().values(**row))


@dataclass(frozen=True)
class BrokenLink:
    row_id: int
    problem: str


def verify(connection, batch: int = 5000) -> tuple[int, BrokenLink | None]:
    """Walk the chain in order; returns (rows checked, the first broken link or None)."""
    expected_prev, checked, after = GENESIS, 0, 0
    while True:
        rows = connection.execute(sa.select(audit_log).where(audit_log.c.id > after)
                                  .order_by(audit_log.c.id).limit(batch)).all()
        if not rows:
            return checked, None
        for row in rows:
            values = dict(row._mapping)
            if values["prev_hash"] != expected_prev:
                return checked, BrokenLink(row.id, "its link does not match the row before it (a row was removed "
                                                   "or reordered)")
            if row_hash(values["prev_hash"], values) != values["row_hash"]:
                return checked, BrokenLink(row.id, "its content does not match its hash (the row was changed)")
            expected_prev, checked, after = values["row_hash"], checked + 1, row.id


def create_audit_table() -> None:
    """Create the audit table and make it append-only; called from a service's migration."""
    audit_metadata.create_all(op.get_bind())
    op.execute("""
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$""")
    op.execute("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
    op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
               "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")
    op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC")


def drop_audit_table() -> None:
    op.execute("DROP TABLE audit_log")
    op.execute("DROP FUNCTION audit_log_append_only()")


def search(session: Session, query: dict) -> list[dict]:
    """Rows oldest first, filtered by any of client_id, principal_id, since, until, break_glass,
    invalid_consent (accesses whose consent was, by its own dates as evaluated, not in force)."""
    statement = sa.select(*(c for c in audit_log.c if c.name not in ("prev_hash", "row_hash"))).order_by(audit_log.c.id)
    for name in ("client_id", "principal_id"):
        if query.get(name) is not None:
            statement = statement.where(audit_log.c[name] == query[name])
    if query.get("since") is not None:
        statement = statement.where(audit_log.c.occurred_at >= query["since"])
    if query.get("until") is not None:
        statement = statement.where(audit_log.c.occurred_at < query["until"])
    if query.get("break_glass"):
        statement = statement.where(audit_log.c.break_glass_reason.is_not(None))
    if query.get("invalid_consent"):
        day = sa.cast(sa.func.timezone("UTC", audit_log.c.occurred_at), sa.Date)
        statement = statement.where(audit_log.c.consent_id.is_not(None), sa.or_(
            day < audit_log.c.consent_start, day > audit_log.c.consent_end, audit_log.c.consent_revoked_on <= day))
    return [dict(row._mapping) for row in session.execute(statement.limit(query.get("limit", 1000)))]


class AccessQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

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
    principal_kind = fields.String()
    principal_id = fields.UUID()
    agency_id = fields.UUID()
    roles = fields.List(fields.String())
    client_id = fields.UUID()
    action = fields.String()
    fields_ = fields.List(fields.String(), data_key="fields", attribute="fields")
    purpose = fields.String(allow_none=True)
    break_glass_reason = fields.String(allow_none=True)
    decision_id = fields.UUID()
    consent_id = fields.UUID(allow_none=True)
    consent_start = fields.Date(allow_none=True)
    consent_end = fields.Date(allow_none=True)
    consent_revoked_on = fields.Date(allow_none=True)
    outcome = fields.String()
    # A row does not know its database; the gateway, which asks each audited service, says which.
    source = fields.String(metadata={"description": "the service whose trail holds the row: clients or consent"})
