"""The worked example of the methodology as claims, for the Methodology page and the tests."""

from __future__ import annotations

import pandas as pd

from recruitment import kinds

WORKED_EXAMPLE = (
    {"announced_on": "2023-08-03", "value": 231000, "qualifier": "at_least",
     "quote": "more than 231,000 people were accepted for contract service"},
    {"announced_on": "2023-09-03", "value": 280000, "qualifier": "approx",
     "quote": "about 280,000 persons were enlisted by contracts since January 1"},
)  # fmt: skip


def worked_example_claims() -> pd.DataFrame:
    """Two contract-ytd statements of 2023 in the store's claims schema."""
    rows = []
    for number, item in enumerate(WORKED_EXAMPLE, start=1):
        day = pd.Timestamp(item["announced_on"])
        rows.append({
            "id": number, "series": "contract-ytd", "measure": "cumulative",
            "announced_on": day, "as_of": day, "period_start": pd.Timestamp("2023-01-01"),
            "period_end": pd.NaT, "value": item["value"], "qualifier": item["qualifier"],
            "low": pd.NA, "high": pd.NA, "speaker": "Dmitry Medvedev", "body": "Security Council",
            "outlet": None, "url": None, "quote": item["quote"], "note": None,
            "verification": "unverified",
        })  # fmt: skip
    frame = pd.DataFrame(rows, columns=["id", "measure", *kinds.CLAIMS.columns])
    for col in ("announced_on", "as_of", "period_start", "period_end"):
        frame[col] = frame[col].astype("datetime64[ns]")
    frame["low"] = frame["low"].astype("Int64")
    frame["high"] = frame["high"].astype("Int64")
    return frame
