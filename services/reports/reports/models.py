"""The reporting read model: every event as received, and the figures derived from them."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

metadata = sa.MetaData()

# Append-only copy of every event on the bus: read models and HUD reports can be rebuilt from it.
event_log = sa.Table(
    "event_log",
    metadata,
    sa.Column("event_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("type", sa.Text, nullable=False, index=True),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("schema_version", sa.Integer, nullable=False),
    sa.Column("data", JSONB, nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

agency_client_counts = sa.Table(
    "agency_client_counts",
    metadata,
    sa.Column("agency_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("clients", sa.Integer, nullable=False),
)
