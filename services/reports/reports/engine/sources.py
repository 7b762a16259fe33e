"""The warehouse's sources as the engine needs them, read from the warehouse's `warehouse_sources` (id, kind,
clients_source): which are the HMIS's own (kind `hmis`, each carrying the number of the clients service's source
its records came from), the default of a run; and which warehouse source holds a clients-service project, to
hold a drill-down to the projects of the caller's agency (reports.engine.results)."""
from __future__ import annotations

import sqlalchemy as sa

HMIS = "hmis"
# Each warehouse source of the HMIS's own records with the clients service's source it holds: the audit of a
# drill-down names the clients read in that service's terms.
HMIS_SOURCES = "SELECT id AS source, clients_source FROM warehouse_sources WHERE kind = 'hmis'"


def own(connection: sa.Connection) -> list[int]:
    """The warehouse sources of the HMIS's own records: a run's sources when it names none."""
    return list(connection.execute(sa.text("SELECT id FROM warehouse_sources WHERE kind = :kind ORDER BY id"),
                                   {"kind": HMIS}).scalars())


def projects_sql(projects_param: str) -> str:
    """A subquery of (project_id, source) in warehouse terms, from the parameter `projects_param`: a JSON array of
    the clients service's {"project_id", "source"} (that service's source numbers)."""
    return ("SELECT p.project_id, w.id AS source "
            f"FROM jsonb_to_recordset(CAST(%({projects_param})s AS jsonb)) AS p(project_id text, source int) "
            "JOIN warehouse_sources w ON w.kind = 'hmis' AND w.clients_source = p.source")
