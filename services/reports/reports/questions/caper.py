"""The ESG CAPER (FY2026): the APR's questions the CAPER uses, in the CAPER's order, and the three tables
only the CAPER has.

HUD's CAPER reuses the APR's shells and rules for every table they share (HMIS Programming
Specifications: the CAPER "uses the same programming as the APR" for them), so those are the APR's own
Question objects, not copies (Q4a, the project identifiers, included). It leaves out the APR's Q13a2-Q13c2, Q18,
Q19a1-a2, Q20b, Q22a1, Q22b, Q23 beyond c-e, Q24b, Q25b-j, Q26 but b and Q27, and adds:

- Q22a2, Length of Participation - ESG Projects: the APR's Q22a1 with finer first weeks (0-7, 8-14,
  15-21, 22-30 days);
- Q22d, Length of Participation by Household Type;
- Q24a, Homelessness Prevention Housing Assessment at Exit (3.12 A/B, prevention projects' leavers).
"""
from __future__ import annotations

from collections.abc import Sequence

from reports.engine.question import Question
from reports.questions.apr.durations import HOMELESS_BUCKETS, PARTICIPATION_BUCKETS, bucket_rows, labels
from reports.questions.shapes import HOUSEHOLD_TYPE_LABELS, TOTAL, by_household_type, grid

CAPER_ORDER = (
    "Q4a", "Q5a", "Q6a", "Q6b", "Q6c", "Q6d", "Q6e", "Q6f", "Q7a", "Q7b", "Q8a", "Q8b", "Q9a", "Q9b", "Q11",
    "Q12", "Q13a1", "Q13b1", "Q13c1", "Q14a", "Q14b", "Q15", "Q16", "Q17", "Q19b", "Q20a", "Q21", "Q22a2",
    "Q22c", "Q22d", "Q22e", "Q22f", "Q22g", "Q23c", "Q23d", "Q23e", "Q24a", "Q24e", "Q25a", "Q26b",
)
"""Every table of the FY2026 CAPER, in its order (HUD's CAPER table shells)."""

HOMELESSNESS_PREVENTION = 12  # project type (2.02.6)

# Q22a2's finer first month: the APR's Q22a1 bands with 0-30 days split in four.
ESG_PARTICIPATION_BUCKETS = (("0 to 7 days", 0, 7), ("8 to 14 days", 8, 14), ("15 to 21 days", 15, 21),
                             ("22 to 30 days", 22, 30)) + PARTICIPATION_BUCKETS[1:]

Q22A2 = Question(
    id="Q22a2",
    title="Length of Participation - ESG Projects",
    columns=("", "Total", "Leavers", "Stayers"),
    rows=labels(ESG_PARTICIPATION_BUCKETS) + ("Total",),
    sql=grid(bucket_rows(ESG_PARTICIPATION_BUCKETS, "u.stay_days") + (TOTAL,), (TOTAL, "u.is_leaver", "u.is_stayer")),
)

Q22D = Question(
    id="Q22d",
    title="Length of Participation by Household Type",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=labels(HOMELESS_BUCKETS) + ("Total",),
    sql=by_household_type(bucket_rows(HOMELESS_BUCKETS, "u.stay_days") + (TOTAL,)),
)


def _assessed(housing: int, subsidy: int | None = None) -> str:
    answer = f"x.housing_assessment = {housing}"
    return answer if subsidy is None else f"{answer} AND x.subsidy_information = {subsidy}"


# The two-part answers (3.12 A Housing Assessment, B Subsidy Information) a shell row stands for.
_VALID_ASSESSMENT = ("x.housing_assessment IN (3, 4, 5, 6, 7, 10, 8, 9, 99) "
                     "OR (x.housing_assessment = 1 AND x.subsidy_information IN (1, 2, 3, 4)) "
                     "OR (x.housing_assessment = 2 AND x.subsidy_information IN (11, 12))")
HOUSING_ASSESSMENT_ROWS = (
    ("Able to maintain the housing they had at project start--Without a subsidy", _assessed(1, 1)),
    ("Able to maintain the housing they had at project start--With the subsidy they had at project start",
     _assessed(1, 2)),
    ("Able to maintain the housing they had at project start--With an on-going subsidy acquired since project "
     "start", _assessed(1, 3)),
    ("Able to maintain the housing they had at project start--Only with financial assistance other than a "
     "subsidy", _assessed(1, 4)),
    ("Moved to new housing unit--With on-going subsidy", _assessed(2, 11)),
    ("Moved to new housing unit--Without an on-going subsidy", _assessed(2, 12)),
    ("Moved in with family/friends on a temporary basis", _assessed(3)),
    ("Moved in with family/friends on a permanent basis", _assessed(4)),
    ("Moved to a transitional or temporary housing facility or program", _assessed(5)),
    ("Client became homeless - moving to a shelter or other place unfit for human habitation", _assessed(6)),
    ("Jail/prison", _assessed(7)),
    ("Deceased", _assessed(10)),
    ("Client Doesn't Know/Prefers Not to Answer", "x.housing_assessment IN (8, 9)"),
    ("Data not collected (no exit interview completed)", "x.housing_assessment IS NULL OR x.housing_assessment = 99"),
    ("Total", f"x.housing_assessment IS NULL OR {_VALID_ASSESSMENT}"),
)
# A leaver's exit record: the latest Exit of their stay (the one whose date the glossary took).
_PREVENTION_LEAVERS = (
    "universe u LEFT JOIN LATERAL (SELECT x.housing_assessment, x.subsidy_information FROM hud_exit x "
    "WHERE x.enrollment_id = u.enrollment_id AND x.source = u.source AND x.date_deleted IS NULL "
    "ORDER BY x.exit_date DESC LIMIT 1) x ON true")
Q24A = Question(
    id="Q24a",
    title="Homelessness Prevention Housing Assessment at Exit",
    columns=("",) + HOUSEHOLD_TYPE_LABELS,
    rows=tuple(label for label, _ in HOUSING_ASSESSMENT_ROWS),
    sql=by_household_type([predicate for _, predicate in HOUSING_ASSESSMENT_ROWS], source=_PREVENTION_LEAVERS,
                          where=f"u.is_leaver AND u.project_type = {HOMELESSNESS_PREVENTION}"),
)

CAPER_ONLY = (Q22A2, Q22D, Q24A)


def caper_questions(apr: Sequence[Question]) -> tuple[Question, ...]:
    """The CAPER's tables in its order: the APR's own question objects where the CAPER uses them, and the
    CAPER's own tables. Fails (KeyError, naming the table) when the APR lacks one the CAPER needs."""
    by_id = {question.id: question for question in (*apr, *CAPER_ONLY)}
    return tuple(by_id[question_id] for question_id in CAPER_ORDER)
