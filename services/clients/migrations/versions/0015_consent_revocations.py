"""consent revocations beside the audit trail: accesses after a revocation was recorded are listed as under an invalid consent (hmis_kit.revocations)

Revision ID: 7654b47c83c6
Revises: 8cc4817e1ec6
"""
from hmis_kit.revocations import create_table, drop_table

revision = "7654b47c83c6"
down_revision = "8cc4817e1ec6"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_table()


def downgrade() -> None:
    drop_table()
