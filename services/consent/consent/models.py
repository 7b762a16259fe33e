"""Consent tables: each consent as signed, its signed form, and every version of its terms.

What a consent is (its client, recording agency, type and signing) never changes; its terms (scope,
agencies released to, dates, revocation) change only by adding a version, so history is kept and the
current terms are the latest version. The outbox and inbox are the kit's.
"""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

metadata = sa.MetaData()

consents = sa.Table(
    "consents",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("client_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False),  # the agency that recorded it
    sa.Column("type", sa.Text, nullable=False),  # rules.TYPES
    sa.Column("signed_on", sa.Date, nullable=False),
)

# Kept apart so that reading consents never loads the bytes of their forms.
signed_forms = sa.Table(
    "signed_forms",
    metadata,
    sa.Column("consent_id", UUID(as_uuid=True), sa.ForeignKey("consents.id"), primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),  # document (an uploaded form) or signature (captured)
    sa.Column("media_type", sa.Text, nullable=False),
    sa.Column("sha256", sa.Text, nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("content", sa.LargeBinary, nullable=False),
    sa.Column("signer_name", sa.Text),  # typed by the signer of a captured signature
)

consent_versions = sa.Table(
    "consent_versions",
    metadata,
    sa.Column("consent_id", UUID(as_uuid=True), sa.ForeignKey("consents.id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("scope", ARRAY(sa.Text), nullable=False),
    sa.Column("released_to", ARRAY(UUID(as_uuid=True)), nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Column("revoked_on", sa.Date),
    sa.Column("revocation_reason", sa.Text),
    sa.Column("revoked_by", UUID(as_uuid=True)),
    sa.Column("recorded_by", UUID(as_uuid=True), nullable=False),  # who made this version
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)
