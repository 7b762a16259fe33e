"""Identity tables: the trust network (agencies, their status history, contacts, quarterly fees),
users and their licenses, sessions, partner API keys, the authentication log."""
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID

metadata = sa.MetaData()

agencies = sa.Table(
    "agencies",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False, unique=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("status_reason", sa.Text),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

agency_status_changes = sa.Table(
    "agency_status_changes",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("agency_id", UUID(as_uuid=True), sa.ForeignKey("agencies.id"), nullable=False, index=True),
    sa.Column("from_status", sa.Text),
    sa.Column("to_status", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("changed_by", UUID(as_uuid=True)),  # null: the system (fee enforcement)
    sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
)

agency_contacts = sa.Table(
    "agency_contacts",
    metadata,
    sa.Column("agency_id", UUID(as_uuid=True), sa.ForeignKey("agencies.id"), primary_key=True),
    sa.Column("role", sa.Text, primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("phone", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

agency_fees = sa.Table(
    "agency_fees",
    metadata,
    sa.Column("agency_id", UUID(as_uuid=True), sa.ForeignKey("agencies.id"), primary_key=True),
    sa.Column("quarter", sa.Text, primary_key=True),  # e.g. 2026Q4
    sa.Column("amount_cents", sa.Integer, nullable=False),
    sa.Column("due_date", sa.Date, nullable=False),
    sa.Column("paid_at", sa.DateTime(timezone=True)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("agency_id", UUID(as_uuid=True), sa.ForeignKey("agencies.id"), nullable=False, index=True),
    sa.Column("username", sa.Text, nullable=False, unique=True),
    sa.Column("password_hash", sa.Text, nullable=False),
    sa.Column("roles", ARRAY(sa.Text), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("last_login_at", sa.DateTime(timezone=True)),
    sa.Column("failed_logins", sa.Integer, nullable=False, server_default="0"),
    sa.Column("locked_until", sa.DateTime(timezone=True)),
    sa.Column("locked_reason", sa.Text),
    # Encrypted with hmis_kit.crypto; enabled only once the user proved they hold it.
    sa.Column("totp_secret", sa.Text),
    sa.Column("totp_enabled", sa.Boolean, nullable=False, server_default=sa.false()),
    # The time step (30 s) of the last one-time code accepted: a code of that step or an older one is refused.
    sa.Column("totp_last_step", sa.BigInteger),
)

licenses = sa.Table(
    "licenses",
    metadata,
    sa.Column("user_id", UUID(as_uuid=True), sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("status", sa.Text, nullable=False),  # requested, active, deactivated
    sa.Column("requested_by", UUID(as_uuid=True), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("fee_approved_by", UUID(as_uuid=True)),
    sa.Column("fee_approved_at", sa.DateTime(timezone=True)),
    # Followed from training events: New User Training and Privacy & Security done.
    sa.Column("training_complete", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    # Only a SHA-256 of the token is kept: a stolen table does not yield live sessions.
    sa.Column("token_hash", sa.Text, nullable=False, unique=True),
    sa.Column("user_id", UUID(as_uuid=True), sa.ForeignKey("users.id"), nullable=False, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
    sa.Column("mfa", sa.Boolean, nullable=False, server_default=sa.false()),  # passed a second factor
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("agency_id", UUID(as_uuid=True), sa.ForeignKey("agencies.id"), nullable=False, index=True),
    sa.Column("name", sa.Text, nullable=False),
    # The current secret's SHA-256; rotation overwrites it, so an old secret matches nothing.
    sa.Column("key_hash", sa.Text, nullable=False, unique=True),
    sa.Column("key_prefix", sa.Text, nullable=False),
    sa.Column("scopes", ARRAY(sa.Text), nullable=False),
    sa.Column("purpose", sa.Text, nullable=False, server_default="partner integration"),
    sa.Column("created_by", UUID(as_uuid=True), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    sa.Column("rotated_at", sa.DateTime(timezone=True)),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

# Every login, rejected session token or API key, and break-glass recovery (identity/auth_log.py). Never a
# password, token or key: what was tried is named by its username, or by the user or key it belonged to.
auth_events = sa.Table(
    "auth_events",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False, index=True),
    sa.Column("kind", sa.Text, nullable=False),  # login, session, api_key, recovery
    sa.Column("outcome", sa.Text, nullable=False),  # succeeded, refused
    sa.Column("reason", sa.Text),  # a code: why it was refused, or how it succeeded
    sa.Column("username", sa.Text),  # as tried at login; the user's own otherwise
    sa.Column("user_id", UUID(as_uuid=True), index=True),
    sa.Column("api_key_id", UUID(as_uuid=True)),
    sa.Column("client_address", sa.Text),  # as the gateway saw it (trusted proxies honoured)
    sa.Column("operator", sa.Text),  # who ran a command-line recovery
    sa.Column("correlation_id", sa.Text),
    # The per-address throttle counts an address's recent failures.
    sa.Index("ix_auth_events_client_address_occurred_at", "client_address", "occurred_at"),
)
