"""The shipped record says no more than its sources did, and names each one.

A figure rounded in its wording ("156 тыс.", "26.7 thousand", "30,000 a month", "37,900") is
stored `approx`, so it reads "about" and its bounds carry the rounding; a figure given to the
unit ("422 704", "175,440") is `exact`. A count ending in two zeros or more is taken as rounded.
Every statement has a web address a reader can open."""

from __future__ import annotations

import csv

from tests.fixtures import ROOT


def _rows(pattern: str) -> list[dict[str, str]]:
    rows = []
    for path in sorted((ROOT / "data").glob(pattern)):
        with path.open(encoding="utf-8", newline="") as f:
            rows += [{**row, "file": path.name} for row in csv.DictReader(f)]
    return rows


def test_no_count_rounded_in_its_wording_is_stored_exact():
    counts = {s["slug"] for s in _rows("series.csv") if s["measure"] != "level"}
    claims = [c for c in _rows("claims-*.csv") if c["series"] in counts]
    exact = [c for c in claims if c["qualifier"] == "exact" and not c["low"]]

    rounded = [
        f"{c['file']}: {c['series']} {c['as_of']} {c['value']}"
        for c in exact
        if c["value"].endswith("00")
    ]
    assert len(claims) > 80 and len(exact) >= 5  # the record is read, and keeps exact counts
    assert rounded == []


def test_every_shipped_statement_links_to_its_source():
    claims = _rows("claims-*.csv")
    unlinked = [
        f"{c['file']}: {c['series']} {c['as_of']} {c['value']}"
        for c in claims
        if not c["url"].startswith(("https://", "http://"))
    ]
    assert len(claims) > 200 and unlinked == []
