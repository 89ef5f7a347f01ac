"""Implied recruits per calendar month (docs/methodology.md, Calendar months).

Statements fall on arbitrary dates; readers think in months. Each interval's average daily
increase is spread evenly over the days it covers and summed by calendar month, with how much of
the month the intervals actually cover, so a month known from three days is not read as a month
known in full.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recruitment.methodology.points import DAY_NS, labels, pack, sort_order
from recruitment.methodology.rates import contradicted

MONTH_COLUMNS = (
    "series", "period_start", "month", "implied", "days_covered", "days_in_month", "coverage",
    "flagged",
)  # fmt: skip


def _month_index(day: np.ndarray) -> np.ndarray:
    """Months since January 1970 of days since 1970-01-01."""
    return day.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)


def _month_start_day(month_index: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of the first day of a month counted from January 1970."""
    return month_index.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _without_overlaps(iv: pd.DataFrame) -> pd.DataFrame:
    """The intervals less the period totals overlapped by a longer (or, as long, earlier) one
    of the same series that is kept: few rows, so a plain loop."""
    if "overlap" not in iv.columns or not iv["overlap"].any():
        return iv
    flagged = iv[iv["overlap"].to_numpy(dtype=bool)]
    ranked = flagged.sort_values(["series", "days", "from_date"], ascending=[True, False, True])
    kept: dict[object, list[tuple]] = {}
    dropped = []
    for label, row in zip(ranked.index, ranked.itertuples(index=False), strict=True):
        spans = kept.setdefault(row.series, [])
        if any(row.from_date <= end and start <= row.to_date for start, end in spans):
            dropped.append(label)
        else:
            spans.append((row.from_date, row.to_date))
    return iv.drop(index=dropped)


def monthly_allocation(intervals: pd.DataFrame) -> pd.DataFrame:
    """Per series, period and calendar month: implied increase, days covered, coverage.

    An interval covers the `days` days ending on to_date (as_of_a + 1 .. as_of_b; the first
    interval from period_start; a period_total its whole period). Its increase is spread over
    those days and the parts summed by month, unrounded, so a cumulative period's months add up
    to its latest value. Of period totals that overlap (flagged `overlap`), only the longest
    of each overlapping group is allocated, so no day is counted twice. `flagged` marks a month
    that some of its days come from an interval flagged `decrease` or `conflict`: a fall there is
    a restatement or a disagreement, not people leaving.
    """
    iv = _without_overlaps(intervals[intervals["days"].to_numpy() > 0])
    if iv.empty:
        return pd.DataFrame(
            {
                "series": pd.Series(dtype="str"),
                "period_start": pd.Series(dtype="datetime64[ns]"),
                "month": pd.Series(dtype="datetime64[ns]"),
                "implied": pd.Series(dtype=np.float64),
                "days_covered": pd.Series(dtype=np.int64),
                "days_in_month": pd.Series(dtype=np.int64),
                "coverage": pd.Series(dtype=np.float64),
                "flagged": pd.Series(dtype=bool),
            }
        )
    end = iv["to_date"].to_numpy(dtype="datetime64[ns]").view(np.int64) // DAY_NS
    days = iv["days"].to_numpy(dtype=np.int64)
    start = end - days + 1
    # Calendar arithmetic through small lookup tables (one entry per day or month of the
    # span, at most a few hundred thousand), instead of datetime casts on every row.
    first_day = int(start.min())
    month_of_day = _month_index(np.arange(first_day, int(end.max()) + 1))
    first_month = month_of_day[start - first_day]
    last_month = month_of_day[end - first_day]
    span = last_month - first_month + 1
    first_of_month = _month_start_day(np.arange(first_month.min(), last_month.max() + 2))

    # One row per (interval, month it touches).
    row = np.repeat(np.arange(len(iv)), span)
    offset = np.arange(row.size) - np.repeat(np.cumsum(span) - span, span)
    month = first_month[row] + offset
    month_first = first_of_month[month - first_month.min()]
    next_first = first_of_month[month - first_month.min() + 1]
    covered = np.minimum(end[row], next_first - 1) - np.maximum(start[row], month_first) + 1
    increase = iv["increase"].to_numpy(dtype=np.float64)
    # increase * covered first, then / days: one rounding step, so the parts of an interval
    # add up to its increase as closely as floating point allows.
    implied = increase[row] * covered / days[row]
    flagged = contradicted(iv)[row]

    # Sum by (series, period_start, month) with reduceat over rows sorted on packed integer
    # keys: several times faster than a groupby on text. Intervals in their usual order
    # (series, period_start, to_date) are sorted already, so the sort is skipped then.
    series_code, series_names = pd.factorize(iv["series"], sort=True)
    period = iv["period_start"].to_numpy(dtype="datetime64[ns]").view(np.int64)
    key = pack([series_code[row], period[row] // DAY_NS, month])
    if len(key) > 1 or (key[0][1:] < key[0][:-1]).any():
        order = sort_order(key)
        row, month, month_first, next_first = (
            a[order] for a in (row, month, month_first, next_first)
        )
        implied, covered, flagged = implied[order], covered[order], flagged[order]
    new = np.ones(row.size, dtype=bool)
    new[1:] = (
        (series_code[row[1:]] != series_code[row[:-1]])
        | (period[row[1:]] != period[row[:-1]])
        | (month[1:] != month[:-1])
    )
    starts = np.flatnonzero(new)
    days_covered = np.add.reduceat(covered, starts)
    days_in_month = (next_first - month_first)[starts]
    out = pd.DataFrame(
        {
            "series": labels(series_names, series_code[row[starts]]),
            "period_start": period[row[starts]].view("datetime64[ns]"),
            "month": (month_first[starts] * DAY_NS).view("datetime64[ns]"),
            "implied": np.add.reduceat(implied, starts),
            "days_covered": days_covered.astype(np.int64),
            "days_in_month": days_in_month.astype(np.int64),
            "coverage": days_covered / days_in_month,
            "flagged": np.maximum.reduceat(flagged.astype(np.uint8), starts).astype(bool),
        }
    )
    return out[list(MONTH_COLUMNS)]
