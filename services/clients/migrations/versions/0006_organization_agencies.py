"""organization agencies: the agency that runs each HUD organization (and owns its projects)

Organizations imported before this get no row: their projects take no enrollments through the API until
an import (or the HMIS lead) links them to an agency.

Revision ID: 2f8b5c1e7a39
Revises: 9e4a6b2d8c17
"""
import sqlalchemy as sa
from alembic import op

revision = "2f8b5c1e7a39"
down_revision = "9e4a6b2d8c17"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organization_agencies",
        sa.Column("organization_id", sa.Text, primary_key=True),
        sa.Column("agency_id", sa.UUID(), nullable=False),
    )
    op.create_index("ix_organization_agencies_agency_id", "organization_agencies", ["agency_id"])


def downgrade() -> None:
    op.drop_table("organization_agencies")
