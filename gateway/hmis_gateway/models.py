"""The gateway's own tables: the decision log, and the trust-network data the policy reads."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

metadata = sa.MetaData()

# One row per policy decision, with OPA's decision-log fields plus columns compliance officers filter on.
decision_log = sa.Table(
    "decision_log",
    metadata,
    sa.Column("decision_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("path", sa.Text, nullable=False),
    sa.Column("input", JSONB, nullable=False),
    sa.Column("result", JSONB, nullable=False),
    sa.Column("revision", sa.Text, nullable=False),
    sa.Column("allowed", sa.Boolean, nullable=False),
    sa.Column("reasons", ARRAY(sa.Text), nullable=False),
    sa.Column("principal_kind", sa.Text),
    sa.Column("principal_id", UUID(as_uuid=True), index=True),
    sa.Column("agency_id", UUID(as_uuid=True), index=True),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("resource_type", sa.Text),
    sa.Column("resource_id", sa.Text, index=True),
    sa.Column("correlation_id", sa.Text),
)

# The trust network as the policy sees it (data.network.agencies), kept current from identity events.
network_agencies = sa.Table(
    "network_agencies",
    metadata,
    sa.Column("agency_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)
