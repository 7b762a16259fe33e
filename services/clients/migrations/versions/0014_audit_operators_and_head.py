"""audit trail: rows of bulk operations run by an operator (name, file), and the chain's signed head;
an import job keeps the access the gateway authorized, for its audit rows

Revision ID: 8cc4817e1ec6
Revises: 82f2152bb5df
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

from hmis_kit.audit import add_operators_and_head, drop_operators_and_head

revision = "8cc4817e1ec6"
down_revision = "82f2152bb5df"
branch_labels = None
depends_on = None


def upgrade() -> None:
    add_operators_and_head()
    # 0002 creates csv_imports from the live model, so a new database already has the column.
    if "access" not in {column["name"] for column in sa.inspect(op.get_bind()).get_columns("csv_imports")}:
        op.add_column("csv_imports", sa.Column("access", JSONB))


def downgrade() -> None:
    op.drop_column("csv_imports", "access")
    drop_operators_and_head()
