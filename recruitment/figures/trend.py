"""Running counts over time: every statement with its range, and the line between points.

A rounded figure is drawn with the range its wording allows (an error bar), a line joins the
representative figure of each date within one counting period only (a new year restarts from
zero, so December is never joined to January), and disputed or contradictory statements look
different from the rest. Every marker carries its claim id in customdata[0], so the page can
open the statement's source when a point is clicked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from recruitment.figures.style import (
    CLAIM_HOVERTEMPLATE,
    FONT_SIZE,
    INK,
    MUTED,
    PALETTE,
    SMALL_FONT_SIZE,
    claim_customdata,
    date_ticks,
    empty_figure,
    series_colors,
    series_label,
    styled_figure,
)
from recruitment.formatting import escape_hover, fmt_count, fmt_day, is_missing, month_name
from recruitment.i18n import N_, data_text, tr, tr_plural
from recruitment.methodology.bounds import bounds_arrays, with_bounds
from recruitment.methodology.points import DAY_NS, PointArrays, ns, point_arrays, point_keys, points

# Looks up quotes by claim id, in the order of the ids given (a page's claims leave them out).
Quotes = Callable[[np.ndarray], Sequence[str | None]]
# Heights in px: tall enough for error bars to be told apart on a laptop.
TREND_HEIGHT = 560
YEAR_HEIGHT = 520
SPARK_HEIGHT = 150  # a card's small line (sparkline_svg), in its own units and in px
# Most vertices and markers on a card's small line (drawing only).
SPARK_POINTS = 300
SPARK_MARKERS = 60
# Above this many statements, markers are drawn with WebGL and thinned (drawing only): SVG
# with tens of thousands of markers freezes the browser, and nobody can click them apart.
MAX_MARKERS = 2_000
# Above this many dates in all, lines are drawn through fewer of them that keep their shape
# (the lowest and highest of each short run): more vertices than pixels only cost time.
MAX_LINE_POINTS = 5_000
# Event labels: cut to this many characters (the full text is in their hover), in at most
# this many staggered rows kept clear of the data by headroom above it.
EVENT_LABEL_CHARS = 30
EVENT_ROWS = 3
EVENT_ROW_PX = 21  # one row of labels at SMALL_FONT_SIZE, with a little air
# Plot-area height the label headroom is computed for: TREND_HEIGHT less the margins and
# legend. A taller export only leaves more room, never less.
ASSUMED_PLOT_HEIGHT_PX = 400
# Rough width of one label character in px at SMALL_FONT_SIZE, and the plot width assumed
# when staggering labels: a phone's (the figure cannot know the screen), so labels that
# would run into each other there take separate rows; wider screens only add room.
EVENT_CHAR_PX = 7.2
ASSUMED_PLOT_PX = 300
DAY = pd.Timedelta(days=1)
NAT_NS = np.iinfo(np.int64).min  # NaT as int64 nanoseconds: a gap in a line
DISPUTED = "disputed"
DISPUTED_SYMBOL = "x-thin-open"
CONFLICT_NAME = N_("conflicting statements on one date")
DISPUTED_NAME = N_("disputed")
NO_STATEMENTS = N_("No running-count statements to show.")
MARKER_SIZE = 9


def _cumulative(claims: pd.DataFrame) -> pd.DataFrame:
    return claims[claims["measure"] == "cumulative"]


def _conflict_mask(claims: pd.DataFrame, p: PointArrays) -> np.ndarray:
    """For each claim, whether its point (among the points `p`) has conflicting statements."""
    bad = p.take(p.conflict)
    if len(bad) == 0:
        return np.zeros(len(claims), dtype=bool)
    keys = pd.DataFrame(
        {
            "series": bad.series(),
            "period_start": bad.period_start.view("datetime64[ns]"),
            "as_of": bad.as_of.view("datetime64[ns]"),
        }
    )
    return point_keys(claims).isin(point_keys(keys))


def _decimate(y: np.ndarray, keep: int) -> np.ndarray:
    """Positions of about `keep` of a line's points that keep its shape: the first, the last,
    and the lowest and highest of each of keep / 2 equal runs (for drawing only)."""
    n = y.size
    if n <= max(keep, 2):
        return np.arange(n)
    edges = np.unique(np.linspace(0, n, max(keep // 2, 1) + 1).astype(np.int64))
    starts = edges[:-1]
    run = np.repeat(np.arange(starts.size), np.diff(edges))
    pos = np.arange(n)
    low = np.where(y == np.minimum.reduceat(y, starts)[run], pos, n)
    high = np.where(y == np.maximum.reduceat(y, starts)[run], pos, n)
    firsts = [np.minimum.reduceat(low, starts), np.minimum.reduceat(high, starts)]
    return np.unique(np.concatenate([[0, n - 1], *firsts]))


def _line_xy(
    start: np.ndarray, as_of: np.ndarray, value: np.ndarray, share: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """x (datetime64, NaT between periods) and y (float, NaN between) of one series' line.

    Takes the series' points (int64 nanosecond dates, any order). Each period is one segment
    from its zero point (the end of the day before period_start, at 0) through its points by
    date; a gap separates periods, so no line joins December to the next January. With
    `share` < 1 each segment keeps about that share of its points (see `_decimate`).
    """
    order = np.lexsort((as_of, start))
    start, as_of, value = start[order], as_of[order], value[order].astype(np.float64)
    cuts = np.flatnonzero(np.diff(start)) + 1
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for a, b in zip(np.r_[0, cuts], np.r_[cuts, start.size], strict=True):
        keep = _decimate(value[a:b], int(np.ceil((b - a) * share))) if share < 1 else slice(None)
        if xs:
            xs.append(np.array([NAT_NS]))
            ys.append(np.array([np.nan]))
        xs.append(np.r_[start[a] - DAY_NS, as_of[a:b][keep]])
        ys.append(np.r_[0.0, value[a:b][keep]])
    if not xs:
        return np.zeros(0, dtype="datetime64[ns]"), np.zeros(0)
    return np.concatenate(xs).astype(np.int64).view("datetime64[ns]"), np.concatenate(ys)


def _with_quotes(drawn: pd.DataFrame, quotes: Quotes | None) -> pd.DataFrame:
    """The drawn claims with their quotes, looked up when the frame has none."""
    if quotes is None or "quote" in drawn or drawn.empty:
        return drawn
    return drawn.assign(quote=quotes(drawn["id"].to_numpy()))


def _thin(ids: np.ndarray, rep_ids: np.ndarray, max_markers: int) -> np.ndarray:
    """Positions of at most max_markers of the claims `ids` to draw: representatives first,
    then evenly spread others."""
    if ids.size <= max_markers:
        return np.arange(ids.size)
    is_rep = np.isin(ids, rep_ids)
    reps = np.flatnonzero(is_rep)
    others = np.flatnonzero(~is_rep)
    if reps.size >= max_markers:
        keep = reps[np.linspace(0, reps.size - 1, max_markers).round().astype(np.int64)]
    else:
        room = max_markers - reps.size
        pick = np.linspace(0, others.size - 1, room).round().astype(np.int64)
        keep = np.concatenate([reps, others[np.unique(pick)]])
    return np.unique(keep)


def _trace(kind: str) -> Any:
    """A maker of plain trace dicts of one type ("scatter" or "scattergl").

    The figure is built once from all of them (go.Figure(data=[...])): adding hundreds of
    validated trace objects one by one costs several times more."""
    return lambda **props: {"type": kind, **props}


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
    group: str,
    names: Mapping[Any, str] | None,
    customdata: np.ndarray,
    disputed: bool,
    scatter: Any,
) -> dict[str, Any]:
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
        legendgroup=group,
        showlegend=False,
        marker=marker,
        error_y=_error_y(frame, color),
        customdata=customdata,
        hovertemplate=tr(CLAIM_HOVERTEMPLATE),
        hoverlabel={"bordercolor": color},
    )


def _names(labels: list[str]) -> str:
    """A legend entry for the series drawn in one colour: "A", "A and B", "A, B and 3 more"."""
    if len(labels) == 1:
        return labels[0]
    if len(labels) == 2:
        return tr("{names} and {last}").format(names=labels[0], last=labels[1])
    more = tr_plural("{names} and {count} more", "{names} and {count} more", len(labels) - 2)
    return more.format(names=f"{labels[0]}, {labels[1]}", count=len(labels) - 2)


def _merged_markers(
    drawn: pd.DataFrame,
    customdata: np.ndarray,
    disputed: np.ndarray,
    palette: Mapping[Any, str],
    scatter: Any,
) -> list[dict[str, Any]]:
    """Many markers as two traces (stated, and disputed ones open), coloured point by point
    with neutral error bars: a browser draws two large WebGL traces far faster than a pair
    per series."""
    colors = drawn["series"].astype(object).map(palette).fillna(MUTED).to_numpy(dtype=object)
    out = []
    for is_disputed in (False, True):
        keep = disputed == is_disputed
        if not keep.any():
            continue
        part = drawn[keep]
        marker: dict[str, Any] = {
            "color": colors[keep],
            "size": MARKER_SIZE + 3 if is_disputed else MARKER_SIZE - 2,
            "symbol": DISPUTED_SYMBOL if is_disputed else "circle",
            "line": {"color": colors[keep], "width": 2} if is_disputed else {"width": 0},
        }
        out.append(
            scatter(
                x=part["as_of"].to_numpy(dtype="datetime64[ns]"),
                y=part["value"].to_numpy(dtype=np.int64),
                mode="markers",
                name="statements (disputed)" if is_disputed else "statements",
                showlegend=False,
                marker=marker,
                error_y={**_error_y(part, MUTED), "thickness": 1, "width": 3},
                customdata=customdata[keep],
                hovertemplate=tr(CLAIM_HOVERTEMPLATE),
            )
        )
    return out


def _conflict_rings(x: Any, y: Any, scatter: Any, *, light: bool = False) -> dict[str, Any]:
    """Rings around statements whose date has contradictory figures (no hover of its own).

    `light` (many markers): thinner, smaller rings, so they mark without burying the data.
    """
    return scatter(
        x=x,
        y=y,
        mode="markers",
        name=tr(CONFLICT_NAME),
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


def _disputed_key() -> dict[str, Any]:
    """A legend entry explaining the open x marker (it has no data of its own)."""
    return dict(
        type="scatter",
        x=[None],
        y=[None],
        mode="markers",
        name=tr(DISPUTED_NAME),
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


def _event_marks(events: pd.DataFrame | None, lo, hi) -> tuple[list, list, int]:
    """Events inside [lo, hi]: a dotted line or shaded band each, and a short staggered label.

    Labels sit in rows at the top of the plot, over headroom the caller keeps free of data;
    a label goes to the first row where it does not run into the previous label. Returns the
    layout shapes, the annotations and the number of label rows used.
    """
    shapes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    shown = _events_in_range(events, lo, hi)
    if not shown:
        return shapes, notes, 0
    days_per_px = max((hi - lo).days, 1) / ASSUMED_PLOT_PX
    row_end: list[pd.Timestamp] = []  # where each row's last label ends (in date terms)
    rows_used = 0
    for start, end, label, description in shown:
        band_start, band_end = max(start, lo), min(end + DAY, hi)
        across = {"xref": "x", "yref": "y domain", "y0": 0, "y1": 1}
        if end > start:
            band = {"fillcolor": "#999999", "opacity": 0.15, "line": {"width": 0}}
            shapes.append(
                {"type": "rect", "x0": band_start, "x1": band_end, "layer": "below", **band}
                | across
            )
        else:
            dotted = {"color": MUTED, "width": 1.2, "dash": "dot"}
            shapes.append({"type": "line", "x0": start, "x1": start, "line": dotted} | across)
        label = label if is_missing(label) else data_text(str(label))
        text = escape_hover(label, limit=EVENT_LABEL_CHARS, width=None) or tr("event")
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
        notes.append(
            {
                "x": start,
                "y": 1,
                "yshift": -row * EVENT_ROW_PX,
                "xref": "x",
                "yref": "paper",
                "yanchor": "top",
                "xanchor": "right" if leftwards else "left",
                "xshift": -4 if leftwards else 4,
                "text": text,
                "hovertext": f"{hover}<br>{dates}",
                "showarrow": False,
                "align": "left",
                "font": {"size": SMALL_FONT_SIZE, "color": INK},
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        )
    return shapes, notes, rows_used


def _y_top(y_max: float, label_rows: int) -> float:
    """Upper end of the y axis: the data's top plus room for event labels above it."""
    y_max = max(float(y_max), 1.0)
    labels_px = label_rows * EVENT_ROW_PX + 6 if label_rows else 0
    headroom = 0.05 + labels_px / ASSUMED_PLOT_HEIGHT_PX
    return y_max / (1 - headroom)


# --- trend_figure steps ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Markers:
    """The claims drawn as markers (all, or a thinned set), row for row with their hover data."""

    frame: pd.DataFrame
    series: np.ndarray
    customdata: np.ndarray
    disputed: np.ndarray
    conflict: np.ndarray


def _drawn_claims(
    claims: pd.DataFrame,
    at: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    p: PointArrays,
    max_markers: int,
    series_names: Mapping[Any, str] | None,
    quotes: Quotes | None,
) -> _Markers:
    """The running counts at `at` that get a marker, so hover texts are built for those alone."""
    keep = _thin(claims["id"].to_numpy(dtype=np.int64)[at], p.claim_id, max_markers)
    drawn = claims.iloc[at[keep]].assign(lo=lo[keep], hi=hi[keep])
    drawn = drawn.sort_values(["series", "period_start", "as_of", "id"], kind="stable")
    conflict = _conflict_mask(drawn, p)
    return _Markers(
        frame=drawn,
        series=drawn["series"].to_numpy(dtype=object),
        customdata=claim_customdata(_with_quotes(drawn, quotes), series_names, conflict),
        disputed=(drawn["verification"] == DISPUTED).to_numpy(),
        conflict=conflict,
    )


def _color_groups(
    p: PointArrays, palette: Mapping[Any, str]
) -> dict[str, list[tuple[Any, int, int]]]:
    """The series of each colour with their runs of points, so one colour is one line trace."""
    # With more series than colours, those sharing a colour share a trace (and a legend entry
    # naming them), which a browser draws far faster.
    by_color: dict[str, list[tuple[Any, int, int]]] = {}
    cuts = np.flatnonzero(np.diff(p.series_code)) + 1
    for i, (a, b) in enumerate(zip(np.r_[0, cuts], np.r_[cuts, len(p)], strict=True)):
        slug = p.series_names[p.series_code[a]]
        by_color.setdefault(palette.get(slug, PALETTE[i % len(PALETTE)]), []).append((slug, a, b))
    return by_color


def _color_line(
    p: PointArrays,
    members: list[tuple[Any, int, int]],
    color: str,
    group: str,
    share: float,
    series_names: Mapping[Any, str] | None,
    scatter: Any,
) -> tuple[dict[str, Any], int]:
    """One colour's line, and how many dates it draws besides zero points (for the note)."""
    xs, ys = [], []
    dates = 0
    for _, a, b in members:
        x, y = _line_xy(p.period_start[a:b], p.as_of[a:b], p.value[a:b], share)
        dates += int(np.count_nonzero(~np.isnan(y))) - len(np.unique(p.period_start[a:b]))
        xs += [x, np.array([NAT_NS]).view("datetime64[ns]")]
        ys += [y, np.array([np.nan])]
    line = scatter(
        x=np.concatenate(xs[:-1]),
        y=np.concatenate(ys[:-1]),
        mode="lines",
        name=_names([series_label(slug, series_names) for slug, _, _ in members]),
        legendgroup=group,
        line={"color": color, "width": 2},
        connectgaps=False,
        hoverinfo="skip",
    )
    return line, dates


def _color_markers(
    marks: _Markers,
    members: list[tuple[Any, int, int]],
    color: str,
    group: str,
    series_names: Mapping[Any, str] | None,
    scatter: Any,
) -> list[dict[str, Any]]:
    """Markers of one colour's series, per series and disputed apart, in their line's group."""
    traces = []
    for slug, _, _ in members:
        mine = marks.series == slug
        for is_disputed in (False, True):
            part_mask = mine & (marks.disputed == is_disputed)
            if part_mask.any():
                part = marks.frame[part_mask]
                traces.append(
                    _claim_markers(
                        part,
                        x=part["as_of"].to_numpy(dtype="datetime64[ns]"),
                        color=color,
                        slug=slug,
                        group=group,
                        names=series_names,
                        customdata=marks.customdata[part_mask],
                        disputed=is_disputed,
                        scatter=scatter,
                    )
                )
    return traces


def _color_traces(
    p: PointArrays,
    marks: _Markers,
    palette: Mapping[Any, str],
    share: float,
    series_names: Mapping[Any, str] | None,
    scatter: Any,
    *,
    markers: bool,
) -> tuple[list[dict[str, Any]], int]:
    """Each colour's line, then its markers unless all are merged; and the dates drawn on lines."""
    traces: list[dict[str, Any]] = []
    line_points = 0
    for color, members in _color_groups(p, palette).items():
        group = str(members[0][0]) if len(members) == 1 else f"colour {color}"
        line, dates = _color_line(p, members, color, group, share, series_names, scatter)
        traces.append(line)
        line_points += dates
        if markers:
            traces += _color_markers(marks, members, color, group, series_names, scatter)
    return traces, line_points


def _trend_rings(
    p: PointArrays, marks: _Markers, thinned: bool, max_markers: int, scatter: Any
) -> list[dict[str, Any]]:
    """Rings on contradictory dates, so a conflict shows whether or not markers are thinned."""
    if thinned:
        # Many markers: one ring per contradictory date (at its representative figure),
        # thinned like the markers, rather than one per claim.
        bad = p.take(p.conflict)
        ring = _thin(bad.claim_id, np.array([], dtype=np.int64), max_markers)
        if ring.size == 0:
            return []
        x = bad.as_of[ring].view("datetime64[ns]")
        return [_conflict_rings(x, bad.value[ring], scatter, light=True)]
    if not marks.conflict.any():
        return []
    ringed = marks.frame[marks.conflict]
    x = ringed["as_of"].to_numpy(dtype="datetime64[ns]")
    return [_conflict_rings(x, ringed["value"].to_numpy(dtype=np.int64), scatter)]


def _trend_x_range(p: PointArrays) -> tuple[pd.Timestamp, pd.Timestamp]:
    """From the first zero point to the last point, padded so no marker sits on an edge."""
    first = pd.Timestamp(p.period_start.min()) - DAY
    last = pd.Timestamp(p.as_of.max())
    pad = max(pd.Timedelta(days=7), (last - first) * 0.03)
    return first - pad, last + pad


def _thinning_note(
    markers: tuple[int, int] | None, dates: tuple[int, int] | None
) -> list[dict[str, Any]]:
    """The corner note on what was thinned (drawn, of all), so none reads the chart as whole."""
    shown = []
    if markers is not None:
        of = tr_plural(
            "{shown} of {count} statement as points",
            "{shown} of {count} statements as points",
            markers[1],
        )
        shown.append(of.format(shown=fmt_count(markers[0]), count=fmt_count(markers[1])))
    if dates is not None:
        of = tr_plural(
            "{shown} of {count} date on the lines",
            "{shown} of {count} dates on the lines",
            dates[1],
        )
        shown.append(of.format(shown=fmt_count(dates[0]), count=fmt_count(dates[1])))
    if not shown:
        return []
    return [
        {
            "text": tr("showing {what}; tables and exports have them all").format(
                what=tr(" and ").join(shown)
            ),
            "x": 1,
            "y": 0,
            "xref": "paper",
            "yref": "paper",
            "xanchor": "right",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": SMALL_FONT_SIZE, "color": MUTED},
            "bgcolor": "rgba(255,255,255,0.85)",
        }
    ]


# --- builders --------------------------------------------------------------------------------


def trend_figure(
    claims: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    series_names: Mapping[Any, str] | None = None,
    max_markers: int = MAX_MARKERS,
    max_line_points: int = MAX_LINE_POINTS,
    colors: Mapping[Any, str] | None = None,
    quotes: Quotes | None = None,
) -> go.Figure:
    """Cumulative statements over time, one colour per series.

    Each claim is a marker at (as_of, value) with an error bar from its bounds; a line joins
    the representative points of a series within each period from its zero point (no line
    between periods). Disputed claims are open x markers; claims on a date with conflicting
    statements are ringed. Events inside the data's date range are drawn as dotted lines or
    shaded bands with short labels. Above `max_markers` claims, markers are drawn with WebGL
    and thinned, and above `max_line_points` points the lines keep the shape of every period
    through fewer of its dates: drawing only, and the chart says so. `colors` overrides
    series_colors, so a page can keep one series' colour across filtered views. `quotes`
    looks up the quotes of the drawn claims when `claims` comes without them.
    """
    # Positions of the running counts among the claims: no copy of them all is made.
    at = np.flatnonzero((claims["measure"] == "cumulative").to_numpy())
    if at.size == 0:
        return empty_figure(tr(NO_STATEMENTS), height=TREND_HEIGHT)
    p = point_arrays(claims, measures=("cumulative",))
    lo, hi = (bound[at] for bound in bounds_arrays(claims))
    slugs = list(p.series_names[np.unique(p.series_code)])
    palette = dict(colors) if colors is not None else series_colors(slugs)
    big = at.size > max_markers
    scatter = _trace("scattergl" if big else "scatter")
    marks = _drawn_claims(claims, at, lo, hi, p, max_markers, series_names, quotes)
    share = min(1.0, max_line_points / len(p))
    traces, line_points = _color_traces(
        p, marks, palette, share, series_names, scatter, markers=not big
    )
    if big:
        traces += _merged_markers(marks.frame, marks.customdata, marks.disputed, palette, scatter)
    traces += _trend_rings(p, marks, big, max_markers, scatter)
    if marks.disputed.any():
        traces.append(_disputed_key())

    x_lo, x_hi = _trend_x_range(p)
    shapes, notes, rows = _event_marks(events, x_lo, x_hi)
    notes += _thinning_note(
        (len(marks.frame), at.size) if big else None,
        (line_points, len(p)) if share < 1 else None,
    )
    return styled_figure(
        traces,
        height=TREND_HEIGHT,
        shapes=shapes,
        annotations=notes,
        xaxis={"range": [x_lo, x_hi], **date_ticks(x_lo, x_hi)},
        yaxis={
            "title": {"text": tr("people")},
            "range": [min(0.0, float(lo.min())), _y_top(hi.max(), rows)],
        },
    )


# --- year_over_year_figure steps -------------------------------------------------------------

# Day-of-year of the start of each month (non-leap year), where its tick goes.
_MONTH_STARTS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
YEAR_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")


class _Look(NamedTuple):
    """How one (series, year) is drawn, shared by its line and its markers."""

    name: str
    group: str
    color: str
    dash: str


def _year_reps(claims: pd.DataFrame, p: PointArrays) -> pd.DataFrame:
    """Each point's representative claim with its bounds, conflict and year: what a year draws."""
    lo, hi = bounds_arrays(claims)
    rep = pd.Index(claims["id"].to_numpy(dtype=np.int64)).get_indexer(p.claim_id)
    return claims.iloc[rep].assign(
        lo=lo[rep], hi=hi[rep], conflict=p.conflict,
        year=p.period_start.view("datetime64[ns]").astype("datetime64[Y]").astype(int) + 1970,
    )  # fmt: skip


def _year_looks(
    p: PointArrays, year: np.ndarray, series_names: Mapping[Any, str] | None
) -> list[tuple[np.ndarray, int, _Look]]:
    """The points, year and look of each (series, year): colours tell years, dashes series."""
    year_color = {y: PALETTE[i % len(PALETTE)] for i, y in enumerate(np.unique(year))}
    # Dashes tell series apart in the order of their names (codes count every series).
    dash_of = {int(code): i for i, code in enumerate(np.unique(p.series_code))}
    several = len(dash_of) > 1
    # Points come by series, then period: one group per (series, year), in that order.
    group_of = pd.Series(p.series_code * 10_000 + year)
    looks = []
    for rows in group_of.groupby(group_of, sort=True).indices.values():
        code, y = int(p.series_code[rows[0]]), int(year[rows[0]])
        slug = p.series_names[code]
        name = f"{series_label(slug, series_names)}: {y}" if several else str(y)
        dash = YEAR_DASHES[dash_of[code] % len(YEAR_DASHES)] if several else "solid"
        looks.append((rows, y, _Look(name, f"{slug}|{y}", year_color[y], dash)))
    return looks


def _year_line(
    p: PointArrays, rows: np.ndarray, jan1_ns: int, share: float, look: _Look, scatter: Any
) -> dict[str, Any]:
    """One (series, year)'s line through its points, on the day-of-year axis."""
    x, y = _line_xy(p.period_start[rows], p.as_of[rows], p.value[rows], share)
    return scatter(
        x=_days(x, jan1_ns),
        y=y,
        mode="lines",
        name=look.name,
        legendgroup=look.group,
        line={"color": look.color, "width": 2, "dash": look.dash},
        connectgaps=False,
        hoverinfo="skip",
    )


def _year_markers(
    group: pd.DataFrame, customdata: np.ndarray, jan1_ns: int, look: _Look, scatter: Any
) -> dict[str, Any]:
    """One (series, year)'s drawn points as markers in its line's colour, disputed ones open."""
    disputed = (group["verification"] == DISPUTED).to_numpy()
    return scatter(
        x=_days(ns(group["as_of"]), jan1_ns),
        y=group["value"].to_numpy(dtype=np.int64),
        mode="markers",
        name=look.name,
        legendgroup=look.group,
        showlegend=False,
        marker={
            "color": look.color,
            "size": np.where(disputed, MARKER_SIZE + 3, MARKER_SIZE).tolist(),
            "symbol": np.where(disputed, DISPUTED_SYMBOL, "circle").tolist(),
            "line": {"color": look.color, "width": 1.5},
        },
        error_y=_error_y(group, look.color),
        customdata=customdata,
        hovertemplate=tr(CLAIM_HOVERTEMPLATE),
        hoverlabel={"bordercolor": look.color},
    )


def _year_traces(
    p: PointArrays,
    reps: pd.DataFrame,
    drawn: np.ndarray,
    hover: np.ndarray,
    share: float,
    series_names: Mapping[Any, str] | None,
    scatter: Any,
    *,
    light: bool,
) -> list[dict[str, Any]]:
    """Line and markers of each (series, year), then one trace of rings on contradictory dates."""
    hover_at = np.cumsum(drawn) - 1  # `hover` has a row per drawn point
    traces: list[dict[str, Any]] = []
    ringed_x: list[np.ndarray] = []
    ringed_y: list[np.ndarray] = []
    for rows, year, look in _year_looks(p, reps["year"].to_numpy(), series_names):
        jan1_ns = np.datetime64(f"{year}-01-01", "ns").astype(np.int64)
        traces.append(_year_line(p, rows, jan1_ns, share, look, scatter))
        shown = rows[drawn[rows]]
        if shown.size == 0:
            continue
        group = reps.iloc[shown]
        markers = _year_markers(group, hover[hover_at[shown]], jan1_ns, look, scatter)
        traces.append(markers)
        conflict = group["conflict"].to_numpy(dtype=bool)
        ringed_x.append(markers["x"][conflict])
        ringed_y.append(markers["y"][conflict])
    if ringed_x and any(r.size for r in ringed_x):
        rings = _conflict_rings(
            np.concatenate(ringed_x), np.concatenate(ringed_y), scatter, light=light
        )
        traces.append(rings)
    return traces


def year_over_year_figure(
    claims: pd.DataFrame,
    *,
    series_names: Mapping[Any, str] | None = None,
    max_markers: int = MAX_MARKERS,
    max_line_points: int = MAX_LINE_POINTS,
    quotes: Quotes | None = None,
) -> go.Figure:
    """Each year's running count on one January-to-December axis, to compare years.

    x is the day of the year of as_of (a line starts at 0 on day 0, the end of 31 December
    before); one line per (series, year) through the representative points, with their
    error bars. Colours tell the years apart; with several series, dashes tell the series
    apart. Hover and customdata[0] (the representative claim id) as in trend_figure, and
    the same thinning for drawing above `max_markers` and `max_line_points`.
    """
    if not (claims["measure"] == "cumulative").any():
        return empty_figure(tr(NO_STATEMENTS), height=YEAR_HEIGHT)
    p = point_arrays(claims, measures=("cumulative",))
    reps = _year_reps(claims, p)
    big = len(reps) > max_markers
    scatter = _trace("scattergl" if big else "scatter")
    drawn = np.zeros(len(reps), dtype=bool)
    drawn[_thin(p.claim_id, p.claim_id, max_markers)] = True
    # Hover texts of every drawn marker at once (texts repeat across groups), then by group.
    hover = claim_customdata(_with_quotes(reps[drawn], quotes), series_names, p.conflict[drawn])
    share = min(1.0, max_line_points / len(reps))
    traces = _year_traces(p, reps, drawn, hover, share, series_names, scatter, light=big)
    if (reps["verification"] == DISPUTED).any():
        traces.append(_disputed_key())

    return styled_figure(
        traces,
        height=YEAR_HEIGHT,
        xaxis={
            "range": [-4, 370],
            "tickmode": "array",
            "tickvals": _MONTH_STARTS,
            "ticktext": [month_name(m) for m in range(1, 13)],
            "title": {"text": tr("day of the year")},
        },
        yaxis={
            "title": {"text": tr("people")},
            "range": [min(0.0, float(reps["lo"].min())), _y_top(reps["hi"].max(), 0)],
        },
    )


def _days(dates: np.ndarray, jan1_ns: int) -> np.ndarray:
    """Dates as days since the end of 31 December of the year before (1 January -> 1);
    NaT (a gap) stays a gap, as NaN."""
    raw = np.asarray(dates).view(np.int64)
    days = (raw - jan1_ns) // DAY_NS + 1
    return np.where(raw == NAT_NS, np.nan, days.astype(np.float64))


@dataclass(frozen=True)
class Sparkline:
    """What a card's small line draws: one series' latest period as a line from zero (x in
    int64 nanoseconds), its representative statements as markers (the last is the latest),
    and the top of the y range."""

    line_x: np.ndarray
    line_y: np.ndarray
    marker_x: np.ndarray
    marker_y: np.ndarray
    top: float


def sparkline(claims: pd.DataFrame, slug: Any) -> Sparkline | None:
    """The small line of one series' latest period (its representative points), or None when
    the series has no running-count statement."""
    cum = _cumulative(claims)
    cum = cum[cum["series"] == slug]
    if cum.empty:
        return None
    cum = with_bounds(cum)
    latest = cum["period_start"].max()
    cum = cum[cum["period_start"] == latest]
    pts = points(cum)
    # A card's line is a few hundred pixels wide: more vertices or markers than that only
    # cost time (dozens of cards share one page); the latest point is always marked.
    shown = np.unique(np.linspace(0, len(pts) - 1, min(len(pts), SPARK_MARKERS)).astype(int))
    reps = cum.iloc[pd.Index(cum["id"]).get_indexer(pts["claim_id"].to_numpy()[shown])]
    x, y = _line_xy(
        ns(pts["period_start"]), ns(pts["as_of"]), pts["value"].to_numpy(),
        min(1.0, SPARK_POINTS / len(pts)),
    )  # fmt: skip
    return Sparkline(
        x.view(np.int64), y, ns(reps["as_of"]), reps["value"].to_numpy(dtype=np.float64),
        _y_top(reps["hi"].max(), 0),
    )  # fmt: skip


def sparkline_svg(spark: Sparkline | None, *, color: str | None = None) -> str:
    """A card's small line as an SVG picture: the line filled down to zero, the statements as
    dots, the latest one larger; no axes, no text.

    A card's line is a static picture, so it is drawn as one rather than as an interactive
    chart: the Overview then needs no charting code in the reader's browser, and each card
    costs the server a few hundred bytes a page view instead of a chart's specification. The
    picture stretches to the card's width (dots and line keep their size in pixels); it is
    drawn 150 px high, as a browser draws a picture that gives no height of its own."""
    # Room for the latest dot's radius at the ends: a card on a phone is about 350 px wide,
    # where one unit of the 1,000 across is a third of a pixel.
    width, height, pad_x, pad_y = 1000, SPARK_HEIGHT, 14, 5
    if spark is None or spark.line_x.size == 0:
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">'
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" '
            f'dominant-baseline="middle" font-family="sans-serif" font-size="{FONT_SIZE}" '
            f'fill="{MUTED}">no statements</text></svg>'
        )
    color = color or PALETTE[0]
    x0, x1 = spark.line_x.min(), spark.line_x.max()

    def xs(x: np.ndarray) -> list[str]:
        return [f"{v:.1f}" for v in (pad_x + (x - x0) / max(x1 - x0, 1) * (width - 2 * pad_x))]

    def ys(y: np.ndarray) -> list[str]:
        return [
            f"{v:.1f}" for v in (height - pad_y - y / max(spark.top, 1.0) * (height - 2 * pad_y))
        ]

    line_x = xs(spark.line_x.astype(np.float64))
    line = [f"{x},{y}" for x, y in zip(line_x, ys(spark.line_y), strict=True)]
    dots = [f"{x},{y}" for x, y in zip(xs(spark.marker_x.astype(np.float64)),
                                        ys(spark.marker_y), strict=True)]  # fmt: skip
    base = height - pad_y
    stroke = f'stroke="{color}" vector-effect="non-scaling-stroke"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'preserveAspectRatio="none">'
        f'<path d="M{line_x[0]},{base} L{" L".join(line)} L{line_x[-1]},{base} Z" '
        f'fill="{color}" fill-opacity="0.08"/>'
        f'<path d="M{" L".join(line)}" fill="none" {stroke} stroke-width="2" '
        f'stroke-linejoin="round"/>'
        f'<path d="{" ".join(f"M{d}h0" for d in dots[:-1])}" {stroke} stroke-width="4" '
        f'stroke-linecap="round"/>'
        f'<path d="M{dots[-1]}h0" {stroke} stroke-width="7" stroke-linecap="round"/></svg>'
    )
