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
from pandas.api.types import union_categoricals
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Executable,
    String,
    and_,
    cast,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from db.models import (
    Claim,
    DataRevision,
    Event,
    ImportBatch,
    LoginAttempt,
    Series,
    Source,
    Target,
)

CLAIM_FRAME_COLUMNS = (
    "id", "series", "measure", "origin", "announced_on", "as_of", "period_start", "period_end",
    "value", "qualifier", "low", "high", "speaker", "body", "outlet", "url", "quote", "note",
    "verification", "region", "batch_id", "claim_key",
)  # fmt: skip
DATE_COLUMNS = ("announced_on", "as_of", "period_start", "period_end", "date", "end_date")
# Rows per INSERT statement group: large enough to amortise round trips, small enough that a
# progress bar moves on a 100k-row import.
INSERT_CHUNK = 5_000
# Claims read per fetch: large enough to amortise round trips, small enough that the rows in
# flight stay a small part of the frame they become.
READ_CHUNK = 10_000
# Texts with few distinct values across many claims (see load_claims(compact=True)).
REPEATED_TEXT = (
    "series",
    "measure",
    "origin",
    "qualifier",
    "speaker",
    "body",
    "outlet",
    "verification",
    "region",
)
# SQLite page cache while rows are inserted, in KiB: the indexes of a 100k-row import outgrow
# the default 2 MiB, and every page that falls out is read back for the next key. Restored after.
BULK_CACHE_KIB = 65_536
# Rows from which an insert into a SQLite table at most that large rebuilds its indexes after
# the insert instead of updating them row by row.
BULK_REBUILD_ROWS = 10_000
# Values per IN (...) list: under SQLite's oldest default limit of 999 bound parameters.
IN_CHUNK = 900
# The PostgreSQL advisory lock a write holds from its new revision to its commit, so data
# versions are numbered in the order they become visible ("RVSN"). SQLite writers already
# queue on BEGIN IMMEDIATE.
REVISION_LOCK = 0x5256534E


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


def visible(model: type, version: int | None) -> ColumnElement[bool]:
    """The rows of `model` readers see at data `version` (None: as the store stands now).

    Version N holds the rows of every batch imported at a revision up to N, less those of
    batches undone at a revision up to N: later imports are hidden and later undos not yet
    applied, so a cited version reads the same after any change."""
    if version is None:
        return model.withdrawn_at.is_(None)
    upto = DataRevision.id <= version
    imported = select(DataRevision.batch_id).where(DataRevision.action == "import", upto)
    undone = select(DataRevision.batch_id).where(DataRevision.action == "undo", upto)
    in_version = and_(model.batch_id.in_(imported), model.batch_id.not_in(undone))
    if model is Claim:  # every claim has a batch
        return in_version
    return or_(in_version, and_(model.batch_id.is_(None), model.withdrawn_at.is_(None)))


def _claim_expressions() -> dict[str, ColumnElement]:
    """What each column of the claims frame is read from. Dates are read as their ISO text
    (both backends store or print them as YYYY-MM-DD) and parsed a column at a time, which is
    many times cheaper than a Python date object per value."""
    text = {c: cast(getattr(Claim, c), String) for c in DATE_COLUMNS if hasattr(Claim, c)}
    return {
        "id": Claim.id, "series": Series.slug, "measure": Series.measure, "origin": Series.origin,
        "announced_on": text["announced_on"], "as_of": text["as_of"],
        "period_start": text["period_start"], "period_end": text["period_end"],
        "value": Claim.value, "qualifier": Claim.qualifier, "low": Claim.low,
        "high": Claim.high, "speaker": Claim.speaker, "body": Claim.body,
        "outlet": Source.outlet, "url": Source.url, "quote": Claim.quote, "note": Claim.note,
        "verification": Claim.verification, "region": Claim.region,
        "batch_id": Claim.batch_id,
        "claim_key": Claim.claim_key,
    }  # fmt: skip


def load_claims(
    conn: Connection | Engine,
    *,
    series: Iterable[str] | None = None,
    ids: Iterable[int] | None = None,
    columns: Sequence[str] = CLAIM_FRAME_COLUMNS,
    compact: bool = False,
    version: int | None = None,
) -> pd.DataFrame:
    """Claims readers see at data `version` (default: the live, not withdrawn ones) with
    their series, measure and source, one row each. Claims asked for by `ids` are returned
    whatever became of them since: their ids come from a read at some data version.

    `series` or `ids` narrow the rows, `columns` (in CLAIM_FRAME_COLUMNS order) the columns:
    the app keeps the columns its pages draw from in memory and reads the long texts of the
    few claims it shows. `compact` gives the few-valued texts (REPEATED_TEXT) as pandas
    categories, a byte or two per claim instead of a string each (a missing one is then NaN,
    but a missing outlet, like a missing url, stays "" as stored), and urls as pandas text.
    Rows are read READ_CHUNK at a time and turned into columns as they come, so a million
    claims never exist as a million row objects at once."""
    exprs = _claim_expressions()
    query = (
        select(*(exprs[c].label(c) for c in columns))
        .select_from(Claim)
        .join(Series, Claim.series_id == Series.id)
        .join(Source, Claim.source_id == Source.id)
        .order_by(Claim.id)
    )
    if ids is None:
        query = query.where(visible(Claim, version))
    if series is not None:
        query = query.where(Series.slug.in_(list(series)))
    wanted = [None] if ids is None else list(_chunks(sorted({int(i) for i in ids}), IN_CHUNK))
    parts = []
    with _connection(conn) as c:
        for chunk in wanted:
            narrowed = query if chunk is None else query.where(Claim.id.in_(chunk))
            result = c.execute(narrowed, execution_options={"yield_per": READ_CHUNK})
            parts += [_claim_part(rows, columns, compact) for rows in result.partitions()]
    if not parts:
        empty = _frame([], columns).pipe(_sources_as_objects)
        return empty.astype(dict.fromkeys(REPEATED_TEXT, "category")) if compact else empty
    return _joined(parts)


def _joined(parts: list[pd.DataFrame]) -> pd.DataFrame:
    """Chunks of one read as one frame; categories merged into one sorted set per column."""
    if len(parts) == 1:
        return parts[0]
    out = {}
    for name in parts[0].columns:
        pieces = [p[name] for p in parts]
        if isinstance(pieces[0].dtype, pd.CategoricalDtype):
            out[name] = union_categoricals(pieces, sort_categories=True)
        else:
            out[name] = pd.concat(pieces, ignore_index=True)
    return pd.DataFrame(out)


def _claim_part(rows: Sequence[Sequence], columns: Sequence[str], compact: bool) -> pd.DataFrame:
    """One chunk of claim rows as typed columns (the dtypes of `_frame`)."""
    values = dict(zip(columns, zip(*rows, strict=True), strict=True))
    out: dict[str, object] = {}
    for name, col in values.items():
        if compact and name in REPEATED_TEXT:
            out[name] = pd.Categorical(pd.array(col, dtype="str"))
        elif compact and name == "url":
            out[name] = pd.array(col, dtype="str")
        elif name in DATE_COLUMNS:
            codes, days = pd.factorize(pd.Series(col, dtype=object), use_na_sentinel=True)
            parsed = pd.to_datetime(pd.Index(days), format="%Y-%m-%d").astype("datetime64[ns]")
            out[name] = pd.Series(parsed.take(codes, allow_fill=True, fill_value=pd.NaT))
        elif name in ("low", "high"):
            out[name] = pd.array(col, dtype="Int64")
        elif name in ("id", "value", "batch_id"):
            out[name] = np.fromiter(col, dtype=np.int64, count=len(col))
        elif name in ("outlet", "url"):
            out[name] = pd.Series(_shared_objects(col), dtype=object)
        else:
            out[name] = pd.array(col, dtype="str")
    return pd.DataFrame(out, columns=list(columns))


def _shared_objects(values: Sequence[str | None]) -> np.ndarray:
    """Text as Python objects with "" as None, one object per distinct text (outlets repeat
    on thousands of claims, and each copy would cost its own memory)."""
    codes, distinct = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    kept = np.array([v or None for v in distinct] + [None], dtype=object)
    return kept[codes]


def _sources_as_objects(frame: pd.DataFrame) -> pd.DataFrame:
    for col in frame.columns.intersection(("outlet", "url")):
        frame[col] = frame[col].astype(object)
    return frame


def load_series(conn: Connection | Engine, version: int | None = None) -> pd.DataFrame:
    query = (
        select(
            Series.id, Series.slug, Series.name, Series.measure, Series.unit, Series.definition,
            Series.origin, Series.compare_with, Series.kind,
        )
        .where(visible(Series, version))
        .order_by(Series.slug)
    )  # fmt: skip
    columns = (
        "id", "slug", "name", "measure", "unit", "definition", "origin", "compare_with", "kind",
    )  # fmt: skip
    with _connection(conn) as c:
        return _frame(c.execute(query).all(), columns)


def load_events(conn: Connection | Engine, version: int | None = None) -> pd.DataFrame:
    query = (
        select(Event.id, Event.date, Event.end_date, Event.label, Event.description)
        .where(visible(Event, version))
        .order_by(Event.date, Event.label)
    )
    with _connection(conn) as c:
        return _frame(c.execute(query).all(), ("id", "date", "end_date", "label", "description"))


def load_targets(conn: Connection | Engine, version: int | None = None) -> pd.DataFrame:
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
        .where(visible(Target, version))
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


def series_units(conn: Connection | Engine) -> dict[str, str | None]:
    """slug -> unit of every live series: a level claim needs its series to have one."""
    query = select(Series.slug, Series.unit).where(Series.withdrawn_at.is_(None))
    with _connection(conn) as c:
        return dict(c.execute(query).all())


def data_version(conn: Connection | Engine) -> int:
    """The store's data version: how many imports and undos it has seen (0 when empty).

    Cheap (the last key of data_revision's primary key), so the app keys its caches on it on
    every rerun, and it is the number a citation gives."""
    with _connection(conn) as c:
        return c.execute(select(func.coalesce(func.max(DataRevision.id), 0))).scalar_one()


def load_revisions(conn: Connection | Engine) -> pd.DataFrame:
    """Every data version, newest first: what changed (the import or undo of which batch,
    of which file, by whom) and when."""
    undone = ImportBatch.undone_by
    query = (
        select(
            DataRevision.id, DataRevision.action, DataRevision.at, DataRevision.batch_id,
            ImportBatch.kind, ImportBatch.filename, ImportBatch.created_by, undone,
        )
        .join(ImportBatch, DataRevision.batch_id == ImportBatch.id)
        .order_by(DataRevision.id.desc())
    )  # fmt: skip
    columns = ("version", "action", "at", "batch_id", "kind", "filename", "created_by",
               "undone_by")  # fmt: skip
    with _connection(conn) as c:
        frame = _frame(c.execute(query).all(), columns)
    who = np.where(frame["action"] == "undo", frame["undone_by"], frame["created_by"])
    return frame.drop(columns=["created_by", "undone_by"]).assign(by=who)


def record_revision(conn: Connection, batch_id: int, action: str) -> int:
    """Number the import or undo of `batch_id` as the next data version and return it.

    Call it in the write's transaction: on PostgreSQL it waits for any other write between
    its revision and its commit, so version N is never visible before N - 1."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({REVISION_LOCK})")
    return conn.execute(
        insert(DataRevision)
        .values(batch_id=batch_id, action=action, at=_now())
        .returning(DataRevision.id)
    ).scalar_one()


def batch_exists(conn: Connection, batch_id: int) -> ImportBatch | None:
    return conn.execute(select(ImportBatch).where(ImportBatch.id == batch_id)).first()


# ---------------------------------------------------------------- writes


def insert_batch(conn: Connection, **fields: object) -> int:
    """Record an import batch and return its id."""
    return conn.execute(insert(ImportBatch).values(**fields).returning(ImportBatch.id)).scalar_one()


def ensure_sources(conn: Connection, outlets: Sequence[str], urls: Sequence[str]) -> list[int]:
    """The source id of each (outlet, url) pair ("" for a missing part), creating the missing
    sources in (outlet, url) order; safe under concurrency.

    The sources this call creates come after every id there was before it, in the order they
    were inserted: when as many came as were asked for, with no gap in their ids, every pair
    was new and the ids are that range, matched to the pairs by position (three numbers read
    back, not 100k ids). Otherwise the created ones are read back by id and only the pairs
    that already existed are looked up by outlet and url."""
    given = pd.DataFrame({"outlet": list(outlets), "url": list(urls)}, dtype=object)
    if given.empty:
        return []
    unique = given.drop_duplicates().sort_values(["outlet", "url"], ignore_index=True)
    wanted = list(zip(unique["outlet"].tolist(), unique["url"].tolist(), strict=True))
    before = conn.execute(select(func.coalesce(func.max(Source.id), 0))).scalar_one()
    dialect_insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = dialect_insert(Source).on_conflict_do_nothing(index_elements=["outlet", "url"])
    run = _executemany(conn, stmt, ("outlet", "url"))
    for chunk in _chunks(wanted, INSERT_CHUNK):
        run(chunk)
    span = select(func.count(Source.id), func.min(Source.id), func.max(Source.id))
    created, first, last = conn.execute(span.where(Source.id > before)).one()
    if created == len(wanted) and last - first + 1 == created:
        return _ids_of(given, unique.assign(id=np.arange(first, last + 1)))
    query = select(Source.id, Source.outlet, Source.url).where(Source.id > before)
    ids = {(outlet, url): sid for sid, outlet, url in conn.execute(query).all()}
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
    return _ids_of(given, unique.assign(id=[ids[pair] for pair in wanted]))


def _ids_of(given: pd.DataFrame, unique: pd.DataFrame) -> list[int]:
    """The id of each row of `given` from `unique` (outlet, url, id), in `given`'s order."""
    return given.merge(unique, on=["outlet", "url"], how="left")["id"].tolist()


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
    conn.execute(update(Claim).where(Claim.batch_id == batch_id).values(updated_at=now))
    record_revision(conn, batch_id, "undo")
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


# ---------------------------------------------------------------- editor logins


def record_login(conn: Connection, client: str, ok: bool, at: dt.datetime) -> None:
    conn.execute(insert(LoginAttempt).values(client=client, ok=ok, at=at))


def login_history(
    conn: Connection | Engine, client: str, since: dt.datetime
) -> tuple[int, dt.datetime | None, int]:
    """(wrong passwords of `client` since its last success, the time of the latest one, wrong
    passwords of every client since `since`)."""
    with _connection(conn) as c:
        last_ok = c.execute(
            select(func.max(LoginAttempt.at)).where(
                LoginAttempt.client == client, LoginAttempt.ok.is_(True)
            )
        ).scalar()
        mine = select(func.count(), func.max(LoginAttempt.at)).where(
            LoginAttempt.client == client, LoginAttempt.ok.is_(False)
        )
        if last_ok is not None:
            mine = mine.where(LoginAttempt.at > last_ok)
        failures, latest = c.execute(mine).one()
        everyone = c.execute(
            select(func.count()).where(LoginAttempt.ok.is_(False), LoginAttempt.at >= since)
        ).scalar_one()
    return int(failures), _aware(latest), int(everyone)


def _aware(at: dt.datetime | None) -> dt.datetime | None:
    """SQLite gives back naive datetimes; they were written in UTC."""
    if at is not None and at.tzinfo is None:
        return at.replace(tzinfo=dt.UTC)
    return at
