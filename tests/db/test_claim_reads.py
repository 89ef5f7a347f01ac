"""Reading claims for the app: the compact frame and reads by id give the same answers.

The app keeps a compact frame in memory (repeated texts as categories, long texts left out)
and reads long texts by claim id when it shows them. Every number the pages show must come out
the same as from the full frame the command line uses.
"""

from __future__ import annotations

import pandas as pd
import pytest

from db import queries
from recruitment.figures.trend import trend_figure, year_over_year_figure
from recruitment.methodology.rates import filter_claims, intervals, rates_table
from recruitment.methodology.summary import series_summary
from recruitment.reporting.provenance import citation_text
from recruitment.service import Store

SHOWN = tuple(c for c in queries.CLAIM_FRAME_COLUMNS if c not in ("quote", "note", "claim_key"))


@pytest.fixture
def frames(store_url):
    store = Store.open(store_url)
    full = queries.load_claims(store.engine)
    compact = queries.load_claims(store.engine, columns=SHOWN, compact=True)
    yield store.engine, full, compact
    store.close()


def as_plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Categories and text as Python objects, a missing text as None: comparable as values."""
    out = frame.astype({c: object for c in frame.columns if frame[c].dtype.kind in "OUT"})
    for col in out.columns:
        if isinstance(frame[col].dtype, pd.CategoricalDtype) or frame[col].dtype == "str":
            out[col] = frame[col].astype(object)
        if col in ("outlet", "url", "speaker", "body"):
            out[col] = out[col].map(lambda v: v if isinstance(v, str) and v else None)
    return out


def test_compact_frame_holds_the_same_claims_in_fewer_bytes(frames):
    _, full, compact = frames
    assert isinstance(compact["series"].dtype, pd.CategoricalDtype)
    assert list(compact.columns) == list(SHOWN)
    pd.testing.assert_frame_equal(as_plain(compact), as_plain(full[list(SHOWN)]), check_dtype=False)
    assert compact.memory_usage(deep=True).sum() < full.memory_usage(deep=True).sum()


@pytest.mark.parametrize(
    "filters",
    [{}, {"series": ["contract-ytd"]}, {"year": [2023]}, {"speaker": ["Dmitry Medvedev"]}],
)
def test_compact_frame_gives_the_same_rates_summary_and_citation(frames, filters):
    _, full, compact = frames
    a, b = filter_claims(full, **filters), filter_claims(compact, **filters)
    pd.testing.assert_frame_equal(
        as_plain(rates_table(intervals(a))), as_plain(rates_table(intervals(b))), check_dtype=False
    )
    pd.testing.assert_frame_equal(
        as_plain(series_summary(a)), as_plain(series_summary(b)), check_dtype=False
    )
    assert citation_text(a) == citation_text(b)


def test_hover_quotes_are_read_by_id_when_the_frame_has_none(frames):
    engine, full, compact = frames

    def quotes(ids):
        found = queries.load_claims(engine, ids=ids, columns=("id", "quote"))
        return found.set_index("id")["quote"].reindex(ids).to_numpy(dtype=object)

    for build in (trend_figure, year_over_year_figure):
        mine = build(compact, quotes=quotes).to_plotly_json()["data"]
        theirs = build(full).to_plotly_json()["data"]
        hovers = [[list(map(str, row)) for row in t.get("customdata", [])] for t in mine]
        expected = [[list(map(str, row)) for row in t.get("customdata", [])] for t in theirs]
        assert hovers == expected
        assert any("“" in row[8] for trace in hovers for row in trace)  # quotes are there


def test_reads_by_id_return_those_claims_in_full_in_id_order(frames):
    engine, full, _ = frames
    ids = full["id"].iloc[::-3].tolist()

    got = queries.load_claims(engine, ids=ids)

    assert got["id"].tolist() == sorted(ids)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True),
        full[full["id"].isin(ids)].reset_index(drop=True),
    )
    assert queries.load_claims(engine, ids=[]).empty
