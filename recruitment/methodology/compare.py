"""Official figures beside independent estimates: like with like, as a ratio with its range.

An independent series names the official running count it estimates (`compare_with`). Each of
its claims is compared with that running count over the same stretch of time
(docs/methodology.md, Official and independent):

- a total over a period [s, e] with the official count at the end of e less the count at the
  end of the day before s (nothing to subtract when s is the counting period's first day);
  a count on a day with no statement is interpolated linearly between the statements around
  it, each bound separately, and marked "interpolated";
- a pace (a day or a month) with the official implied monthly rate of the interval between
  statements that holds its date, statements closer than MIN_DAYS to the last one kept being
  skipped as `--min-days` does.

The ratio is official / independent; its range comes from interval arithmetic: low = official
low / independent high, high = official high / independent low.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from recruitment.methodology.bounds import with_bounds
from recruitment.methodology.paces import stated_paces
from recruitment.methodology.points import points
from recruitment.methodology.rates import intervals
from recruitment.methodology.rounding import round_half_away

COMPARE_COLUMNS = (
    "series", "claim_id", "kind", "period_start", "period_end", "as_of", "announced_on",
    "estimate", "estimate_low", "estimate_high", "official_series", "official", "official_low",
    "official_high", "basis", "flags", "ratio", "ratio_low", "ratio_high", "speaker", "body",
    "outlet", "url",
)  # fmt: skip
DAY = pd.Timedelta(days=1)
STATED, INTERPOLATED, INTERVAL_RATE = "stated", "interpolated", "interval rate"
# A pace is compared with official statements at least this many days apart (the --min-days
# rule): over shorter intervals the rounding of the two figures swamps the rate.
MIN_DAYS = 30


def comparisons(claims: pd.DataFrame, series: pd.DataFrame) -> pd.DataFrame:
    """One row per independent claim that has an official figure over the same stretch of
    time, sorted by as_of, series and claim id. Columns: COMPARE_COLUMNS; numbers unrounded."""
    targets = _targets(series)
    rows: list[dict] = []
    for official_slug, independent in targets.items():
        official = claims[claims["series"] == official_slug]
        estimates = claims[claims["series"].isin(independent)]
        if official.empty or estimates.empty:
            continue
        counts = _Counts(official)
        rows += _totals(estimates, counts, official_slug)
        rows += _paces(estimates, intervals(official, min_days=MIN_DAYS), official_slug)
    frame = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    if frame.empty:
        return frame
    frame = _with_ratios(frame)
    return frame.sort_values(["as_of", "series", "claim_id"], kind="stable").reset_index(drop=True)


def _targets(series: pd.DataFrame) -> dict[str, list[str]]:
    """Official slug -> the independent series compared with it."""
    if "compare_with" not in series.columns:
        return {}
    chosen = series[(series["origin"] == "independent") & series["compare_with"].notna()]
    return {
        slug: group["slug"].tolist()
        for slug, group in chosen.groupby("compare_with", sort=True)
        if isinstance(slug, str) and slug
    }


class _Count(NamedTuple):
    """An official count at the end of a day, how it was had, and what is doubtful about it."""

    value: float
    low: float
    high: float
    basis: str
    flags: set[str]


def _conflict(point: pd.Series) -> set[str]:
    return {"conflict"} if bool(point["conflict"]) else set()


class _Counts:
    """An official running count on any day its statements bracket."""

    def __init__(self, official: pd.DataFrame) -> None:
        pts = points(official)
        self.points = pts[pts["measure"] == "cumulative"]

    def at(self, day: pd.Timestamp, period_start: pd.Timestamp) -> _Count | None:
        """The count at the end of `day` in the period that starts on `period_start`, or None
        when no statement on or after `day` brackets it."""
        if day == period_start - DAY:
            return _Count(0.0, 0.0, 0.0, STATED, set())  # before the period's first day
        period = self.points[self.points["period_start"] == period_start]
        if period.empty or day < period_start - DAY or day > period["as_of"].max():
            return None
        same = period[period["as_of"] == day]
        if not same.empty:
            p = same.iloc[0]
            return _Count(p["value"], p["lo"], p["hi"], STATED, _conflict(p))
        before = period[period["as_of"] < day]
        b = period[period["as_of"] > day].iloc[0]
        a = before.iloc[-1] if len(before) else None
        a_day = a["as_of"] if a is not None else period_start - DAY
        start = (a["value"], a["lo"], a["hi"]) if a is not None else (0.0, 0.0, 0.0)
        t = (day - a_day) / (b["as_of"] - a_day)
        v, lo, hi = (x + (y - x) * t for x, y in zip(start, (b["value"], b["lo"], b["hi"]),
                                                     strict=True))  # fmt: skip
        flags = _conflict(b) | (_conflict(a) if a is not None else set())
        _, a_lo, _ = start
        if b["hi"] < a_lo:  # a fall beyond both figures' rounding, as in rates
            flags.add("decrease")
        return _Count(v, lo, hi, INTERPOLATED, flags)


def _totals(estimates: pd.DataFrame, counts: _Counts, official_slug: str) -> list[dict]:
    """Period totals against the official count over the same period, within one year."""
    totals = with_bounds(estimates[estimates["measure"] == "period_total"])
    rows = []
    for c in totals.itertuples(index=False):
        start, end = c.period_start, c.period_end
        year_start = pd.Timestamp(year=end.year, month=1, day=1)
        if start < year_start:
            continue  # spans counting years: no official count covers it
        at_end = counts.at(end, year_start)
        at_start = counts.at(start - DAY, year_start)
        if at_end is None or at_start is None:
            continue
        value = at_end.value - at_start.value
        low, high = at_end.low - at_start.high, at_end.high - at_start.low
        basis = STATED if STATED == at_end.basis == at_start.basis else INTERPOLATED
        flags = at_end.flags | at_start.flags | ({"decrease"} if high < 0 else set())
        rows.append(_row(c, "total", start, end, (c.value, c.lo, c.hi), official_slug,
                         (value, low, high), basis, flags))  # fmt: skip
    return rows


def _paces(estimates: pd.DataFrame, official: pd.DataFrame, official_slug: str) -> list[dict]:
    """Stated paces against the implied monthly rate of the interval holding their date."""
    paces = stated_paces(estimates)
    official = official[official["measure"] == "cumulative"]
    rows = []
    for p in paces.itertuples(index=False):
        holding = official[(official["from_date"] < p.as_of) & (official["to_date"] >= p.as_of)]
        if holding.empty:
            continue
        iv = holding.iloc[0]
        claim = estimates[estimates["id"] == p.claim_id].iloc[0]
        rate = (iv["monthly_rate"], iv["monthly_rate_low"], iv["monthly_rate_high"])
        flags = {f for f in str(iv["flags"]).split(";") if f}
        rows.append(_row(claim, "pace", iv["from_date"], iv["to_date"],
                         (p.per_month, p.per_month_low, p.per_month_high), official_slug, rate,
                         INTERVAL_RATE, flags))  # fmt: skip
    return rows


def _row(claim, kind: str, start, end, estimate: tuple, official_slug: str, official: tuple,
         basis: str, flags: set[str]) -> dict:  # fmt: skip
    get = claim.get if isinstance(claim, pd.Series) else lambda k: getattr(claim, k)
    return {
        "series": get("series"), "claim_id": int(get("id")), "kind": kind,
        "period_start": start, "period_end": end, "as_of": get("as_of"),
        "announced_on": get("announced_on"), "estimate": float(estimate[0]),
        "estimate_low": float(estimate[1]), "estimate_high": float(estimate[2]),
        "official_series": official_slug, "official": float(official[0]),
        "official_low": float(official[1]), "official_high": float(official[2]), "basis": basis,
        "flags": ";".join(sorted(flags)),
        "speaker": get("speaker"), "body": get("body"), "outlet": get("outlet"), "url": get("url"),
    }  # fmt: skip


def _with_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """official / estimate with its range by interval arithmetic: the least and greatest of
    the four quotients of the bounds (for official bounds of zero or more, low = official
    low / estimate high and high = official high / estimate low). None where an estimate
    bound is not above zero."""
    est = frame[["estimate", "estimate_low", "estimate_high"]].to_numpy(dtype=np.float64)
    off = frame[["official", "official_low", "official_high"]].to_numpy(dtype=np.float64)
    positive = (est > 0).all(axis=1)
    safe = np.where(est > 0, est, 1.0)
    quotients = np.stack([off[:, i] / safe[:, j] for i in (1, 2) for j in (1, 2)], axis=1)
    return frame.assign(
        ratio=np.where(positive, off[:, 0] / safe[:, 0], np.nan),
        ratio_low=np.where(positive, quotients.min(axis=1), np.nan),
        ratio_high=np.where(positive, quotients.max(axis=1), np.nan),
    )


# The table of `python -m recruitment compare`: counts to whole people, ratios to 3 decimals.
TABLE_COLUMNS = (
    "series", "kind", "period_start", "period_end", "as_of", "announced_on", "estimate",
    "estimate_low", "estimate_high", "official_series", "official", "official_low",
    "official_high", "basis", "flags", "ratio", "ratio_low", "ratio_high", "speaker", "outlet",
    "url",
)  # fmt: skip
RATIO_DECIMALS = 3


def compare_table(frame: pd.DataFrame) -> pd.DataFrame:
    """`comparisons` rounded for reading: people to whole numbers and ratios to three
    decimals, halves away from zero; dates as days."""
    out = frame.loc[:, list(TABLE_COLUMNS)].copy()
    for col in ("estimate", "estimate_low", "estimate_high", "official", "official_low",
                "official_high"):  # fmt: skip
        out[col] = pd.array(round_half_away(out[col].to_numpy(dtype=np.float64)), dtype="Int64")
    scale = 10**RATIO_DECIMALS
    for col in ("ratio", "ratio_low", "ratio_high"):
        values = out[col].to_numpy(dtype=np.float64)
        out[col] = round_half_away(values * scale) / scale
    return out
