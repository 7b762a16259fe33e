"""initial schema

Revision ID: 9edafe357959
Revises: 
"""
from alembic import op

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from hmis_kit.migrations import create_messaging_tables, drop_messaging_tables

revision = '9edafe357959'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table('agency_client_counts',
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('clients', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('agency_id')
    )
    op.create_table('event_log',
    sa.Column('event_id', sa.UUID(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('schema_version', sa.Integer(), nullable=False),
    sa.Column('data', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('event_id')
    )
    op.create_index(op.f('ix_event_log_type'), 'event_log', ['type'], unique=False)


def downgrade() -> None:
    drop_messaging_tables()
    op.drop_index(op.f('ix_event_log_type'), table_name='event_log')
    op.drop_table('event_log')
    op.drop_table('agency_client_counts')
