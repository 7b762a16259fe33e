"""Q4a, Project Identifiers in HMIS (FY2026 CoC APR and ESG CAPER): one row per project of the report, its row label
the organization's name, then the project's identifiers as text and its active clients and households as counts.

The shell's columns (HUD's CoC APR and ESG CAPER HMIS Programming Specifications V1.0, FY2026, Q4a) and what each
holds:

- Organization ID, Project Name, Project ID (2.01, 2.02); HMIS Project Type (2.02.6, the code); RRH Subtype
  (2.02.6A, the code, empty when not recorded);
- Coordinated Entry Access Point (2.09.1): the answer of the CE participation record in force on the project's
  operating end date when that falls in the period, else on the report's end (of several, the latest started),
  0 with none;
- Affiliated with a Residential Project (2.02.6B): for services-only projects and RRH services-only (type 13,
  subtype 1), the recorded answer (0 when none); 0 for every other project; Project IDs of affiliations (2.02.6C):
  for an affiliated services-only project, its affiliations' residential ProjectIDs, comma-separated;
- CoC Number and Geocode (2.03): each ProjectCoC record's, comma-separated, in the same order;
- Victim Service Provider (2.01.2, 0 when not recorded); HMIS Software Name and Version Number (this software's);
  Report Start Date and Report End Date (the run's period, ISO dates);
- Total Active Clients and Total Active Households: the universe's people in the project, and its heads of
  household there (counts, each with its members).

Projects come in the order of their organization's name, then their own name and ProjectID.
"""
from __future__ import annotations

from importlib.metadata import version

from reports.engine.question import Question

HMIS_SOFTWARE = f"Harbor HMIS {version('harbor-hmis')}"  # the product and its version (pyproject.toml)
SERVICES_ONLY, RAPID_REHOUSING, RRH_SERVICES_ONLY = 6, 13, 1  # 2.02.6 project types, 2.02.6A subtype

COLUMNS = ("Organization Name", "Organization ID", "Project Name", "Project ID", "HMIS Project Type", "RRH Subtype",
           "Coordinated Entry Access Point", "Affiliated with a Residential Project", "Project IDs of affiliations",
           "CoC Number", "Geocode", "Victim Service Provider", "HMIS Software Name and Version Number",
           "Report Start Date", "Report End Date", "Total Active Clients", "Total Active Households")
ACTIVE_CLIENTS, ACTIVE_HOUSEHOLDS = COLUMNS.index("Total Active Clients"), COLUMNS.index("Total Active Households")

PROJECTS_CTE = """q4a_projects AS (
SELECT row_number() OVER (ORDER BY o.organization_name, p.project_name, p.project_id, p.source) AS row_no,
       p.project_id, p.source, p.organization_id, p.project_name, p.project_type, p.rrh_sub_type,
       p.residential_affiliation, coalesce(o.organization_name, '') AS organization_name,
       o.victim_service_provider,
       CASE WHEN p.operating_end_date >= %(start)s AND p.operating_end_date < %(end)s THEN p.operating_end_date
            ELSE %(end)s END AS ce_in_force_on
  FROM report_projects r
  JOIN hud_project p ON p.project_id = r.project_id AND p.source = r.source AND p.date_deleted IS NULL
  LEFT JOIN hud_organization o ON o.organization_id = p.organization_id AND o.source = p.source
                              AND o.date_deleted IS NULL)"""

ROWS_SQL = f"WITH {PROJECTS_CTE} SELECT row_no, organization_name AS label FROM q4a_projects"

_AFFILIATED = (f"(q.project_type = {SERVICES_ONLY} OR "
               f"(q.project_type = {RAPID_REHOUSING} AND q.rrh_sub_type = {RRH_SERVICES_ONLY}))")

SQL = f"""WITH {PROJECTS_CTE},
identifiers AS (
SELECT q.row_no,
       q.organization_id, q.project_name, q.project_id, q.project_type::text AS project_type,
       q.rrh_sub_type::text AS rrh_sub_type,
       coalesce((SELECT ce.access_point FROM hud_ce_participation ce
                  WHERE ce.project_id = q.project_id AND ce.source = q.source AND ce.date_deleted IS NULL
                    AND ce.ce_participation_status_start_date <= q.ce_in_force_on
                    AND (ce.ce_participation_status_end_date IS NULL
                         OR ce.ce_participation_status_end_date >= q.ce_in_force_on)
                  ORDER BY ce.ce_participation_status_start_date DESC, ce.ce_participation_id DESC
                  LIMIT 1), 0)::text AS access_point,
       (CASE WHEN {_AFFILIATED} THEN coalesce(q.residential_affiliation, 0) ELSE 0 END)::text AS affiliated,
       CASE WHEN q.project_type = {SERVICES_ONLY} AND q.residential_affiliation = 1 THEN
            (SELECT string_agg(a.res_project_id, ', ' ORDER BY a.res_project_id) FROM hud_affiliation a
              WHERE a.project_id = q.project_id AND a.source = q.source AND a.date_deleted IS NULL) END AS affiliations,
       (SELECT string_agg(c.coc_code, ', ' ORDER BY c.coc_code, c.geocode, c.project_coc_id) FROM hud_project_coc c
         WHERE c.project_id = q.project_id AND c.source = q.source AND c.date_deleted IS NULL) AS coc_codes,
       (SELECT string_agg(c.geocode, ', ' ORDER BY c.coc_code, c.geocode, c.project_coc_id) FROM hud_project_coc c
         WHERE c.project_id = q.project_id AND c.source = q.source AND c.date_deleted IS NULL) AS geocodes,
       coalesce(q.victim_service_provider, 0)::text AS victim_service_provider
  FROM q4a_projects q)
SELECT i.row_no, t.column_no, NULL::numeric AS value, NULL::int[] AS members, coalesce(t.text, '') AS text
  FROM identifiers i
 CROSS JOIN LATERAL (VALUES (1, i.organization_id), (2, i.project_name), (3, i.project_id), (4, i.project_type),
                            (5, i.rrh_sub_type), (6, i.access_point), (7, i.affiliated), (8, i.affiliations),
                            (9, i.coc_codes), (10, i.geocodes), (11, i.victim_service_provider),
                            (12, '{HMIS_SOFTWARE}'), (13, %(start)s::text), (14, %(end)s::text)
                    ) AS t(column_no, text)
UNION ALL
SELECT q.row_no, {ACTIVE_CLIENTS}, count(*), array_agg(u.member_no), NULL
  FROM q4a_projects q JOIN universe u ON u.project_id = q.project_id AND u.source = q.source
 GROUP BY q.row_no
UNION ALL
SELECT q.row_no, {ACTIVE_HOUSEHOLDS}, count(*), array_agg(u.member_no), NULL
  FROM q4a_projects q JOIN universe u ON u.project_id = q.project_id AND u.source = q.source AND u.is_head
 GROUP BY q.row_no"""

Q4A = Question(
    id="Q4a",
    title="Project Identifiers in HMIS",
    columns=COLUMNS,
    rows=(),
    sql=SQL,
    rows_sql=ROWS_SQL,
    text=True,
)
