"""HUD FY2026 records: a table per HMIS CSV file, HUD columns on clients, de-duplication, import jobs

The HUD tables are created from the FY2026 spec (hud.fy2026, imported by year), which is fixed for
FY2026: the next standard gets its own package and its own migration (docs/hud.md).

Revision ID: 5b7e2f0a9c14
Revises: 3cc91971f102
"""
import sqlalchemy as sa
from alembic import op

from clients import models
from hud.fy2026 import tables

revision = "5b7e2f0a9c14"
down_revision = "3cc91971f102"
branch_labels = None
depends_on = None

NEW_TABLES = [*tables.record_tables(sa.MetaData()).values(),
              models.match_reviews, models.client_splits, models.csv_imports]


def upgrade() -> None:
    bind = op.get_bind()
    for column in tables.client_columns():
        op.add_column("clients", column)
    op.add_column("clients", sa.Column("personal_id", sa.Text))
    op.add_column("clients", sa.Column("person_id", sa.UUID()))
    # Records made by the first slice: their PersonalID is their UUID's hex, they are their own person.
    op.execute("UPDATE clients SET personal_id = replace(id::text, '-', ''), person_id = id, "
               "name_data_quality = 1, ssn_data_quality = 99, "
               "dob_data_quality = CASE WHEN dob IS NULL THEN 99 ELSE 1 END, "
               "date_created = created_at, date_updated = updated_at, user_id = replace(created_by::text, '-', '')")
    op.alter_column("clients", "personal_id", nullable=False)
    op.alter_column("clients", "person_id", nullable=False)
    op.create_unique_constraint("clients_personal_id_key", "clients", ["personal_id"])
    op.create_index("ix_clients_person_id", "clients", ["person_id"])
    op.create_index("clients_ssn_hash", "clients", ["ssn_hash"])
    op.create_index("clients_dob", "clients", ["dob"])
    for name in ("first_name", "last_name", "created_by"):
        op.alter_column("clients", name, nullable=True)
    for table in NEW_TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(NEW_TABLES):
        table.drop(bind)
    for index in ("clients_dob", "clients_ssn_hash", "ix_clients_person_id"):
        op.drop_index(index, table_name="clients")
    op.drop_constraint("clients_personal_id_key", "clients")
    for column in tables.client_columns():
        op.drop_column("clients", column.name)
    op.drop_column("clients", "person_id")
    op.drop_column("clients", "personal_id")
