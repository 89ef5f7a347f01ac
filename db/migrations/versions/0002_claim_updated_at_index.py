"""index claim.updated_at for the data version

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 19:30:00

Every page run asks for max(claim.updated_at) (db.queries.data_version) to key its caches;
without an index that reads every claim, tens of milliseconds per call at 100k claims.
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_claim_updated_at", "claim", ["updated_at"])


def downgrade() -> None:
    op.drop_index("ix_claim_updated_at", table_name="claim")
