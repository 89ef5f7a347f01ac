"""Property: any valid set of claims survives export -> import into an empty store -> export."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruitment.service import Store

SERIES_CSV = (
    b"slug,name,measure,unit,definition\n"
    b"s-cum,Cumulative,cumulative,people,Counted from 1 January\n"
    b"s-day,Daily,daily_rate,people per day,Stated pace\n"
)

text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=30
).map(str.strip)


@st.composite
def claim_rows(draw) -> dict:
    series = draw(st.sampled_from(["s-cum", "s-day"]))
    as_of = draw(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2025, 12, 31)))
    announced = as_of + dt.timedelta(days=draw(st.integers(0, 30)))
    qualifier = draw(st.sampled_from(["exact", "approx", "at_least", "at_most"]))
    value = draw(st.integers(0, 10**9))
    ranged = qualifier != "exact" and draw(st.booleans())
    return {
        "series": series, "announced_on": announced.isoformat(), "as_of": as_of.isoformat(),
        "value": str(value), "qualifier": qualifier,
        "low": str(value) if ranged else "", "high": str(value + 5) if ranged else "",
        "speaker": draw(text), "body": draw(text), "outlet": draw(text) or "Outlet",
        "url": draw(st.sampled_from(["", "https://example.org/a", "http://x.test/?q=1,2"])),
        "quote": draw(text), "note": draw(text),
        "verification": draw(st.sampled_from(["unverified", "corroborated", "disputed"])),
    }  # fmt: skip


def to_csv(rows: list[dict]) -> bytes:
    import pandas as pd

    from recruitment import kinds
    from recruitment.ingest.csvio import format_csv

    frame = pd.DataFrame(rows, columns=list(kinds.CLAIMS.columns), dtype=object).fillna("")
    return format_csv(frame, kinds.CLAIMS.columns, kinds.TEXT_COLUMNS).encode()


def load(url: str, files: list[tuple[str, bytes]]) -> str:
    store = Store.open(url, seed=False)
    for kind, data in files:
        store.commit(store.preview(data, kind=kind), valid_only=True)
    out = store.export("claims")
    store.close()
    return out


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(claim_rows(), min_size=1, max_size=12))
def test_export_then_import_into_a_fresh_store_reproduces_it(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("roundtrip")
    first = load(f"sqlite:///{folder / 'a.db'}", [("series", SERIES_CSV), ("claims", to_csv(rows))])

    second = load(f"sqlite:///{folder / 'b.db'}", [("series", SERIES_CSV),
                                                    ("claims", first.encode())])  # fmt: skip

    assert second == first
    assert first.count("\n") >= 2
