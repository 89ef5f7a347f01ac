"""Write data/claims-incentives.csv, the seeded claims of level series, from levels.csv.

levels.csv stays the compilation's one source (it also holds rows the store cannot take);
the claims file is made from it by this script and never edited by hand, and a test checks
that the two agree. Run from the project folder:

    .venv/bin/python data/incentives/convert.py

A row is kept only when both its dates are known to the day: the store never holds a day
nobody stated. Figures, qualifiers, names, links, quotes and notes are copied as they are.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
sys.path.insert(0, str(PROJECT))

from recruitment import kinds  # noqa: E402
from recruitment.ingest.csvio import format_csv  # noqa: E402

SOURCE = HERE / "levels.csv"
TARGET = PROJECT / "data" / "claims-incentives.csv"
SERIES = PROJECT / "data" / "series.csv"
DAY = re.compile(r"\d{4}-\d\d-\d\d")
# levels.csv columns copied unchanged into the upload format (unit goes to the series).
COPIED = (
    "series", "region", "announced_on", "as_of", "value", "qualifier", "speaker", "body",
    "outlet", "url", "quote", "note",
)  # fmt: skip


def dated_to_the_day(levels: pd.DataFrame) -> pd.Series:
    """Rows whose announcement and effective dates are both full days."""
    return levels["announced_on"].str.fullmatch(DAY) & levels["as_of"].str.fullmatch(DAY)


def convert(levels: pd.DataFrame, series: pd.DataFrame) -> str:
    """The kept rows of `levels` in the claims upload format. Each row's unit must be the
    unit of its series in data/series.csv, so no amount is ever read in another unit."""
    kept = levels[dated_to_the_day(levels)]
    units = dict(zip(series["slug"], series["unit"], strict=True))
    wrong = kept[kept["series"].map(units) != kept["unit"]]
    if len(wrong):
        first = wrong.iloc[0]
        raise ValueError(f"{first['series']} has no series with unit {first['unit']}")
    out = kept.loc[:, list(COPIED)].assign(verification="unverified")
    out = out.reindex(columns=kinds.CLAIMS.columns, fill_value="")
    return format_csv(out.reset_index(drop=True), kinds.CLAIMS.columns, kinds.TEXT_COLUMNS)


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def main() -> None:
    levels = read(SOURCE)
    TARGET.write_text(convert(levels, read(SERIES)), encoding="utf-8", newline="")
    print(f"{TARGET.relative_to(PROJECT)}: {int(dated_to_the_day(levels).sum())} rows")


if __name__ == "__main__":
    main()
