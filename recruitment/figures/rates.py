"""Implied monthly rates between statements, beside the paces officials state, and by month.

An implied rate is only as precise as the two rounded figures it comes from, so every interval
is drawn over the band its bounds allow; an interval whose statements contradict each other
(a decrease, or a conflicting end point) is dashed and says why on hover. Bounds are never
clamped: a band may dip below zero, which the zero line makes plain.

A flagged interval a few days long can imply hundreds of thousands a month; drawn to scale it
would flatten every other line. The y axis is fitted to the intervals that can all be true and
to the stated paces; a flagged interval wholly beyond it is marked at the axis edge, with its
hover, and a note on the chart counts such intervals and gives their extremes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from recruitment.figures.style import (
    INK,
    MUTED,
    PALETTE,
    SMALL_FONT_SIZE,
    base_layout,
    date_ticks,
    dates_text,
    empty_figure,
    quote_text,
    rgba,
    series_colors,
    series_label,
    source_text,
    verification_text,
    who_text,
)
from recruitment.formatting import (
    escape_hover,
    fmt_count,
    fmt_month,
    fmt_percent,
    fmt_period,
    fmt_span,
    is_missing,
)
from recruitment.i18n import N_, tr, tr_plural
from recruitment.methodology.rates import contradicted
from recruitment.methodology.rounding import round_half_away

RATES_HEIGHT = 520
MONTHS_HEIGHT = 480
# Band opacity: light enough that overlapping series' bands stay readable.
BAND_ALPHA = 0.18
# What each interval flag means, for the hover of a dashed interval.
FLAG_REASONS = {
    "decrease": N_("decrease: the later figure is lower than the earlier one"),
    "conflict": N_("conflict: statements about the end date disagree"),
    "overlap": N_("overlap: another period total of the series covers some of the same days"),
}
FLAGGED_NAME = N_("flagged interval (decrease, conflict or overlap)")
PARTIAL_NAME = N_("month only partly covered by statements")
PER_MONTH = N_("people per month")
# A month whose statements cover less than this share is drawn hatched and labelled.
FULL_COVERAGE = 0.999
# Share of the y span kept free beyond the bars for a vertical coverage label.
LABEL_ROOM = 0.2
# A flagged level further than this share of the fitted y span beyond it is marked at the
# axis edge; a nearer one stretches the axis. Then the share of the span added below and above
# the data.
STRETCH = 0.5
Y_PAD = 0.06

INTERVAL_HOVERTEMPLATE = N_(
    "<b>%{customdata[1]}</b><br>"
    "%{customdata[2]}<br>"
    "%{customdata[3]}<br>"
    "<b>%{customdata[4]} a month</b>, range %{customdata[5]}"
    "%{customdata[6]}"
    "<extra></extra>"
)
PACE_HOVERTEMPLATE = N_(
    "<b>%{customdata[1]}</b>  (%{customdata[2]} a month, range %{customdata[3]})<br>"
    "stated pace: %{customdata[4]}<br>"
    "%{customdata[5]}<br>"
    "%{customdata[6]}<br>"
    "%{customdata[7]}<br>"
    "verification: %{customdata[8]}"
    "%{customdata[9]}"
    "<extra></extra>"
)
MONTH_HOVERTEMPLATE = N_(
    "<b>%{customdata[0]}</b><br>"
    "%{customdata[1]}<br>"
    "about %{customdata[2]} implied recruits<br>"
    "statements cover %{customdata[3]}"
    "%{customdata[4]}"
    "<extra></extra>"
)
FLAGGED_MONTH = N_(
    "includes a flagged interval: a later figure is lower, or statements about one date disagree"
)
FLAGGED_MONTH_NAME = N_("month with a flagged interval (decrease or conflict)")


def _whole(x: Any) -> str:
    """A rate as people read it: rounded to whole people, halves away from zero."""
    if is_missing(x) or not np.isfinite(float(x)):
        return "–"
    return fmt_count(int(round_half_away(float(x))))


def _interval_rows(iv: pd.DataFrame, label: str) -> list[tuple]:
    """customdata per interval (INTERVAL_HOVERTEMPLATE); [0] is the end point's claim id."""
    rows = []
    for r in iv.itertuples(index=False):
        days = tr_plural("{count} day", "{count} days", int(r.days)).format(count=fmt_count(r.days))
        increase = tr("increase {count}").format(count=fmt_count(r.increase))
        if r.measure == "cumulative":
            increase += " (" + tr("from {low} to {high}").format(
                low=fmt_count(r.value_from), high=fmt_count(r.value_to)
            ) + ")"  # fmt: skip
        flags = [f for f in str(r.flags or "").split(";") if f]
        flag_text = "".join(
            "<br><b>" + tr("flagged {reason}").format(reason=tr(FLAG_REASONS.get(f, f))) + "</b>"
            for f in flags
        )
        rows.append(
            (
                int(r.to_claim_id),
                label,
                f"{fmt_period(r.from_date, r.to_date)} ({days})",
                increase,
                _whole(r.monthly_rate),
                fmt_span(_whole(r.monthly_rate_low), _whole(r.monthly_rate_high)),
                flag_text,
            )
        )
    return rows


def _segments(iv: pd.DataFrame, label: str) -> tuple[list, list, list]:
    """x, y, customdata of level segments (from, middle, to; None between intervals).

    The middle vertex is there so hovering anywhere near a long segment finds a point.
    """
    xs: list[Any] = []
    ys: list[Any] = []
    data: list[Any] = []
    for r, row in zip(iv.itertuples(index=False), _interval_rows(iv, label), strict=True):
        start, end = pd.Timestamp(r.from_date), pd.Timestamp(r.to_date)
        xs += [start, start + (end - start) / 2, end, None]
        ys += [r.monthly_rate] * 3 + [None]
        data += [row, row, row, (None,) * len(row)]
    return xs, ys, data


def _band(iv: pd.DataFrame) -> tuple[list, list]:
    """Closed polygons from monthly_rate_low to monthly_rate_high, separated by None."""
    xs: list[Any] = []
    ys: list[Any] = []
    for r in iv.itertuples(index=False):
        start, end = pd.Timestamp(r.from_date), pd.Timestamp(r.to_date)
        lo, hi = r.monthly_rate_low, r.monthly_rate_high
        xs += [start, end, end, start, start, None]
        ys += [lo, lo, hi, hi, lo, None]
    return xs, ys


def _pace_rows(paces: pd.DataFrame, label: str) -> list[tuple]:
    """customdata per stated pace (PACE_HOVERTEMPLATE); [0] is the claim id."""
    rows = []
    for r in paces.itertuples(index=False):
        rows.append(
            (
                int(r.claim_id),
                escape_hover(r.said, width=None),
                _whole(r.per_month),
                fmt_span(_whole(r.per_month_low), _whole(r.per_month_high)),
                label,
                who_text(r.speaker, getattr(r, "body", None)),
                dates_text(r.as_of, r.announced_on),
                source_text(r.outlet, r.url),
                verification_text(getattr(r, "verification", None)),
                quote_text(getattr(r, "quote", None)),
            )
        )
    return rows


class _Look(NamedTuple):
    """How one series is drawn: every trace of it shares its legend group, label and colour."""

    slug: Any
    label: str
    color: str


def _looks(
    slugs: list[Any], palette: Mapping[Any, str], series_names: Mapping[Any, str] | None
) -> list[_Look]:
    """Each series in drawing order; one that `colors` leaves out takes a colour by position."""
    return [
        _Look(slug, series_label(slug, series_names), palette.get(slug, PALETTE[i % len(PALETTE)]))
        for i, slug in enumerate(slugs)
    ]


# --- rates_figure steps ----------------------------------------------------------------------


def _finite(intervals: pd.DataFrame | None) -> pd.DataFrame:
    """The intervals with a rate: a malformed one (no days) has no level to draw."""
    iv = intervals if intervals is not None else pd.DataFrame()
    if len(iv):
        iv = iv[np.isfinite(iv["monthly_rate"].to_numpy(dtype=np.float64))]
    return iv


def _rates_palette(
    iv: pd.DataFrame, slugs: set[Any], colors: Mapping[Any, str] | None
) -> dict[Any, str]:
    """One colour per series, the same as months_figure gives it from the same intervals."""
    if colors is not None:
        return dict(colors)
    # Interval series take colours first, as months_figure gives them from the same
    # intervals, so one series has one colour on the page; stated paces come after.
    palette = series_colors(set(iv["series"].astype(object)) if len(iv) else set())
    extra = sorted(slugs - set(palette), key=str)
    return palette | {s: PALETTE[(len(palette) + i) % len(PALETTE)] for i, s in enumerate(extra)}


def _band_trace(mine: pd.DataFrame, look: _Look) -> go.Scatter:
    """One series' bands in one trace: the range each interval's bounds allow, behind its level."""
    bx, by = _band(mine)
    return go.Scatter(
        x=bx,
        y=by,
        mode="lines",
        fill="toself",
        fillcolor=rgba(look.color, BAND_ALPHA),
        line={"width": 0, "color": look.color},
        name=f"{look.label} (range)",
        legendgroup=str(look.slug),
        showlegend=False,
        hoverinfo="skip",
    )


def _level_traces(mine: pd.DataFrame, look: _Look) -> list[go.Scatter]:
    """One series' level segments, flagged ones dashed apart, under a single legend entry."""
    flagged = contradicted(mine)
    traces = []
    for dashed in (False, True):
        part = mine[flagged == dashed]
        if part.empty:
            continue
        x, y, data = _segments(part, look.label)
        traces.append(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                name=tr("{series} (flagged)").format(series=look.label) if dashed else look.label,
                legendgroup=str(look.slug),
                showlegend=not traces,
                line={"color": look.color, "width": 3, "dash": "dash" if dashed else "solid"},
                connectgaps=False,
                customdata=data,
                hovertemplate=tr(INTERVAL_HOVERTEMPLATE),
                hoverlabel={"bordercolor": look.color},
            )
        )
    return traces


def _interval_traces(iv: pd.DataFrame, look: _Look) -> list[go.Scatter]:
    """One series' band and levels in date order; nothing when it has only stated paces."""
    mine = iv[iv["series"] == look.slug].sort_values(["period_start", "to_date"]) if len(iv) else iv
    if len(mine) == 0:
        return []
    return [_band_trace(mine, look), *_level_traces(mine, look)]


def _pace_traces(pc: pd.DataFrame, look: _Look) -> list[go.Scatter]:
    """One series' stated paces as diamonds with their range; nothing when it states none."""
    mine = pc[pc["series"] == look.slug]
    if mine.empty:
        return []
    value = mine["per_month"].to_numpy(dtype=np.float64)
    pace = go.Scatter(
        x=pd.to_datetime(mine["as_of"]).tolist(),
        y=value,
        mode="markers",
        name=tr("stated pace: {series}").format(series=look.label),
        legendgroup=f"pace|{look.slug}",
        marker={
            "symbol": "diamond",
            "size": 12,
            "color": look.color,
            "line": {"color": INK, "width": 1},
        },
        error_y={
            "type": "data",
            "symmetric": False,
            "array": mine["per_month_high"].to_numpy(dtype=np.float64) - value,
            "arrayminus": value - mine["per_month_low"].to_numpy(dtype=np.float64),
            "color": look.color,
            "thickness": 2,
            "width": 6,
        },
        customdata=_pace_rows(mine, look.label),
        hovertemplate=tr(PACE_HOVERTEMPLATE),
        hoverlabel={"bordercolor": look.color},
    )
    return [pace]


def _flagged_key() -> go.Scatter:
    """A legend entry explaining the dashed segments (it has no data of its own)."""
    return go.Scatter(
        x=[None],
        y=[None],
        mode="lines",
        name=tr(FLAGGED_NAME),
        legendgroup="key-flagged",
        line={"color": MUTED, "width": 3, "dash": "dash"},
        hoverinfo="skip",
    )


class _Focus(NamedTuple):
    """The y range fitted to what can all be true, and the flagged intervals beyond it."""

    low: float
    high: float
    beyond: pd.DataFrame


def _focus(iv: pd.DataFrame, pc: pd.DataFrame | None) -> _Focus | None:
    """The y range of the unflagged intervals' bands and the stated paces' ranges (zero
    included), stretched to the flagged levels near it and padded, when some flagged
    interval's level lies far beyond it; None when none does (or nothing unflagged is drawn),
    leaving the range to Plotly."""
    if not len(iv):
        return None
    flagged = contradicted(iv)
    kept = [iv.loc[~flagged, c] for c in ("monthly_rate", "monthly_rate_low", "monthly_rate_high")]
    if pc is not None:
        kept += [pc[c] for c in ("per_month", "per_month_low", "per_month_high")]
    values = pd.concat(kept).to_numpy(dtype=np.float64)
    values = values[np.isfinite(values)]
    if not flagged.any() or not values.size:
        return None
    low, high = min(float(values.min()), 0.0), max(float(values.max()), 0.0)
    reach = (high - low) * STRETCH
    level = iv["monthly_rate"].to_numpy(dtype=np.float64)
    far = flagged & ((level < low - reach) | (level > high + reach))
    if not far.any():
        return None
    near = level[flagged & ~far]
    low, high = min([low, *near]), max([high, *near])
    pad = max(high - low, 1.0) * Y_PAD
    return _Focus(low - pad, high + pad, iv[far])


def off_scale_finding(intervals: pd.DataFrame, paces: pd.DataFrame | None = None) -> str:
    """A sentence for the text alternative of rates_figure(intervals, paces): the flagged
    intervals it marks at the edge of its y axis instead of drawing them to scale ("" when
    none)."""
    iv = _finite(intervals)
    focus = _focus(iv, paces if paces is not None and len(paces) else None)
    if focus is None:
        return ""
    count = len(focus.beyond)
    return tr_plural(
        "{count} flagged interval, at {rates} a month, is marked at the edge of the axis "
        "instead of drawn to scale.",
        "{count} flagged intervals, at {rates} a month, are marked at the edge of the axis "
        "instead of drawn to scale.",
        count,
    ).format(count=fmt_count(count), rates=_rates_beyond(focus))


def _rates_beyond(focus: _Focus) -> str:
    """The rates of the intervals beyond the axis: one, or the lowest to the highest."""
    low, high = (
        _whole(focus.beyond["monthly_rate"].min()),
        _whole(focus.beyond["monthly_rate"].max()),
    )
    return low if low == high else fmt_span(low, high)


def _beyond_traces(focus: _Focus, looks: list[_Look]) -> list[go.Scatter]:
    """Each flagged interval beyond the axis as a triangle at the edge it lies past, under its
    series' colour and with its interval's hover."""
    traces = []
    for look in looks:
        mine = focus.beyond[focus.beyond["series"] == look.slug]
        if mine.empty:
            continue
        below = mine["monthly_rate"].to_numpy(dtype=np.float64) < focus.low
        start, end = pd.to_datetime(mine["from_date"]), pd.to_datetime(mine["to_date"])
        traces.append(
            go.Scatter(
                x=(start + (end - start) / 2).tolist(),
                y=np.where(below, focus.low, focus.high),
                mode="markers",
                name=tr("{series} (flagged)").format(series=look.label),
                legendgroup=str(look.slug),
                showlegend=False,
                marker={
                    "symbol": np.where(below, "triangle-down", "triangle-up").tolist(),
                    "size": 11,
                    "color": look.color,
                    "line": {"color": INK, "width": 1},
                },
                cliponaxis=False,
                customdata=_interval_rows(mine, look.label),
                hovertemplate=tr(INTERVAL_HOVERTEMPLATE),
                hoverlabel={"bordercolor": look.color},
            )
        )
    return traces


def _beyond_key(focus: _Focus) -> go.Scatter:
    """A legend entry (no data of its own) for the triangles at the axis edge, saying how many
    flagged intervals they stand for and at what rates. In the legend it takes no room from
    the plot, where on a phone a note over the data hid the highest interval."""
    count = len(focus.beyond)
    name = tr_plural(
        "not drawn to scale: {count} flagged interval,<br>{rates} a month",
        "not drawn to scale: {count} flagged intervals,<br>{rates} a month",
        count,
    ).format(count=fmt_count(count), rates=_rates_beyond(focus))
    below = focus.beyond["monthly_rate"].to_numpy(dtype=np.float64) < focus.low
    symbol = "triangle-down" if below.all() else "triangle-up" if not below.any() else "hourglass"
    return go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=name,
        legendgroup="key-beyond",
        marker={"symbol": symbol, "size": 11, "color": MUTED, "line": {"color": INK, "width": 1}},
        hoverinfo="skip",
    )


def _rates_layout(
    fig: go.Figure, iv: pd.DataFrame, pc: pd.DataFrame | None, focus: _Focus | None
) -> go.Figure:
    """The shared look, the dates padded, and a zero line, since bands may dip below zero;
    the y axis fitted to `focus` when flagged intervals lie beyond it."""
    dates = []
    if len(iv):
        dates += [iv["from_date"].min(), iv["to_date"].max()]
    if pc is not None:
        dates += [pc["as_of"].min(), pc["as_of"].max()]
    first, last = pd.Timestamp(min(dates)), pd.Timestamp(max(dates))
    pad = max(pd.Timedelta(days=7), (last - first) * 0.03)
    base_layout(fig, height=RATES_HEIGHT)
    fig.update_xaxes(range=[first - pad, last + pad], **date_ticks(first - pad, last + pad))
    fig.update_yaxes(
        title_text=tr(PER_MONTH),
        rangemode="tozero",
        zeroline=True,
        # Grey, not ink: on the comparison chart the official count is drawn in ink.
        zerolinecolor="#999999",
        zerolinewidth=1.5,
    )
    if focus is not None:
        fig.update_yaxes(range=[focus.low, focus.high], rangemode="normal")
    return fig


def rates_figure(
    intervals: pd.DataFrame,
    paces: pd.DataFrame | None = None,
    *,
    series_names: Mapping[Any, str] | None = None,
    colors: Mapping[Any, str] | None = None,
) -> go.Figure:
    """Implied monthly rate of each interval, with its band, beside stated paces.

    Each interval (rates.intervals) is a level segment from from_date to to_date at its
    monthly_rate, over a translucent band from monthly_rate_low to monthly_rate_high (one
    band trace per series); decrease/conflict intervals are dashed and give the flag on
    hover. Stated paces (paces.stated_paces) are diamonds at as_of with error bars from their
    bounds. customdata[0] is a claim id: the interval's end point, or the pace's claim. The y
    axis is fitted to what can all be true when flagged intervals lie far beyond it (_focus).
    """
    iv = _finite(intervals)
    pc = paces if paces is not None and len(paces) else None
    if len(iv) == 0 and pc is None:
        return empty_figure(tr("No intervals or stated paces to show."), height=RATES_HEIGHT)
    slugs = set(iv["series"].astype(object)) if len(iv) else set()
    if pc is not None:
        slugs |= set(pc["series"].astype(object))
    looks = _looks(sorted(slugs, key=str), _rates_palette(iv, slugs, colors), series_names)
    traces = [trace for look in looks for trace in _interval_traces(iv, look)]
    if pc is not None:
        traces += [trace for look in looks for trace in _pace_traces(pc, look)]
    focus = _focus(iv, pc)
    if len(iv) and contradicted(iv).any():
        traces.append(_flagged_key())
    if focus is not None:
        traces += [*_beyond_traces(focus, looks), _beyond_key(focus)]
    return _rates_layout(go.Figure(data=traces), iv, pc, focus)


# --- months_figure steps ---------------------------------------------------------------------


def _partial(alloc: pd.DataFrame) -> np.ndarray:
    """Months the statements cover only in part, drawn hatched so none reads as a full month."""
    return alloc["coverage"].to_numpy(dtype=np.float64) < FULL_COVERAGE


def _month_rows(mine: pd.DataFrame, label: str) -> list[tuple]:
    """customdata per month (MONTH_HOVERTEMPLATE): whole people, the days covered, and why a
    flagged month is not to be read as an intake."""
    flag = "<br><b>" + tr(FLAGGED_MONTH) + "</b>"
    return [
        (
            label,
            fmt_month(m),
            _whole(v),
            tr("{covered} of {days} days ({share})").format(
                covered=fmt_count(d), days=fmt_count(n), share=fmt_percent(c)
            ),
            flag if f else "",
        )
        for m, v, d, n, c, f in zip(
            mine["month"],
            mine["implied"],
            mine["days_covered"],
            mine["days_in_month"],
            mine["coverage"].to_numpy(dtype=np.float64),
            _flagged_months(mine),
            strict=True,
        )
    ]


def _flagged_months(alloc: pd.DataFrame) -> np.ndarray:
    """Months some of whose days come from a flagged interval: drawn hollow."""
    return alloc["flagged"].to_numpy(dtype=bool)


def _month_bars(mine: pd.DataFrame, look: _Look) -> go.Bar:
    """One series' bars; a partly covered month lighter, hatched and labelled with its share."""
    coverage = mine["coverage"].to_numpy(dtype=np.float64)
    partial, flagged = _partial(mine), _flagged_months(mine)
    return go.Bar(
        x=pd.to_datetime(mine["month"]).tolist(),
        y=mine["implied"].to_numpy(dtype=np.float64),
        name=look.label,
        legendgroup=str(look.slug),
        xperiod="M1",
        xperiodalignment="middle",
        marker={
            "color": [
                "white" if f else rgba(look.color, 0.35) if p else look.color
                for p, f in zip(partial, flagged, strict=True)
            ],
            "line": {"color": look.color, "width": 1.5},
            "pattern": {
                "shape": ["/" if p else "" for p in partial],
                "fgcolor": look.color,
                "size": 8,
                "solidity": 0.3,
            },
        },
        text=[
            tr("covered {share}").format(share=fmt_percent(c)) if p else ""
            for c, p in zip(coverage, partial, strict=True)
        ],
        textposition="outside",
        textangle=-90,
        constraintext="none",
        textfont={"size": SMALL_FONT_SIZE, "color": INK},
        cliponaxis=False,
        customdata=_month_rows(mine, look.label),
        hovertemplate=tr(MONTH_HOVERTEMPLATE),
        hoverlabel={"bordercolor": look.color},
    )


def _bar_key(name: str, fill: str, **marker: Any) -> go.Bar:
    """A legend entry explaining a way months are drawn (it has no data of its own)."""
    return go.Bar(
        x=[None],
        y=[None],
        name=tr(name),
        legendgroup=f"key-{name}",
        marker={"color": fill, "line": {"color": MUTED, "width": 1.5}, **marker},
        hoverinfo="skip",
    )


def _months_y_range(alloc: pd.DataFrame) -> list[float]:
    """The y range, with room for the vertical "covered 45%" labels beyond their bars."""
    # The room keeps the labels clear of the legend above and the month labels below.
    implied = alloc["implied"].to_numpy(dtype=np.float64)
    partial = _partial(alloc)
    top, bottom = max(float(implied.max()), 0.0), min(float(implied.min()), 0.0)
    span = max(top - bottom, 1.0)
    top += span * (LABEL_ROOM if (partial & (implied >= 0)).any() else 0.05)
    bottom -= span * (LABEL_ROOM if (partial & (implied < 0)).any() else 0.05 if bottom else 0)
    return [bottom, top]


def _months_layout(fig: go.Figure, alloc: pd.DataFrame) -> go.Figure:
    """The shared look, grouped bars, and month ticks that leave no bar to the wrong month."""
    first = pd.Timestamp(alloc["month"].min())
    last = pd.Timestamp(alloc["month"].max()) + pd.offsets.MonthEnd(0)
    base_layout(fig, height=MONTHS_HEIGHT)
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    ticks = date_ticks(first, last)
    if (last - first).days <= 14 * 31:
        # One label per month, centred under its bars, so no bar is read as the next month.
        ticks.update(dtick="M1", ticklabelmode="period")
    fig.update_xaxes(
        range=[first - pd.Timedelta(days=5), last + pd.Timedelta(days=5)],
        **ticks,
    )
    fig.update_yaxes(title_text=tr("implied recruits in month"), range=_months_y_range(alloc))
    return fig


def months_figure(
    allocation: pd.DataFrame,
    *,
    series_names: Mapping[Any, str] | None = None,
    colors: Mapping[Any, str] | None = None,
) -> go.Figure:
    """Implied recruits per calendar month (months.monthly_allocation), bars per series.

    A month the statements cover only in part is drawn lighter and hatched, labelled
    "covered 45%", so it is not read as a full month's intake; a month that holds days of a
    flagged interval (a decrease or a conflict) is drawn hollow and says so on hover, so a fall
    there is not read as people leaving; hover gives the implied number rounded to whole
    people and the days covered of the days in the month.
    """
    if allocation is None or len(allocation) == 0:
        return empty_figure(tr("No months to show."), height=MONTHS_HEIGHT)
    alloc = allocation.sort_values(["series", "month"])
    slugs = sorted(alloc["series"].astype(object).unique(), key=str)
    palette = dict(colors) if colors is not None else series_colors(slugs)
    traces = [
        _month_bars(alloc[alloc["series"] == look.slug], look)
        for look in _looks(slugs, palette, series_names)
    ]
    if _partial(alloc).any():
        hatched = {"shape": "/", "fgcolor": MUTED, "size": 8, "solidity": 0.3}
        traces.append(_bar_key(PARTIAL_NAME, rgba(MUTED, 0.25), pattern=hatched))
    if _flagged_months(alloc).any():
        traces.append(_bar_key(FLAGGED_MONTH_NAME, "white"))
    return _months_layout(go.Figure(data=traces), alloc)
