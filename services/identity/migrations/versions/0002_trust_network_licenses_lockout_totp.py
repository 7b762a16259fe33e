"""trust network, licenses, lockout, totp

Revision ID: a94083239817
Revises: 577f7d7c3d81
"""
from alembic import op
import sqlalchemy as sa


revision = 'a94083239817'
down_revision = '577f7d7c3d81'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agency_contacts',
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('role', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('email', sa.Text(), nullable=False),
    sa.Column('phone', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], ),
    sa.PrimaryKeyConstraint('agency_id', 'role')
    )
    op.create_table('agency_fees',
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('quarter', sa.Text(), nullable=False),
    sa.Column('amount_cents', sa.Integer(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=False),
    sa.Column('paid_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], ),
    sa.PrimaryKeyConstraint('agency_id', 'quarter')
    )
    op.create_table('agency_status_changes',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('from_status', sa.Text(), nullable=True),
    sa.Column('to_status', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('changed_by', sa.UUID(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_agency_status_changes_agency_id'), 'agency_status_changes', ['agency_id'], unique=False)
    op.create_table('licenses',
    sa.Column('user_id', sa.UUID(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('requested_by', sa.UUID(), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fee_approved_by', sa.UUID(), nullable=True),
    sa.Column('fee_approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('training_complete', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('user_id')
    )
    op.add_column('agencies', sa.Column('status_reason', sa.Text(), nullable=True))
    op.add_column('api_keys', sa.Column('purpose', sa.Text(), server_default='partner integration', nullable=False))
    op.add_column('sessions', sa.Column('mfa', sa.Boolean(), server_default=sa.text('false'), nullable=False))
    op.add_column('users', sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('failed_logins', sa.Integer(), server_default='0', nullable=False))
    op.add_column('users', sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
    op.add_column('users', sa.Column('locked_reason', sa.Text(), nullable=True))
    op.add_column('users', sa.Column('totp_secret', sa.Text(), nullable=True))
    op.add_column('users', sa.Column('totp_enabled', sa.Boolean(), server_default=sa.text('false'), nullable=False))


def downgrade() -> None:
    op.drop_column('users', 'totp_enabled')
    op.drop_column('users', 'totp_secret')
    op.drop_column('users', 'locked_reason')
    op.drop_column('users', 'locked_until')
    op.drop_column('users', 'failed_logins')
    op.drop_column('users', 'last_login_at')
    op.drop_column('sessions', 'mfa')
    op.drop_column('api_keys', 'purpose')
    op.drop_column('agencies', 'status_reason')
    op.drop_table('licenses')
    op.drop_index(op.f('ix_agency_status_changes_agency_id'), table_name='agency_status_changes')
    op.drop_table('agency_status_changes')
    op.drop_table('agency_fees')
    op.drop_table('agency_contacts')
