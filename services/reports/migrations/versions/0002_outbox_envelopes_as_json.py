"""outbox envelopes stored as json, not jsonb: written once and read whole (hmis_kit.outbox)

Revision ID: 5da49d4b979a
Revises: 9edafe357959
"""
from hmis_kit.migrations import store_outbox_envelopes_as_json, store_outbox_envelopes_as_jsonb

revision = "5da49d4b979a"
down_revision = "9edafe357959"
branch_labels = None
depends_on = None


def upgrade() -> None:
    store_outbox_envelopes_as_json()


def downgrade() -> None:
    store_outbox_envelopes_as_jsonb()
