"""jobs (hmis_kit.jobs): the csv import jobs move from csv_imports into the kit's jobs table, kind "import", and
the upload is streamed with a token whose hash the import keeps

Revision ID: 3f6a1c9e2b70
Revises: 7654b47c83c6
"""
import sqlalchemy as sa
from alembic import op

from hmis_kit.jobs import create_table, drop_table

revision = "3f6a1c9e2b70"
down_revision = "7654b47c83c6"
branch_labels = None
depends_on = None

# What csv_imports held of its job, now the job's own (0002 creates csv_imports from the live model, so a new
# database lacks some of them, and 0008 and 0014 added others to it).
MOVED = ("requested_by", "status", "bytes_total", "bytes_read", "report", "access", "started_at", "finished_at")


def upgrade() -> None:
    create_table()
    present = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("csv_imports")}
    if "status" in present:
        # Every job but one still uploading, whose upload its client has to send again anyway; a report that
        # only said why the job failed is the job's error.
        op.execute("""
            INSERT INTO jobs (id, kind, status, progress_done, progress_total, result, error, attempts,
                              requested_by, access, created_at, started_at, finished_at)
            SELECT id, 'import', status, bytes_read, bytes_total,
                   CASE WHEN report - 'error' = '{}'::jsonb THEN NULL ELSE report END, report ->> 'error',
                   CASE WHEN status = 'queued' THEN 0 ELSE 1 END,
                   requested_by, access, created_at, started_at, finished_at
            FROM csv_imports WHERE status <> 'uploading'""")
    for name in MOVED:
        if name in present:
            op.drop_column("csv_imports", name)
    if "upload_token_hash" not in present:
        op.add_column("csv_imports", sa.Column("upload_token_hash", sa.Text))


def downgrade() -> None:
    op.drop_column("csv_imports", "upload_token_hash")
    for column in (sa.Column("requested_by", sa.UUID()),
                   sa.Column("status", sa.Text, nullable=False, server_default="uploading"),
                   sa.Column("bytes_total", sa.BigInteger, nullable=False, server_default="0"),
                   sa.Column("bytes_read", sa.BigInteger, nullable=False, server_default="0"),
                   sa.Column("report", sa.dialects.postgresql.JSONB),
                   sa.Column("access", sa.dialects.postgresql.JSONB),
                   sa.Column("started_at", sa.DateTime(timezone=True)),
                   sa.Column("finished_at", sa.DateTime(timezone=True))):
        op.add_column("csv_imports", column)
    op.execute("""
        UPDATE csv_imports i SET requested_by = j.requested_by, status = j.status, bytes_total = j.progress_total,
               bytes_read = j.progress_done, report = COALESCE(j.result, jsonb_build_object('error', j.error)),
               access = j.access, started_at = j.started_at, finished_at = j.finished_at
        FROM jobs j WHERE j.id = i.id AND j.kind = 'import'""")
    drop_table()
