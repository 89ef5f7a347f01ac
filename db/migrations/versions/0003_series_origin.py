"""series origin (official or independent) and the official series an estimate compares with

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 15:00:00

Independent estimates are stored as claims of series whose origin is "independent"; every
series stored before this revision holds official statements.
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("series") as batch:
        batch.add_column(
            sa.Column("origin", sa.String(16), nullable=False, server_default="official")
        )
        batch.add_column(sa.Column("compare_with", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("series") as batch:
        batch.drop_column("compare_with")
        batch.drop_column("origin")
