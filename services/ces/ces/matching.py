"""Matching: for an opening, the highest-ranked client on the list who meets every requirement it inherits, is
not housed, deceased or parked, is in no other active referral (when the policy says so) and was never declined
from this opening. One query: the policy's order and the requirements both in PostgreSQL."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ces import eligibility, ranking_sql
from ces.contract.rules import ACTIVE_STATUSES, DECLINED
from ces.models import referrals


def _candidates(policy: dict, opening: dict, requirements: list[dict], today: date):
    ranked = ranking_sql.ranked(policy, today)
    active = sa.exists().where(referrals.c.client_id == ranked.c.client_id, referrals.c.status.in_(ACTIVE_STATUSES))
    declined_here = sa.exists().where(referrals.c.client_id == ranked.c.client_id,
                                      referrals.c.opening_id == opening["id"], referrals.c.status == DECLINED)
    conditions = [sa.not_(declined_here), *(eligibility.condition(r, ranked.c, today) for r in requirements)]
    if policy["workflow"]["one_active_referral"]:
        conditions.append(sa.not_(active))
    return sa.select(ranked).where(*conditions).order_by(ranked.c.rank)


def best_match(session: Session, policy: dict, opening: dict, requirements: list[dict], today: date) -> dict | None:
    row = session.execute(_candidates(policy, opening, requirements, today).limit(1)).first()
    return dict(row._mapping) if row else None


def candidate(session: Session, policy: dict, opening: dict, requirements: list[dict], today: date,
              client_id: uuid.UUID) -> dict | None:
    """One named client if they could be matched to the opening (an override skips the rank, nothing else)."""
    query = _candidates(policy, opening, requirements, today).subquery("candidates")
    row = session.execute(sa.select(query).where(query.c.client_id == client_id)).first()
    return dict(row._mapping) if row else None
