"""The one rounding rule of every number shown or written: halves away from zero."""

from __future__ import annotations

from typing import Any

import numpy as np


def round_half_away(x: Any) -> Any:
    """Round to the nearest integer, halves away from zero (2.5 -> 3, -2.5 -> -3).

    Not numpy's or Python's round, which send halves to the even neighbour (2.5 -> 2): people
    reading "48,111 a month" expect school rounding. trunc + exact fractional part avoids the
    floor(x + 0.5) trap, where 0.49999999999999994 + 0.5 rounds up to 1.0 in floating point.
    """
    a = np.asarray(x, dtype=np.float64)
    whole = np.trunc(a)
    out = whole + np.where(np.abs(a - whole) >= 0.5, np.sign(a), 0.0)
    return out if out.ndim else float(out)
