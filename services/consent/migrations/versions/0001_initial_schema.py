"""initial schema

Revision ID: 8882b01ebe6c
Revises: 
"""

from hmis_kit.migrations import create_messaging_tables, drop_messaging_tables

revision = '8882b01ebe6c'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()


def downgrade() -> None:
    drop_messaging_tables()
