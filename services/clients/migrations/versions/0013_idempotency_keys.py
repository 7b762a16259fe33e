"""idempotency keys: a write RPC marked applied_once records its key and answer in its own transaction (hmis_kit.idempotency)

Revision ID: 82f2152bb5df
Revises: 4c2e9a7d1f58
"""
from hmis_kit.idempotency import create_idempotency_table, drop_idempotency_table

revision = "82f2152bb5df"
down_revision = "4c2e9a7d1f58"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_table()


def downgrade() -> None:
    drop_idempotency_table()
