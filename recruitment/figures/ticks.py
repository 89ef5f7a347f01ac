"""Count ticks as the active language writes them, for a figure about to be published.

Plotly's number formats only know English-style short forms ("280k"); a chart in another
language needs "280 тыс.". So the count axes of a published figure get tick values chosen
here (round steps, as plotly would choose) with their labels written by formatting.fmt_compact.
An axis without a fixed range gets the range plotly would give it, from the data drawn.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import plotly.graph_objects as go

from recruitment.formatting import fmt_compact
from recruitment.i18n import SOURCE_LANGUAGE, active_language

# The number format of count axes (figures.style).
COUNT_FORMAT = ",d"
# As plotly spaces ticks: one per this many pixels of the axis (y, x), between 4 and 9 ticks.
TICK_SPACING_PX = {"y": 40, "x": 80}
MIN_TICKS, MAX_TICKS = 4, 9
# Share of the data's span plotly adds beyond it when it picks a range itself.
PAD = 0.05


def localised_count_ticks(fig: go.Figure) -> go.Figure:
    """Count axes of fig (in place) labelled in the active language; English is left to plotly."""
    if active_language() == SOURCE_LANGUAGE:
        return fig
    for letter in ("x", "y"):
        axis = fig.layout[f"{letter}axis"]
        if axis.tickformat != COUNT_FORMAT or axis.tickmode == "array" or axis.visible is False:
            continue
        if axis.type in ("category", "date", "log"):
            continue
        span = list(axis.range) if axis.range else _data_range(fig, letter, axis.rangemode)
        if span is None:
            continue
        values = nice_ticks(float(span[0]), float(span[1]), _tick_count(fig, letter))
        axis.update(
            range=span, tickmode="array", tickvals=values, ticktext=[fmt_compact(v) for v in values]
        )
    return fig


def _tick_count(fig: go.Figure, letter: str) -> float:
    """About how many ticks plotly would draw along the axis, from the plot's size."""
    layout, margin = fig.layout, fig.layout.margin
    if letter == "y":
        length = (layout.height or 450) - (margin.t or 0) - (margin.b or 0)
    else:
        length = (layout.width or 700) - (margin.l or 0) - (margin.r or 0)
    return min(max(length / TICK_SPACING_PX[letter], MIN_TICKS), MAX_TICKS)


def nice_ticks(low: float, high: float, count: float = MIN_TICKS) -> list[float]:
    """Round tick values inside [low, high]: multiples of 1, 2 or 5 times a power of ten,
    about `count` of them (the step nearest span / count, as d3 and plotly pick it)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return []
    rough = (high - low) / count
    power = 10 ** math.floor(math.log10(rough))
    # The multiple whose geometric midpoint with the next one lies above the rough step.
    step = power * next(m for m, limit in ((1, 2**0.5), (2, 10**0.5), (5, 50**0.5), (10, 99))
                        if rough / power < limit)  # fmt: skip
    first = math.ceil(low / step)
    return [k * step for k in range(first, math.floor(high / step) + 1)]


def _data_range(fig: go.Figure, letter: str, rangemode: Any) -> list[float] | None:
    """The range plotly's autorange would give the values drawn on one axis: the data and
    its error bars, padded, from zero with rangemode "tozero" (and for bars). None when the
    axis holds no numbers (categories, such as the overview's series names, or dates)."""
    values: list[np.ndarray] = []
    for trace in fig.data:
        if trace.visible is False or getattr(trace, letter, None) is None:
            continue
        try:
            v = np.asarray(trace[letter], dtype=np.float64)
        except (TypeError, ValueError):
            return None
        values.append(v)
        error = getattr(trace, f"error_{letter}", None)
        if error is not None and error.type == "data" and error.array is not None:
            up = np.asarray(error.array, dtype=np.float64)
            down = np.asarray(
                error.arrayminus if error.arrayminus is not None else up, dtype=np.float64
            )
            values += [v + up, v - down]
        if trace.type == "bar":
            values.append(np.zeros(1))
    finite = np.concatenate(values) if values else np.zeros(0)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return None
    low, high = float(finite.min()), float(finite.max())
    if rangemode == "tozero":
        low, high = min(low, 0.0), max(high, 0.0)
    pad = (high - low) * PAD or 1.0
    return [low - pad if low < 0 else low, high + pad]
