"""Small builders for claims and targets frames in the store's schema, from short dicts.

Tests name only what matters to them; everything else gets the data model's defaults
(as_of = announced_on, period_start = 1 January of as_of's year for cumulative claims).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import pytest

from recruitment.vocab import RATE_MEASURES

CLAIM_SCHEMA = (
    "id", "series", "measure", "announced_on", "as_of", "period_start", "period_end", "value",
    "qualifier", "low", "high", "speaker", "body", "outlet", "url", "quote", "note",
    "verification",
)  # fmt: skip
DATES = ("announced_on", "as_of", "period_start", "period_end")
TEXT = ("speaker", "body", "outlet", "url", "quote", "note")


def _date(value: Any) -> pd.Timestamp:
    return pd.NaT if pd.isna(value) else pd.Timestamp(value).normalize()


def build_claims(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A claims frame as the store hands it over; ids count from 1 unless given.

    The qualifier defaults to exact (not the data model's approx), so a test's figures are its
    bounds unless it says otherwise.
    """
    records = []
    for i, given in enumerate(rows, start=1):
        row: dict[str, Any] = {
            "id": i, "series": "contract-ytd", "measure": "cumulative", "qualifier": "exact",
            "low": None, "high": None, "speaker": "Speaker", "body": None, "outlet": "Outlet",
            "url": None, "quote": None, "note": None, "verification": "unverified",
            "period_start": None, "period_end": None,
        }  # fmt: skip
        row.update(given)
        if row["measure"] == "period_total":
            row.setdefault("as_of", row["period_end"])
        row.setdefault("as_of", row.get("announced_on"))
        row.setdefault("announced_on", row["as_of"])
        if row["measure"] in RATE_MEASURES:
            row["period_start"] = row["period_end"] = None
        elif row["period_start"] is None:
            row["period_start"] = f"{_date(row['as_of']).year}-01-01"
        records.append(row)
    frame = pd.DataFrame(records, columns=list(CLAIM_SCHEMA))
    for column in DATES:
        frame[column] = pd.to_datetime(frame[column].map(_date)).astype("datetime64[ns]")
    frame["id"] = frame["id"].astype("int64")
    frame["value"] = frame["value"].astype("int64")
    frame["low"] = frame["low"].astype("Int64")
    frame["high"] = frame["high"].astype("Int64")
    for column in TEXT:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def build_targets(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A targets frame; a target runs over its start's calendar year unless told otherwise."""
    records = []
    for given in rows:
        row = {"series": "contract-ytd", "qualifier": "approx", "description": "a goal"}
        row.update(given)
        row.setdefault("period_end", f"{_date(row['period_start']).year}-12-31")
        records.append(row)
    frame = pd.DataFrame(
        records,
        columns=["series", "period_start", "period_end", "value", "qualifier", "description"],
    )
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["value"] = frame["value"].astype("int64")
    return frame


@pytest.fixture
def make_claims() -> Callable[[Iterable[Mapping[str, Any]]], pd.DataFrame]:
    return build_claims


@pytest.fixture
def make_targets() -> Callable[[Iterable[Mapping[str, Any]]], pd.DataFrame]:
    return build_targets
