"""audit trail: rows of bulk operations run by an operator (name, file), and the chain's signed head

Revision ID: fa396ef32f05
Revises: a6b36d480e52
"""
from hmis_kit.audit import add_operators_and_head, drop_operators_and_head

revision = "fa396ef32f05"
down_revision = "a6b36d480e52"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_operators_and_head()


def downgrade() -> None:
    drop_operators_and_head()
