"""Every read and write the domain needs, as plain functions over a Connection or Engine.

Reads return pandas DataFrames in the shapes the methodology expects; writes take plain
records. No function here commits on its own: callers wrap writes in `db.engine.writing`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd
from sqlalchemy import Connection, Engine, and_, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from db.models import Claim, Event, ImportBatch, Series, Source, Target

CLAIM_FRAME_COLUMNS = (
    "id", "series", "measure", "announced_on", "as_of", "period_start", "period_end", "value",
    "qualifier", "low", "high", "speaker", "body", "outlet", "url", "quote", "note",
    "verification", "batch_id", "claim_key",
)  # fmt: skip
DATE_COLUMNS = ("announced_on", "as_of", "period_start", "period_end", "date", "end_date")
# Rows per INSERT statement group: large enough to amortise round trips, small enough that a
# progress bar moves on a 100k-row import.
INSERT_CHUNK = 5_000


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _frame(rows: Sequence[Sequence], columns: Sequence[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    for col in frame.columns.intersection(DATE_COLUMNS):
        frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
    for col in frame.columns.intersection(("low", "high")):
        frame[col] = frame[col].astype("Int64")
    for col in frame.columns.intersection(("value", "id", "batch_id")):
        if len(frame):
            frame[col] = frame[col].astype("int64")
    return frame


def _nullable(value: str) -> str | None:
    return value or None


# ---------------------------------------------------------------- reads


def load_claims(conn: Connection | Engine, *, series: Iterable[str] | None = None) -> pd.DataFrame:
    """Live (not withdrawn) claims with their series, measure and source, one row each."""
    query = (
        select(
            Claim.id,
            Series.slug,
            Series.measure,
            Claim.announced_on,
            Claim.as_of,
            Claim.period_start,
            Claim.period_end,
            Claim.value,
            Claim.qualifier,
            Claim.low,
            Claim.high,
            Claim.speaker,
            Claim.body,
            Source.outlet,
            Source.url,
            Claim.quote,
            Claim.note,
            Claim.verification,
            Claim.batch_id,
            Claim.claim_key,
        )
        .join(Series, Claim.series_id == Series.id)
        .join(Source, Claim.source_id == Source.id)
        .where(Claim.withdrawn_at.is_(None))
        .order_by(Claim.id)
    )
    if series is not None:
        query = query.where(Series.slug.in_(list(series)))
    with _connection(conn) as c:
        rows = c.execute(query).all()
    frame = _frame(rows, CLAIM_FRAME_COLUMNS)
    for col in ("outlet", "url"):
        frame[col] = frame[col].map(_nullable).astype(object)
    return frame


def load_series(conn: Connection | Engine) -> pd.DataFrame:
    query = (
        select(Series.id, Series.slug, Series.name, Series.measure, Series.unit, Series.definition)
        .where(Series.withdrawn_at.is_(None))
        .order_by(Series.slug)
    )
    with _connection(conn) as c:
        return _frame(
            c.execute(query).all(), ("id", "slug", "name", "measure", "unit", "definition")
        )


def load_events(conn: Connection | Engine) -> pd.DataFrame:
    query = (
        select(Event.id, Event.date, Event.end_date, Event.label, Event.description)
        .where(Event.withdrawn_at.is_(None))
        .order_by(Event.date, Event.label)
    )
    with _connection(conn) as c:
        return _frame(c.execute(query).all(), ("id", "date", "end_date", "label", "description"))


def load_targets(conn: Connection | Engine) -> pd.DataFrame:
    query = (
        select(
            Target.id,
            Series.slug,
            Target.period_start,
            Target.period_end,
            Target.value,
            Target.qualifier,
            Target.description,
            Source.outlet,
            Source.url,
        )
        .join(Series, Target.series_id == Series.id)
        .outerjoin(Source, Target.source_id == Source.id)
        .where(Target.withdrawn_at.is_(None))
        .order_by(Series.slug, Target.period_start)
    )
    columns = ("id", "series", "period_start", "period_end", "value", "qualifier",
               "description", "outlet", "url")  # fmt: skip
    with _connection(conn) as c:
        frame = _frame(c.execute(query).all(), columns)
    for col in ("outlet", "url"):
        frame[col] = frame[col].map(lambda v: v or None).astype(object)
    return frame


def load_batches(conn: Connection | Engine) -> pd.DataFrame:
    """Import history, newest first."""
    cols = (
        ImportBatch.id, ImportBatch.kind, ImportBatch.filename, ImportBatch.checksum,
        ImportBatch.created_at, ImportBatch.created_by, ImportBatch.new_rows,
        ImportBatch.conflicting_rows, ImportBatch.duplicate_rows, ImportBatch.rejected_rows,
        ImportBatch.undone_at, ImportBatch.undone_by,
    )  # fmt: skip
    with _connection(conn) as c:
        rows = c.execute(select(*cols).order_by(ImportBatch.id.desc())).all()
    return pd.DataFrame.from_records(rows, columns=[col.key for col in cols])


def series_measures(conn: Connection | Engine) -> dict[str, str]:
    """slug -> measure of every live series: what the CSV validator checks claims against."""
    query = select(Series.slug, Series.measure).where(Series.withdrawn_at.is_(None))
    with _connection(conn) as c:
        return dict(c.execute(query).all())


def data_version(conn: Connection | Engine) -> tuple:
    """Changes whenever anything readers see changes: an import, an undo or an edit.

    Cheap (two aggregate queries), so the app can key its caches on it on every rerun."""
    with _connection(conn) as c:
        batches = c.execute(
            select(func.max(ImportBatch.id), func.count(ImportBatch.undone_at))
        ).one()
        edited = c.execute(select(func.max(Claim.updated_at))).scalar()
    return (batches[0], batches[1], str(edited))


def batch_exists(conn: Connection, batch_id: int) -> ImportBatch | None:
    return conn.execute(select(ImportBatch).where(ImportBatch.id == batch_id)).first()


# ---------------------------------------------------------------- writes


def insert_batch(conn: Connection, **fields: object) -> int:
    """Record an import batch and return its id."""
    return conn.execute(insert(ImportBatch).values(**fields).returning(ImportBatch.id)).scalar_one()


def ensure_sources(
    conn: Connection, pairs: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """Ids of the (outlet, url) sources, creating the missing ones; safe under concurrency."""
    wanted = sorted({(outlet or "", url or "") for outlet, url in pairs})
    if not wanted:
        return {}
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    for chunk in _chunks(wanted, INSERT_CHUNK):
        stmt = dialect_insert(Source).on_conflict_do_nothing(index_elements=["outlet", "url"])
        conn.execute(stmt, [{"outlet": o, "url": u} for o, u in chunk])
    ids: dict[tuple[str, str], int] = {}
    urls = sorted({u for _, u in wanted})
    for chunk in _chunks(urls, 900):
        for sid, outlet, url in conn.execute(
            select(Source.id, Source.outlet, Source.url).where(Source.url.in_(chunk))
        ):
            ids[(outlet, url)] = sid
    return {pair: ids[pair] for pair in wanted}


def series_ids(conn: Connection) -> dict[str, int]:
    query = select(Series.slug, Series.id).where(Series.withdrawn_at.is_(None))
    return dict(conn.execute(query).all())


def insert_rows(conn: Connection, table: str, records: Sequence[Mapping], progress=None) -> None:
    """Insert records into one of the importable tables in chunks, reporting progress."""
    model = {"claim": Claim, "series": Series, "event": Event, "target": Target}[table]
    done = 0
    for chunk in _chunks(records, INSERT_CHUNK):
        conn.execute(insert(model), list(chunk))
        done += len(chunk)
        if progress is not None:
            progress(done, len(records))


def undo_batch(conn: Connection, batch_id: int, undone_by: str | None) -> int:
    """Withdraw everything batch `batch_id` added; returns how many rows were withdrawn."""
    now = _now()
    withdrawn = 0
    for model in (Claim, Target, Event, Series):
        result = conn.execute(
            update(model)
            .where(and_(model.batch_id == batch_id, model.withdrawn_at.is_(None)))
            .values(withdrawn_at=now)
        )
        withdrawn += result.rowcount
    conn.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id)
        .values(undone_at=now, undone_by=undone_by)
    )
    # Readers key their caches on the latest edit time as well as on batches.
    conn.execute(update(Claim).where(Claim.batch_id == batch_id).values(updated_at=now))
    return withdrawn


def live_claims_referencing_series(conn: Connection, batch_id: int) -> int:
    """Live claims that belong to series added by `batch_id` (undoing it would orphan them)."""
    query = (
        select(func.count(Claim.id))
        .join(Series, Claim.series_id == Series.id)
        .where(Series.batch_id == batch_id, Claim.withdrawn_at.is_(None))
    )
    return conn.execute(query).scalar_one()


# ---------------------------------------------------------------- helpers


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class _connection:
    """Use a Connection as is, or open (and close) one from an Engine."""

    def __init__(self, conn: Connection | Engine) -> None:
        self._given = conn
        self._opened: Connection | None = None

    def __enter__(self) -> Connection:
        if isinstance(self._given, Engine):
            self._opened = self._given.connect()
            return self._opened
        return self._given

    def __exit__(self, *exc: object) -> None:
        if self._opened is not None:
            self._opened.close()
