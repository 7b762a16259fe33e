"""report cells carry text: a text cell (Q4a's project names, codes and dates) has its text and no value

Revision ID: d5a8f3c1e6b4
Revises: b7e41c2d9a03
"""
from alembic import op

import sqlalchemy as sa

revision = "d5a8f3c1e6b4"
down_revision = "b7e41c2d9a03"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("report_cells", sa.Column("text", sa.Text))


def downgrade() -> None:
    op.drop_column("report_cells", "text")
