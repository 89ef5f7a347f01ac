"""editor login attempts, shared by every app process on the store

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 15:20:00

Wrong passwords are counted per client and for the whole store, so several app processes on one
database slow down the same guesser, and a guesser never locks out an editor elsewhere.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "login_attempt",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_login_attempt_at", "login_attempt", ["at"])
    op.create_index("ix_login_attempt_client", "login_attempt", ["client", "at"])


def downgrade() -> None:
    op.drop_table("login_attempt")
