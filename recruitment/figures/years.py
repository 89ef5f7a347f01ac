"""What was said about each year's total, as a small chart: one line per year through its
statements in the order they were announced, each with the range its wording allows, and a
ring where a statement changed the figure beyond that range."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from recruitment.figures.style import (
    INK,
    PALETTE,
    date_ticks,
    empty_figure,
    series_label,
    source_text,
    styled_figure,
    who_text,
)
from recruitment.formatting import escape_hover, fmt_count, fmt_day
from recruitment.i18n import N_, tr

YEARS_HEIGHT = 460
CHANGED_NAME = N_("changed beyond the wording of the statement before")
HOVERTEMPLATE = N_(
    "<b>%{customdata[0]}</b> (the %{customdata[1]} total)<br>as of %{customdata[2]}, said on "
    "%{customdata[3]}<br>%{customdata[4]}<br>%{customdata[5]}<br>%{customdata[6]}"
    "<extra></extra>"
)


def year_totals_figure(
    table: pd.DataFrame, *, series_names: Mapping[Any, str] | None = None
) -> go.Figure:
    """The statements of `methodology.years.year_statements` (one series) by day announced."""
    if table.empty:
        return empty_figure(tr("No statement about a year's total."), height=YEARS_HEIGHT)
    traces = [
        _year_trace(group, int(year), PALETTE[i % len(PALETTE)])
        for i, (year, group) in enumerate(table.groupby("year", sort=True))
    ]
    changed = table[table["beyond_wording"].to_numpy(dtype=bool)]
    if len(changed):
        traces.append(_rings(changed))
    first, last = table["announced_on"].min(), table["announced_on"].max()
    pad = max(pd.Timedelta(days=14), (last - first) * 0.04)
    label = series_label(table["series"].iloc[0], series_names)
    return styled_figure(
        traces, height=YEARS_HEIGHT,
        xaxis={"range": [first - pad, last + pad], **date_ticks(first - pad, last + pad),
               "title": {"text": tr("said on")}},
        yaxis={"title": {"text": escape_hover(label, width=None)}, "rangemode": "tozero"},
    )  # fmt: skip


def _year_trace(group: pd.DataFrame, year: int, color: str) -> go.Scatter:
    value = group["value"].to_numpy(dtype=np.float64)
    return go.Scatter(
        x=group["announced_on"], y=value, mode="lines+markers",
        name=tr("{year} total").format(year=year),
        line={"color": color, "width": 2}, marker={"color": color, "size": 9},
        error_y={"type": "data", "symmetric": False, "color": color, "thickness": 1.5,
                 "array": group["hi"].to_numpy(dtype=np.float64) - value,
                 "arrayminus": value - group["lo"].to_numpy(dtype=np.float64)},
        customdata=_customdata(group), hovertemplate=tr(HOVERTEMPLATE),
    )  # fmt: skip


def _rings(changed: pd.DataFrame) -> go.Scatter:
    return go.Scatter(
        x=changed["announced_on"], y=changed["value"], mode="markers", name=tr(CHANGED_NAME),
        marker={"symbol": "circle-open", "size": 20, "color": INK, "line": {"width": 2}},
        hoverinfo="skip",
    )  # fmt: skip


def _customdata(group: pd.DataFrame) -> list[list[str]]:
    out = []
    for c in group.itertuples(index=False):
        change = (
            ""
            if pd.isna(c.change)
            else tr("{change} on the statement before").format(
                change=("+" if c.change >= 0 else "-") + fmt_count(abs(int(c.change)))
            )
        )
        if c.beyond_wording:
            change += tr(", beyond its wording")
        out.append([
            escape_hover(c.said), str(c.year), fmt_day(c.as_of), fmt_day(c.announced_on),
            who_text(c.speaker, c.body), source_text(c.outlet, c.url),
            change or tr("the first"),
        ])  # fmt: skip
    return out
