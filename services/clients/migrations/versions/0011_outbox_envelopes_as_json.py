"""outbox envelopes stored as json, not jsonb: written once and read whole (hmis_kit.outbox)

Revision ID: d7bb90a6fec2
Revises: 6a1d8e3f2b94
"""
from hmis_kit.migrations import store_outbox_envelopes_as_json, store_outbox_envelopes_as_jsonb

revision = "d7bb90a6fec2"
down_revision = "6a1d8e3f2b94"
branch_labels = None
depends_on = None


def upgrade() -> None:
    store_outbox_envelopes_as_json()


def downgrade() -> None:
    store_outbox_envelopes_as_jsonb()
