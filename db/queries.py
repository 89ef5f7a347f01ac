"""Every read and write the domain needs, as plain functions over a Connection or Engine.

Reads return pandas DataFrames in the shapes the methodology expects; writes take plain
records. No function here commits on its own: callers wrap writes in `db.engine.writing`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from operator import itemgetter

import numpy as np
import pandas as pd
from sqlalchemy import Connection, Engine, Executable, and_, func, insert, select, update
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
# SQLite page cache while rows are inserted, in KiB: the indexes of a 100k-row import outgrow
# the default 2 MiB, and every page that falls out is read back for the next key. Restored after.
BULK_CACHE_KIB = 65_536
# Rows from which an insert into a SQLite table at most that large rebuilds its indexes after
# the insert instead of updating them row by row.
BULK_REBUILD_ROWS = 10_000
# Values per IN (...) list: under SQLite's oldest default limit of 999 bound parameters.
IN_CHUNK = 900


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


def ensure_sources(conn: Connection, outlets: Sequence[str], urls: Sequence[str]) -> list[int]:
    """The source id of each (outlet, url) pair ("" for a missing part), creating the missing
    sources in (outlet, url) order; safe under concurrency.

    The sources this call creates are read back by id (they come after every id there was
    before it), so only the pairs that already existed are looked up by outlet and url."""
    given = pd.DataFrame({"outlet": list(outlets), "url": list(urls)}, dtype=object)
    if given.empty:
        return []
    unique = given.drop_duplicates().sort_values(["outlet", "url"])
    wanted = list(zip(unique["outlet"].tolist(), unique["url"].tolist(), strict=True))
    before = conn.execute(select(func.coalesce(func.max(Source.id), 0))).scalar_one()
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(Source).on_conflict_do_nothing(index_elements=["outlet", "url"])
    run = _executemany(conn, stmt, ("outlet", "url"))
    for chunk in _chunks(wanted, INSERT_CHUNK):
        run(chunk)
    created = select(Source.id, Source.outlet, Source.url).where(Source.id > before)
    ids = {(outlet, url): sid for sid, outlet, url in conn.execute(created).all()}
    missing = [pair for pair in wanted if pair not in ids]
    for outlet, group in groupby(missing, key=itemgetter(0)):
        for chunk in _chunks([url for _, url in group], IN_CHUNK):
            # One outlet and a list of urls walk the unique index, where a list of (outlet,
            # url) pairs would scan it. EXPLAIN QUERY PLAN on SQLite:
            #   SEARCH source USING COVERING INDEX sqlite_autoindex_source_1 (outlet=? AND url=?)
            query = select(Source.id, Source.url).where(
                Source.outlet == outlet, Source.url.in_(chunk)
            )
            ids.update(((outlet, url), sid) for sid, url in conn.execute(query))
    return [ids[pair] for pair in zip(given["outlet"].tolist(), given["url"].tolist(), strict=True)]


def series_ids(conn: Connection) -> dict[str, int]:
    query = select(Series.slug, Series.id).where(Series.withdrawn_at.is_(None))
    return dict(conn.execute(query).all())


def insert_rows(
    conn: Connection, table: str, frame: pd.DataFrame,
    progress: Callable[[int, int], None] | None = None,
) -> None:  # fmt: skip
    """Insert the rows of `frame` (named as the table's columns) into one of the importable
    tables in chunks, reporting progress."""
    model = {"claim": Claim, "series": Series, "event": Event, "target": Target}[table]
    columns = tuple(frame.columns)
    rows = list(zip(*(_driver_values(frame[col]) for col in columns), strict=True))
    run = _executemany(conn, insert(model), columns)
    done = 0
    with _sqlite_cache(conn, BULK_CACHE_KIB), _indexes_rebuilt(conn, model, len(rows)):
        for chunk in _chunks(rows, INSERT_CHUNK):
            run(chunk)
            done += len(chunk)
            if progress is not None:
                progress(done, len(rows))


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


def _executemany(
    conn: Connection, stmt: Executable, columns: Sequence[str]
) -> Callable[[Sequence[tuple]], None]:
    """A function that runs `stmt` for rows of `columns` values with the driver's executemany.

    Rows go to the driver as they are: SQLAlchemy's per-row parameter processing would cost
    seconds on a 100k-row import, so values must already be what the driver takes (see
    `_driver_values`)."""
    compiled = stmt.compile(dialect=conn.dialect, column_keys=list(columns))
    if compiled.positional:
        order = [columns.index(name) for name in compiled.positiontup or ()]
        if order == list(range(len(columns))):
            return lambda rows: conn.exec_driver_sql(compiled.string, list(rows))
        pick = itemgetter(*order)
        return lambda rows: conn.exec_driver_sql(compiled.string, [pick(row) for row in rows])
    return lambda rows: conn.exec_driver_sql(
        compiled.string, [dict(zip(columns, row, strict=True)) for row in rows]
    )


def _driver_values(col: pd.Series) -> list:
    """One column as values both drivers take: dates as YYYY-MM-DD (how SQLAlchemy stores a
    Date on SQLite, and a literal PostgreSQL reads as a date), Python ints and str, and None
    for anything missing."""
    if pd.api.types.is_datetime64_any_dtype(col):
        codes, days = pd.factorize(col)  # few distinct days: format each once
        text = np.append(days.strftime("%Y-%m-%d").to_numpy(dtype=object), None)
        return text[codes].tolist()  # code -1 (missing) picks the None at the end
    return col.to_numpy(dtype=object, na_value=None).tolist()


@contextmanager
def _sqlite_cache(conn: Connection, kib: int) -> Iterator[None]:
    """A larger SQLite page cache for the duration of a bulk write (nothing on PostgreSQL)."""
    if conn.dialect.name != "sqlite":
        yield
        return
    size = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size = {int(size)}")


@contextmanager
def _indexes_rebuilt(conn: Connection, model: type, incoming: int) -> Iterator[None]:
    """On SQLite, drop the table's indexes for a bulk insert that at least doubles it, and
    build them again after it.

    Building an index over sorted keys is faster than adding keys one by one at random places
    (100k claims into an empty store: 2.1 s with the indexes, 1.4 s + 0.3 s to rebuild them).
    It all happens in the write transaction, so a failure rolls the indexes back with the rows;
    no other writer runs meanwhile, and a unique index checks every row as it is rebuilt."""
    table = model.__table__.name
    if conn.dialect.name != "sqlite" or incoming < BULK_REBUILD_ROWS:
        yield
        return
    if conn.execute(select(func.count()).select_from(model)).scalar_one() > incoming:
        yield
        return
    indexes = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master "
        "WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,),
    ).all()
    for name, _ in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield
    for _, sql in indexes:
        conn.exec_driver_sql(sql)


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
