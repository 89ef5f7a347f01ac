"""Implied rates for 1M claims already in memory, against a per-row Python loop.

Ours: recruitment.methodology.rates.intervals on a claims DataFrame shaped like queries.load_claims.
Baseline: what one would write first, a loop over the rows that computes each claim's bounds,
groups claims into points, picks each point's representative and conflict, then walks the
sorted points computing every interval (docs/methodology.md, Methodology). Both are checked to give
the same intervals before anything is timed.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from bench.common import Context, median, result, side_by_side, spread
from recruitment.methodology.rates import intervals
from recruitment.vocab import DAYS_PER_MONTH

SIZE = "1M"
REPEATS = 7  # ours: about a second each
BASELINE_REPEATS = 3  # the loop: tens of seconds each
GOAL_SECONDS = 1.0
GOAL_SPEEDUP = 20
DAY_NS = 86_400 * 10**9
_MEASURE_ORDER = {"cumulative": 0, "period_total": 1}
_LOOP_COLUMNS = (
    "id", "series", "measure", "announced_on", "as_of", "period_start", "period_end", "value",
    "qualifier", "low", "high", "speaker", "url",
)  # fmt: skip


def _unit(value: int) -> int:
    """u = 10^max(0, min(trailing zeros, digits - 2))."""
    digits = len(str(abs(value)))
    zeros = 0
    rest = abs(value)
    while rest and rest % 10 == 0:
        rest //= 10
        zeros += 1
    return 10 ** max(0, min(zeros, digits - 2))


def _bounds(value: int, qualifier: Any, low: Any, high: Any) -> tuple[float, float]:
    if low is not pd.NA and high is not pd.NA:
        return float(low), float(high)
    u = _unit(value)
    if qualifier == "exact":
        return float(value), float(value)
    if qualifier == "at_least":
        return float(value), float(value + u)
    if qualifier == "at_most":
        return float(value - u), float(value)
    return value - u / 2, value + u / 2  # approx, and the default


def _text_key(text: Any) -> tuple[int, str]:
    """Alphabetical, missing or blank last."""
    return (0, text) if isinstance(text, str) and text.strip() else (1, "")


def loop_intervals(claims: pd.DataFrame) -> list[tuple]:
    """(series, period_start, from, to, days, increase, rate, low, high, decrease, conflict)
    per interval, sorted by series, period_start, to: the methodology one row at a time."""
    points: dict[tuple, list[tuple]] = {}
    # Columns as Python lists, zipped into rows: the usual idiom, and several times faster
    # than itertuples on pandas' Arrow-backed text (so the baseline is not a straw man).
    columns = [claims[c].tolist() for c in _LOOP_COLUMNS]
    for cid, series, measure, announced, as_of, start, end, value, qualifier, low, high, \
            speaker, url in zip(*columns, strict=True):  # fmt: skip
        if measure not in _MEASURE_ORDER:
            continue  # stated paces are never differenced
        lo, hi = _bounds(value, qualifier, low, high)
        key = (series, _MEASURE_ORDER[measure], start.value, end.value, as_of.value)
        choice = (hi - lo, -announced.value, _text_key(speaker), _text_key(url))
        points.setdefault(key, []).append((choice, cid, value, lo, hi))

    out = []
    previous = None
    for key in sorted(points):
        claims_here = points[key]
        rep = min(claims_here, key=lambda c: (c[0], c[1]))
        conflict = max(c[3] for c in claims_here) > min(c[4] for c in claims_here)
        series, measure, start, end, as_of = key
        _, _, value, lo, hi = rep
        if measure == 1:  # period_total: each point is its own interval
            days = (end - start) // DAY_NS + 1
            base, base_lo, base_hi, start_at, to = 0, 0.0, 0.0, start, end
        elif previous is None or previous[0][:3] != key[:3]:  # first point of a period
            days = (as_of - start) // DAY_NS + 1
            base, base_lo, base_hi, start_at, to = 0, 0.0, 0.0, start, as_of
        else:
            prev_key, prev_value, prev_lo, prev_hi = previous
            days = (as_of - prev_key[4]) // DAY_NS
            base, base_lo, base_hi, start_at, to = prev_value, prev_lo, prev_hi, prev_key[4], as_of
        previous = (key, value, lo, hi)
        rate = (value - base) / days * DAYS_PER_MONTH if days > 0 else float("nan")
        low = (lo - base_hi) / days * DAYS_PER_MONTH if days > 0 else float("nan")
        high = (hi - base_lo) / days * DAYS_PER_MONTH if days > 0 else float("nan")
        out.append(
            (series, start, start_at, to, days, value - base, rate, low, high, value < base,
             conflict)
        )  # fmt: skip
    out.sort(key=lambda r: (r[0], r[1], r[3]))
    return out


def agree(ours: pd.DataFrame, loop: list[tuple]) -> str:
    """'' when both give the same intervals, else what differs."""
    if len(ours) != len(loop):
        return f"{len(ours):,} intervals vs {len(loop):,} from the loop"
    theirs = pd.DataFrame(
        loop, columns=["series", "period_start", "from_date", "to_date", "days", "increase",
                       "monthly_rate", "monthly_rate_low", "monthly_rate_high", "decrease",
                       "conflict"],
    )  # fmt: skip
    for col in ("from_date", "to_date", "period_start"):
        mine = ours[col].to_numpy(dtype="datetime64[ns]").view(np.int64)
        if not np.array_equal(mine, theirs[col].to_numpy(dtype=np.int64)):
            return f"{col} differs"
    for col in ("days", "increase", "decrease", "conflict"):
        if not np.array_equal(ours[col].to_numpy(), theirs[col].to_numpy()):
            return f"{col} differs"
    for col in ("monthly_rate", "monthly_rate_low", "monthly_rate_high"):
        if not np.allclose(ours[col], theirs[col], rtol=1e-12, atol=1e-9, equal_nan=True):
            return f"{col} differs"
    if not (ours["series"].astype(str).to_numpy() == theirs["series"].to_numpy()).all():
        return "series differs"
    return ""


def _untimed(_: object) -> None:
    """Drop a result: side_by_side then times the whole call."""
    return None


def rates_1m(ctx: Context) -> dict[str, Any]:
    claims = ctx.files[SIZE].claims
    ctx.log(f"rates: checking that intervals() and the loop agree on {len(claims):,} claims")
    mine = intervals(claims)  # also the warm-up of ours
    t0 = time.perf_counter()
    looped = loop_intervals(claims)
    first_loop = time.perf_counter() - t0  # the loop's first timed run
    differs = agree(mine, looped)
    del looped
    ctx.log(f"rates: {REPEATS} x intervals(), {BASELINE_REPEATS} x the loop")
    ours, loop = side_by_side(
        lambda: _untimed(intervals(claims)),
        lambda: _untimed(loop_intervals(claims)),
        REPEATS,
        baseline_repeats=BASELINE_REPEATS - 1,
    )
    loop = [first_loop, *loop]
    value, base = median(ours), median(loop)
    check = f"DISAGREE: {differs}" if differs else f"both give the same {len(mine):,} intervals"
    check += f" ({len(claims):,} claims over {claims['series'].nunique():,} series)"
    return result(
        "implied rates, 1M claims in memory (rates.intervals) vs per-row Python loop",
        value, base, "s",
        f"under {GOAL_SECONDS:g} s and at least {GOAL_SPEEDUP}x faster",
        value < GOAL_SECONDS and base / value >= GOAL_SPEEDUP and not differs,
        f"{check}; runs (s): ours {spread(ours, digits=3)}; loop {spread(loop)}",
    )  # fmt: skip
