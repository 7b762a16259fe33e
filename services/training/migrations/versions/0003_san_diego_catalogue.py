"""San Diego's training catalogue: the courses a user needs for a license and to keep access

Revision ID: 5d1e0c7a9b21
Revises: 38b2256c0a20
"""
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = '5d1e0c7a9b21'
down_revision = '38b2256c0a20'
branch_labels = None
depends_on = None

courses = sa.table(
    "courses", sa.column("code"), sa.column("title"), sa.column("kind"), sa.column("mandatory"),
    sa.column("effective_date"), sa.column("validity_months"), sa.column("requires_attendance"),
    sa.column("requires_practice"), sa.column("pass_mark"))
questions = sa.table("questions", sa.column("course_code"), sa.column("position"), sa.column("text"),
                     sa.column("options", sa.JSON), sa.column("correct_option"), sa.column("points"))

COURSES = [
    # code, title, kind, mandatory, effective date, validity months, attendance, practice, pass mark
    ("new_user_training", "HMIS New User Training (live session and guided data-entry practice)", "new_user",
     False, None, None, True, True, None),
    ("privacy_security_essentials", "HMIS Privacy and Security Essentials (webinar and quiz)", "privacy_security",
     True, date(2019, 8, 22), 12, False, False, 90),
    ("ces_workflow", "CES Workflow Training", "ces_workflow", False, None, None, True, False, None),
    ("mpa_consent_update_2020", "New MPA Updates: HMIS and CIE Consent", "focused", True, date(2020, 4, 1), None,
     True, False, None),
    ("ce_updates_2020", "2020 Coordinated Entry Updates", "focused", True, date(2020, 3, 17), None, True, False, None),
    ("tools_for_administrators", "Tools for Managers and Administrators", "focused", False, None, None, True, False,
     None),
]

# Points add up to 100 so a score is a plain percentage: missing the 11-point question scores 89
# (fails the 90% pass mark), missing a 10-point one scores 90 (passes).
PRIVACY_QUIZ = [
    ("Who may see a client's HMIS record?", ["Any HMIS user", "Users with a need to know, within the client's consent",
     "Anyone at a participating agency", "The public, without names"], 1, 10),
    ("A client revokes their HMIS consent. What changes?", ["Nothing until the next annual update",
     "Their record is no longer shared with other agencies", "Their record is deleted at once",
     "Only their SSN is hidden"], 1, 10),
    ("Where may you write down your HMIS password?", ["On a note under the keyboard", "In an email to yourself",
     "Nowhere; use a password manager approved by your agency", "In the client file"], 2, 10),
    ("You leave your desk for five minutes. What do you do?", ["Nothing", "Lock the screen",
     "Ask a colleague to watch it", "Close the browser tab only"], 1, 10),
    ("May a victim service provider enter client names into HMIS?", ["Yes, with consent", "Yes, always",
     "No; VAWA forbids it", "Only the first name"], 2, 10),
    ("How should client data be sent to another agency?", ["Plain email", "Through HMIS or an approved encrypted channel",
     "A shared spreadsheet link", "Text message"], 1, 10),
    ("Who do you tell about a suspected privacy breach?", ["No one", "Your agency's HMIS security officer, at once",
     "The client's family", "Social media"], 1, 10),
    ("May two staff members share one HMIS login?", ["Yes, if they work the same shift", "No; every user has their own",
     "Yes, for trainees", "Only agency administrators"], 1, 10),
    ("What must a client be told at intake?", ["Nothing", "How their information is used and shared, and their rights",
     "Only the program rules", "The names of other clients"], 1, 11),
    ("How long must HMIS records be kept by default?", ["One year", "Seven years unless a longer period is required",
     "Forever", "Until the client exits"], 1, 9),
]


def upgrade() -> None:
    op.bulk_insert(courses, [dict(zip(("code", "title", "kind", "mandatory", "effective_date", "validity_months",
                                       "requires_attendance", "requires_practice", "pass_mark"), row))
                             for row in COURSES])
    op.bulk_insert(questions, [{"course_code": "privacy_security_essentials", "position": position, "text": text,
                                "options": options, "correct_option": correct, "points": points}
                               for position, (text, options, correct, points) in enumerate(PRIVACY_QUIZ, start=1)])


def downgrade() -> None:
    op.execute(questions.delete())
    op.execute(courses.delete().where(courses.c.code.in_([row[0] for row in COURSES])))
