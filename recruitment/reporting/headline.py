"""The overview chart for reports: each running count's latest figure and where its year is
heading, on one axis.

Bars are the latest statement of each cumulative series (its latest period), with the range
the wording allows; a diamond is the year-end projection at the pace so far, with its range
(open when a decrease or conflict in the year makes it unreliable); a tick marks a stated
target. It answers the question a report opens with: how many so far, and on course for what.

Each bar's label (the series name over its latest figure as said) sits above the bar, across
the plot's width, not in a left margin: on a phone a margin wide enough for the names left
the bars a few pixels. Bars stand at 1, 2, … on a numeric y axis, so the labels keep their
place at any size the chart is drawn or exported at.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from recruitment.figures.style import (
    INK,
    MUTED,
    PALETTE,
    SMALL_FONT_SIZE,
    base_layout,
    empty_figure,
    rgba,
    series_colors,
    series_label,
)
from recruitment.formatting import as_said, escape_hover, fmt_day, is_missing
from recruitment.i18n import N_, tr
from recruitment.methodology.bounds import with_bounds
from recruitment.methodology.points import point_keys

# The chart's height: the legend and the x axis, and the room of each bar with its label.
HEADLINE_BASE_PX = 220
ROW_PX = 90
# Series names wrap at this many characters: a longer line would not fit a phone's width.
LABEL_CHARS = 56
# Bar thickness in y units (one unit between bars): the rest of each unit holds the label.
BAR_WIDTH = 0.4
# Left margin: the x axis's first tick label, half of it left of the plot.
LEFT_PX = 28
PROJECTED_NAME = N_("projected for the year at the pace so far")
UNRELIABLE_NAME = N_("projection unreliable (a decrease or conflict in the year)")
TARGET_NAME = N_("stated target")
LATEST_NAME = N_("latest figure, with the range its wording allows")
NO_STATEMENTS = N_("No running-count statements to show.")


def _label(slug: Any, names: Mapping[Any, str] | None, said: str) -> str:
    """The series name, wrapped, over the latest figure as said (a label above the bar stays
    readable however short the bar is)."""
    # "1 January" stays on one line: a lone "January" under "since 1" reads badly.
    name = re.sub(r"(\d) (\w)", "\\1\u00a0\\2", series_label(slug, names))  # escaped
    lines = textwrap.wrap(name, LABEL_CHARS) or [name]
    return "<br>".join(lines) + f"<br><b>{said}</b>"


def _said(rows: pd.DataFrame) -> list[str]:
    """Each row's latest figure as its statement words it, for the label and the hover."""
    as_of = tr("{said} as of {date}")
    return [
        as_of.format(said=escape_hover(as_said(v, q, lw, hg), width=None), date=fmt_day(d))
        for v, q, lw, hg, d in zip(
            rows["value"], rows["qualifier"], rows["low"], rows["high"], rows["as_of"], strict=True
        )
    ]


def _latest_bars(
    value: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    colors: list[str],
    said: list[str],
) -> list[go.Bar]:
    """The latest figures as bars in series colours with their range, and a neutral legend key."""
    bars = go.Bar(
        y=np.arange(1, len(value) + 1),
        x=value,
        width=BAR_WIDTH,
        orientation="h",
        name=tr(LATEST_NAME),
        showlegend=False,  # its legend swatch would take the first series' colour
        marker={"color": [rgba(c, 0.75) for c in colors], "line": {"color": colors}},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": hi - value,
            "arrayminus": value - lo,
            "color": INK,
            "thickness": 1.5,
            "width": 6,
        },
        customdata=said,
        hovertemplate="%{customdata}<extra></extra>",
    )
    key = go.Bar(x=[None], y=[None], orientation="h", name=tr(LATEST_NAME), hoverinfo="skip",
                 marker={"color": rgba(MUTED, 0.5), "line": {"color": MUTED}})  # fmt: skip
    return [bars, key]


def _projection_markers(rows: pd.DataFrame) -> list[go.Scatter]:
    """Year-end projections with their range, open where they are unreliable, so none misleads."""
    projected = rows["projected"].to_numpy(np.float64)
    reliable = rows["reliable"].fillna(False).to_numpy(bool)
    traces = []
    for keep, name, symbol in (
        (reliable, PROJECTED_NAME, "diamond"),
        (~reliable, UNRELIABLE_NAME, "diamond-open"),
    ):
        keep = keep & np.isfinite(projected)
        if not keep.any():
            continue
        p = projected[keep]
        traces.append(
            go.Scatter(
                y=np.flatnonzero(keep) + 1,
                x=p,
                mode="markers",
                name=tr(name),
                marker={"symbol": symbol, "size": 13, "color": INK, "line": {"width": 2}},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": rows["projected_high"].to_numpy(np.float64)[keep] - p,
                    "arrayminus": p - rows["projected_low"].to_numpy(np.float64)[keep],
                    "color": MUTED,
                    "thickness": 1.5,
                    "width": 4,
                },
                hovertemplate="projected for the year: %{x:,.0f}<extra></extra>",
            )
        )
    return traces


def _target_ticks(target: np.ndarray) -> list[go.Scatter]:
    """A tick at each stated target, so the projection can be read against it."""
    has_target = np.isfinite(target)
    if not has_target.any():
        return []
    ticks = go.Scatter(
        y=np.flatnonzero(has_target) + 1,
        x=target[has_target],
        mode="markers",
        name=tr(TARGET_NAME),
        marker={"symbol": "line-ns", "size": 30, "line": {"color": "#D55E00", "width": 3}},
        hovertemplate="stated target: %{x:,.0f}<extra></extra>",
    )
    return [ticks]


def headline_height(bars: int) -> int:
    """Height in px of a headline chart of `bars` bars (an empty one: of four)."""
    return HEADLINE_BASE_PX + ROW_PX * max(bars, 4)


def _label_notes(labels: list[str]) -> list[dict[str, Any]]:
    """Each bar's label above it, from the plot's left edge."""
    return [
        {
            "text": label,
            "x": 0,
            "xref": "x domain",
            "xanchor": "left",
            "y": row + BAR_WIDTH / 2,
            "yref": "y",
            "yanchor": "bottom",
            "align": "left",
            "showarrow": False,
            "font": {"size": SMALL_FONT_SIZE, "color": INK},
        }
        for row, label in enumerate(labels, start=1)
    ]


def _headline_layout(fig: go.Figure, labels: list[str], lo: np.ndarray, top: float) -> go.Figure:
    """The shared look, a label above each bar, and an x axis that holds every range and
    target."""
    base_layout(fig, height=headline_height(len(labels)))
    fig.update_layout(showlegend=True, margin_l=LEFT_PX, annotations=_label_notes(labels))
    fig.update_xaxes(
        title_text=tr("people since the count started"),
        tickformat=",d",
        range=[min(0.0, float(np.nanmin(lo))), float(top) * 1.05 if not is_missing(top) else 1],
    )
    # Bars at 1 to n (the shared look draws a line at zero), with room above the top one for
    # its label; no tick labels, the labels are above the bars.
    fig.update_yaxes(
        range=[0.5, len(labels) + 0.5 + BAR_WIDTH], showticklabels=False, ticks="",
        showgrid=False,
    )  # fmt: skip
    return fig


def headline_figure(
    summary: pd.DataFrame,
    claims: pd.DataFrame,
    *,
    series_names: Mapping[Any, str] | None = None,
    colors: Mapping[Any, str] | None = None,
) -> go.Figure:
    """Horizontal bars of summary.series_summary rows (largest on top), with projections.

    `claims` gives the bounds of each row's representative statement (claim_id).
    """
    if summary is None or summary.empty:
        return empty_figure(tr(NO_STATEMENTS), height=headline_height(0))
    rows = summary.sort_values(["value", "series"], ascending=[True, True], kind="stable")
    reps = with_bounds(claims.set_index("id").loc[rows["claim_id"].to_numpy()].reset_index())
    lo, hi = reps["lo"].to_numpy(np.float64), reps["hi"].to_numpy(np.float64)
    said = _said(rows)
    labels = [_label(s, series_names, t) for s, t in zip(rows["series"], said, strict=True)]
    palette = dict(colors) if colors is not None else series_colors(rows["series"])
    bar_colors = [palette.get(s, PALETTE[0]) for s in rows["series"]]
    target = rows["target"].to_numpy(np.float64, na_value=np.nan)
    traces = [
        *_latest_bars(rows["value"].to_numpy(np.float64), lo, hi, bar_colors, said),
        *_projection_markers(rows),
        *_target_ticks(target),
    ]
    top = np.nanmax(np.concatenate([hi, rows["projected_high"].to_numpy(np.float64), target]))
    return _headline_layout(go.Figure(data=traces), labels, lo, top)


def headline_claims(summary: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The statements behind the bars: every claim on each series' latest point, since all
    of them decide the representative figure, its range and whether the point conflicts."""
    if summary.empty:
        return claims.iloc[0:0]
    cumulative = claims[claims["measure"] == "cumulative"]
    return cumulative[point_keys(cumulative).isin(point_keys(summary))]
