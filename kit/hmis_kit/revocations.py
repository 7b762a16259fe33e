"""When each consent's revocation was recorded, as every database holding an audit trail knows it.

An audit row keeps the consent as the policy evaluated it. A read allowed in a window between a
revocation and the moment the policy held it (the decision saw the consent in force; it no longer was)
would look valid by those dates alone. With this table beside the trail, the compliance view of accesses
under an invalid consent (`audit.search`, `invalid_consent`) also lists every access at or after the
revocation's recording, whatever the policy saw. The consent service writes its rows in the revocation's
own transaction; the clients service follows `consent.consent.revoked` (the event's time is the
revocation's transaction's).
"""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.orm import Session

revocations_metadata = sa.MetaData()

consent_revocations = sa.Table(
    "consent_revocations",
    revocations_metadata,
    sa.Column("consent_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
)


def note(session: Session, consent_id, revoked_at: datetime) -> None:
    """A revocation is final, so the first note of it stands (a redelivered event changes nothing)."""
    session.execute(pg_insert(consent_revocations).values(consent_id=consent_id, revoked_at=revoked_at)
                    .on_conflict_do_nothing(index_elements=[consent_revocations.c.consent_id]))


def create_table() -> None:
    """Called from the migration of each database holding an audit trail."""
    from alembic import op

    consent_revocations.create(op.get_bind())


def drop_table() -> None:
    from alembic import op

    consent_revocations.drop(op.get_bind())
