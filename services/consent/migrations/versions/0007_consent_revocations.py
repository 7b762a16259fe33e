"""consent revocations beside the audit trail: accesses after a revocation was recorded are listed as under an invalid consent (hmis_kit.revocations)

Revision ID: 2e1630b94dac
Revises: fa396ef32f05
"""
from alembic import op

from hmis_kit.revocations import create_table, drop_table

revision = "2e1630b94dac"
down_revision = "fa396ef32f05"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table()
    # Revocations recorded before: the first version that revoked each consent.
    op.execute("INSERT INTO consent_revocations (consent_id, revoked_at) SELECT consent_id, min(recorded_at) "
               "FROM consent_versions WHERE revoked_on IS NOT NULL GROUP BY consent_id")


def downgrade() -> None:
    drop_table()
