"""Coordinated Entry tables. The community queue comes first; assessments and matching follow."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

metadata = sa.MetaData()

# The community queue (prioritization list): one row per household waiting for housing.
queue_entries = sa.Table(
    "queue_entries",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("client_id", UUID(as_uuid=True), nullable=False, unique=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
    sa.Column("priority_score", sa.Integer, nullable=False),
    sa.Column("status", sa.Text, nullable=False),  # waiting, matched, housed, inactive
    sa.Column("added_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)
