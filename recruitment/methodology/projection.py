"""Year-to-date pace projected to 31 December (docs/methodology.md, Projection).

The question readers ask of a running count is "will they reach the target?". A straight-line
projection answers it plainly, with bounds from the latest figure's rounding, and says when the
statements behind it contradict each other, so the number is not trusted blindly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recruitment.i18n import N_
from recruitment.methodology.points import points
from recruitment.methodology.rates import intervals as build_intervals

PROJECTION_COLUMNS = (
    "series", "period_start", "as_of", "value", "days_elapsed", "days_in_period", "projected",
    "projected_low", "projected_high", "target", "target_share", "reliable", "reason",
)  # fmt: skip

# Why a projection is unreliable, by the interval flag that makes it so.
REASONS = {
    "decrease": N_("a later figure is lower than an earlier one (decrease)"),
    "conflict": N_("claims about the same date do not agree within their rounding (conflict)"),
    "calendar": N_("no projection: the figure is stated after the 31 December its count runs to"),
}


def _period_flags(intervals: pd.DataFrame) -> pd.DataFrame:
    """Per cumulative (series, period_start): whether any interval is a decrease or conflict."""
    iv = intervals
    if "measure" in iv:
        iv = iv[iv["measure"] == "cumulative"]
    flags = iv.assign(
        period_start=iv["period_start"].astype("datetime64[ns]"),
        decrease=iv["decrease"].astype(bool),
        conflict=iv["conflict"].astype(bool),
    )
    return flags.groupby(["series", "period_start"], as_index=False)[["decrease", "conflict"]].any()


def _targets_for_year(targets: pd.DataFrame) -> pd.DataFrame:
    """One target per (series, period_start), for the period the projection covers.

    Only targets ending on 31 December of their start year (or with no end) qualify: a
    half-year goal is not comparable with a full-year projection.
    """
    t = targets.assign(period_start=targets["period_start"].astype("datetime64[ns]"))
    if "period_end" in t:
        end = t["period_end"].astype("datetime64[ns]")
        year_end = t["period_start"] + pd.offsets.YearEnd(0)
        t = t[end.isna() | (end == year_end)]
    t = t.drop_duplicates(["series", "period_start"], keep="last")
    return t[["series", "period_start", "value"]].rename(columns={"value": "target"})


def projection(
    claims: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    intervals: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Per cumulative (series, period_start): the latest point projected to 31 December.

    projected = v_last * days_in_period / days_elapsed (days_elapsed = as_of - period_start + 1,
    days_in_period = period_start .. 31 December inclusive); low/high from the latest point's
    lo/hi. `target` is the matching target's value (NA if none), `target_share` projected /
    target. A figure stated after the 31 December of its period's first year has no
    projection (NaN) and is not reliable. `reliable` is False too when any interval of the
    period is a decrease or conflict;
    `reason` says why ("" when reliable). Pass `intervals` to reuse ones already built; they
    should be built without min_days, or a thinned-out contradiction goes unnoticed.
    """
    pts = points(claims)
    latest = pts[pts["measure"] == "cumulative"].drop_duplicates(
        ["series", "period_start"], keep="last"
    )
    start = latest["period_start"].astype("datetime64[ns]")
    as_of = latest["as_of"].astype("datetime64[ns]")
    days_elapsed = ((as_of - start).dt.days + 1).to_numpy(dtype=np.int64)
    year_end = start + pd.offsets.YearEnd(0)
    days_in_period = ((year_end - start).dt.days + 1).to_numpy(np.int64)
    # A count is projected to the 31 December of the year it starts in; a figure stated after
    # that day has no year left to project to (the rule would put it below the figure).
    calendar = (as_of <= year_end).to_numpy()
    scale = np.where(calendar, days_in_period / days_elapsed, np.nan)
    out = pd.DataFrame(
        {
            "series": pd.Series(latest["series"].to_numpy(dtype=object), dtype="str"),
            "period_start": start.to_numpy(),
            "as_of": as_of.to_numpy(),
            "value": latest["value"].to_numpy(dtype=np.int64),
            "days_elapsed": days_elapsed,
            "days_in_period": days_in_period,
            "projected": latest["value"].to_numpy(dtype=np.float64) * scale,
            "projected_low": latest["lo"].to_numpy(dtype=np.float64) * scale,
            "projected_high": latest["hi"].to_numpy(dtype=np.float64) * scale,
        }
    )

    if targets is not None and not targets.empty:
        out = out.merge(_targets_for_year(targets), on=["series", "period_start"], how="left")
        out["target"] = out["target"].astype("Int64")
    else:
        out["target"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["target_share"] = out["projected"] / out["target"].astype("Float64").to_numpy(
        dtype=np.float64, na_value=np.nan
    )

    if intervals is None:
        intervals = build_intervals(claims)
    flags = _period_flags(intervals)
    out = out.merge(flags, on=["series", "period_start"], how="left")
    decrease = out["decrease"].fillna(False).astype(bool).to_numpy()
    conflict = out["conflict"].fillna(False).astype(bool).to_numpy()
    off_calendar = ~calendar
    out["reliable"] = ~(decrease | conflict | off_calendar)
    reasons = [
        "; ".join(REASONS[f] for f, on in (("calendar", o), ("decrease", d), ("conflict", c)) if on)
        for o, d, c in zip(off_calendar, decrease, conflict, strict=True)
    ]
    out["reason"] = pd.Series(reasons, index=out.index, dtype="str")
    return out[list(PROJECTION_COLUMNS)].reset_index(drop=True)
