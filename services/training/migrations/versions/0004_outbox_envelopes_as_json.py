"""outbox envelopes stored as json, not jsonb: written once and read whole (hmis_kit.outbox)

Revision ID: d729fc05e599
Revises: 5d1e0c7a9b21
"""
from hmis_kit.migrations import store_outbox_envelopes_as_json, store_outbox_envelopes_as_jsonb

revision = "d729fc05e599"
down_revision = "5d1e0c7a9b21"
branch_labels = None
depends_on = None


def upgrade() -> None:
    store_outbox_envelopes_as_json()


def downgrade() -> None:
    store_outbox_envelopes_as_jsonb()
