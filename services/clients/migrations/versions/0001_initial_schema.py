"""initial schema

Revision ID: 3cc91971f102
Revises: 
"""
from alembic import op

import sqlalchemy as sa

from hmis_kit.migrations import create_messaging_tables, drop_messaging_tables

revision = '3cc91971f102'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table('clients',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('first_name', sa.Text(), nullable=False),
    sa.Column('last_name', sa.Text(), nullable=False),
    sa.Column('dob', sa.Date(), nullable=True),
    sa.Column('created_by', sa.UUID(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_clients_agency_id'), 'clients', ['agency_id'], unique=False)


def downgrade() -> None:
    drop_messaging_tables()
    op.drop_index(op.f('ix_clients_agency_id'), table_name='clients')
    op.drop_table('clients')
