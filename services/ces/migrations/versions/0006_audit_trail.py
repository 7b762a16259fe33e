"""audit trail of CES reads (the list, referrals, a referral's history): the kit's append-only hash chain with its
signed head, and the table of consent revocations its search reads (hmis_kit.audit, hmis_kit.revocations)

Revision ID: 3b8f2d61c0e7
Revises: 7c1e4b2d9a05
"""
from hmis_kit.audit import add_operators_and_head, create_audit_table, drop_audit_table, drop_operators_and_head
from hmis_kit.revocations import create_table, drop_table

revision = "3b8f2d61c0e7"
down_revision = "7c1e4b2d9a05"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table()
    add_operators_and_head()
    # A CES read rests on no consent (the policy decides it by training and agency scope), so no revocation is
    # ever noted here; the table is there for the audit search's invalid_consent filter, which reads it.
    create_table()


def downgrade() -> None:
    drop_table()
    drop_operators_and_head()
    drop_audit_table()
