"""Search before create: a caller's own agency's clients that may be the person being recorded, scored.

Names are matched tolerantly, as intake staff type them: a name scores its trigram similarity
(pg_trgm) or, when it sounds the same (Soundex, fuzzystrmatch), at least `SOUNDS_ALIKE`, so "Jonh" finds
"John" and "Smyth" finds "Smith". A date of birth scores 1 when equal and `NEAR_DOB` when two of year,
month and day agree (a mistyped digit). The SSN's last four are compared by their keyed hash, never by
decrypting. The score is the weighted mean over the criteria given, so it reads the same whichever
criteria an intake worker had. Only the caller's agency's clients are searched: another agency's client
is reached by id, under consent, never by searching.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from clients import pii

# How much each criterion weighs in the score (names identify less than a DOB or SSN digits do).
WEIGHTS = {"first_name": 0.2, "last_name": 0.3, "dob": 0.25, "ssn_last4": 0.25}
SOUNDS_ALIKE = 0.8
NEAR_DOB = 0.5
# Below this, a candidate is noise rather than a possible duplicate.
MIN_SCORE = 0.4

_NAME_SCORE = "greatest(similarity(lower(c.{column}), lower(:{column})), " \
              "CASE WHEN soundex(c.{column}) = soundex(:{column}) THEN {alike} ELSE 0 END)"
_DOB_SCORE = f"""CASE WHEN c.dob = :dob THEN 1
    WHEN (extract(year FROM c.dob) = extract(year FROM CAST(:dob AS date)))::int
       + (extract(month FROM c.dob) = extract(month FROM CAST(:dob AS date)))::int
       + (extract(day FROM c.dob) = extract(day FROM CAST(:dob AS date)))::int = 2 THEN {NEAR_DOB} ELSE 0 END"""
_SSN_SCORE = "CASE WHEN c.ssn_last4_hash = :ssn_last4_hash THEN 1 ELSE 0 END"


def _scores(query: dict) -> dict[str, str]:
    """Each given criterion's score, as SQL over the candidate `c`."""
    scores = {column: _NAME_SCORE.format(column=column, alike=SOUNDS_ALIKE)
              for column in ("first_name", "last_name") if query.get(column)}
    if query.get("dob"):
        scores["dob"] = _DOB_SCORE
    if query.get("ssn_last4"):
        scores["ssn_last4"] = _SSN_SCORE
    return scores


def search(session: Session, query: dict, agency_id: uuid.UUID) -> list[dict]:
    """Candidates of `agency_id`, best first, each with `score` (0-1) and `matched_on` (the criteria
    that scored in full or sounded alike)."""
    scores = _scores(query)
    total = sum(WEIGHTS[name] for name in scores)
    weighted = " + ".join(f"{WEIGHTS[name]} * ({sql})" for name, sql in scores.items())
    matched = ", ".join(f"CASE WHEN ({sql}) >= {SOUNDS_ALIKE} THEN '{name}' END" for name, sql in scores.items())
    params = {"agency_id": agency_id, "limit": query["limit"], "min_score": MIN_SCORE,
              **{name: query.get(name) for name in ("first_name", "last_name", "dob")}}
    if "ssn_last4" in scores:
        params["ssn_last4_hash"] = pii.ssn_match_hash(query["ssn_last4"])
    rows = session.execute(sa.text(f"""
        SELECT * FROM (
            SELECT c.id, c.personal_id, c.first_name, c.last_name, c.dob, c.created_at,
                   round(CAST(({weighted}) / {total} AS numeric), 2) AS score,
                   array_remove(ARRAY[{matched}], NULL) AS matched_on
            FROM clients c WHERE c.agency_id = :agency_id AND c.date_deleted IS NULL) candidates
        WHERE score >= :min_score ORDER BY score DESC, created_at, id LIMIT :limit"""), params)
    return [dict(row._mapping) for row in rows]
