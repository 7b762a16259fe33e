"""Matching: for an opening, the highest-ranked client on the list who meets every requirement it inherits, is
not housed, deceased or parked, is in no other active referral (when the policy says so) and was never declined
from this opening. The policy's order and the requirements are both applied in PostgreSQL: the match is the first
eligible row (a top-1, not a sort of the whole list) and its rank a count of the clients ahead of it."""
from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ces import eligibility, ranking_sql
from ces.contract.rules import ACTIVE_STATUSES, DECLINED
from ces.models import list_entries, referrals


def _candidates(policy: dict, opening: dict, requirements: list[dict], today: date):
    client = list_entries.c.client_id
    active = sa.exists().where(referrals.c.client_id == client, referrals.c.status.in_(ACTIVE_STATUSES))
    declined_here = sa.exists().where(referrals.c.client_id == client, referrals.c.opening_id == opening["id"],
                                      referrals.c.status == DECLINED)
    conditions = [ranking_sql.on_list(today), sa.not_(declined_here),
                  *(eligibility.condition(r, list_entries.c, today) for r in requirements)]
    if policy["workflow"]["one_active_referral"]:
        conditions.append(sa.not_(active))
    return sa.select(list_entries).where(*conditions)


def _ranked(session: Session, policy: dict, row, today: date) -> dict | None:
    if row is None:
        return None
    found = dict(row._mapping)
    return {**found, "rank": ranking_sql.rank_of(session, policy, found, today)}


def best_match(session: Session, policy: dict, opening: dict, requirements: list[dict], today: date) -> dict | None:
    query = _candidates(policy, opening, requirements, today).order_by(*ranking_sql.order_by(policy)).limit(1)
    return _ranked(session, policy, session.execute(query).first(), today)


def candidate(session: Session, policy: dict, opening: dict, requirements: list[dict], today: date,
              client_id: uuid.UUID) -> dict | None:
    """One named client if they could be matched to the opening (an override skips the rank, nothing else)."""
    query = _candidates(policy, opening, requirements, today).where(list_entries.c.client_id == client_id)
    return _ranked(session, policy, session.execute(query).first(), today)
