"""Data-quality findings kept with the records (`data_quality_findings`): HUD's data-quality rules
(hud.fy2026's catalogue, compiled by checks.quality_checks) run over the stored records.

`evaluate` is the one path: the CSV import runs it over the records it wrote, the API over a record it
created or changed, in the same transaction as the write. Findings that still hold keep the time they
were first found; those that no longer hold go.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from clients.models import HUD_TABLES, data_quality_findings
from hud.fy2026 import checks
from hud.fy2026.spec import FILES

FINDINGS = data_quality_findings.name


def _owners(name: str) -> tuple[str, str, str]:
    """SQL (over a stored record `r`) of the client, enrollment and project a finding belongs to."""
    columns = FILES[name].by_name
    personal = "r.personal_id" if "PersonalID" in columns else "NULL"
    enrollment = "r.enrollment_id" if "EnrollmentID" in columns else "NULL"
    if "ProjectID" in columns:
        project = "r.project_id"
    elif "EnrollmentID" in columns:
        project = (f"(SELECT e.project_id FROM {HUD_TABLES['Enrollment'].name} e "
                   "WHERE e.enrollment_id = r.enrollment_id AND e.source = r.source)")
    else:
        project = "NULL"
    return personal, enrollment, project


@dataclass
class Found:
    counts: dict[str, int] = field(default_factory=dict)  # rule id -> findings of the records evaluated


def evaluate(connection: sa.Connection, name: str, scope: str, params: dict | None = None,
             lines: str | None = None, each: Callable[[int, str, str, str, str | None], None] | None = None) -> Found:
    """Re-evaluate the findings of a file's stored records that `scope` (SQL over the record `r`, with
    `params`) selects; returns what they have now, counted per rule. With `lines` (a table of the records'
    `_line` and key: an import's staged file), `each` is called with every finding made, by line: line,
    record id, field, rule id, value (read from a server-side cursor: an export may have hundreds of
    thousands)."""
    spec, table = FILES[name], HUD_TABLES[name].name
    key = spec.key.db_name
    live = "r.date_deleted IS NULL" if "DateDeleted" in spec.by_name else "true"
    quality = checks.QUALITY_CHECKS[name]
    records = f"SELECT r.{key}, r.source FROM {table} r WHERE {scope}"
    if not quality:
        connection.exec_driver_sql(f"DELETE FROM {FINDINGS} WHERE file = %(file)s AND (record_id, source) IN "
                                   f"({records})", {**(params or {}), "file": name})
        return Found()
    personal, enrollment, project = _owners(name)
    owners = f"r.{key} AS record_id, r.source, {personal} AS personal_id, {enrollment} AS enrollment_id"
    within = [check for check in quality if not check.across]
    # the rules of one record: the positions of those broken, one finding each
    array = "(ARRAY[{}]::text[])[at]".format
    found = [f"""SELECT {owners}, {project} AS project_id, {array(', '.join(f"'{c.rule_id}'" for c in within))},
            {array(', '.join(f"'{c.column}'" for c in within))}, {array(', '.join(c.value for c in within))}
        FROM {table} r CROSS JOIN LATERAL unnest(array_remove(ARRAY[{', '.join(
            f"CASE WHEN {c.bad} THEN {at} END" for at, c in enumerate(within, start=1))}], NULL)) AS at
        WHERE {scope} AND {live}"""] if within else []
    # a rule reading other records runs on its own, where its subquery is planned as a join, not per record
    found += [f"""SELECT {owners}, {project} AS project_id, '{check.rule_id}', '{check.column}', {check.value}
        FROM {table} r WHERE {scope} AND {live} AND {check.bad}""" for check in quality if check.across]
    found = "SELECT * FROM (" + " UNION ALL ".join(found) + \
        ") found (record_id, source, personal_id, enrollment_id, project_id, rule_id, field, value)"
    params = {**(params or {}), "file": name}
    # Found into a table of its own, its statistics taken, so that what no longer holds is found by a hash
    # anti-join whatever the number of findings (a CTE's estimate made that a nested loop over all of them).
    connection.exec_driver_sql(f"CREATE TEMP TABLE found_now ON COMMIT DROP AS {found}", params)
    connection.exec_driver_sql("ANALYZE found_now")
    connection.exec_driver_sql(f"""
        DELETE FROM {FINDINGS} d WHERE d.file = %(file)s AND (d.record_id, d.source) IN ({records})
        AND NOT EXISTS (SELECT 1 FROM found_now f WHERE f.record_id = d.record_id AND f.source = d.source
                        AND f.rule_id = d.rule_id AND f.field = d.field)""", params)
    connection.exec_driver_sql(f"""
        INSERT INTO {FINDINGS} (file, record_id, source, personal_id, enrollment_id, project_id, rule_id, field, value)
        SELECT %(file)s, * FROM found_now
        ON CONFLICT (file, record_id, source, rule_id, field) DO UPDATE SET value = EXCLUDED.value,
            personal_id = EXCLUDED.personal_id, enrollment_id = EXCLUDED.enrollment_id,
            project_id = EXCLUDED.project_id""", params)
    found_now = Found(dict(connection.exec_driver_sql("SELECT rule_id, count(*) FROM found_now GROUP BY rule_id "
                                                      "ORDER BY rule_id").all()))
    if lines and each and found_now.counts:
        for finding in connection.exec_driver_sql(f"""
                SELECT s._line, f.record_id, f.field, f.rule_id, f.value FROM found_now f JOIN {lines} s
                ON s.{key} = f.record_id ORDER BY s._line, f.rule_id, f.field""",
                execution_options={"stream_results": True, "yield_per": 10_000}):
            each(*finding)
    connection.exec_driver_sql("DROP TABLE found_now")
    return found_now


def evaluate_record(connection: sa.Connection, name: str, record_id: str, source: int) -> Found:
    """Re-evaluate one stored record's findings (the API's writes)."""
    key = FILES[name].key.db_name
    return evaluate(connection, name, f"r.{key} = %(record_id)s AND r.source = %(source)s",
                    {"record_id": record_id, "source": source})
