"""Import of a 100k-row CSV, validated and committed, against two plain loaders of the same file.

Ours: importer.preview + importer.commit (what `python -m recruitment import` and the Upload
page run) into a fresh store that holds just the series. Baselines: pandas.read_csv +
DataFrame.to_sql (through a SQLAlchemy engine, as the pandas documentation shows) into a bare
table; the sqlite3 command line's `.import` into the store's own schema (a copy of the same
series-only store: its tables and indexes made by the project's migrations), which is the
floor for what the store keeps; and `.import` into a bare table, reported without a goal. The
baselines neither validate nor look for duplicates: they say what loading the bytes costs.

The schema baseline (SCHEMA_IMPORT) loads the file into a temporary table, then in one
transaction records a batch, adds each distinct (outlet, url) as a source and inserts every
claim with its series and source ids, the defaults the importer fills in (as_of, qualifier,
verification) and a 32-character key as long as ours; texts are stored as written.
"""

from __future__ import annotations

import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import create_engine

from bench.common import Context, median, result, side_by_side, spread
from bench.data import copy_store, series_store, sqlite_url
from recruitment import kinds

SIZE = "100k"
# Each of our runs takes tens of seconds at 100k: three give a median without eating the
# bench's time budget.
REPEATS = 3
SQLITE3 = "/usr/bin/sqlite3"
SCHEMA_IMPORT = """
.import --csv {csv} incoming
BEGIN IMMEDIATE;
INSERT INTO import_batch (kind, filename, new_rows, conflicting_rows, duplicate_rows,
  rejected_rows) VALUES ('claims', '{name}', 0, 0, 0, 0);
INSERT OR IGNORE INTO source (outlet, url)
  SELECT DISTINCT outlet, url FROM incoming ORDER BY outlet, url;
INSERT INTO claim (series_id, source_id, announced_on, as_of, period_start, period_end, value,
  qualifier, low, high, speaker, body, quote, note, verification, claim_key, batch_id)
SELECT s.id, src.id, i.announced_on,
  coalesce(nullif(i.as_of, ''), nullif(i.period_end, ''), i.announced_on),
  nullif(i.period_start, ''), nullif(i.period_end, ''), i.value,
  coalesce(nullif(i.qualifier, ''), 'approx'), nullif(i.low, ''), nullif(i.high, ''),
  nullif(i.speaker, ''), nullif(i.body, ''), nullif(i.quote, ''), nullif(i.note, ''),
  coalesce(nullif(i.verification, ''), 'unverified'), lower(hex(randomblob(16))),
  (SELECT max(id) FROM import_batch)
FROM incoming AS i
JOIN series AS s ON s.slug = i.series AND s.withdrawn_at IS NULL
JOIN source AS src ON src.outlet = i.outlet AND src.url = i.url;
COMMIT;
"""


@dataclass
class ImportTimes:
    ours: list[float] = field(default_factory=list)
    preview: list[float] = field(default_factory=list)
    commit: list[float] = field(default_factory=list)
    sqlite3: list[float] = field(default_factory=list)
    schema: list[float] = field(default_factory=list)
    pandas: list[float] = field(default_factory=list)
    stored: int = 0
    baseline_rows: dict[str, int] = field(default_factory=dict)


def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def measure(ctx: Context) -> ImportTimes:
    """Our import, the sqlite3 .import and pandas, in turn, REPEATS times each."""
    from recruitment.service import Store

    files = ctx.files[SIZE]
    work = ctx.tmp / "import"
    work.mkdir(exist_ok=True)
    template = work / "series-only.db"
    series_store(_fresh(template), files)
    data = files.claims_csv.read_bytes()
    times = ImportTimes()

    def ours() -> float:
        target = work / "ours.db"
        url = copy_store(template, target)
        store = Store.open(url, seed=False)  # opened and migrated outside the clock
        try:
            t0 = time.perf_counter()
            prepared = store.preview(data, kind="claims", filename=files.claims_csv.name)
            t1 = time.perf_counter()
            store.commit(prepared, created_by="bench")
            t2 = time.perf_counter()
        finally:
            store.close()
        if prepared.problems:
            raise RuntimeError(f"synthetic data rejected: {prepared.problems[0]}")
        times.preview.append(t1 - t0)
        times.commit.append(t2 - t1)
        times.stored = _count(target, "claim")
        return t2 - t0

    def with_sqlite3() -> float:
        target = _fresh(work / "sqlite3.db")
        with sqlite3.connect(target) as conn:
            conn.execute(
                f"CREATE TABLE bare ({', '.join(f'{c} TEXT' for c in kinds.CLAIMS.columns)})"
            )
        command = f".import --csv --skip 1 {files.claims_csv} bare"
        t0 = time.perf_counter()
        subprocess.run([SQLITE3, str(target), command], check=True, capture_output=True)
        elapsed = time.perf_counter() - t0
        times.baseline_rows["sqlite3"] = _count(target, "bare")
        return elapsed

    def with_schema() -> float:
        target = work / "schema.db"
        copy_store(template, target)
        script = SCHEMA_IMPORT.format(csv=files.claims_csv, name=files.claims_csv.name)
        t0 = time.perf_counter()
        subprocess.run([SQLITE3, str(target)], input=script, text=True, check=True,
                       capture_output=True)  # fmt: skip
        elapsed = time.perf_counter() - t0
        times.baseline_rows["schema"] = _count(target, "claim")
        return elapsed

    def with_pandas() -> float:
        target = _fresh(work / "pandas.db")
        engine = create_engine(sqlite_url(target))
        try:
            t0 = time.perf_counter()
            pd.read_csv(files.claims_csv).to_sql("bare", engine, index=False)
            elapsed = time.perf_counter() - t0
        finally:
            engine.dispose()
        times.baseline_rows["pandas"] = _count(target, "bare")
        return elapsed

    def baselines() -> float:
        times.sqlite3.append(with_sqlite3())
        times.schema.append(with_schema())
        times.pandas.append(with_pandas())
        return 0.0

    ctx.log(f"import: {REPEATS} x (ours, sqlite3 .import bare and into the schema, pandas) of "
            f"{files.claims_csv.name}")  # fmt: skip
    times.ours, _ = side_by_side(ours, baselines, REPEATS)
    return times


def _note(times: ImportTimes, baseline: str) -> str:
    return (
        f"runs (s): ours {spread(times.ours)}; {baseline} {spread(getattr(times, baseline))}; "
        f"ours = preview {median(times.preview):.2f} s + commit {median(times.commit):.2f} s; "
        f"stored {times.stored:,} claims, baseline loaded "
        f"{times.baseline_rows.get(baseline, 0):,} rows"
    )


SCHEMA_FIGURE = "import 100k-row CSV (preview + commit) vs sqlite3 .import into the store's schema"
BARE_FIGURE = "import 100k-row CSV (preview + commit) vs sqlite3 .import into a bare table"
PANDAS_FIGURE = "import 100k-row CSV (preview + commit) vs pandas read_csv + to_sql"


def vs_schema(times: ImportTimes) -> dict[str, Any]:
    value, base = median(times.ours), median(times.schema)
    return result(
        SCHEMA_FIGURE, value, base, "s", "at most 1.5x the baseline", value <= 1.5 * base,
        _note(times, "schema"),
    )  # fmt: skip


def vs_sqlite3(times: ImportTimes) -> dict[str, Any]:
    value, base = median(times.ours), median(times.sqlite3)
    return result(
        BARE_FIGURE, value, base, "s", "none (reported)", True, _note(times, "sqlite3"),
    )  # fmt: skip


def vs_pandas(times: ImportTimes) -> dict[str, Any]:
    value, base = median(times.ours), median(times.pandas)
    return result(
        PANDAS_FIGURE, value, base, "s", "at most 1.0x the baseline", value <= base,
        _note(times, "pandas"),
    )  # fmt: skip
