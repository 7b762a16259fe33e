"""Assessments at an access point: scored with the instrument in force, recorded as HUD 4.19 on the client's
coordinated entry enrollment (by the clients service), and placing the client on the prioritization list with
the attributes and facts the policy and the requirements read."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ces import prioritization, ranking_sql
from ces.contract import events
from ces.contract.rules import ACTIVE_STATUSES, FACTS, ON_LIST
from ces.models import assessments, list_entries, referrals
from hmis_kit.errors import NotFound
from hmis_kit.outbox import record_event

PLACED_ON_LIST = 1  # HUD PrioritizationStatus 1
HOUSING_NEEDS = 2   # HUD AssessmentLevel 2: a housing needs assessment


def hud_assessment(data: dict, scored: dict, instrument: dict) -> dict:
    """The HUD 4.19 record of an assessment (Assessment with its AssessmentQuestions and AssessmentResults), as
    the clients service's `add_record("assessment", ...)` takes it."""
    results = [{"assessment_result_type": f"{instrument['code']} v{instrument['version']} score",
                "assessment_result": str(scored["score"])}]
    if scored["recommendation"]:
        results.append({"assessment_result_type": "Recommendation", "assessment_result": scored["recommendation"]})
    return {"assessment_date": data["assessed_on"].isoformat(), "assessment_location": data["assessment_location"],
            "assessment_type": data["assessment_type"], "assessment_level": HOUSING_NEEDS,
            "prioritization_status": PLACED_ON_LIST,
            "questions": [{"assessment_question_group": q["group"], "assessment_question_order": q["order"],
                           "assessment_question": q["question"], "assessment_answer": q["answer"]}
                          for q in scored["questions"]],
            "results": results}


def record(session: Session, data: dict, instrument: dict, scored: dict, recorded: dict, agency_id: uuid.UUID,
           actor: uuid.UUID | None) -> dict:
    """Keep an assessment the clients service recorded (`recorded`: its HUD ids) and place its client on the list,
    their attributes now those of this assessment (their manual rank, park and status kept, but a client off
    the list is back on it)."""
    client_id = uuid.UUID(str(recorded["client_id"]))
    row = {"id": uuid.uuid4(), "client_id": client_id, "agency_id": agency_id,
           "enrollment_id": data["enrollment_id"], "instrument_id": instrument["id"],
           "assessed_on": data["assessed_on"], "answers": data["answers"],
           "facts": {name: (value.isoformat() if isinstance(value, date) else value)
                     for name, value in data["facts"].items()},
           "score": scored["score"], "band": scored["band"], "recommendation": scored["recommendation"],
           "hud_assessment_id": recorded["id"], "created_by": actor}
    assessment = dict(session.execute(assessments.insert().values(row).returning(assessments)).one()._mapping)
    entry = {"client_id": client_id, "agency_id": agency_id, "enrollment_id": data["enrollment_id"],
             "status": ON_LIST, "assessment_id": assessment["id"], "score": scored["score"],
             "recommendation": scored["recommendation"], "assessed_on": data["assessed_on"],
             **{name: data["facts"].get(name) for name in FACTS}, "updated_at": sa.func.now()}
    upsert = insert(list_entries).values(entry)
    session.execute(upsert.on_conflict_do_update(
        index_elements=[list_entries.c.client_id],
        set_={name: upsert.excluded[name] for name in entry if name != "client_id"}))
    record_event(session, events.ASSESSMENT_RECORDED, {
        "assessment_id": str(assessment["id"]), "client_id": str(client_id), "agency_id": str(agency_id),
        "instrument_id": str(instrument["id"]), "assessed_on": data["assessed_on"].isoformat(),
        "recommendation": scored["recommendation"]})
    return assessment


def prioritization_list(session: Session, policy: dict, agency_id: uuid.UUID | None, today: date, limit: int,
                        offset: int) -> list[dict]:
    """The list in the policy's order, each client's rank explained; `agency_id`: only that agency's clients (their
    ranks still the community's)."""
    ranked = ranking_sql.ranked(policy, today)
    in_referral = sa.exists().where(referrals.c.client_id == ranked.c.client_id,
                                    referrals.c.status.in_(ACTIVE_STATUSES))
    query = sa.select(ranked, in_referral.label("in_referral")).order_by(ranked.c.rank).limit(limit).offset(offset)
    if agency_id is not None:
        query = query.where(ranked.c.agency_id == agency_id)
    return [{"client_id": row.client_id, "agency_id": row.agency_id, "recommendation": row.recommendation,
             "in_referral": row.in_referral, **prioritization.explained(row._mapping, row.rank, policy)}
            for row in session.execute(query)]


def set_entry(session: Session, client_id: uuid.UUID, changes: dict) -> dict:
    """Change a client's place by hand (the CES team: a manual rank, or a status such as deceased)."""
    row = session.execute(list_entries.update().where(list_entries.c.client_id == client_id)
                          .values(**changes, updated_at=sa.func.now()).returning(list_entries)).first()
    if row is None:
        raise NotFound("the client is not on the prioritization list", {"client_id": ["never assessed"]})
    return dict(row._mapping)


def list_agency(session: Session, client_id: uuid.UUID) -> uuid.UUID:
    agency = session.execute(sa.select(list_entries.c.agency_id).where(list_entries.c.client_id == client_id)).scalar()
    if agency is None:
        raise NotFound("the client is not on the prioritization list", {"client_id": ["never assessed"]})
    return agency
