"""Audit rows gathered from every service holding client data, answered as JSON or CSV (for what
compliance officers and clients take away)."""
import csv
import io
from datetime import datetime

from flask import Response, g, jsonify, request

from hmis_kit.audit import AccessQuerySchema
from hmis_kit.errors import ValidationFailed, load_or_fail

FORMATS = ("json", "csv")
# The services holding client data, and so an audit trail in their own database (named like them); each
# answers `access_log`.
AUDITED_SERVICES = ("clients", "consent", "ces")


def response_format() -> str:
    """`?format=`: json (the default) or csv; anything else is refused, not answered as JSON."""
    chosen = request.args.get("format", "json")
    if chosen not in FORMATS:
        raise ValidationFailed("unknown format", {"format": [f"must be one of: {', '.join(FORMATS)}"]})
    return chosen


def filters() -> dict:
    """The query string's filters: every parameter but `?format=` (how the answer is written, not what)."""
    return {name: value for name, value in request.args.items() if name != "format"}


def as_csv(rows: list[dict]) -> str:
    """Rows as CSV, with every column any row has (rows of different kinds may differ)."""
    buffer = io.StringIO()
    if rows:
        columns = list(dict.fromkeys(name for row in rows for name in row))
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return buffer.getvalue()


def csv_answer(rows: list[dict], name: str) -> Response:
    return Response(as_csv(rows), mimetype="text/csv", headers={"Content-Disposition": f"attachment; filename={name}.csv"})


def answer(rows: list[dict], name: str):
    """JSON, or CSV with `?format=csv`."""
    if response_format() == "csv":
        return csv_answer(rows, name)
    return jsonify(rows)


def accesses(filters: dict) -> list[dict]:
    """The audit rows of every service holding client data, each tagged with its source, oldest first."""
    query = load_or_fail(AccessQuerySchema(), filters)  # the same rules the services apply, answered here first
    rows = [{**row, "source": source} for source in AUDITED_SERVICES
            for row in getattr(g.services, source).access_log(filters)]
    # Each service keeps to the limit on its own trail; the oldest `limit` of both are among what they sent.
    return sorted(rows, key=lambda row: datetime.fromisoformat(row["occurred_at"]))[:query["limit"]]


def named(rows: list[dict]) -> list[dict]:
    """Rows with the name of their principal (a user's username, an API key's name) and of its agency,
    from identity in one call, for compliance officers: staff names are not client data. An operator at
    the command line is named in the row itself."""
    ids = sorted({row["principal_id"] for row in rows if row.get("principal_id")})
    known = {p["id"]: p for p in g.services.identity.principals(ids)} if ids else {}
    return [{**row, "principal_name": known.get(row.get("principal_id"), {}).get("name"),
             "agency_name": known.get(row.get("principal_id"), {}).get("agency_name")} for row in rows]
