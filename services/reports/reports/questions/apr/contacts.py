"""APR Q9a (persons contacted) and Q9b (persons engaged): street outreach and night-by-night shelters,
FY2026 shells."""
from reports.engine.question import Question
from reports.questions import shapes
from reports.questions.shapes import ADULT

HOMELESS_SITUATIONS = "(116, 101, 118)"
WORKER_UNABLE = "(37, 8, 9, 99)"
# An engagement date without a Current Living Situation that day still counts as a contact, of a situation
# the worker could not determine.
UNDETERMINED = 37

CONTACTS = f"""
SELECT cls.information_date AS day, cls.current_living_situation AS situation
  FROM hud_current_living_sit cls
 WHERE cls.enrollment_id = u.enrollment_id AND cls.source = u.source AND cls.date_deleted IS NULL
   AND cls.information_date >= u.entry_date AND cls.information_date <= coalesce(u.exit_date, %(end)s)
   AND (u.date_of_engagement IS NULL OR cls.information_date <= u.date_of_engagement)
UNION ALL
SELECT u.date_of_engagement, {UNDETERMINED}
 WHERE u.date_of_engagement <= %(end)s AND NOT EXISTS (
       SELECT 1 FROM hud_current_living_sit same_day
        WHERE same_day.enrollment_id = u.enrollment_id AND same_day.source = u.source
          AND same_day.date_deleted IS NULL AND same_day.information_date = u.date_of_engagement)
"""
"""A client's contacts (4.12 Current Living Situation) on their latest stay: from entry to exit, the
report's end and the date of engagement, whichever is first (contacts before the report's start count)."""

WITH_CONTACTS = (f"universe u CROSS JOIN LATERAL (SELECT count(*) AS number, "
                 f"(array_agg(contact.situation ORDER BY contact.day))[1] AS first_situation, "
                 f"coalesce(bool_or(contact.day >= %(start)s), false) AS in_period "
                 f"FROM ({CONTACTS}) AS contact) AS contacts")
OUTREACH = f"({ADULT} OR u.is_head) AND u.project_type IN (1, 4)"
CONTACTED = f"{OUTREACH} AND contacts.in_period"
ENGAGED = f"{OUTREACH} AND u.date_of_engagement BETWEEN %(start)s AND %(end)s"
FIRST_CONTACT_COLUMNS = (
    "true",
    f"contacts.first_situation NOT IN {HOMELESS_SITUATIONS} AND contacts.first_situation NOT IN {WORKER_UNABLE}",
    f"contacts.first_situation IN {HOMELESS_SITUATIONS}",
    f"contacts.first_situation IN {WORKER_UNABLE}",
)
FIRST_CONTACT_LABELS = ("All Persons Contacted", "First contact - NOT staying on the Streets, ES, or SH",
                        "First contact - WAS staying on Streets, ES, or SH",
                        "First contact - Worker unable to determine")
TIMES = ("contacts.number = 1", "contacts.number BETWEEN 2 AND 5", "contacts.number BETWEEN 6 AND 9",
         "contacts.number >= 10", "contacts.number >= 1")


def _by_contacts(where: str, rows=TIMES) -> str:
    return shapes.grid(rows, FIRST_CONTACT_COLUMNS, source=WITH_CONTACTS, where=where)


Q9A = Question(
    id="Q9a",
    title="Number of Persons Contacted",
    columns=("Number of Persons Contacted",) + FIRST_CONTACT_LABELS,
    rows=("Once", "2-5 Times", "6-9 Times", "10+ Times", "Total Persons Contacted"),
    sql=_by_contacts(CONTACTED),
)

# The rate of engagement: persons engaged over persons contacted, column by column.
ENGAGEMENT_RATE = (f"SELECT 6 AS row_no, engaged.column_no, round(engaged.value::numeric / contacted.value, 4) "
                   f"AS value, NULL::int[] AS members "
                   f"FROM ({_by_contacts(ENGAGED, ('true',))}) AS engaged "
                   f"JOIN ({_by_contacts(CONTACTED, ('true',))}) AS contacted USING (column_no)")

Q9B = Question(
    id="Q9b",
    title="Number of Persons Engaged",
    columns=("Number of Persons Engaged",) + FIRST_CONTACT_LABELS,
    rows=("Once", "2-5 Contacts", "6-9 Contacts", "10+ Contacts", "Total Persons Engaged", "Rate of Engagement"),
    sql=shapes.union(_by_contacts(ENGAGED), ENGAGEMENT_RATE),
)
