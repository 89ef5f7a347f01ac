"""Running counts over time: every statement with its range, and the line between points.

A rounded figure is drawn with the range its wording allows (an error bar), a line joins the
representative figure of each date within one counting period only (a new year restarts from
zero, so December is never joined to January), and disputed or contradictory statements look
different from the rest. Every marker carries its claim id in customdata[0], so the page can
open the statement's source when a point is clicked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from recruitment.bounds import with_bounds
from recruitment.figures.style import (
    CLAIM_HOVERTEMPLATE,
    INK,
    MUTED,
    PALETTE,
    SMALL_FONT_SIZE,
    base_layout,
    claim_customdata,
    date_ticks,
    empty_figure,
    rgba,
    series_colors,
    series_label,
)
from recruitment.formatting import MONTHS, escape_hover, fmt_count, fmt_day, is_missing
from recruitment.points import points

# Heights in px: tall enough for error bars to be told apart on a laptop.
TREND_HEIGHT = 560
YEAR_HEIGHT = 520
SPARK_HEIGHT = 120
# Above this many statements, markers are drawn with WebGL and thinned (drawing only): SVG
# with tens of thousands of markers freezes the browser, and nobody can click them apart.
MAX_MARKERS = 5_000
# Event labels: cut to this many characters (the full text is in their hover), in at most
# this many staggered rows kept clear of the data by headroom above it.
EVENT_LABEL_CHARS = 30
EVENT_ROWS = 3
EVENT_ROW_PX = 21  # one row of labels at SMALL_FONT_SIZE, with a little air
# Plot-area height the label headroom is computed for: TREND_HEIGHT less the margins and
# legend. A taller export only leaves more room, never less.
ASSUMED_PLOT_HEIGHT_PX = 400
# Rough width of one label character in px at SMALL_FONT_SIZE, and the plot width assumed
# when staggering labels (a laptop-width chart; wider screens only add room).
EVENT_CHAR_PX = 7.2
ASSUMED_PLOT_PX = 760
DAY = pd.Timedelta(days=1)
DISPUTED = "disputed"
DISPUTED_SYMBOL = "x-thin-open"
CONFLICT_NAME = "conflicting statements on one date"
MARKER_SIZE = 9


def _cumulative(claims: pd.DataFrame) -> pd.DataFrame:
    return claims[claims["measure"] == "cumulative"]


def _point_keys(frame: pd.DataFrame) -> pd.MultiIndex:
    return pd.MultiIndex.from_arrays(
        [
            frame["series"].astype(object).to_numpy(),
            frame["period_start"].to_numpy(dtype="datetime64[ns]"),
            frame["as_of"].to_numpy(dtype="datetime64[ns]"),
        ]
    )


def _conflict_mask(claims: pd.DataFrame, pts: pd.DataFrame) -> np.ndarray:
    """For each cumulative claim, whether its point has conflicting statements."""
    bad = pts[pts["conflict"].to_numpy(dtype=bool)]
    if bad.empty:
        return np.zeros(len(claims), dtype=bool)
    return _point_keys(claims).isin(_point_keys(bad))


def _period_lines(
    pts: pd.DataFrame, x_of: Any = None, zero_x: Any = None
) -> tuple[list[Any], list[Any]]:
    """x and y of a line through one series' points, one segment per period.

    Each segment starts at the zero point (the end of the day before period_start, value 0)
    and segments are separated by None, so no line joins two periods.
    """
    xs: list[Any] = []
    ys: list[Any] = []
    for start, period in pts.groupby("period_start", sort=True):
        if xs:
            xs.append(None)
            ys.append(None)
        period = period.sort_values("as_of")
        xs.append(zero_x(start) if zero_x else pd.Timestamp(start) - DAY)
        ys.append(0)
        xs.extend(x_of(period) if x_of else list(pd.to_datetime(period["as_of"])))
        ys.extend(int(v) for v in period["value"])
    return xs, ys


def _thin(cum: pd.DataFrame, rep_ids: np.ndarray, max_markers: int) -> np.ndarray:
    """Positions of at most max_markers claims to draw: representatives first, then evenly
    spread others (positions, not labels: the caller's index need not be unique)."""
    if len(cum) <= max_markers:
        return np.arange(len(cum))
    is_rep = cum["id"].isin(rep_ids).to_numpy()
    reps = np.flatnonzero(is_rep)
    others = np.flatnonzero(~is_rep)
    if reps.size >= max_markers:
        keep = reps[np.linspace(0, reps.size - 1, max_markers).round().astype(np.int64)]
    else:
        room = max_markers - reps.size
        pick = np.linspace(0, others.size - 1, room).round().astype(np.int64)
        keep = np.concatenate([reps, others[np.unique(pick)]])
    return np.unique(keep)


def _error_y(frame: pd.DataFrame, color: str) -> dict[str, Any]:
    value = frame["value"].to_numpy(dtype=np.float64)
    return {
        "type": "data",
        "symmetric": False,
        "array": frame["hi"].to_numpy(dtype=np.float64) - value,
        "arrayminus": value - frame["lo"].to_numpy(dtype=np.float64),
        "color": color,
        "thickness": 1.5,
        "width": 5,
    }


def _claim_markers(
    frame: pd.DataFrame,
    *,
    x: Any,
    color: str,
    slug: Any,
    names: Mapping[Any, str] | None,
    conflict: np.ndarray,
    disputed: bool,
    scatter: type,
) -> go.Scatter:
    """One marker trace for claims of one series (disputed ones drawn open)."""
    symbol = DISPUTED_SYMBOL if disputed else "circle"
    marker: dict[str, Any] = {"color": color, "size": MARKER_SIZE, "symbol": symbol}
    if disputed:
        marker.update(size=MARKER_SIZE + 3, line={"color": color, "width": 2})
    else:
        marker["line"] = {"color": "white", "width": 1}
    return scatter(
        x=x,
        y=frame["value"].to_numpy(dtype=np.int64),
        mode="markers",
        name=series_label(slug, names) + (" (disputed)" if disputed else ""),
        legendgroup=str(slug),
        showlegend=False,
        marker=marker,
        error_y=_error_y(frame, color),
        customdata=claim_customdata(frame, names, conflict),
        hovertemplate=CLAIM_HOVERTEMPLATE,
        hoverlabel={"bordercolor": color},
    )


def _conflict_rings(x: Any, y: Any, scatter: type, *, light: bool = False) -> go.Scatter:
    """Rings around statements whose date has contradictory figures (no hover of its own).

    `light` (many markers): thinner, smaller rings, so they mark without burying the data.
    """
    return scatter(
        x=x,
        y=y,
        mode="markers",
        name=CONFLICT_NAME,
        legendgroup="key-conflict",
        marker={
            "symbol": "circle-open",
            "size": MARKER_SIZE + (6 if light else 12),
            "color": INK,
            "opacity": 0.6 if light else 1.0,
            "line": {"color": INK, "width": 1 if light else 2},
        },
        hoverinfo="skip",
    )


def _disputed_key() -> go.Scatter:
    """A legend entry explaining the open x marker (it has no data of its own)."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=DISPUTED,
        legendgroup="key-disputed",
        marker={
            "symbol": DISPUTED_SYMBOL,
            "size": MARKER_SIZE + 3,
            "color": MUTED,
            "line": {"color": MUTED, "width": 2},
        },
        hoverinfo="skip",
    )


# --- events ----------------------------------------------------------------------------------


def _events_in_range(events: pd.DataFrame | None, lo: pd.Timestamp, hi: pd.Timestamp):
    """Events (date, end_date, label, description) that touch [lo, hi], sorted by date."""
    if events is None or len(events) == 0:
        return []
    out = []
    for row in events.to_dict("records"):
        if is_missing(row.get("date")):
            continue
        start = pd.Timestamp(row["date"])
        end = row.get("end_date")
        end = pd.Timestamp(end) if not is_missing(end) else start
        end = max(end, start)
        if end < lo or start > hi:
            continue
        out.append((start, end, row.get("label"), row.get("description")))
    return sorted(out, key=lambda e: (e[0], str(e[2])))


def _add_events(fig: go.Figure, events: pd.DataFrame | None, lo, hi) -> int:
    """Draw events inside [lo, hi]: dotted line or shaded band, a short staggered label.

    Labels sit in rows at the top of the plot, over headroom the caller keeps free of data;
    a label goes to the first row where it does not run into the previous label. Returns the
    number of label rows used.
    """
    shown = _events_in_range(events, lo, hi)
    if not shown:
        return 0
    days_per_px = max((hi - lo).days, 1) / ASSUMED_PLOT_PX
    row_end: list[pd.Timestamp] = []  # where each row's last label ends (in date terms)
    rows_used = 0
    for start, end, label, description in shown:
        band_start, band_end = max(start, lo), min(end + DAY, hi)
        if end > start:
            fig.add_vrect(
                x0=band_start,
                x1=band_end,
                fillcolor="#999999",
                opacity=0.15,
                line_width=0,
                layer="below",
            )
        else:
            fig.add_vline(x=start, line={"color": MUTED, "width": 1.2, "dash": "dot"})
        text = escape_hover(label, limit=EVENT_LABEL_CHARS, width=None) or "event"
        width = pd.Timedelta(days=(len(text) * EVENT_CHAR_PX + 12) * days_per_px)
        # Near the right edge a label reads leftwards from its line so it is not clipped.
        leftwards = start + width > hi
        x0, x1 = (start - width, start) if leftwards else (start, start + width)
        row = next((i for i, e in enumerate(row_end) if x0 > e), None)
        if row is None:
            row = min(len(row_end), EVENT_ROWS - 1)
            if row == len(row_end):
                row_end.append(x1)
        row_end[row] = max(row_end[row], x1)
        rows_used = max(rows_used, row + 1)
        hover = escape_hover(label)
        if not is_missing(description) and str(description).strip():
            hover += "<br>" + escape_hover(description, limit=400)
        dates = fmt_day(start) if end == start else f"{fmt_day(start)} to {fmt_day(end)}"
        fig.add_annotation(
            x=start,
            y=1,
            yshift=-row * EVENT_ROW_PX,
            xref="x",
            yref="paper",
            yanchor="top",
            xanchor="right" if leftwards else "left",
            xshift=-4 if leftwards else 4,
            text=text,
            hovertext=f"{hover}<br>{dates}",
            showarrow=False,
            align="left",
            font={"size": SMALL_FONT_SIZE, "color": INK},
            bgcolor="rgba(255,255,255,0.85)",
        )
    return rows_used


def _y_top(y_max: float, label_rows: int) -> float:
    """Upper end of the y axis: the data's top plus room for event labels above it."""
    y_max = max(float(y_max), 1.0)
    labels_px = label_rows * EVENT_ROW_PX + 6 if label_rows else 0
    headroom = 0.05 + labels_px / ASSUMED_PLOT_HEIGHT_PX
    return y_max / (1 - headroom)


# --- builders --------------------------------------------------------------------------------


def trend_figure(
    claims: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    series_names: Mapping[Any, str] | None = None,
    max_markers: int = MAX_MARKERS,
    colors: Mapping[Any, str] | None = None,
) -> go.Figure:
    """Cumulative statements over time, one colour per series.

    Each claim is a marker at (as_of, value) with an error bar from its bounds; a line joins
    the representative points of a series within each period from its zero point (no line
    between periods). Disputed claims are open x markers; claims on a date with conflicting
    statements are ringed. Events inside the data's date range are drawn as dotted lines or
    shaded bands with short labels. Above `max_markers` claims, markers are drawn with WebGL
    and thinned for drawing (the lines keep every point). `colors` overrides series_colors,
    so a page can keep one series' colour across filtered views.
    """
    cum = _cumulative(claims)
    if cum.empty:
        return empty_figure("No running-count statements to show.", height=TREND_HEIGHT)
    cum = with_bounds(cum).sort_values(["series", "period_start", "as_of", "id"])
    pts = points(cum)
    conflict = _conflict_mask(cum, pts)
    slugs = sorted(pts["series"].astype(object).unique(), key=str)
    palette = dict(colors) if colors is not None else series_colors(slugs)
    big = len(cum) > max_markers
    scatter = go.Scattergl if big else go.Scatter
    keep = _thin(cum, pts["claim_id"].to_numpy(), max_markers)
    drawn, drawn_conflict = cum.iloc[keep], conflict[keep]

    fig = go.Figure()
    for i, slug in enumerate(slugs):
        color = palette.get(slug, PALETTE[i % len(PALETTE)])
        x, y = _period_lines(pts[pts["series"] == slug])
        fig.add_trace(
            scatter(
                x=x,
                y=y,
                mode="lines",
                name=series_label(slug, series_names),
                legendgroup=str(slug),
                line={"color": color, "width": 2},
                connectgaps=False,
                hoverinfo="skip",
            )
        )
        mine = (drawn["series"] == slug).to_numpy()
        disputed = (drawn["verification"] == DISPUTED).to_numpy()
        for is_disputed in (False, True):
            keep = mine & (disputed == is_disputed)
            if keep.any():
                part = drawn[keep]
                fig.add_trace(
                    _claim_markers(
                        part,
                        x=part["as_of"].to_numpy(dtype="datetime64[ns]"),
                        color=color,
                        slug=slug,
                        names=series_names,
                        conflict=drawn_conflict[keep],
                        disputed=is_disputed,
                        scatter=scatter,
                    )
                )
    if big:
        # Many markers: one ring per contradictory date (at its representative figure),
        # thinned like the markers, rather than one per claim.
        bad = pts[pts["conflict"].to_numpy(dtype=bool)]
        bad = bad.iloc[_thin(bad.rename(columns={"claim_id": "id"}), np.array([]), max_markers)]
        if len(bad):
            fig.add_trace(
                _conflict_rings(
                    bad["as_of"].to_numpy(dtype="datetime64[ns]"),
                    bad["value"].to_numpy(dtype=np.int64),
                    scatter,
                    light=True,
                )
            )
    elif drawn_conflict.any():
        ringed = drawn[drawn_conflict]
        fig.add_trace(
            _conflict_rings(
                ringed["as_of"].to_numpy(dtype="datetime64[ns]"),
                ringed["value"].to_numpy(dtype=np.int64),
                scatter,
            )
        )
    if (drawn["verification"] == DISPUTED).any():
        fig.add_trace(_disputed_key())

    first = pd.Timestamp(cum["period_start"].min()) - DAY
    last = pd.Timestamp(cum["as_of"].max())
    pad = max(pd.Timedelta(days=7), (last - first) * 0.03)
    lo, hi = first - pad, last + pad
    rows = _add_events(fig, events, lo, hi)
    base_layout(fig, height=TREND_HEIGHT)
    fig.update_xaxes(range=[lo, hi], **date_ticks(lo, hi))
    fig.update_yaxes(
        title_text="people",
        range=[min(0.0, float(cum["lo"].min())), _y_top(cum["hi"].max(), rows)],
    )
    if big:
        fig.add_annotation(
            text=f"showing {fmt_count(len(drawn))} of {fmt_count(len(cum))} statements as "
            "points; lines use every date",
            x=1,
            y=0,
            xref="paper",
            yref="paper",
            xanchor="right",
            yanchor="bottom",
            showarrow=False,
            font={"size": SMALL_FONT_SIZE, "color": MUTED},
            bgcolor="rgba(255,255,255,0.85)",
        )
    return fig


def _day_of_year(dates: pd.Series, year: int) -> list[int]:
    """Days since the end of 31 December of the year before (1 January -> 1)."""
    jan1 = pd.Timestamp(year=year, month=1, day=1)
    return [int(d) for d in ((pd.to_datetime(dates) - jan1).dt.days + 1)]


# Day-of-year of the start of each month (non-leap year), where its tick goes.
_MONTH_STARTS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
YEAR_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


def year_over_year_figure(
    claims: pd.DataFrame, *, series_names: Mapping[Any, str] | None = None
) -> go.Figure:
    """Each year's running count on one January-to-December axis, to compare years.

    x is the day of the year of as_of (a line starts at 0 on day 0, the end of 31 December
    before); one line per (series, year) through the representative points, with their
    error bars. Colours tell the years apart; with several series, dashes tell the series
    apart. Hover and customdata[0] (the representative claim id) as in trend_figure.
    """
    cum = _cumulative(claims)
    if cum.empty:
        return empty_figure("No running-count statements to show.", height=YEAR_HEIGHT)
    cum = with_bounds(cum)
    pts = points(cum)
    reps = cum.set_index("id").loc[pts["claim_id"].to_numpy()].reset_index()
    reps["conflict"] = pts["conflict"].to_numpy(dtype=bool)
    reps["year"] = pd.to_datetime(reps["period_start"]).dt.year.to_numpy()
    slugs = sorted(reps["series"].astype(object).unique(), key=str)
    years = sorted(reps["year"].unique())
    year_color = {y: PALETTE[i % len(PALETTE)] for i, y in enumerate(years)}
    several = len(slugs) > 1

    fig = go.Figure()
    ringed_x: list[int] = []
    ringed_y: list[int] = []
    for s, slug in enumerate(slugs):
        for year in years:
            group = reps[(reps["series"] == slug) & (reps["year"] == year)]
            if group.empty:
                continue
            group = group.sort_values(["period_start", "as_of"])
            color = year_color[year]
            name = str(year)
            if several:
                name = f"{series_label(slug, series_names)}: {year}"
            key = f"{slug}|{year}"
            x, y = _period_lines(
                group,
                x_of=lambda p, yr=year: _day_of_year(p["as_of"], yr),
                zero_x=lambda start, yr=year: _day_of_year(pd.Series([start]), yr)[0] - 1,
            )
            dash = YEAR_DASHES[s % len(YEAR_DASHES)] if several else "solid"
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=y,
                    mode="lines",
                    name=name,
                    legendgroup=key,
                    line={"color": color, "width": 2, "dash": dash},
                    connectgaps=False,
                    hoverinfo="skip",
                )
            )
            days = _day_of_year(group["as_of"], year)
            disputed = (group["verification"] == DISPUTED).to_numpy()
            fig.add_trace(
                go.Scatter(
                    x=days,
                    y=group["value"].to_numpy(dtype=np.int64),
                    mode="markers",
                    name=name,
                    legendgroup=key,
                    showlegend=False,
                    marker={
                        "color": color,
                        "size": np.where(disputed, MARKER_SIZE + 3, MARKER_SIZE).tolist(),
                        "symbol": np.where(disputed, DISPUTED_SYMBOL, "circle").tolist(),
                        "line": {"color": color, "width": 1.5},
                    },
                    error_y=_error_y(group, color),
                    customdata=claim_customdata(
                        group, series_names, group["conflict"].to_numpy(dtype=bool)
                    ),
                    hovertemplate=CLAIM_HOVERTEMPLATE,
                    hoverlabel={"bordercolor": color},
                )
            )
            conflict = group["conflict"].to_numpy(dtype=bool)
            ringed_x += [d for d, c in zip(days, conflict, strict=True) if c]
            ringed_y += group["value"][conflict].astype(int).tolist()
    if ringed_x:
        fig.add_trace(_conflict_rings(ringed_x, ringed_y, go.Scatter))
    if (reps["verification"] == DISPUTED).any():
        fig.add_trace(_disputed_key())

    base_layout(fig, height=YEAR_HEIGHT)
    fig.update_xaxes(
        range=[-4, 370],
        tickmode="array",
        tickvals=_MONTH_STARTS,
        ticktext=list(MONTHS),
        title_text="day of the year",
    )
    fig.update_yaxes(
        title_text="people",
        range=[min(0.0, float(reps["lo"].min())), _y_top(reps["hi"].max(), 0)],
    )
    return fig


def sparkline_figure(claims: pd.DataFrame, slug: Any, *, color: str | None = None) -> go.Figure:
    """A small line of one series' latest period (its representative points), no clutter.

    For a summary card: no axes, no legend, fixed axes (nothing to zoom), the latest point
    marked. Hover still names the statement (customdata[0] is its claim id). `color`
    defaults to the first palette colour; pass the series' colour to match other charts.
    """
    cum = _cumulative(claims)
    cum = cum[cum["series"] == slug]
    if cum.empty:
        return empty_figure("no statements", height=SPARK_HEIGHT)
    cum = with_bounds(cum)
    latest = cum["period_start"].max()
    cum = cum[cum["period_start"] == latest]
    pts = points(cum)
    reps = cum.set_index("id").loc[pts["claim_id"].to_numpy()].reset_index()
    color = color or PALETTE[0]
    x, y = _period_lines(pts)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            line={"color": color, "width": 2},
            fill="tozeroy",
            fillcolor=rgba(color, 0.08),
            hoverinfo="skip",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=pd.to_datetime(reps["as_of"]).tolist(),
            y=reps["value"].to_numpy(dtype=np.int64),
            mode="markers",
            marker={
                "color": color,
                "size": [4] * (len(reps) - 1) + [7],
            },
            customdata=claim_customdata(reps, None, pts["conflict"].to_numpy(dtype=bool)),
            hovertemplate=CLAIM_HOVERTEMPLATE,
        )
    )
    base_layout(fig, height=SPARK_HEIGHT)
    fig.update_layout(showlegend=False, margin={"l": 4, "r": 4, "t": 4, "b": 4})
    fig.update_xaxes(visible=False, fixedrange=True, showgrid=False)
    fig.update_yaxes(
        visible=False,
        fixedrange=True,
        showgrid=False,
        range=[0, _y_top(reps["hi"].max(), 0)],
    )
    return fig
