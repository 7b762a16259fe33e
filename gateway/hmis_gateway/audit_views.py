"""Audit rows gathered from every service holding client data, answered as JSON or CSV (for what
compliance officers and clients take away)."""
import csv
import io
from datetime import datetime

from flask import Response, g, jsonify, request

from hmis_kit.audit import AUDITED_DATABASES, AccessQuerySchema
from hmis_kit.errors import load_or_fail


def as_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(v) if isinstance(v, list) else v for k, v in row.items()})
    return buffer.getvalue()


def answer(rows: list[dict], name: str):
    """JSON, or CSV with `?format=csv`."""
    if request.args.get("format") == "csv":
        return Response(as_csv(rows), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={name}.csv"})
    return jsonify(rows)


def accesses(filters: dict) -> list[dict]:
    """The audit rows of every service holding client data, each tagged with its source, oldest first."""
    query = load_or_fail(AccessQuerySchema(), filters)  # the same rules the services apply, answered here first
    rows = [{**row, "source": source} for source in AUDITED_DATABASES
            for row in getattr(g.services, source).access_log(filters)]
    # Each service keeps to the limit on its own trail; the oldest `limit` of both are among what they sent.
    return sorted(rows, key=lambda row: datetime.fromisoformat(row["occurred_at"]))[:query["limit"]]
