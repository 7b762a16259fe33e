"""audit trail of consent-record access

Revision ID: 97305ca1206d
Revises: fa108109353e
"""
from hmis_kit.audit import create_audit_table, drop_audit_table

revision = '97305ca1206d'
down_revision = 'fa108109353e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_audit_table()


def downgrade() -> None:
    drop_audit_table()
