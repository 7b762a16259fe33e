"""idempotency keys: a write RPC marked applied_once records its key and answer in its own transaction (hmis_kit.idempotency)

Revision ID: c00b55ebc369
Revises: c3f8f247c4f7
"""
from hmis_kit.idempotency import create_idempotency_table, drop_idempotency_table

revision = "c00b55ebc369"
down_revision = "c3f8f247c4f7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_table()


def downgrade() -> None:
    drop_idempotency_table()
