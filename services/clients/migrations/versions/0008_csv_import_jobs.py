"""csv import jobs: the upload in parts and the progress of an import run in the background

Revision ID: 4c2e9a7d1b55
Revises: 8d41c7a2e6b3
"""
import sqlalchemy as sa
from alembic import op

revision = "4c2e9a7d1b55"
down_revision = "8d41c7a2e6b3"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # 0002 creates csv_imports from the live model, so a new database already has the new columns.
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("csv_imports")}
    for column in (sa.Column("bytes_total", sa.BigInteger, nullable=False, server_default="0"),
                   sa.Column("bytes_read", sa.BigInteger, nullable=False, server_default="0"),
                   sa.Column("started_at", sa.DateTime(timezone=True))):
        if column.name not in present:
            op.add_column("csv_imports", column)
    if "rows_read" in present:
        op.drop_column("csv_imports", "rows_read")
    op.create_table(
        "csv_import_parts",
        sa.Column("import_id", sa.UUID(), primary_key=True),
        sa.Column("part", sa.Integer, primary_key=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("csv_import_parts")
    op.add_column("csv_imports", sa.Column("rows_read", sa.BigInteger, nullable=False, server_default="0"))
    for name in ("started_at", "bytes_read", "bytes_total"):
        op.drop_column("csv_imports", name)
