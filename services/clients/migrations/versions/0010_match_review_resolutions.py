"""match review resolutions: how a person resolved an uncertain match, who and when

Revision ID: 6a1d8e3f2b94
Revises: 9b3f5e1c7a20
"""
import sqlalchemy as sa
from alembic import op

revision = "6a1d8e3f2b94"
down_revision = "9b3f5e1c7a20"
branch_labels = None
depends_on = None

COLUMNS = (sa.Column("decision", sa.Text), sa.Column("resolved_by", sa.UUID()),
           sa.Column("resolved_at", sa.DateTime(timezone=True)))


def upgrade() -> None:
    # 0002 creates client_match_reviews from the live model, so a new database already has these columns.
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("client_match_reviews")}
    for column in COLUMNS:
        if column.name not in present:
            op.add_column("client_match_reviews", column)


def downgrade() -> None:
    for column in reversed(COLUMNS):
        op.drop_column("client_match_reviews", column.name)
