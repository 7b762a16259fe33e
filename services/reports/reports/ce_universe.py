"""The Coordinated Entry APR's universe (FY2026 CE APR programming specifications), built with the
glossary's steps and six of its own.

`build_universe(connection, params)` creates, in the caller's transaction (dropped at its commit):

- TEMP TABLE `universe`: the glossary's columns (reports.glossary) for every person of a household whose
  head had a CE assessment (4.19) in the period, on the stay of that household (a person in several such
  households: the one assessed last), plus the household's CE columns (`CE_COLUMNS`);
- TEMP TABLE `universe_households`, as the glossary makes it;
- TEMP TABLE `ce_activity`: every CE assessment and event dated in the period in the report's projects,
  whoever it is about, with the member_no of its person when they are in the universe (Q10 counts these).

The report's projects are the run's selection (sources, projects, CoCs) narrowed to continuum projects
(2.02.5 ContinuumProject 1) taking part in coordinated entry during the period: a CE Participation record
(2.09) as an access point or receiving referrals whose dates overlap the period. An assessment or event
counts only when its project took part on its date.
"""
from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.engine import Connection

from reports import glossary

EVENT_WINDOW_DAYS = 90  # events up to 90 days after the report's end belong to the period's assessments

_PARTICIPATING_ON = """EXISTS (SELECT 1 FROM hud_ce_participation c
     WHERE c.project_id = {project}.project_id AND c.source = {project}.source AND c.date_deleted IS NULL
       AND (c.access_point = 1 OR c.receives_referrals = 1)
       AND c.ce_participation_status_start_date <= {last}
       AND (c.ce_participation_status_end_date IS NULL OR c.ce_participation_status_end_date >= {first}))"""


def _participating(project: str, first: str, last: str) -> str:
    """A project (alias) taking part in CE (access point or receiving referrals) on some day from `first`
    to `last`."""
    return _PARTICIPATING_ON.format(project=project, first=first, last=last)


CE_PROJECTS = f"""
DELETE FROM report_projects r
 WHERE NOT EXISTS (SELECT 1 FROM hud_project p
                    WHERE p.project_id = r.project_id AND p.source = r.source AND p.continuum_project = 1)
    OR NOT {_participating('r', '%(start)s', '%(end)s')}
"""
"""The report's projects: the run's selection, only continuum projects taking part in CE in the period."""

CE_RECORDS = f"""
CREATE TEMP TABLE ce_records ON COMMIT DROP AS
SELECT 'assessment' AS kind, a.assessment_id AS record_id, a.personal_id, a.source, a.enrollment_id,
       e.household_id, e.project_id, a.assessment_date AS record_date, a.assessment_type, a.assessment_level,
       a.prioritization_status, NULL::int AS event, NULL::int AS prob_sol_div_rr_result,
       NULL::int AS referral_case_manage_after, NULL::int AS referral_result
  FROM hud_assessment a
  JOIN hud_enrollment e ON e.enrollment_id = a.enrollment_id AND e.source = a.source AND e.date_deleted IS NULL
  JOIN report_projects r ON r.project_id = e.project_id AND r.source = e.source
 WHERE a.date_deleted IS NULL
   AND a.assessment_date BETWEEN %(start)s AND %(end)s::date + {EVENT_WINDOW_DAYS}
   AND {_participating('r', 'a.assessment_date', 'a.assessment_date')}
UNION ALL
SELECT 'event', v.event_id, v.personal_id, v.source, v.enrollment_id, e.household_id, e.project_id, v.event_date,
       NULL, NULL, NULL, v.event, v.prob_sol_div_rr_result, v.referral_case_manage_after, v.referral_result
  FROM hud_event v
  JOIN hud_enrollment e ON e.enrollment_id = v.enrollment_id AND e.source = v.source AND e.date_deleted IS NULL
  JOIN report_projects r ON r.project_id = e.project_id AND r.source = e.source
 WHERE v.date_deleted IS NULL
   AND v.event_date BETWEEN %(start)s AND %(end)s::date + {EVENT_WINDOW_DAYS}
   AND {_participating('r', 'v.event_date', 'v.event_date')};
CREATE INDEX ON ce_records (personal_id, source, kind)
"""
"""Every CE assessment (4.19) and event (4.20) of the report's projects dated from the report's start to 90
days after its end, each on a day its project took part in CE."""

CE_HOUSEHOLDS = """
CREATE TEMP TABLE ce_households ON COMMIT DROP AS
SELECT DISTINCT ON (s.household_id, s.source)
       s.household_id, s.source, a.personal_id AS head_personal_id, a.project_id, a.record_date AS assessment_date,
       a.assessment_type, a.prioritization_status
  FROM ce_records a
  JOIN report_stays s ON s.enrollment_id = a.enrollment_id AND s.source = a.source AND s.is_head
 WHERE a.kind = 'assessment' AND a.record_date BETWEEN %(start)s AND %(end)s
 ORDER BY s.household_id, s.source, a.record_date DESC, a.record_id DESC
"""
"""The households assessed: those whose head (the glossary's) had a CE assessment in the period, each with
its head's latest one (HUD collects and reports assessments for heads of household)."""

CE_STAYS = """
DELETE FROM report_stays s
 WHERE NOT EXISTS (SELECT 1 FROM ce_households h
                    WHERE h.household_id = s.household_id AND h.source = s.source
                      AND (s.is_head OR (s.entry_date <= h.assessment_date
                           AND (s.recorded_exit_date IS NULL OR s.recorded_exit_date >= h.assessment_date))));
DELETE FROM report_stays s
 USING (SELECT o.enrollment_id, o.source,
               row_number() OVER (PARTITION BY o.personal_id, o.source
                                  ORDER BY h.assessment_date DESC, o.entry_date DESC, o.enrollment_id DESC) AS rank
          FROM report_stays o JOIN ce_households h ON h.household_id = o.household_id AND h.source = o.source) ranked
 WHERE ranked.enrollment_id = s.enrollment_id AND ranked.source = s.source AND ranked.rank > 1
"""
"""The stays the universe is made of: a head's assessed stay and the stays of the members in the household
on the day of its assessment; a person in several assessed households keeps the one assessed last (so the
glossary's step `UNIVERSE`, each person's latest stay, takes it)."""

CE_COLUMNS = """
ALTER TABLE universe ADD COLUMN ce_assessment_date date, ADD COLUMN ce_assessment_type int,
    ADD COLUMN ce_prioritization_status int, ADD COLUMN ce_event_date date, ADD COLUMN ce_event int,
    ADD COLUMN ce_prob_sol_div_rr_result int, ADD COLUMN ce_referral_case_manage_after int,
    ADD COLUMN ce_referral_result int;
UPDATE universe u
   SET ce_assessment_date = h.assessment_date, ce_assessment_type = h.assessment_type,
       ce_prioritization_status = h.prioritization_status, ce_event_date = v.record_date, ce_event = v.event,
       ce_prob_sol_div_rr_result = v.prob_sol_div_rr_result,
       ce_referral_case_manage_after = v.referral_case_manage_after, ce_referral_result = v.referral_result
  FROM ce_households h
  LEFT JOIN LATERAL (
       SELECT e.record_date, e.event, e.prob_sol_div_rr_result, e.referral_case_manage_after, e.referral_result
         FROM ce_records e
        WHERE e.kind = 'event' AND e.personal_id = h.head_personal_id AND e.source = h.source
          AND e.record_date >= h.assessment_date
          AND NOT EXISTS (SELECT 1 FROM ce_records later
                           WHERE later.kind = 'assessment' AND later.personal_id = h.head_personal_id
                             AND later.source = h.source
                             AND later.record_date > %(end)s AND later.record_date <= e.record_date)
        ORDER BY e.project_id = h.project_id DESC, e.record_date DESC, e.record_id DESC
        LIMIT 1) v ON true
 WHERE h.household_id = u.household_id AND h.source = u.source
"""
"""The household's CE columns on each of its members, all its head's: the latest assessment's date, type
(4.19.3) and prioritization status (4.19.7), and the event (4.20) that followed it: dated on or after the
assessment, no later than 90 days after the report's end and before any assessment after the report's end
(that one starts another episode); of those, the latest in the assessment's project, else the latest."""

CE_ACTIVITY = """
CREATE TEMP TABLE ce_activity ON COMMIT DROP AS
SELECT r.*, u.member_no
  FROM ce_records r
  LEFT JOIN universe u ON u.personal_id = r.personal_id AND u.source = r.source
 WHERE r.record_date BETWEEN %(start)s AND %(end)s
"""
"""Every CE assessment and event of the period in the report's projects (CE APR Q10: all CE activity, not
only the universe's), with the member_no of its person when in the universe."""


def _steps() -> tuple[str, ...]:
    """The glossary's steps, whatever they become, with CE's: its projects and records once the run's projects
    are selected, its households and stays before the universe is taken, its columns and activity last."""
    steps: list[str] = []
    for step in glossary.STEPS:
        if step is glossary.UNIVERSE:
            steps += [CE_HOUSEHOLDS, CE_STAYS]
        steps.append(step)
        if step is glossary.SELECTED_PROJECTS:
            steps += [CE_PROJECTS, CE_RECORDS]
    return (*steps, CE_COLUMNS, CE_ACTIVITY)


STEPS = _steps()


def build_universe(connection: Connection, params: Mapping) -> None:
    """Create TEMP TABLEs `universe`, `universe_households` and `ce_activity` for the run's parameters."""
    values = glossary.parameters(params)
    for step in STEPS:
        connection.exec_driver_sql(step, values)
