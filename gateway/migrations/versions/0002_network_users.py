"""network users

Revision ID: 57236a994ad5
Revises: 26553cae2862
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '57236a994ad5'
down_revision = '26553cae2862'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('network_users',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.text('true'), nullable=False),
    sa.Column('license', sa.Text(), server_default='none', nullable=False),
    sa.Column('license_training', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('mandatory_current', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('ces_workflow', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('overdue', postgresql.ARRAY(sa.Text()), server_default='{}', nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('user_id')
    )


def downgrade() -> None:
    op.drop_table('network_users')
