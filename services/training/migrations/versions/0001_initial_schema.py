"""initial schema

Revision ID: ec4bd100c333
Revises: 
"""

from hmis_kit.migrations import create_messaging_tables, drop_messaging_tables

revision = 'ec4bd100c333'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()


def downgrade() -> None:
    drop_messaging_tables()
