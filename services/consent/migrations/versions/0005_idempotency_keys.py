"""idempotency keys: a write RPC marked applied_once records its key and answer in its own transaction (hmis_kit.idempotency)

Revision ID: a6b36d480e52
Revises: ed12f0a7a903
"""
from hmis_kit.idempotency import create_idempotency_table, drop_idempotency_table

revision = "a6b36d480e52"
down_revision = "ed12f0a7a903"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_table()


def downgrade() -> None:
    drop_idempotency_table()
