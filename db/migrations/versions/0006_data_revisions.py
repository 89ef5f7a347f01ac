"""data versions: one numbered revision per import and per undo

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 17:30:00

A data version N is the store after its first N revisions: the rows of every batch imported
at a revision up to N, less those of batches undone at a revision up to N. Existing batches
get their revisions in the order things happened (imports at their creation time, undos at
their undo time), so versions cited before this revision keep their meaning from now on.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "data_revision",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "batch_id",
            sa.Integer(), sa.ForeignKey("import_batch.id", name="fk_data_revision_batch_id_import_batch"),
            nullable=False,
        ),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("batch_id", "action", name="uq_data_revision_batch_id_action"),
    )
    stamp = sa.DateTime(timezone=True)
    batch = sa.table(
        "import_batch", sa.column("id"), sa.column("created_at", stamp),
        sa.column("undone_at", stamp),
    )  # fmt: skip
    batches = op.get_bind().execute(sa.select(batch).order_by(batch.c.id)).all()
    happened = [(created, 0, batch, "import") for batch, created, _ in batches]
    happened += [(undone, 1, batch, "undo") for batch, _, undone in batches if undone]
    happened.sort(key=lambda e: e[:3])
    if happened:
        op.bulk_insert(
            table, [{"batch_id": b, "action": a, "at": at} for at, _, b, a in happened]
        )


def downgrade() -> None:
    op.drop_table("data_revision")
