"""audit trail of client-data access

Revision ID: c3a1d7e5f902
Revises: 5b7e2f0a9c14
"""
from hmis_kit.audit import create_audit_table, drop_audit_table

revision = 'c3a1d7e5f902'
down_revision = "5b7e2f0a9c14"
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table()


def downgrade() -> None:
    drop_audit_table()
