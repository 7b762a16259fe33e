"""outbox envelopes stored as json, not jsonb: written once and read whole (hmis_kit.outbox)

Revision ID: 518f08bef7ec
Revises: 7fc0a8fb2dab
"""
from hmis_kit.migrations import store_outbox_envelopes_as_json, store_outbox_envelopes_as_jsonb

revision = "518f08bef7ec"
down_revision = "7fc0a8fb2dab"
branch_labels = None
depends_on = None


def upgrade() -> None:
    store_outbox_envelopes_as_json()


def downgrade() -> None:
    store_outbox_envelopes_as_jsonb()
