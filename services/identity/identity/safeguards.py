"""The HMIS lead cannot lock itself out through the API: no change may leave the platform without an
active system administrator (an active user with the role, in an active agency), and the HMIS lead's
agency (any agency where an active system administrator works) is never suspended or ended, by hand or
by fee enforcement. Refusals are 409s naming the rule. Should it happen anyway (the last administrator
locked for inactivity, a lost second factor), `hmis admin recover` is the way back (recovery.py).

Plain Python over a SQLAlchemy session; no nameko or Flask here.
"""
from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.orm import Session

from hmis_kit.errors import Conflict
from identity.models import agencies, users

SYSTEM_ADMIN = "system_admin"
LAST_SYSTEM_ADMIN = "last_system_admin"
HMIS_LEAD_AGENCY = "hmis_lead_agency"
# Taken by every change checked here, so two changes at once (two administrators deactivating each other)
# are counted one after the other: the second sees the first committed.
_CHECK_LOCK = 0x484D4953  # "HMIS"


def _system_admins():
    return sa.select(users.c.id).where(users.c.active, users.c.roles.contains([SYSTEM_ADMIN]))


def is_system_admin(roles) -> bool:
    return SYSTEM_ADMIN in roles


def lead_agencies():
    """The ids of the agencies where an active system administrator works (a query, for `in_` or `not_in`)."""
    return sa.select(users.c.agency_id).where(users.c.id.in_(_system_admins())).distinct()


def keep_a_system_admin(session: Session) -> None:
    """Call after a change that may have made a system administrator inactive, in its transaction: refuses it
    (Conflict, so the transaction rolls back) when no active system administrator in an active agency is left."""
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(_CHECK_LOCK)))
    left = session.execute(
        sa.select(sa.func.count()).select_from(users.join(agencies, agencies.c.id == users.c.agency_id))
        .where(users.c.id.in_(_system_admins()), agencies.c.status == "active")).scalar_one()
    if left == 0:
        raise Conflict(f"refused by rule {LAST_SYSTEM_ADMIN}: it would leave no active system administrator; "
                       "make another system administrator first", {"user_id": [LAST_SYSTEM_ADMIN]})


def refuse_suspending_the_lead(session: Session, agency_id: uuid.UUID) -> None:
    """Refuses (Conflict) to suspend or end an agency where an active system administrator works."""
    session.execute(sa.select(sa.func.pg_advisory_xact_lock(_CHECK_LOCK)))
    if session.execute(sa.select(_system_admins().where(users.c.agency_id == agency_id).exists())).scalar_one():
        raise Conflict(f"refused by rule {HMIS_LEAD_AGENCY}: the HMIS lead's agency (where an active system "
                       "administrator works) is never suspended or ended", {"status": [HMIS_LEAD_AGENCY]})
