"""authentication log (failed logins, rejected tokens, recoveries); the last TOTP time step accepted per user

Revision ID: 5b1e0c7d9a26
Revises: c00b55ebc369
"""
from alembic import op
import sqlalchemy as sa

revision = "5b1e0c7d9a26"
down_revision = "c00b55ebc369"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("users", sa.Column("totp_last_step", sa.BigInteger(), nullable=True))
    op.create_table(
        "auth_events",
        sa.Column("id", sa.BigInteger(), sa.Identity(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("username", sa.Text(), nullable=True),
        sa.Column("user_id", sa.UUID(), nullable=True),
        sa.Column("api_key_id", sa.UUID(), nullable=True),
        sa.Column("client_address", sa.Text(), nullable=True),
        sa.Column("operator", sa.Text(), nullable=True),
        sa.Column("correlation_id", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_auth_events_occurred_at", "auth_events", ["occurred_at"])
    op.create_index("ix_auth_events_user_id", "auth_events", ["user_id"])
    op.create_index("ix_auth_events_client_address_occurred_at", "auth_events", ["client_address", "occurred_at"])


def downgrade() -> None:
    op.drop_table("auth_events")
    op.drop_column("users", "totp_last_step")
