"""initial schema

Revision ID: 26553cae2862
Revises: 
"""
from alembic import op

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from hmis_kit.migrations import create_messaging_tables, drop_messaging_tables

revision = '26553cae2862'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table('decision_log',
    sa.Column('decision_id', sa.UUID(), nullable=False),
    sa.Column('timestamp', sa.DateTime(timezone=True), nullable=False),
    sa.Column('path', sa.Text(), nullable=False),
    sa.Column('input', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('result', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('revision', sa.Text(), nullable=False),
    sa.Column('allowed', sa.Boolean(), nullable=False),
    sa.Column('reasons', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('principal_kind', sa.Text(), nullable=True),
    sa.Column('principal_id', sa.UUID(), nullable=True),
    sa.Column('agency_id', sa.UUID(), nullable=True),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('resource_type', sa.Text(), nullable=True),
    sa.Column('resource_id', sa.Text(), nullable=True),
    sa.Column('correlation_id', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('decision_id')
    )
    op.create_index(op.f('ix_decision_log_agency_id'), 'decision_log', ['agency_id'], unique=False)
    op.create_index(op.f('ix_decision_log_principal_id'), 'decision_log', ['principal_id'], unique=False)
    op.create_index(op.f('ix_decision_log_resource_id'), 'decision_log', ['resource_id'], unique=False)
    op.create_index(op.f('ix_decision_log_timestamp'), 'decision_log', ['timestamp'], unique=False)
    op.create_table('network_agencies',
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('agency_id')
    )


def downgrade() -> None:
    drop_messaging_tables()
    op.drop_table('network_agencies')
    op.drop_index(op.f('ix_decision_log_timestamp'), table_name='decision_log')
    op.drop_index(op.f('ix_decision_log_resource_id'), table_name='decision_log')
    op.drop_index(op.f('ix_decision_log_principal_id'), table_name='decision_log')
    op.drop_index(op.f('ix_decision_log_agency_id'), table_name='decision_log')
    op.drop_table('decision_log')
