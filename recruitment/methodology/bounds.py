"""Bounds of a stated figure: what range of true counts the words could mean
(docs/methodology.md, Bounds).

A figure said as "about 280,000" is not exact; the rate bounds are built from these ranges, so
the chart never pretends a rounded figure is precise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recruitment.vocab import DEFAULT_QUALIFIER, QUALIFIERS

# Powers of ten up to the largest that fits in int64 (10**18 < 2**63 - 1).
_POWERS = 10 ** np.arange(19, dtype=np.int64)

# (lo, hi) as multiples of the rounding unit u, added to the value.
_UNIT_OFFSETS = {
    "exact": (0.0, 0.0),
    "approx": (-0.5, 0.5),
    "at_least": (0.0, 1.0),
    "at_most": (-1.0, 0.0),
}
assert set(_UNIT_OFFSETS) == set(QUALIFIERS), "every qualifier needs its bounds rule"


def rounding_unit(values: object) -> np.ndarray:
    """The rounding unit u of each value: u = 10**max(0, min(trailing zeros, digits - 2)).

    At least two significant digits are taken as meant (300,000 -> 10,000, not 100,000).
    Integer arithmetic only, so values up to 10**18 get no log10 rounding errors.
    """
    v = np.abs(np.asarray(values, dtype=np.int64))
    # digits: 1 for 0..9, 2 for 10..99, ...; 0 counts as one digit.
    digits = np.maximum(np.searchsorted(_POWERS, v, side="right"), 1)
    cap = digits - 2  # the exponent may not eat into the first two digits
    # The exponent is found bit by bit (16, 8, 4, 2, 1): at each step, is the rest still
    # divisible by 10**step? Dividing by one power for the whole array at a time keeps the
    # divisor a scalar (fast integer division) and the cost at five passes for any value.
    exponent = np.zeros(v.shape, dtype=np.int64)
    rest = v
    top = int(cap.max()) if cap.size else 0
    for step in (16, 8, 4, 2, 1):
        if step > top:
            continue
        quotient = rest // _POWERS[step]
        ok = (quotient * _POWERS[step] == rest) & (exponent + step <= cap)
        rest = np.where(ok, quotient, rest)
        exponent += ok * step
    return _POWERS[exponent]


def bounds_arrays(claims: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(lo, hi) of each claim as float64 arrays, without copying the frame (see with_bounds)."""
    value = claims["value"].to_numpy(dtype=np.int64)
    unit = rounding_unit(value).astype(np.float64)
    # Factorize once (one hash pass, the fastest for object and text columns alike) and look
    # the few distinct qualifiers up, rather than comparing every row with every qualifier.
    # A missing qualifier means the data model's default (approx), as it does on import.
    codes, names = pd.factorize(claims["qualifier"].fillna(DEFAULT_QUALIFIER))
    unknown = [str(n) for n in names if n not in _UNIT_OFFSETS]
    if unknown:
        raise ValueError(f"unknown qualifier: {', '.join(unknown)}")
    lo_off = np.array([_UNIT_OFFSETS[n][0] for n in names], dtype=np.float64)[codes]
    hi_off = np.array([_UNIT_OFFSETS[n][1] for n in names], dtype=np.float64)[codes]
    v = value.astype(np.float64)
    lo, hi = v + lo_off * unit, v + hi_off * unit
    if "low" in claims and "high" in claims:
        low = claims["low"].to_numpy(dtype=np.float64, na_value=np.nan)
        high = claims["high"].to_numpy(dtype=np.float64, na_value=np.nan)
        given = ~np.isnan(low) & ~np.isnan(high)
        lo = np.where(given, low, lo)
        hi = np.where(given, high, hi)
    return lo, hi


def with_bounds(claims: pd.DataFrame) -> pd.DataFrame:
    """A copy of claims with float64 columns `lo` and `hi`: the range each claim allows.

    Explicit low/high win; otherwise exact [v, v], approx [v - u/2, v + u/2],
    at_least [v, v + u], at_most [v - u, v]; never clamped (a lower bound may be negative).

    float64, not int64: an approx figure with u = 1 spans [v - 0.5, v + 0.5], and rounding that
    half to an integer would either widen or narrow the stated range. float64 holds every such
    value exactly up to 2**52 (about 4.5 * 10**15), far beyond any head count.
    """
    lo, hi = bounds_arrays(claims)
    return claims.assign(lo=lo, hi=hi)
