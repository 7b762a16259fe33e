"""outbox envelopes stored as json, not jsonb: written once and read whole (hmis_kit.outbox)

Revision ID: 3d8d858cf20e
Revises: 41cff6d44dd6
"""
from hmis_kit.migrations import store_outbox_envelopes_as_json, store_outbox_envelopes_as_jsonb

revision = "3d8d858cf20e"
down_revision = "41cff6d44dd6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    store_outbox_envelopes_as_json()


def downgrade() -> None:
    store_outbox_envelopes_as_jsonb()
