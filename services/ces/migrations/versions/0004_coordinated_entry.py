"""coordinated entry: instruments, policies and requirements (versioned community data), assessments and the
prioritization list, openings, referrals and their history, idempotency keys; the placeholder queue goes

Revision ID: fa46d9efa98f
Revises: 3d8d858cf20e
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

from hmis_kit.idempotency import create_idempotency_table, drop_idempotency_table

revision = 'fa46d9efa98f'
down_revision = '3d8d858cf20e'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_table()
    op.create_table('instruments',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('items', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('bands', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_by', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code', 'version')
    )
    op.create_table('list_entries',
    sa.Column('client_id', sa.UUID(), nullable=False),
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('enrollment_id', sa.Text(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('parked_until', sa.Date(), nullable=True),
    sa.Column('assessment_id', sa.UUID(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('recommendation', sa.Text(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=True),
    sa.Column('chronic', sa.Boolean(), nullable=True),
    sa.Column('days_homeless_3y', sa.Integer(), nullable=True),
    sa.Column('unsheltered_nights', sa.Integer(), nullable=True),
    sa.Column('veteran', sa.Boolean(), nullable=True),
    sa.Column('household_type', sa.Text(), nullable=True),
    sa.Column('first_homeless_on', sa.Date(), nullable=True),
    sa.Column('age', sa.Integer(), nullable=True),
    sa.Column('ami_percent', sa.Integer(), nullable=True),
    sa.Column('disability_verified', sa.Boolean(), nullable=True),
    sa.Column('manual_rank', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('client_id')
    )
    op.create_index(op.f('ix_list_entries_agency_id'), 'list_entries', ['agency_id'], unique=False)
    op.create_index('ix_list_entries_status', 'list_entries', ['status'], unique=False)
    op.create_table('openings',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('project_id', sa.Text(), nullable=False),
    sa.Column('unit', sa.Text(), nullable=True),
    sa.Column('program', sa.Text(), nullable=False),
    sa.Column('funding_source', sa.Text(), nullable=False),
    sa.Column('event_type', sa.Integer(), nullable=False),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('created_by', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_openings_agency_id'), 'openings', ['agency_id'], unique=False)
    op.create_table('policies',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('code', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('effective_from', sa.Date(), nullable=False),
    sa.Column('sort_keys', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('workflow', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_by', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code', 'version')
    )
    op.create_table('requirements',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('level', sa.Text(), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.Column('attribute', sa.Text(), nullable=False),
    sa.Column('rule', sa.Text(), nullable=False),
    sa.Column('value', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.Column('created_by', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_requirements_level_target', 'requirements', ['level', 'target'], unique=False)
    op.create_table('assessments',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('client_id', sa.UUID(), nullable=False),
    sa.Column('agency_id', sa.UUID(), nullable=False),
    sa.Column('enrollment_id', sa.Text(), nullable=False),
    sa.Column('instrument_id', sa.UUID(), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('answers', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('facts', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('band', sa.Text(), nullable=True),
    sa.Column('recommendation', sa.Text(), nullable=True),
    sa.Column('hud_assessment_id', sa.Text(), nullable=False),
    sa.Column('created_by', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['instrument_id'], ['instruments.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_assessments_client_id'), 'assessments', ['client_id'], unique=False)
    op.create_table('referrals',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('opening_id', sa.UUID(), nullable=False),
    sa.Column('client_id', sa.UUID(), nullable=False),
    sa.Column('client_agency_id', sa.UUID(), nullable=False),
    sa.Column('provider_agency_id', sa.UUID(), nullable=False),
    sa.Column('enrollment_id', sa.Text(), nullable=False),
    sa.Column('policy_id', sa.UUID(), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('status', sa.Text(), nullable=False),
    sa.Column('step_owner', sa.Text(), nullable=True),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_activity_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('stalled', sa.Boolean(), server_default=sa.text('false'), nullable=False),
    sa.Column('declined_by', sa.Text(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('override_reason', sa.Text(), nullable=True),
    sa.Column('referral_result', sa.Integer(), nullable=True),
    sa.Column('requirements', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('created_by', sa.UUID(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['opening_id'], ['openings.id'], ),
    sa.ForeignKeyConstraint(['policy_id'], ['policies.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_referrals_client_agency_id'), 'referrals', ['client_agency_id'], unique=False)
    op.create_index(op.f('ix_referrals_client_id'), 'referrals', ['client_id'], unique=False)
    op.create_index(op.f('ix_referrals_provider_agency_id'), 'referrals', ['provider_agency_id'], unique=False)
    op.create_index('ux_referrals_active_opening', 'referrals', ['opening_id'], unique=True, postgresql_where=sa.text("status IN ('pending', 'in_process')"))
    op.create_table('referral_history',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=False), nullable=False),
    sa.Column('referral_id', sa.UUID(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('from_status', sa.Text(), nullable=True),
    sa.Column('to_status', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=False),
    sa.Column('side', sa.Text(), nullable=False),
    sa.Column('actor_id', sa.UUID(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_referral_history_referral_id'), 'referral_history', ['referral_id'], unique=False)
    op.drop_table('queue_entries')


def downgrade() -> None:
    drop_idempotency_table()
    op.create_table('queue_entries',
    sa.Column('id', sa.UUID(), autoincrement=False, nullable=False),
    sa.Column('client_id', sa.UUID(), autoincrement=False, nullable=False),
    sa.Column('agency_id', sa.UUID(), autoincrement=False, nullable=False),
    sa.Column('priority_score', sa.INTEGER(), autoincrement=False, nullable=False),
    sa.Column('status', sa.TEXT(), autoincrement=False, nullable=False),
    sa.Column('added_at', postgresql.TIMESTAMP(timezone=True), server_default=sa.text('now()'), autoincrement=False, nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('queue_entries_pkey')),
    sa.UniqueConstraint('client_id', name=op.f('queue_entries_client_id_key'), postgresql_include=[], postgresql_nulls_not_distinct=False)
    )
    op.drop_index(op.f('ix_referral_history_referral_id'), table_name='referral_history')
    op.drop_table('referral_history')
    op.drop_index('ux_referrals_active_opening', table_name='referrals', postgresql_where=sa.text("status IN ('pending', 'in_process')"))
    op.drop_index(op.f('ix_referrals_provider_agency_id'), table_name='referrals')
    op.drop_index(op.f('ix_referrals_client_id'), table_name='referrals')
    op.drop_index(op.f('ix_referrals_client_agency_id'), table_name='referrals')
    op.drop_table('referrals')
    op.drop_index(op.f('ix_assessments_client_id'), table_name='assessments')
    op.drop_table('assessments')
    op.drop_index('ix_requirements_level_target', table_name='requirements')
    op.drop_table('requirements')
    op.drop_table('policies')
    op.drop_index(op.f('ix_openings_agency_id'), table_name='openings')
    op.drop_table('openings')
    op.drop_index('ix_list_entries_status', table_name='list_entries')
    op.drop_index(op.f('ix_list_entries_agency_id'), table_name='list_entries')
    op.drop_table('list_entries')
    op.drop_table('instruments')
