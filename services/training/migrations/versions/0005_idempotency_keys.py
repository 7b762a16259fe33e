"""idempotency keys: a write RPC marked applied_once records its key and answer in its own transaction (hmis_kit.idempotency)

Revision ID: 6b5afab41e8d
Revises: d729fc05e599
"""
from hmis_kit.idempotency import create_idempotency_table, drop_idempotency_table

revision = "6b5afab41e8d"
down_revision = "d729fc05e599"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_table()


def downgrade() -> None:
    drop_idempotency_table()
