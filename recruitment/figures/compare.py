"""Official figures beside independent estimates, on one per-month axis, and their ratios.

Every figure is put on the scale of the implied rates (people per month): the official
running count as the implied monthly rate between its statements, each independent total as
a band over its period (its value and range divided by the period's days, times 30.4375),
each independent pace as a diamond at its date. The second figure draws official ÷
independent for each comparison (methodology.compare) with its range.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from recruitment.figures.rates import PER_MONTH, rates_figure
from recruitment.figures.style import (
    INK,
    MUTED,
    date_ticks,
    empty_figure,
    rgba,
    series_label,
    source_text,
    styled_figure,
    who_text,
)
from recruitment.formatting import escape_hover, fmt_count, fmt_day, fmt_period, fmt_span
from recruitment.i18n import N_, tr
from recruitment.vocab import DAYS_PER_MONTH

COMPARE_HEIGHT = 540
RATIO_HEIGHT = 460
ESTIMATE_ALPHA = 0.22
TOTAL_HOVERTEMPLATE = N_(
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
    "<b>%{customdata[2]}</b> in the period: %{customdata[3]} a month<br>"
    "%{customdata[4]}<br>%{customdata[5]}<extra></extra>"
)
RATIO_HOVERTEMPLATE = N_(
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>"
    "official ÷ estimate: <b>%{customdata[2]}</b> (range %{customdata[3]})<br>"
    "official %{customdata[4]} (%{customdata[5]}) · estimate %{customdata[6]}<br>"
    "%{customdata[7]}<extra></extra>"
)
KIND_SYMBOLS = {"total": "circle", "pace": "diamond"}


def comparison_figure(
    official_intervals: pd.DataFrame,
    estimates: pd.DataFrame,
    paces: pd.DataFrame,
    *,
    series_names: Mapping[Any, str] | None = None,
    colors: Mapping[Any, str] | None = None,
) -> go.Figure:
    """The official implied monthly rates (bands and levels), independent paces (diamonds)
    and independent period totals (bands over their periods), on one people-per-month axis.

    `estimates` are the independent period-total claims with bounds (lo, hi)."""
    if official_intervals.empty and estimates.empty and paces.empty:
        return empty_figure(
            tr("No official figures or estimates to compare."), height=COMPARE_HEIGHT
        )
    fig = rates_figure(official_intervals, paces, series_names=series_names, colors=colors)
    if len(fig.data) == 0:  # rates_figure's own empty message: start from a clean figure
        fig = styled_figure([], height=COMPARE_HEIGHT)
    for slug, group in estimates.groupby("series", sort=True, observed=True):
        color = (colors or {}).get(slug, MUTED)
        fig.add_traces(_total_traces(group, series_label(slug, series_names), color))
    return _compare_layout(fig, official_intervals, estimates, paces)


def _per_month(frame: pd.DataFrame, column: str) -> np.ndarray:
    days = (frame["period_end"] - frame["period_start"]).dt.days.to_numpy() + 1
    return frame[column].to_numpy(dtype=np.float64) / days * DAYS_PER_MONTH


def _total_traces(group: pd.DataFrame, label: str, color: str) -> list[go.Scatter]:
    """One series' period totals: a band over each period, and its value as a level."""
    start, end = group["period_start"].to_numpy(), group["period_end"].to_numpy()
    level, low, high = (_per_month(group, c) for c in ("value", "lo", "hi"))
    bx, by, lx, ly = [], [], [], []
    for s, e, lo, hi, v in zip(start, end, low, high, level, strict=True):
        bx += [s, e, e, s, s, None]
        by += [lo, lo, hi, hi, lo, None]
        lx += [s, e, None]
        ly += [v, v, None]
    data = _total_customdata(group, label, level)
    band = go.Scatter(
        x=bx, y=by, mode="lines", fill="toself", fillcolor=rgba(color, ESTIMATE_ALPHA),
        line={"width": 1, "color": color, "dash": "dot"}, hoverinfo="skip",
        legendgroup=f"estimate-{label}", showlegend=False, name=f"{label} (range)",
    )  # fmt: skip
    line = go.Scatter(
        x=lx, y=ly, mode="lines", line={"width": 3, "color": color, "dash": "dot"},
        name=tr("{series} (estimate over its period)").format(series=label),
        legendgroup=f"estimate-{label}",
        customdata=[row for row in data for _ in range(3)], hovertemplate=tr(TOTAL_HOVERTEMPLATE),
    )  # fmt: skip
    return [band, line]


def _total_customdata(group: pd.DataFrame, label: str, level: np.ndarray) -> list[list[str]]:
    return [
        [
            escape_hover(label),
            fmt_period(c.period_start, c.period_end),
            fmt_count(c.value),
            fmt_count(v),
            who_text(c.speaker, c.body),
            source_text(c.outlet, c.url),
        ]
        for c, v in zip(group.itertuples(index=False), level, strict=True)
    ]


def _compare_layout(
    fig: go.Figure, iv: pd.DataFrame, estimates: pd.DataFrame, paces: pd.DataFrame
) -> go.Figure:
    """Dates padded around everything drawn; people per month from zero."""
    dates = [d for col in (iv.get("from_date"), iv.get("to_date"), estimates.get("period_start"),
                           estimates.get("period_end"), paces.get("as_of"))
             if col is not None and len(col) for d in (col.min(), col.max())]  # fmt: skip
    first, last = pd.Timestamp(min(dates)), pd.Timestamp(max(dates))
    pad = max(pd.Timedelta(days=7), (last - first) * 0.03)
    fig.update_layout(height=COMPARE_HEIGHT)
    fig.update_xaxes(range=[first - pad, last + pad], **date_ticks(first - pad, last + pad))
    fig.update_yaxes(title_text=tr(PER_MONTH), rangemode="tozero")
    return fig


def ratio_figure(
    table: pd.DataFrame,
    *,
    series_names: Mapping[Any, str] | None = None,
    colors: Mapping[Any, str] | None = None,
) -> go.Figure:
    """Official ÷ independent for every unflagged comparison, at the end of what it
    compares, with the range its wording allows; a line at 1 where they agree."""
    shown = table[(table["flags"] == "") & table["ratio"].notna()] if len(table) else table
    if shown.empty:
        return empty_figure(tr("No comparison to show."), height=RATIO_HEIGHT)
    traces = [
        _ratio_trace(group, series_label(slug, series_names), (colors or {}).get(slug, INK))
        for slug, group in shown.groupby("series", sort=True)
    ]
    first, last = shown["as_of"].min(), shown["as_of"].max()
    pad = max(pd.Timedelta(days=14), (last - first) * 0.04)
    return styled_figure(
        traces, height=RATIO_HEIGHT,
        xaxis={"range": [first - pad, last + pad], **date_ticks(first - pad, last + pad)},
        yaxis={"title": {"text": tr("official ÷ estimate")}, "rangemode": "tozero",
               "tickformat": ".1f"},
        shapes=[{"type": "line", "xref": "paper", "x0": 0, "x1": 1, "y0": 1, "y1": 1,
                 "line": {"color": INK, "width": 1.5, "dash": "dash"}}],
    )  # fmt: skip


def _ratio_trace(group: pd.DataFrame, label: str, color: str) -> go.Scatter:
    ratio = group["ratio"].to_numpy(dtype=np.float64)
    return go.Scatter(
        x=group["as_of"], y=ratio, mode="markers", name=label,
        marker={"color": color, "size": 10, "symbol": [KIND_SYMBOLS[k] for k in group["kind"]],
                "line": {"color": INK, "width": 0.5}},
        error_y={"type": "data", "symmetric": False, "color": color, "thickness": 1.5,
                 "array": group["ratio_high"].to_numpy(dtype=np.float64) - ratio,
                 "arrayminus": ratio - group["ratio_low"].to_numpy(dtype=np.float64)},
        customdata=_ratio_customdata(group, label), hovertemplate=tr(RATIO_HOVERTEMPLATE),
    )  # fmt: skip


def _ratio_customdata(group: pd.DataFrame, label: str) -> list[list[str]]:
    out = []
    for c in group.itertuples(index=False):
        span = (fmt_period(c.period_start, c.period_end) if c.kind == "total"
                else tr("pace as of {date}").format(date=fmt_day(c.as_of)))  # fmt: skip
        out.append([
            escape_hover(label), span, f"{c.ratio:.2f}",
            fmt_span(f"{c.ratio_low:.2f}", f"{c.ratio_high:.2f}"),
            fmt_count(c.official), c.basis, fmt_count(c.estimate),
            source_text(c.outlet, c.url),
        ])  # fmt: skip
    return out
