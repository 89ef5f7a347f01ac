"""level series: the region of a claim and the kind of a series

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 10:00:00

An amount in force from a date (a sign-up payment, monthly pay) belongs to a region: a federal
subject, or a country for offers abroad. Claims stored before this revision have no region, so
their duplicate keys are unchanged.
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claim") as batch:
        batch.add_column(sa.Column("region", sa.String(100), nullable=True))
    with op.batch_alter_table("series") as batch:
        batch.add_column(sa.Column("kind", sa.String(100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("series") as batch:
        batch.drop_column("kind")
    with op.batch_alter_table("claim") as batch:
        batch.drop_column("region")
