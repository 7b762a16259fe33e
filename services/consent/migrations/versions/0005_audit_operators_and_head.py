"""audit trail: rows of bulk operations run by an operator (name, file), and the chain's signed head

Revision ID: fa396ef32f05
Revises: ed12f0a7a903
"""
from hmis_kit.audit import add_operators_and_head, drop_operators_and_head

revision = "fa396ef32f05"
down_revision = "ed12f0a7a903"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_operators_and_head()


def downgrade() -> None:
    drop_operators_and_head()
