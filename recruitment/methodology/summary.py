"""The headline numbers of each running count, as the Overview page and reports show them.

One row per cumulative series with data: the latest statement and its provenance, the pace
since the period started and over the last interval (each with bounds), the year-end
projection against a target, and how stale the latest statement is.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from recruitment.methodology.points import points
from recruitment.methodology.projection import projection
from recruitment.methodology.rates import intervals as build_intervals
from recruitment.vocab import DAYS_PER_MONTH

SUMMARY_COLUMNS = (
    "series", "period_start", "as_of", "value", "qualifier", "low", "high", "speaker", "body",
    "outlet", "url", "announced_on", "claim_id", "pace", "pace_low", "pace_high", "last_from",
    "last_rate", "last_rate_low", "last_rate_high", "last_flags", "projected", "projected_low",
    "projected_high", "target", "target_share", "reliable", "reason", "days_since",
)  # fmt: skip


def latest_periods(claims: pd.DataFrame) -> pd.DataFrame:
    """The running-count statements of each series' latest counting period.

    Picked by position from two narrow columns, so that at a million claims only the rows
    kept are copied."""
    is_cum = (claims["measure"] == "cumulative").to_numpy()
    keys = claims.loc[is_cum, ["series", "period_start"]]
    latest = keys.groupby("series", observed=True)["period_start"].transform("max")
    keep = np.flatnonzero(is_cum)[(keys["period_start"] == latest).to_numpy()]
    return claims.iloc[keep]


def series_summary(
    claims: pd.DataFrame, targets: pd.DataFrame | None = None, *, today: dt.date | None = None
) -> pd.DataFrame:
    """Headline figures per cumulative series, for its latest period; empty without data."""
    is_cum = (claims["measure"] == "cumulative").to_numpy()
    if not is_cum.any():
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    newest = claims.loc[is_cum, ["series", "announced_on"]].groupby("series", observed=True)
    newest = newest["announced_on"].max()
    # Only each series' latest period is summarised: its points, intervals and projection
    # depend on that period's statements alone, so the earlier years need not be worked on.
    cumulative = latest_periods(claims)
    pts = points(cumulative)
    latest = (
        pts.sort_values(["series", "period_start", "as_of"])
        .groupby("series", as_index=False)
        .tail(1)
        .set_index("series")
    )
    # By position, not claims.set_index("id"): that would copy every claim to read a few.
    at = pd.Index(claims["id"]).get_indexer(latest["claim_id"].to_numpy())
    detail = claims.iloc[at][
        ["qualifier", "low", "high", "speaker", "body", "outlet", "url", "announced_on"]
    ]
    out = latest.reset_index()[["series", "period_start", "as_of", "value", "lo", "hi", "claim_id"]]
    out = pd.concat([out, detail.reset_index(drop=True)], axis=1)
    elapsed = (out["as_of"] - out["period_start"]).dt.days + 1
    out["pace"] = out["value"] / elapsed * DAYS_PER_MONTH
    out["pace_low"] = out["lo"] / elapsed * DAYS_PER_MONTH
    out["pace_high"] = out["hi"] / elapsed * DAYS_PER_MONTH

    iv = build_intervals(cumulative)
    last = iv.groupby(["series", "period_start"], as_index=False).tail(1)
    last = last.rename(columns={
        "from_date": "last_from", "monthly_rate": "last_rate", "monthly_rate_low": "last_rate_low",
        "monthly_rate_high": "last_rate_high", "flags": "last_flags",
    })[["series", "period_start", "last_from", "last_rate", "last_rate_low", "last_rate_high",
        "last_flags"]]  # fmt: skip
    out = out.merge(last, on=["series", "period_start"], how="left")

    proj = projection(cumulative, targets, iv)[[
        "series", "period_start", "projected", "projected_low", "projected_high", "target",
        "target_share", "reliable", "reason",
    ]]  # fmt: skip
    out = out.merge(proj, on=["series", "period_start"], how="left")

    today = today or dt.date.today()
    out["days_since"] = (pd.Timestamp(today) - out["series"].map(newest)).dt.days
    return out.loc[:, list(SUMMARY_COLUMNS)]
