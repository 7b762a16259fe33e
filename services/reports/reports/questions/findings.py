"""Data-quality findings by rule: our own table in the Data Quality report, not one of HUD's shells.

The clients service keeps every break of a data-quality rule as a finding (docs/clients.md, "Data-quality
findings"), and the warehouse mirrors them without their values (`data_quality_findings`). This table
counts them by rule, one row per data-quality rule of the catalogue (`hud.fy2026.catalogue`, in its
order) and a total, for the report's people and projects:

- a finding about a person of the universe (their client record, or a record of one of their stays in a
  project of the report: the enrollment, its exit, income, services...) is counted, with that person as a
  member of the row's cells;
- a finding about a project of the report itself (a project descriptor: Project, Inventory, Funder...) is
  counted with no member;
- any other finding (another project's records, an organization's) is not.

Findings are as they stand now: one that still holds counts whenever it was first found (a record of the
period that still breaks a rule is still a problem of the period's data); one put right is gone.

Columns: how many findings, how many distinct records they are about, how many of the report's people they
concern, and those people as a share of everyone in the report.
"""
from __future__ import annotations

from hud.fy2026.catalogue import RULES
from reports.engine.question import Question

DATA_QUALITY_RULES = tuple(rule for rule in RULES if not rule.structural)
TOTAL_ROW = len(DATA_QUALITY_RULES) + 1

_RULE_ROWS = ", ".join(f"('{rule.id}', {row_no})" for row_no, rule in enumerate(DATA_QUALITY_RULES, start=1))

SQL = f"""
WITH report_projects AS (SELECT DISTINCT project_id, source FROM universe),
found AS (
  SELECT f.rule_id, f.file, f.record_id, f.source, u.member_no
    FROM data_quality_findings f
    LEFT JOIN universe u ON u.personal_id = f.personal_id AND u.source = f.source
   WHERE f.source = ANY(%(sources)s)
     AND CASE WHEN f.personal_id IS NULL
              THEN (f.project_id, f.source) IN (SELECT project_id, source FROM report_projects)
              ELSE u.member_no IS NOT NULL
                   AND (f.project_id IS NULL
                        OR (f.project_id, f.source) IN (SELECT project_id, source FROM report_projects)) END
),
rule_rows (rule_id, row_no) AS (VALUES {_RULE_ROWS}),
by_row AS (
  SELECT r.row_no, f.file, f.record_id, f.source, f.member_no
    FROM found f JOIN rule_rows r ON r.rule_id = f.rule_id
  UNION ALL
  SELECT {TOTAL_ROW}, f.file, f.record_id, f.source, f.member_no
    FROM found f JOIN rule_rows r ON r.rule_id = f.rule_id
),
tallies AS (
  SELECT row_no, count(*) AS findings, count(DISTINCT (file, record_id, source)) AS records,
         count(DISTINCT member_no) AS clients,
         coalesce(array_agg(DISTINCT member_no) FILTER (WHERE member_no IS NOT NULL), '{{}}') AS members
    FROM by_row GROUP BY row_no
)
SELECT row_no, 1 AS column_no, findings::numeric AS value, members FROM tallies
UNION ALL SELECT row_no, 2, records, members FROM tallies
UNION ALL SELECT row_no, 3, clients, members FROM tallies
UNION ALL SELECT row_no, 4, round(clients::numeric / nullif((SELECT count(*) FROM universe), 0), 4), members
  FROM tallies
"""

FINDINGS = Question(
    id="Findings",
    title="Data-quality findings by rule (Harbor HMIS: not part of HUD's report)",
    columns=("Rule", "Findings", "Records", "Clients", "% of Clients"),
    rows=tuple(f"{rule.id}: {rule.message}" for rule in DATA_QUALITY_RULES) + ("Total",),
    sql=SQL,
)
