"""Synthetic stores at scale: series and claims CSVs in the upload format, built with numpy.

The data looks like the real thing, only more of it: running counts with several statements a
year (some reported by several outlets, some rounded differently, the odd one disputed),
monthly period totals, stated paces, a handful of speakers and outlets, every qualifier, a few
stated ranges, and numbers and dates written the ways people write them. Every row is valid
and no two rows are the same statement, so an import of N rows stores N claims.

Files go to a temporary folder, never into the repository. Stores are built through the
project's own importer, except the 1M store (see `bulk_store`).
"""

from __future__ import annotations

import datetime as dt
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from recruitment import kinds

# Fixed, so that every run measures the same data.
SEED = 20_231_203
# Statements run over these counting years; the last one stops a little before "today"
# (CUTOFF), so that no announced_on is in the future whenever the bench is run after it.
FIRST_YEAR = 2022
CUTOFF = dt.date(2026, 11, 15)
# Share of series by measure: mostly running counts, as in the shipped data.
MEASURE_SHARES = {"cumulative": 0.7, "period_total": 0.15, "daily_rate": 0.1, "monthly_rate": 0.05}
# Share of cumulative statements that repeat an earlier one's date (another outlet or speaker
# reporting the same count): these make points with several claims, and some conflicts.
REPEAT_SHARE = 0.25
# (speaker, body, weight): a few voices make most statements.
SPEAKERS = (
    ("Dmitry Medvedev", "Security Council", 0.35),
    ("Vladimir Putin", "President", 0.2),
    ("Sergei Shoigu", "Ministry of Defence", 0.15),
    ("Andrei Belousov", "Ministry of Defence", 0.12),
    ("Andrei Kartapolov", "State Duma Defence Committee", 0.1),
    ("", "", 0.08),  # unattributed: "officials said"
)
# The speaker whose statements a filter change selects (about a fifth of all statements).
FILTER_SPEAKER = "Vladimir Putin"
OUTLETS = (
    ("TASS", "tass.ru"), ("RIA Novosti", "ria.ru"), ("Interfax", "interfax.ru"),
    ("Rossiyskaya Gazeta", "rg.ru"), ("Kommersant", "kommersant.ru"), ("RBC", "rbc.ru"),
    ("Meduza", "meduza.io"), ("Reuters", "reuters.com"), ("BBC Russian", "bbc.com"),
    ("Mediazona", "zona.media"), ("Novaya Gazeta Europe", "novayagazeta.eu"),
    ("Izvestia", "iz.ru"),
)  # fmt: skip
# Qualifier mix of running counts; "" leaves the default (approx) to the importer.
QUALIFIER_SHARES = {"approx": 0.5, "at_least": 0.25, "exact": 0.12, "at_most": 0.05, "": 0.08}
# Statements that misstate the count by a tenth: conflicts when others report the same date.
MISREPORT_SHARE = 0.01
RANGE_SHARE = 0.03  # approx statements given as a range ("between 230 and 240 thousand")
VERIFICATION_SHARES = {"unverified": 0.8, "corroborated": 0.15, "disputed": 0.05}


@dataclass(frozen=True)
class Size:
    """One synthetic store: `claims` statements spread evenly over `series` series."""

    name: str
    claims: int
    series: int


# Claims over series. The pages' stores (100k, and 1M-100 for the server's memory) keep 100
# series: the Overview page draws a card per series and the year-over-year view a line per
# series and year (at 1,000 series and 100k claims the trend figure builds in about 1 s, the
# year-over-year one in 13 s); `python -m bench --series N` measures the pages with more. The
# rates figure runs in memory, where 10,000 series cost nothing extra.
SIZES = {
    "1k": Size("1k", 1_000, 10),
    "100k": Size("100k", 100_000, 100),
    "1M": Size("1M", 1_000_000, 10_000),
    "1M-100": Size("1M-100", 1_000_000, 100),
}
# The sizes whose stores the app serves (what --series changes).
PAGE_SIZES = ("100k", "1M-100")


def series_frame(n: int, seed: int = SEED) -> pd.DataFrame:
    """`n` series in the upload format (slug, name, measure, unit, definition)."""
    rng = np.random.default_rng(seed)
    measures = np.array(list(MEASURE_SHARES))
    measure = rng.choice(measures, size=n, p=list(MEASURE_SHARES.values()))
    measure[0] = "cumulative"  # every store has at least one running count
    # The last series is an independent estimate of monthly totals, compared with the first
    # running count: the comparison page has something to draw at every size.
    independent = np.arange(n) == n - 1
    if n > 1:
        measure[-1] = "period_total"
    number = pd.Series(np.arange(n)).map("{:05d}".format)
    slug = "bench-" + number + "-" + pd.Series(measure).str.replace("_", "-")
    unit = np.where(np.isin(measure, ["daily_rate"]), "people per day", "people")
    unit = np.where(measure == "monthly_rate", "people per month", unit)
    return pd.DataFrame(
        {
            "slug": slug,
            "name": "Synthetic series " + number,
            "measure": measure,
            "unit": unit,
            "definition": "Synthetic statements for benchmarks, " + pd.Series(measure) + ".",
            "origin": np.where(independent & (n > 1), "independent", "official"),
            "compare_with": np.where(independent & (n > 1), slug[0], None),
            "kind": None,  # no level series: levels are not counts
        }
    )[list(kinds.SERIES.columns)]


def _pick(rng: np.random.Generator, shares: dict[str, float], n: int) -> np.ndarray:
    return rng.choice(np.array(list(shares), dtype=object), size=n, p=list(shares.values()))


def _iso(days: np.ndarray) -> np.ndarray:
    """Day numbers since 1970-01-01 as ISO text (each distinct day formatted once)."""
    unique, inverse = np.unique(days, return_inverse=True)
    text = np.datetime_as_string(unique.astype("datetime64[D]"), unit="D").astype(object)
    return text[inverse]


def _dotted(days: np.ndarray) -> np.ndarray:
    """Day numbers as DD.MM.YYYY, as Russian sources write them."""
    unique, inverse = np.unique(days, return_inverse=True)
    iso = pd.Series(np.datetime_as_string(unique.astype("datetime64[D]"), unit="D"))
    text = iso.str[8:10] + "." + iso.str[5:7] + "." + iso.str[0:4]
    return text.to_numpy(dtype=object)[inverse]


def _dates(days: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Day numbers as datetime64[ns], NaT where not `present`."""
    out = days.astype("datetime64[D]").astype("datetime64[ns]")
    out[~present] = np.datetime64("NaT")
    return out


def _written(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Counts as people write them: mostly plain, some 280,000, some 280 тыс."""
    text = pd.Series(values).astype(str)
    style = rng.random(values.size)
    grouped = pd.Series(values).map("{:,}".format)
    out = np.where(style < 0.12, grouped, text)
    thousands = (values % 1000 == 0) & (values > 0) & (style > 0.96)
    return np.where(thousands, pd.Series(values // 1000).astype(str) + " тыс.", out).astype(object)


def _unit(values: np.ndarray) -> np.ndarray:
    """The rounding people use: hundreds below 10,000, thousands, ten thousands above 200,000."""
    return np.where(values > 200_000, 10_000, np.where(values >= 10_000, 1_000, 100))


def _round(values: np.ndarray, qualifier: np.ndarray) -> np.ndarray:
    """Round true counts the way each qualifier is said: about -> nearest unit, at least ->
    down, at most -> up, exact -> as is."""
    unit = _unit(values)
    near = np.round(values / unit) * unit
    down = np.floor(values / unit) * unit
    up = np.ceil(values / unit) * unit
    out = np.where(qualifier == "at_least", down, near)
    out = np.where(qualifier == "at_most", up, out)
    return np.where(qualifier == "exact", values, out).astype(np.int64)


def claims_frames(
    size: Size, series: pd.DataFrame, seed: int = SEED
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """`size.claims` valid, distinct statements over `series`: (CSV text columns in the upload
    format, the same claims as the importer stores them, shaped like queries.load_claims with
    ids 1..n in file order and batch 1).

    The second frame is what validating the first gives (defaults filled in, numbers and
    dates parsed): `check_typed` compares the two through the real importer.
    """
    rng = np.random.default_rng(seed + size.claims)
    n, n_series = size.claims, len(series)
    counts = np.full(n_series, n // n_series)
    counts[: n % n_series] += 1
    s = np.repeat(np.arange(n_series), counts)  # series of each row
    k = np.arange(n) - np.repeat(np.cumsum(counts) - counts, counts)  # index within series
    measure = series["measure"].to_numpy(dtype=object)[s]
    origin = series["origin"].to_numpy(dtype=object)[s]
    pace = np.exp(rng.normal(np.log(800), 0.8, n_series))[s]  # true people per day

    first = (dt.date(FIRST_YEAR, 1, 1) - dt.date(1970, 1, 1)).days
    last = (CUTOFF - dt.date(1970, 1, 1)).days
    years = np.arange(FIRST_YEAR, CUTOFF.year + 1)
    year_start = np.array([f"{y}-01-01" for y in years], dtype="datetime64[D]").astype(np.int64)
    year_end = np.minimum(np.append(year_start[1:] - 1, last), last - 3)

    # --- running counts: points spread over each year, some reported twice --------------
    year_i = k * years.size // counts[s]
    group = s * years.size + year_i
    repeat = (rng.random(n) < REPEAT_SHARE) & (np.diff(group, prepend=-1) == 0)
    new_point = ~repeat
    group_start = np.flatnonzero(np.diff(group, prepend=-1) != 0)
    starts_of = np.repeat(group_start, np.diff(np.append(group_start, n)))
    seen = np.cumsum(new_point)
    point_no = seen - seen[starts_of] + 1  # 1-based within the year
    n_points = np.bincount(group, weights=new_point)[group]
    span = year_end[year_i] - year_start[year_i] + 1
    jitter = (rng.random(n) - 0.5) * 0.8
    offset = np.floor((point_no - 0.5 + jitter) / n_points * span).astype(np.int64)
    # A repeat takes the date of the latest new point before it (always in its own year).
    latest_new = np.maximum.accumulate(np.where(new_point, np.arange(n), 0))
    point_offset = np.clip(offset[latest_new], 0, span - 1)
    cum_as_of = year_start[year_i] + point_offset
    # One true count per point: its reports differ only in how they round it, so they agree
    # (their bounds all hold the true count) except for the few that misreport it.
    noise = 1 + rng.normal(0, 0.01, n)
    true_total = pace * (point_offset + 1) * noise[latest_new]

    # --- period totals: one calendar month per point, about two reports each -----------
    months = np.arange(
        np.datetime64(f"{FIRST_YEAR}-01", "M"), np.datetime64(CUTOFF, "M"), dtype="datetime64[M]"
    )
    month_i = k * months.size // counts[s]
    m_start = months[month_i].astype("datetime64[D]").astype(np.int64)
    m_end = (months[month_i] + 1).astype("datetime64[D]").astype(np.int64) - 1
    new_month = np.diff(s * months.size + month_i, prepend=-1) != 0
    month_total = (
        pace
        * (m_end - m_start + 1)
        * noise[np.maximum.accumulate(np.where(new_month, np.arange(n), 0))]
    )

    # --- stated paces: spread over the whole range --------------------------------------
    pace_day = first + (k * (last - 10 - first)) // counts[s]

    cumulative = measure == "cumulative"
    total = measure == "period_total"
    rate = ~cumulative & ~total
    qualifier = _pick(rng, QUALIFIER_SHARES, n)
    true_value = np.where(cumulative, true_total, month_total)
    true_value = np.where(measure == "daily_rate", pace, true_value)
    true_value = np.where(measure == "monthly_rate", pace * 30.4375, true_value)
    # Misreports: a figure off by a tenth, so its range misses the other reports' ranges.
    true_value = np.where(rng.random(n) < MISREPORT_SHARE, true_value * 1.1, true_value)
    value = _round(np.maximum(true_value, 1.0), qualifier)
    ranged = (qualifier == "approx") & (rng.random(n) < RANGE_SHARE) & ~rate
    unit = _unit(value)
    low = np.where(ranged, value, -1)
    high = np.where(ranged, value + unit, -1)

    lag = rng.integers(0, 4, n)
    as_of_day = np.where(cumulative, cum_as_of, np.where(total, m_end, pace_day))
    announced = np.minimum(as_of_day + np.where(total, lag * 5 + 1, lag), last)
    as_of_given = cumulative & (lag > 0) | (cumulative & (rng.random(n) < 0.3))
    start_given = cumulative & (rng.random(n) < 0.6) | total
    period_start = np.where(total, m_start, year_start[year_i])

    weights = np.array([w for *_, w in SPEAKERS])
    who = rng.choice(len(SPEAKERS), size=n, p=weights / weights.sum())
    speaker = np.array([sp for sp, _, _ in SPEAKERS], dtype=object)[who]
    body = np.array([b for _, b, _ in SPEAKERS], dtype=object)[who]
    where = rng.integers(0, len(OUTLETS), n)
    outlet = np.array([o for o, _ in OUTLETS], dtype=object)[where]
    domain = pd.Series(np.array([d for _, d in OUTLETS], dtype=object)[where])
    url = ("https://" + domain + "/news/" + pd.Series(np.arange(n)).astype(str)).to_numpy(object)

    dotted = rng.random(n) < 0.1  # some dates as 03.08.2023

    def day_text(days: np.ndarray) -> np.ndarray:
        return np.where(dotted, _dotted(days), _iso(days))

    value_text = _written(value, rng)
    quote = np.where(
        cumulative,
        "since the beginning of the year, " + value_text + " people have signed contracts",
        np.where(
            total,
            value_text + " people signed contracts in the month",
            "about " + value_text + " people come to the recruitment offices",
        ),
    )
    note = np.where(rng.random(n) < 0.1, "Synthetic: reported second-hand", None)
    verification = _pick(rng, VERIFICATION_SHARES, n)
    slug = series["slug"].to_numpy(dtype=object)[s]
    speaker = np.where(speaker == "", None, speaker)
    body = np.where(body == "", None, body)
    # Free texts, the same in the file and in what the importer makes of it.
    texts = {"speaker": speaker, "body": body, "outlet": outlet, "url": url, "quote": quote,
             "note": note, "verification": verification,
             "region": np.full(n, None, dtype=object)}  # fmt: skip
    text = pd.DataFrame(
        {
            "series": slug,
            "announced_on": day_text(announced),
            "as_of": np.where(as_of_given, day_text(as_of_day), None),
            "period_start": np.where(start_given, _iso(period_start), None),
            "period_end": np.where(total, _iso(m_end), None),
            "value": value_text,
            "qualifier": np.where(qualifier == "", None, qualifier),
            "low": np.where(ranged, pd.Series(low).astype(str), None),
            "high": np.where(ranged, pd.Series(high).astype(str), None),
            **texts,
        }
    )[list(kinds.CLAIMS.columns)]
    # What validation makes of it: as_of defaults to announced_on (period_end for a period
    # total), a running count's period_start to 1 January, the qualifier to approx.
    as_of_typed = np.where(as_of_given, as_of_day, np.where(total, m_end, announced))
    typed = pd.DataFrame(
        {
            "id": np.arange(1, n + 1, dtype=np.int64),
            "series": slug,
            "measure": measure,
            "origin": origin,
            "announced_on": _dates(announced, np.ones(n, dtype=bool)),
            "as_of": _dates(as_of_typed, np.ones(n, dtype=bool)),
            "period_start": _dates(period_start, ~rate),
            "period_end": _dates(m_end, total),
            "value": value,
            "qualifier": np.where(qualifier == "", "approx", qualifier),
            "low": pd.array(np.where(ranged, low, 0), dtype="Int64"),
            "high": pd.array(np.where(ranged, high, 0), dtype="Int64"),
            **texts,
            "batch_id": np.ones(n, dtype=np.int64),
        }
    )
    typed.loc[~ranged, ["low", "high"]] = pd.NA
    from recruitment.ingest.importer import claim_keys

    typed["claim_key"] = claim_keys(typed)
    return text, like_load_claims(typed)


@dataclass(frozen=True)
class Files:
    """One size's files on disk, and its claims in memory as the store returns them."""

    size: Size
    series_csv: Path
    claims_csv: Path
    claims: pd.DataFrame  # shaped like queries.load_claims (ids 1..n, batch 1)
    seconds: float  # to generate and write both files


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A CSV as a spreadsheet writes it: quotes only where needed, empty for missing."""
    table = pa.Table.from_pandas(frame.astype(object), preserve_index=False)
    pa_csv.write_csv(table, path, pa_csv.WriteOptions(quoting_style="needed"))


def write_files(size: Size, folder: Path) -> Files:
    """The series and claims CSVs of `size`, written once into `folder`."""
    t0 = time.perf_counter()
    folder.mkdir(parents=True, exist_ok=True)
    series = series_frame(size.series)
    series_csv = folder / f"series-{size.name}.csv"
    claims_csv = folder / f"claims-{size.name}.csv"
    write_csv(series, series_csv)
    text, claims = claims_frames(size, series)
    write_csv(text, claims_csv)
    return Files(size, series_csv, claims_csv, claims, time.perf_counter() - t0)


# ---------------------------------------------------------------- stores


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def series_store(path: Path, files: Files) -> str:
    """A fresh store (no seed data) holding only the series of `files`; its URL."""
    from recruitment.service import Store

    url = sqlite_url(path)
    store = Store.open(url, seed=False)
    try:
        prepared = store.preview(files.series_csv.read_bytes(), kind="series")
        store.commit(prepared, created_by="bench")
    finally:
        store.close()
    return url


def shipped_store(path: Path) -> str:
    """A store seeded with the shipped record (data/): the real size of the record, and the
    only store here with amounts in force by region; its URL."""
    from recruitment.service import Store

    url = sqlite_url(path)
    Store.open(url).close()
    return url


def empty_store(path: Path) -> str:
    """A migrated store with nothing in it (not even the seed data); its URL."""
    from recruitment.service import Store

    url = sqlite_url(path)
    Store.open(url, seed=False).close()
    return url


def copy_store(source: Path, target: Path) -> str:
    """A copy of a closed SQLite store (its WAL checkpointed on close); the copy's URL."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(source, target)
    return sqlite_url(target)


def import_claims(url: str, files: Files) -> None:
    """importer.preview + importer.commit of the claims CSV, as `python -m recruitment import`."""
    from recruitment.service import Store

    store = Store.open(url, seed=False)
    try:
        prepared = store.preview(
            files.claims_csv.read_bytes(), kind="claims", filename=files.claims_csv.name
        )
        if prepared.problems:
            raise RuntimeError(f"synthetic data rejected: {prepared.problems[0]}")
        store.commit(prepared, created_by="bench")
    finally:
        store.close()


def imported_store(path: Path, files: Files) -> str:
    """A store with the series and claims of `files`, through the project's importer."""
    url = series_store(path, files)
    import_claims(url, files)
    return url


def check_typed(files: Files, folder: Path) -> None:
    """Fail unless the generator's in-memory claims are exactly what the project's importer
    stores from its CSV (run on a small size, so the bulk path can be trusted at 1M)."""
    from db import queries
    from recruitment.service import Store

    store = Store.open(imported_store(folder / f"check-{files.size.name}.db", files), seed=False)
    try:
        stored = queries.load_claims(store.engine)
    finally:
        store.close()
    mine = files.claims
    if not stored.dtypes.equals(mine.dtypes):
        raise AssertionError(f"dtypes differ:\n{stored.dtypes}\n{mine.dtypes}")
    same = [c for c in stored.columns if c not in ("id", "batch_id")]
    for col in same:
        if not stored[col].equals(mine[col]):
            raise AssertionError(f"generated claims differ from imported ones in {col}")


# The columns written by the bulk path, in the order of its INSERT.
_CLAIM_INSERT = (
    "id", "series_id", "source_id", "announced_on", "as_of", "period_start", "period_end",
    "value", "qualifier", "low", "high", "speaker", "body", "quote", "note", "verification",
    "claim_key", "batch_id",
)  # fmt: skip


def _iso_or_none(col: pd.Series) -> list:
    text = col.dt.strftime("%Y-%m-%d")
    return text.astype(object).where(text.notna(), None).tolist()


def _plain_or_none(col: pd.Series) -> list:
    return col.astype(object).where(col.notna(), None).tolist()


def bulk_store(path: Path, files: Files) -> str:
    """A store with every claim of `files`, for sizes where importer.commit is too slow.

    The series go through the importer; the claims are the generator's in-memory claims
    (which `check_typed` proves equal to what the importer stores from the same CSV, claim
    keys included), written in one transaction by plain executemany through SQLAlchemy Core
    (`Connection.exec_driver_sql`) and recorded as a data version as an import is, with the
    claim indexes dropped during the insert and rebuilt after it from their own definitions,
    instead of importer.preview + commit.
    """
    from db import queries
    from db.engine import writing
    from recruitment.service import Store

    url = series_store(path, files)
    store = Store.open(url, seed=False)
    rows = files.claims
    n = len(rows)
    try:
        with writing(store.engine) as conn:
            batch_id = queries.insert_batch(
                conn, kind="claims", filename=files.claims_csv.name, checksum=None,
                created_by="bench", new_rows=n, conflicting_rows=0, duplicate_rows=0,
                rejected_rows=0,
            )  # fmt: skip
            queries.record_revision(conn, batch_id, "import")  # a data version shows it
            indexes = conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                "AND tbl_name = 'claim' AND sql IS NOT NULL"
            ).all()
            for name, _ in indexes:
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
            series_ids = queries.series_ids(conn)
            # Every synthetic url is distinct, so each row has its own source, ids 1..n.
            ids = rows["id"].tolist()
            conn.exec_driver_sql(
                "INSERT INTO source (id, outlet, url) VALUES (?, ?, ?)",
                list(zip(ids, rows["outlet"].tolist(), rows["url"].tolist(), strict=True)),
            )
            columns = [
                ids,
                rows["series"].map(series_ids).tolist(),
                ids,
                *(_iso_or_none(rows[c]) for c in ("announced_on", "as_of", "period_start")),
                _iso_or_none(rows["period_end"]),
                rows["value"].tolist(),
                rows["qualifier"].tolist(),
                _plain_or_none(rows["low"]),
                _plain_or_none(rows["high"]),
                *(_plain_or_none(rows[c]) for c in ("speaker", "body", "quote", "note")),
                rows["verification"].tolist(),
                rows["claim_key"].tolist(),
                [batch_id] * n,
            ]
            marks = ", ".join("?" * len(_CLAIM_INSERT))
            conn.exec_driver_sql(
                f"INSERT INTO claim ({', '.join(_CLAIM_INSERT)}) VALUES ({marks})",
                list(zip(*columns, strict=True)),
            )
            for _, sql in indexes:
                conn.exec_driver_sql(sql)
    finally:
        store.close()
    return url


def like_load_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """`claims` with the column order and dtypes queries.load_claims returns."""
    from db.queries import CLAIM_FRAME_COLUMNS

    out = claims.loc[:, list(CLAIM_FRAME_COLUMNS)].copy()
    for col in ("series", "measure", "origin", "qualifier", "speaker", "body", "quote", "note",
                "verification", "region", "claim_key"):  # fmt: skip
        out[col] = out[col].astype("str")
    for col in ("outlet", "url"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    return out
