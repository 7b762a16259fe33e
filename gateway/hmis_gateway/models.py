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

# Users as the policy sees them (data.network.users): license from identity, training from training.
# Each event sets only its own columns, so events from the two services may arrive in any order.
network_users = sa.Table(
    "network_users",
    metadata,
    sa.Column("user_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("license", sa.Text, nullable=False, server_default="none"),
    sa.Column("license_training", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("mandatory_current", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("ces_workflow", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("overdue", ARRAY(sa.Text), nullable=False, server_default="{}"),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

# Consents as the policy weighs them, followed from the consent service's events. They reach the
# policy in the input of a request about that client, not as data: there are as many as clients.
network_consents = sa.Table(
    "network_consents",
    metadata,
    sa.Column("consent_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("client_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("agency_id", UUID(as_uuid=True), nullable=False),
    sa.Column("type", sa.Text, nullable=False),
    sa.Column("scope", ARRAY(sa.Text), nullable=False),
    sa.Column("released_to", ARRAY(sa.Text), nullable=False),
    sa.Column("start_date", sa.Date, nullable=False),
    sa.Column("end_date", sa.Date, nullable=False),
    sa.Column("revoked_on", sa.Date),
)
