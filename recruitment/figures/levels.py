"""Figures of levels (amounts in force by region): step lines, the latest amount by region
ranked, the median across regions with how many regions it rests on, and the median beside
the implied monthly recruitment rate. Pure Plotly builders in the shared look.

Amounts are drawn in their own unit, which every axis names; nothing is converted. A step
holds from its statement until the next one of its region; after a region's latest statement
its line runs on to the latest date of the chart (the amount stated last, not a forecast).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from recruitment.figures.style import (
    INK,
    MORE_COLORS,
    MUTED,
    PALETTE,
    SMALL_FONT_SIZE,
    date_ticks,
    empty_figure,
    label_margin_px,
    styled_figure,
)
from recruitment.formatting import (
    as_said,
    escape_hover,
    fmt_count,
    fmt_day,
    fmt_period,
    fmt_span,
    is_missing,
)
from recruitment.i18n import data_text, tr, tr_plural

# Height of one bar of the ranked chart, and of the whole step and median charts.
BAR_PX = 24
CHART_PX = 520
REGION_COLORS = tuple(c for c in PALETTE if c != "#F0E442") + MORE_COLORS


def amount(value: object, unit: str) -> str:
    """An amount with its unit: "495,000 RUB"."""
    return f"{fmt_count(value)} {unit}".strip()


def _said(reps: pd.DataFrame, unit: str) -> list[str]:
    return [
        f"{as_said(v, q)} {unit}".strip()
        for v, q in zip(reps["value"], reps["qualifier"], strict=True)
    ]


def region_name(region: str | None) -> str:
    """A region's name in the active language (the declared English one otherwise); the
    federal level for a statement without a region."""
    return tr("federal") if is_missing(region) or not region else data_text(region)


def _hover(reps: pd.DataFrame, unit: str) -> list[str]:
    """Region, amount as said, dates and source of each statement, escaped for Plotly."""
    out = []
    for region, said, as_of, announced, outlet, n in zip(
        reps["region"], _said(reps, unit), reps["as_of"], reps["announced_on"],
        reps["outlet"], reps["statements"], strict=True,
    ):  # fmt: skip
        where = escape_hover(region_name(region), width=None)
        more = ""
        if n > 1:
            more = "<br>" + tr_plural(
                "{count} report of this date", "{count} reports of this date", int(n)
            ).format(count=fmt_count(n))
        stated = tr("{said} from {date}").format(said=escape_hover(said, width=None),
                                                 date=fmt_day(as_of))  # fmt: skip
        said_on = tr("said {date}").format(date=fmt_day(announced))
        out.append(
            f"<b>{where}</b><br>{stated}<br>{said_on}, {escape_hover(outlet or '', 60)}{more}"
        )
    return out


def steps_figure(reps: pd.DataFrame, *, unit: str, end: pd.Timestamp | None = None) -> go.Figure:
    """One step line per region (`reps`: representative statements of one series), in force
    from each statement to the next, the last one carried to `end`."""
    if reps.empty:
        return empty_figure(tr("No statements of this series for the chosen regions."))
    end = end if end is not None else reps["as_of"].max()
    traces = []
    for i, (region, mine) in enumerate(reps.groupby("region", sort=True)):
        x, y = _carried(mine["as_of"], mine["value"], end)
        text = _hover(mine, unit)
        traces.append(go.Scatter(
            x=x, y=y, mode="lines+markers", line_shape="hv", name=region_name(region),
            line={"color": REGION_COLORS[i % len(REGION_COLORS)], "width": 2},
            marker={"size": [*([7] * len(mine)), 0]}, hovertext=[*text, text[-1]],
            hoverinfo="text",
        ))  # fmt: skip
    return styled_figure(
        traces, height=CHART_PX,
        xaxis=date_ticks(reps["as_of"].min(), end),
        yaxis={"title": {"text": tr("amount ({unit})").format(unit=unit)}, "rangemode": "tozero"},
        legend={"title": {"text": tr("region")}},
        showlegend=True,  # a single region is named too
    )  # fmt: skip


def ranked_figure(latest: pd.DataFrame, *, unit: str) -> go.Figure:
    """The latest amount of each region as a horizontal bar, highest on top, labelled with
    the amount and the date it is in force from."""
    if latest.empty:
        return empty_figure(tr("No statements of this series for the chosen regions."))
    ordered = latest.iloc[::-1]  # Plotly draws the first bar at the bottom
    labels = [
        f"{amount(v, '')} · {fmt_day(d)}"
        for v, d in zip(ordered["value"], ordered["as_of"], strict=True)
    ]
    names = [escape_hover(region_name(r), width=None) for r in ordered["region"]]
    bar = go.Bar(
        x=ordered["value"],
        y=names,
        orientation="h", marker_color=PALETTE[0], text=labels, textposition="outside",
        cliponaxis=False, hovertext=_hover(ordered, unit), hoverinfo="text",
        textfont={"size": SMALL_FONT_SIZE},
    )  # fmt: skip
    top = float(latest["value"].max()) or 1.0
    return styled_figure(
        [bar], height=max(260, 80 + BAR_PX * len(latest)), showlegend=False,
        xaxis={"title": {"text": tr("latest amount ({unit})").format(unit=unit)},
               "range": [0, top * 1.35],
               "tickformat": ",d"},
        yaxis={"tickformat": None, "automargin": True, "zeroline": False},
        margin={"l": label_margin_px(names), "b": 80},  # the x title under its labels
        bargap=0.25,
    )  # fmt: skip


def _carried(dates: pd.Series, values: pd.Series, end: pd.Timestamp) -> tuple[list, list]:
    """A step line's points with its last amount carried on to `end`."""
    return [*dates, end], [*values, values.iloc[-1]]


def _median_trace(median: pd.DataFrame, end: pd.Timestamp, unit: str, **style) -> go.Scatter:
    x, y = _carried(median["date"], median["median"], end)
    _, n = _carried(median["date"], median["regions"], end)
    text = [
        tr("median {amount} from {date}").format(
            amount=escape_hover(amount(v, unit), width=None), date=fmt_day(d)
        ) + "<br>" + tr_plural(
            "across {count} region with a statement in force",
            "across {count} regions with a statement in force", int(r),
        ).format(count=r)
        for v, d, r in zip(y, x, n, strict=True)
    ]  # fmt: skip
    # A median of one day only is a line of no length: a dot shows it.
    mode = "lines" if median["date"].min() < end else "lines+markers"
    return go.Scatter(
        x=x, y=y, mode=mode, line_shape="hv", hovertext=text, hoverinfo="text", **style
    )


def median_figure(
    median: pd.DataFrame, federal: pd.DataFrame, *, unit: str, name: str,
    end: pd.Timestamp | None = None,
) -> go.Figure:  # fmt: skip
    """Top: the median across regions over time, and the federal amount beside it (both
    steps). Bottom: how many regions the median rests on at each date."""
    if median.empty:
        return empty_figure(tr("No regional statements of this series yet."))
    end = max(d for d in (end, median["date"].max(), federal["as_of"].max()) if pd.notna(d))
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.72, 0.28],
                        vertical_spacing=0.06)  # fmt: skip
    fig.add_trace(
        _median_trace(median, end, unit, name=_median_name(name),
                      line={"color": PALETTE[0], "width": 3}),
        row=1, col=1,
    )  # fmt: skip
    if len(federal):
        fx, fy = _carried(federal["as_of"], federal["value"], end)
        fig.add_trace(go.Scatter(
            x=fx, y=fy, mode="lines", line_shape="hv", name=tr("federal payment"),
            line={"color": INK, "width": 2, "dash": "dash"},
            hovertext=[tr("federal {amount} from {date}").format(amount=amount(v, unit),
                                                                 date=fmt_day(d))
                       for d, v in zip(fx, fy, strict=True)],
            hoverinfo="text",
        ), row=1, col=1)  # fmt: skip
    cx, cy = _carried(median["date"], median["regions"], end)
    fig.add_trace(go.Scatter(
        x=cx, y=cy, mode="lines", line_shape="hv", fill="tozeroy", name=tr("regions counted"),
        line={"color": MUTED, "width": 1.5}, showlegend=False, hoverinfo="x+y",
    ), row=2, col=1)  # fmt: skip
    fig = _two_panels(fig, tr("amount ({unit})").format(unit=unit), tr("regions counted"),
                      median["date"].min(), end)  # fmt: skip
    if median["regions"].max() < 5:  # whole regions only, not "0, 1, 1, 2"
        fig.update_layout(yaxis2={"dtick": 1})
    return fig


def aligned_figure(
    median: pd.DataFrame, rates: pd.DataFrame, *, unit: str, name: str, rate_name: str,
) -> go.Figure:  # fmt: skip
    """Top: the median regional amount (steps). Bottom: the implied monthly recruitment rate
    of each interval between statements, as a segment over the interval. One time axis."""
    if median.empty or rates.empty:
        return empty_figure(tr("Both a regional amount and an implied rate are needed here."))
    start = min(median["date"].min(), rates["from_date"].min())
    end = max(median["date"].max(), rates["to_date"].max())
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08)
    fig.add_trace(
        _median_trace(median, end, unit, name=_median_name(name),
                      line={"color": PALETTE[0], "width": 3}),
        row=1, col=1,
    )  # fmt: skip
    fig.add_trace(_rate_segments(rates, rate_name), row=2, col=1)
    return _two_panels(fig, tr("median ({unit})").format(unit=unit), tr("recruits per month"),
                       start, end)  # fmt: skip


def _median_name(name: str) -> str:
    return tr("median across regions: {name}").format(name=escape_hover(data_text(name)))


def _rate_segments(rates: pd.DataFrame, name: str) -> go.Scatter:
    """Each interval's rate as a horizontal segment from its first to its last day."""
    x: list = []
    y: list = []
    text: list = []
    for row in rates.itertuples():
        rate = tr("{count} a month").format(count=fmt_count(row.monthly_rate))
        band = fmt_span(fmt_count(row.monthly_rate_low), fmt_count(row.monthly_rate_high))
        label = f"{rate} ({band})<br>{fmt_period(row.from_date, row.to_date)}"
        x += [row.from_date, row.to_date, None]
        y += [row.monthly_rate, row.monthly_rate, None]
        text += [label, label, None]
    return go.Scatter(
        x=x, y=y, mode="lines",
        name=tr("implied monthly rate: {name}").format(name=escape_hover(data_text(name))),
        line={"color": PALETTE[1], "width": 3}, hovertext=text, hoverinfo="text",
        connectgaps=False,
    )  # fmt: skip


def _two_panels(
    fig: go.Figure, top: str, bottom: str, start: pd.Timestamp, end: pd.Timestamp
) -> go.Figure:
    """The shared look on a two-panel figure: titled y axes, one date axis at the bottom."""
    base = styled_figure(list(fig.data), height=CHART_PX + 100)
    base.update_layout(
        {k: v for k, v in fig.layout.to_plotly_json().items() if k.startswith(("xaxis", "yaxis"))}
    )
    ticks = date_ticks(start, end)
    base.update_xaxes(showline=True, linecolor="#999999", gridcolor="#e5e5e5")
    base.update_xaxes(**ticks)
    base.update_yaxes(
        tickformat=",d", rangemode="tozero", gridcolor="#e5e5e5",
        title_font={"size": SMALL_FONT_SIZE}, tickfont={"size": SMALL_FONT_SIZE},
    )  # fmt: skip
    base.update_layout(yaxis={"title": {"text": top}}, yaxis2={"title": {"text": bottom}})
    return base
