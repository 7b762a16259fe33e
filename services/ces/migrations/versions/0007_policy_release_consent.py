"""the consent a referral needs is a setting of the prioritization policy (its workflow's release_consent): the
policies written before it say what was then fixed in code, a release to the receiving agency

Revision ID: ad0fac8b9edb
Revises: 3b8f2d61c0e7
"""
from alembic import op

revision = "ad0fac8b9edb"
down_revision = "3b8f2d61c0e7"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Not a change of those versions: it writes down the rule they were applied under.
    op.execute("""UPDATE policies SET workflow = workflow || '{"release_consent": "roi_to_receiving_agency"}'::jsonb
                  WHERE NOT workflow ? 'release_consent'""")


def downgrade() -> None:
    op.execute("UPDATE policies SET workflow = workflow - 'release_consent'")
