"""Implied monthly rates between consecutive points (docs/methodology.md, Implied monthly rate).

The CLI `rates` command and the dashboard both go filter_claims -> intervals -> rates_table, so
the same filters give the same numbers everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from recruitment.i18n import N_
from recruitment.methodology.points import (
    DAY_NS,
    PointArrays,
    labels,
    pack,
    point_arrays,
    sort_order,
)
from recruitment.methodology.rounding import round_half_away
from recruitment.vocab import DAYS_PER_MONTH, RATE_COLUMNS

INTERVAL_COLUMNS = (
    "series", "measure", "period_start", "from_date", "to_date", "days", "increase",
    "monthly_rate", "monthly_rate_low", "monthly_rate_high", "decrease", "conflict", "overlap",
    "flags",
    "from_claim_id", "to_claim_id", "value_from", "value_to",
)  # fmt: skip
# The flags text by decrease + 2 * conflict + 4 * overlap.
FLAGS = ("decrease", "conflict", "overlap")
# What each flag is called when shown (in the active language, through tr).
FLAG_NAMES = {"decrease": N_("decrease"), "conflict": N_("conflict"), "overlap": N_("overlap")}
_FLAG_TEXT = tuple(
    ";".join(name for bit, name in enumerate(FLAGS) if i >> bit & 1) for i in range(8)
)


# --- filters ---------------------------------------------------------------------------------


def _as_list(selection: Any) -> list[Any] | None:
    """None stays None (no filter); a single value becomes [value]; a collection a list."""
    if selection is None:
        return None
    if isinstance(selection, (str, bytes)) or not isinstance(selection, Iterable):
        return [selection]
    return list(selection)


def filter_claims(
    claims: pd.DataFrame,
    *,
    series: Any = None,
    speaker: Any = None,
    year: Any = None,
    verification: Any = None,
    origin: Any = None,
) -> pd.DataFrame:
    """Claims matching every given filter; each is a value or a collection, None means all.

    `year` matches the year of as_of. Filtering happens on claims, before points and intervals
    are built, so an excluded speaker's figure neither represents a point nor makes it conflict.
    An empty collection matches nothing (the caller asked for no values, not for all).
    """
    mask = np.ones(len(claims), dtype=bool)
    for column, selection in (
        ("series", series),
        ("speaker", speaker),
        ("verification", verification),
        ("origin", origin),
    ):
        wanted = _as_list(selection)
        if wanted is not None:
            mask &= claims[column].isin(wanted).to_numpy()
    years = _as_list(year)
    if years is not None:
        mask &= claims["as_of"].dt.year.isin([int(y) for y in years]).to_numpy()
    if mask.all():  # nothing filtered out: no copy of every claim (a shallow one is free)
        return claims.copy(deep=False)
    return claims[mask]


# --- intervals -------------------------------------------------------------------------------


def _thin(period: np.ndarray, start_day: np.ndarray, day: np.ndarray, n: int) -> np.ndarray:
    """Keep-mask for --min-days n over cumulative points sorted by period, then as_of.

    The zero point (end of the day before period_start) and each period's latest point are
    always kept; any other point closer than n days to the last kept one is dropped. The rule
    is greedy (each choice depends on the last kept point), so instead of a loop over points
    each point's successor (the first point at least n days on) is found with one binary
    search, and all periods then follow their successor chains together, one kept point per
    step.
    """
    keep = np.zeros(day.size, dtype=bool)
    is_last = np.append(period[1:] != period[:-1], True)
    keep[is_last] = True
    # A gap longer than any in the data acts like it; capping it keeps the packing small.
    n = min(n, int(day.max() - start_day.min()) + 2)
    base = int(day.min()) - 1
    width = int(day.max()) - base + n + 2
    packed = period * width + (day - base)  # sorted: period, then day
    successor = np.searchsorted(packed, packed + n, side="left")
    first = np.flatnonzero(np.append(True, period[1:] != period[:-1]))
    last = np.flatnonzero(is_last)
    # From the zero point at the end of the day before period_start.
    zero = period[first] * width + np.clip(start_day[first] - 1 + n - base, 0, width - 1)
    cursor = np.searchsorted(packed, zero, side="left")
    while cursor.size:
        ok = cursor < last  # before the period's latest point: keep it and go on from it
        cursor, last = cursor[ok], last[ok]
        keep[cursor] = True
        cursor = successor[cursor]
    return keep


def _period_starts(p: PointArrays) -> np.ndarray:
    """Mask of the points that open a period.

    Points come sorted by series, measure, period_start, as_of, so a period opens wherever the
    series, the measure or period_start changes.
    """
    new = np.ones(len(p), dtype=bool)
    new[1:] = (
        (p.series_code[1:] != p.series_code[:-1])
        | (p.measure_code[1:] != p.measure_code[:-1])
        | (p.period_start[1:] != p.period_start[:-1])
    )
    return new


def _empty_intervals() -> pd.DataFrame:
    dtypes = {
        "series": "str", "measure": "str", "period_start": "datetime64[ns]",
        "from_date": "datetime64[ns]", "to_date": "datetime64[ns]", "days": np.int64,
        "increase": np.int64, "monthly_rate": np.float64, "monthly_rate_low": np.float64,
        "monthly_rate_high": np.float64, "decrease": bool, "conflict": bool, "overlap": bool,
        "flags": "str",
        "from_claim_id": "Int64", "to_claim_id": np.int64, "value_from": np.int64,
        "value_to": np.int64,
    }  # fmt: skip
    return pd.DataFrame({c: pd.Series(dtype=dtypes[c]) for c in INTERVAL_COLUMNS})


def _apply_min_days(p: PointArrays, min_days: int) -> PointArrays:
    """The points --min-days keeps: cumulative ones thinned by `_thin`, period totals all."""
    cum = p.is_measure("cumulative")
    # A gap of at least one day always exists between distinct as_of dates (and from the
    # zero point), so min_days <= 1 keeps everything.
    if min_days <= 1 or not cum.any():
        return p
    c = np.flatnonzero(cum)
    period = (np.cumsum(_period_starts(p)) - 1)[c]
    keep = np.ones(len(p), dtype=bool)
    keep[c] = _thin(period, p.period_start[c] // DAY_NS, p.as_of[c] // DAY_NS, min_days)
    return p if keep.all() else p.take(keep)


def _previous(a: np.ndarray, from_zero: np.ndarray, zero: float) -> np.ndarray:
    """Each point's predecessor in `a`, `zero` where its interval starts from the zero point."""
    prev = np.empty_like(a)
    prev[1:] = a[:-1]
    prev[from_zero] = zero
    return prev


def _interval_columns(p: PointArrays) -> dict[str, Any]:
    """The INTERVAL_COLUMNS of the intervals ending at each point, in the points' order."""
    cum = p.is_measure("cumulative")
    # Where the interval starts from: the zero point (first point of a cumulative period, and
    # every period_total point), else the previous point of the same period.
    from_zero = _period_starts(p) | ~cum
    start, as_of = p.period_start, p.as_of
    to_ns = np.where(cum, as_of, p.period_end)
    from_ns = np.where(from_zero, start, _previous(as_of, from_zero, 0))
    days = np.where(from_zero, (to_ns - start) // DAY_NS + 1, (to_ns - from_ns) // DAY_NS)
    value_from = _previous(p.value, from_zero, 0)
    increase = p.value - value_from
    # A malformed interval (as_of before its start) gets NaN rates rather than infinite ones;
    # (x / d) * 30.4375 in the order of docs/methodology.md, so the bounds bracket the rate exactly.
    d = np.where(days > 0, days, np.nan)
    # A decrease is a fall beyond the rounding of both figures: the later one's highest reading
    # below the earlier one's lowest. "Up to 410,000" then "406,000 to 410,000" can both be
    # true of a count that only grows, though the second is stated by its lower end.
    lo_from, hi_from = _previous(p.lo, from_zero, 0.0), _previous(p.hi, from_zero, 0.0)
    decrease = p.hi < lo_from
    overlap = _overlapping_totals(p, to_ns, ~cum)
    flag_code = decrease.astype(np.int64) + 2 * p.conflict.astype(np.int64) + 4 * overlap
    return {
        "series": p.series(),
        "measure": p.measure(),
        "period_start": start.view("datetime64[ns]"),
        "from_date": from_ns.view("datetime64[ns]"),
        "to_date": to_ns.view("datetime64[ns]"),
        "days": days.astype(np.int64),
        "increase": increase,
        "monthly_rate": increase / d * DAYS_PER_MONTH,
        "monthly_rate_low": (p.lo - hi_from) / d * DAYS_PER_MONTH,
        "monthly_rate_high": (p.hi - lo_from) / d * DAYS_PER_MONTH,
        "decrease": decrease,
        "conflict": p.conflict,
        "overlap": overlap,
        "flags": labels(_FLAG_TEXT, flag_code),
        # The zero point and a period_total's start have no claim behind them: NA, not 0.
        "from_claim_id": pd.arrays.IntegerArray(
            _previous(p.claim_id, from_zero, 0), from_zero.copy()
        ),
        "to_claim_id": p.claim_id,
        "value_from": value_from,
        "value_to": p.value,
    }


def _overlapping_totals(p: PointArrays, end: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Period totals of a series whose days overlap another period total of the same series
    ("20,000 in 1-15 September" beside "50,000 in September"): flagged, since adding both would
    count the shared days twice. Points come sorted by series, measure and period start, so a
    total overlaps an earlier one when it starts before the latest end so far, and a later one
    when the next one starts before its end."""
    out = np.zeros(len(total), dtype=bool)
    idx = np.flatnonzero(total)
    if idx.size < 2:
        return out
    series, start, stop = p.series_code[idx], p.period_start[idx], end[idx]
    reach = pd.Series(stop).groupby(series).cummax().to_numpy()  # the latest end so far
    same_next = series[1:] == series[:-1]
    earlier = np.r_[False, same_next & (start[1:] <= reach[:-1])]
    later = np.r_[same_next & (start[1:] <= stop[:-1]), False]
    out[idx] = earlier | later
    return out


def _table_order(p: PointArrays, to_ns: np.ndarray) -> np.ndarray | None:
    """The permutation into (series, period_start, to_date) order, or None when already in it."""
    # Points are sorted by (series, measure, period_start, ...). They agree with the table's
    # order unless one series mixes measures: sort only then.
    same_series = p.series_code[1:] == p.series_code[:-1]
    if not (same_series & (p.measure_code[1:] != p.measure_code[:-1])).any():
        return None
    return sort_order(pack([p.series_code, p.period_start // DAY_NS, to_ns // DAY_NS]))


def contradicted(iv: pd.DataFrame) -> np.ndarray:
    """Which intervals (of `intervals`) cannot all be true: a decrease, or an end point whose
    statements disagree. An `overlap` is not a contradiction: the intervals just share days."""
    return iv["decrease"].to_numpy(dtype=bool) | iv["conflict"].to_numpy(dtype=bool)


def intervals(claims: pd.DataFrame, *, min_days: int = 0) -> pd.DataFrame:
    """One row per interval of every cumulative and period_total series.

    Cumulative: from a zero point at the end of the day before period_start through each
    consecutive point of the same series and period; the first interval counts period_start
    itself (d = as_of - period_start + 1), later ones d = as_of_b - as_of_a. period_total: each
    point is its own interval over period_start..period_end. Rates are per DAYS_PER_MONTH days:
    monthly_rate = (v_b - v_a) / d * 30.4375, low from (lo_b - hi_a), high from (hi_b - lo_a).
    `decrease` when v_b < v_a, `conflict` when the end point's claims disagree; `flags` joins
    them with ';'. `min_days` (cumulative only) thins points as docs/methodology.md says
    (Minimum days between statements).
    from_claim_id/to_claim_id name the representative claims (from_claim_id is NA for the zero
    point and for period_total); value_from is 0 there. Rates are unrounded floats.
    Sorted by series, period_start, to_date.
    """
    p = point_arrays(claims)
    if len(p) == 0:
        return _empty_intervals()
    p = _apply_min_days(p, min_days)
    out = _interval_columns(p)
    order = _table_order(p, out["to_date"].view(np.int64))
    if order is not None:
        out = {k: v[order] for k, v in out.items()}
    # The arrays are fresh and owned by nobody else: no need for pandas to copy them again.
    return pd.DataFrame(out, copy=False)


# --- the printed table -----------------------------------------------------------------------


def _iso(dates: pd.Series) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """YYYY-MM-DD text, empty for a missing date.

    Formatted once per distinct date (a million intervals share a few thousand dates), then
    taken into place: 30 times faster than strftime on every row.
    """
    codes, uniques = pd.factorize(dates.to_numpy(dtype="datetime64[ns]"))
    text = np.datetime_as_string(np.asarray(uniques, dtype="datetime64[D]"), unit="D")
    return labels(np.append(text.astype(object), ""), np.where(codes < 0, len(text), codes))


def _whole(rates: pd.Series) -> pd.arrays.IntegerArray:
    """Rates rounded half away from zero, as nullable integers (NA for a NaN rate)."""
    rounded = round_half_away(rates.to_numpy(dtype=np.float64))
    missing = np.isnan(rounded)
    return pd.arrays.IntegerArray(np.where(missing, 0, rounded).astype(np.int64), missing)


def rates_table(intervals: pd.DataFrame) -> pd.DataFrame:
    """The `rates` table: exactly vocab.RATE_COLUMNS, ISO dates, whole-people rates, flags.

    Rates are nullable integers (Int64): NA only for a malformed interval with no days.
    """
    out = pd.DataFrame(
        {
            "series": intervals["series"].astype("str").array,
            "period_start": _iso(intervals["period_start"]),
            "from_date": _iso(intervals["from_date"]),
            "to_date": _iso(intervals["to_date"]),
            "days": intervals["days"].to_numpy(dtype=np.int64),
            "increase": intervals["increase"].to_numpy(dtype=np.int64),
            "monthly_rate": _whole(intervals["monthly_rate"]),
            "monthly_rate_low": _whole(intervals["monthly_rate_low"]),
            "monthly_rate_high": _whole(intervals["monthly_rate_high"]),
            "flags": intervals["flags"].fillna("").astype("str").array,
        }
    )
    return out[list(RATE_COLUMNS)]
