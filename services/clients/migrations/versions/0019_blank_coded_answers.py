"""blank coded answers kept: a required coded answer whose list has 99 may be stored blank, as the export
gave it (the spec reads it as 99; a data-quality finding says so), so its column allows NULL

Revision ID: 9c4d7e2a1f30
Revises: 5b2e8d41c7a9
"""
from alembic import op

revision = "9c4d7e2a1f30"
down_revision = "5b2e8d41c7a9"
branch_labels = None
depends_on = None

# (table, column): hud.fy2026's required coded columns whose list has 99 (spec.Column.read_as_missing),
# outside `clients`, whose HUD columns have always allowed NULL. Written out: a migration does not change
# when the package does.
READ_AS_MISSING = (
    ("hud_enrollment", "relationship_to_hoh"),
    ("hud_enrollment", "disabling_condition"),
    ("hud_exit", "destination"),
    ("hud_disabilities", "disability_response"),
    ("hud_current_living_sit", "current_living_situation"),
)


def upgrade() -> None:
    for table, column in READ_AS_MISSING:
        op.alter_column(table, column, nullable=True)


def downgrade() -> None:
    for table, column in READ_AS_MISSING:
        op.execute(f"UPDATE {table} SET {column} = 99 WHERE {column} IS NULL")
        op.alter_column(table, column, nullable=False)
