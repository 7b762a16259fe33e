"""community queue

Revision ID: 41cff6d44dd6
Revises: 6a6b204c5ebb
"""
from alembic import op
import sqlalchemy as sa


revision = '41cff6d44dd6'
down_revision = '6a6b204c5ebb'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('queue_entries',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('client_id', sa.UUID(), nullable=False),
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('priority_score', sa.Integer(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('added_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('client_id')
    )


def downgrade() -> None:
    op.drop_table('queue_entries')
