"""SQLAlchemy 2.x typed models of the data model of docs/methodology.md.

Nothing is hard-deleted: rows carry `withdrawn_at` (and the batch that withdrew them), and every
row written by an import points at its `ImportBatch`, so any import can be undone.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# Stable constraint names, so Alembic migrations can refer to them on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class ImportBatch(Base):
    """One import (or seeding) of one file; undoing it withdraws what it added."""

    __tablename__ = "import_batch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    filename: Mapped[str | None] = mapped_column(String(500))
    checksum: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    created_by: Mapped[str | None] = mapped_column(String(200))
    new_rows: Mapped[int] = mapped_column(Integer, default=0)
    conflicting_rows: Mapped[int] = mapped_column(Integer, default=0)
    duplicate_rows: Mapped[int] = mapped_column(Integer, default=0)
    rejected_rows: Mapped[int] = mapped_column(Integer, default=0)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    undone_by: Mapped[str | None] = mapped_column(String(200))


class DataRevision(Base):
    """One numbered change of what readers see: an import or an undo of one batch.

    Data version N is the store after revisions 1..N (docs/methodology.md, Data versions), so
    a version cited in an article can be shown again after later imports and undos."""

    __tablename__ = "data_revision"
    __table_args__ = (UniqueConstraint("batch_id", "action"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    action: Mapped[str] = mapped_column(String(8))  # "import" or "undo"
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class Series(Base):
    __tablename__ = "series"
    __table_args__ = (
        Index(
            "uq_series_live_slug",
            "slug",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(300))
    definition: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str | None] = mapped_column(String(100))
    measure: Mapped[str] = mapped_column(String(16))
    # Who made the figures: "official" statements or "independent" estimates.
    origin: Mapped[str] = mapped_column(String(16), server_default="official")
    # For an independent series, the official running count its estimates are compared with.
    compare_with: Mapped[str | None] = mapped_column(String(100))
    # For a level series, what the amount is ("one-time regional payment", "monthly pay").
    kind: Mapped[str | None] = mapped_column(String(100))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Source(Base):
    """Where a claim was published. Missing outlet or url is stored as '' so that the unique
    constraint treats two unlinked reports by the same outlet as one source on every backend."""

    __tablename__ = "source"
    __table_args__ = (UniqueConstraint("outlet", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outlet: Mapped[str] = mapped_column(String(500), server_default="")
    url: Mapped[str] = mapped_column(String(2000), server_default="")
    title: Mapped[str | None] = mapped_column(String(1000))
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    language: Mapped[str | None] = mapped_column(String(20))
    archive_url: Mapped[str | None] = mapped_column(String(2000))


class Claim(Base):
    """One statement as one outlet reported it."""

    __tablename__ = "claim"
    __table_args__ = (
        # The duplicate rule of docs/methodology.md, enforced by the database so that two concurrent
        # imports cannot store one statement twice. Withdrawn claims do not count.
        Index(
            "uq_claim_live_key",
            "claim_key",
            unique=True,
            sqlite_where=text("withdrawn_at IS NULL"),
            postgresql_where=text("withdrawn_at IS NULL"),
        ),
        # Reads filter live claims of a series and walk them in point order.
        Index("ix_claim_series_point", "series_id", "period_start", "as_of"),
        Index("ix_claim_batch_id", "batch_id"),
        # data_version reads max(updated_at) on every page run: from the index, not the table.
        Index("ix_claim_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"))
    announced_on: Mapped[dt.date] = mapped_column(Date)
    as_of: Mapped[dt.date] = mapped_column(Date)
    period_start: Mapped[dt.date | None] = mapped_column(Date)
    period_end: Mapped[dt.date | None] = mapped_column(Date)
    value: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(16))
    low: Mapped[int | None] = mapped_column(BigInteger)
    high: Mapped[int | None] = mapped_column(BigInteger)
    speaker: Mapped[str | None] = mapped_column(String(300))
    body: Mapped[str | None] = mapped_column(String(300))
    quote: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)
    verification: Mapped[str] = mapped_column(String(16))
    # Where a level is in force: a federal subject, or a country for offers abroad.
    region: Mapped[str | None] = mapped_column(String(100))
    claim_key: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[int] = mapped_column(ForeignKey("import_batch.id"))
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    # An edit withdraws the old row and points it at its replacement: history is the chain.
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("claim.id"))


class Event(Base):
    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    date: Mapped[dt.date] = mapped_column(Date)
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(300))
    description: Mapped[str | None] = mapped_column(Text)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class Target(Base):
    __tablename__ = "target"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    period_start: Mapped[dt.date] = mapped_column(Date)
    period_end: Mapped[dt.date] = mapped_column(Date)
    value: Mapped[int] = mapped_column(BigInteger)
    qualifier: Mapped[str] = mapped_column(String(16))
    description: Mapped[str | None] = mapped_column(Text)
    source_id: Mapped[int | None] = mapped_column(ForeignKey("source.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batch.id"))
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class LoginAttempt(Base):
    """One editor login attempt, kept in the store so that every app process on it counts the
    same wrong passwords. `client` is a hash of the client's address, never the address."""

    __tablename__ = "login_attempt"
    __table_args__ = (
        Index("ix_login_attempt_at", "at"),
        Index("ix_login_attempt_client", "client", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    ok: Mapped[bool] = mapped_column(Boolean)
