"""network consents

Revision ID: 7fc0a8fb2dab
Revises: 57236a994ad5
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '7fc0a8fb2dab'
down_revision = '57236a994ad5'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('network_consents',
    sa.Column('consent_id', sa.UUID(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.UUID(), nullable=False),
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('type', sa.Text(), nullable=False),
    sa.Column('scope', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('released_to', postgresql.ARRAY(sa.Text()), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('end_date', sa.Date(), nullable=False),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('consent_id')
    )
    op.create_index(op.f('ix_network_consents_client_id'), 'network_consents', ['client_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_network_consents_client_id'), table_name='network_consents')
    op.drop_table('network_consents')
