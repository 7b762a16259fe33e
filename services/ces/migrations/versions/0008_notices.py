"""notices: what the sweep tells a referral's step owner (a stall, a deadline near), kept from its events for the
owner to see, and who has seen each; a referral's flag that its owner was told the deadline is near; a policy's
due_soon_days (older policies: 1, the default)

Revision ID: 4e9255bf68ea
Revises: ad0fac8b9edb
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

revision = "4e9255bf68ea"
down_revision = "ad0fac8b9edb"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("referrals", sa.Column("due_soon_sent", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.execute("""UPDATE policies SET workflow = workflow || '{"due_soon_days": 1}'::jsonb
                  WHERE NOT workflow ? 'due_soon_days'""")
    op.create_table(
        "notices",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("referral_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), nullable=False),
        sa.Column("kind", sa.Text(), nullable=False),
        sa.Column("step_owner", sa.Text(), nullable=False),
        sa.Column("owner_agency_id", UUID(as_uuid=True), nullable=False),
        sa.Column("step_since", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("noticed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("referral_id", "kind", "step_since"),
    )
    op.create_index("ix_notices_owner_agency_id", "notices", ["owner_agency_id"])
    op.create_table(
        "notice_seen",
        sa.Column("notice_id", UUID(as_uuid=True), sa.ForeignKey("notices.id"), primary_key=True),
        sa.Column("user_id", UUID(as_uuid=True), primary_key=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
    )


def downgrade() -> None:
    op.drop_table("notice_seen")
    op.drop_table("notices")
    op.execute("UPDATE policies SET workflow = workflow - 'due_soon_days'")
    op.drop_column("referrals", "due_soon_sent")
