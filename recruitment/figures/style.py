"""The shared look of every chart, and the hover text of a claim.

Charts end up in reports, so they share one palette (Okabe-Ito, safe for colour-blind
readers), one font scale readable on a laptop and a wide monitor, thousands separators and
unambiguous dates. Every text that came from an upload goes through `escape_hover` before
Plotly renders it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from recruitment.formatting import (
    MISSING,
    as_said,
    escape_hover,
    fmt_count,
    fmt_day,
    fmt_month,
    fmt_span,
    is_missing,
    number_separators,
)
from recruitment.i18n import N_, SOURCE_LANGUAGE, active_language, data_text, tr
from recruitment.vocab import DEFAULT_VERIFICATION, VERIFICATIONS

# Series take palette colours in this order of their measures (then by slug).
MEASURE_ORDER = {"cumulative": 0, "period_total": 1, "daily_rate": 2, "monthly_rate": 3}
# Okabe-Ito, in the order series take them: blue, orange, green, purple first (the most
# distinct pairs), yellow late (weak on white), black last.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442",
)  # fmt: skip
# Yellow comes last: it is the hardest of the eight to see on white.
# Three more distinct colours (Paul Tol's muted scheme) for charts with many estimates.
MORE_COLORS = ("#882255", "#44AA99", "#999933")
# Neutral ink for keys, events and annotations that belong to no series.
INK = "#333333"
MUTED = "#6b6b6b"
GRID = "#e5e5e5"
# Smallest text on any chart: 13 px stays legible on a laptop and in a scaled-down report.
FONT_SIZE = 14
SMALL_FONT_SIZE = 13
# Width of one label character at SMALL_FONT_SIZE (bold on a figure line), generous.
LABEL_CHAR_PX = 7.6
FONT_FAMILY = "Helvetica Neue, Helvetica, Arial, Liberation Sans, DejaVu Sans, sans-serif"
# Quotes in hover labels are cut here: enough to recognise the words, short enough to read.
QUOTE_HOVER_CHARS = 200
URL_HOVER_CHARS = 60
# A subtitle wraps at this many characters; a source line at twice that.
TITLE_LINE_CHARS = 110
# Distance of the source line below the plot: clear of tick labels and an x-axis title.
SOURCE_OFFSET_PX = 56
# Width of one legend character in px at SMALL_FONT_SIZE, on the generous side.
LEGEND_CHAR_PX = 7.5
# Characters of a legend name on one line: what fits beside its symbol on a phone (400 px).
LEGEND_LINE_CHARS = 54


def series_colors(slugs: Iterable[Any], measures: Iterable[Any] | None = None) -> dict[Any, str]:
    """The one colour rule of every page and image: running counts first, then period totals,
    then stated paces (when `measures`, one per slug, are given), each group by slug, take
    PALETTE in order (cycling after eight, which charts with that many series should avoid).
    Stable for the same series, so a series keeps its colour across filtered views."""
    slugs = list(slugs)
    measures = [None] * len(slugs) if measures is None else list(measures)
    pairs = zip(slugs, measures, strict=True)
    ranked = sorted({(MEASURE_ORDER.get(m, 9), str(s), s) for s, m in pairs if not is_missing(s)})
    return {slug: PALETTE[i % len(PALETTE)] for i, (_, _, slug) in enumerate(ranked)}


def comparison_colors(official: Iterable[Any], independent: Iterable[Any]) -> dict[Any, str]:
    """On a chart of official figures beside estimates: the official series in ink, the
    estimates in palette order by slug (black left out, three more colours added), so the
    two kinds never share a colour."""
    colors = {slug: INK for slug in official}
    rest = [c for c in PALETTE if c != "#000000"] + list(MORE_COLORS)
    for i, slug in enumerate(sorted(set(independent) - set(colors), key=str)):
        colors[slug] = rest[i % len(rest)]
    return colors


def rgba(color: str, alpha: float) -> str:
    """A '#rrggbb' colour as 'rgba(r,g,b,alpha)' for translucent fills."""
    r, g, b = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def series_label(slug: Any, series_names: Mapping[Any, str] | None) -> str:
    """A series' display name (its slug when it has none), escaped for Plotly."""
    name = series_names.get(slug) if series_names is not None else None
    shown = data_text(str(name)) if not is_missing(name) and str(name).strip() else slug
    return escape_hover(shown, width=None)


# plotly_white's layout, and its defaults for the two trace types whose look it changes (bar
# error bars and outlines, scatter fills), without those of two dozen trace types no chart
# here draws: setting the whole template costs more than the rest of a small figure.
_WHITE = pio.templates["plotly_white"].to_plotly_json()
_TEMPLATE = go.layout.Template(
    layout=_WHITE["layout"], data={k: _WHITE["data"][k] for k in ("bar", "scatter")}
)
_AXIS_TEXT = {"tickfont": {"size": SMALL_FONT_SIZE}, "automargin": True,
              "title_font": {"size": SMALL_FONT_SIZE}}  # fmt: skip
# The shared look, applied in one layout update.
_LOOK: dict[str, Any] = {
    "template": _TEMPLATE,
    "font": {"family": FONT_FAMILY, "size": FONT_SIZE, "color": INK},
    "separators": ".,",
    "hovermode": "closest",
    "hoverlabel": {
        "font": {"family": FONT_FAMILY, "size": SMALL_FONT_SIZE, "color": INK},
        "align": "left",
        "bgcolor": "white",
        "bordercolor": "#999999",
    },
    "legend": {
        "orientation": "h",
        "x": 0,
        "xanchor": "left",
        "y": 1.02,
        "yanchor": "bottom",
        "font": {"size": SMALL_FONT_SIZE},
        # Plotly gives a horizontal legend half the figure's height, then clips it behind a
        # scroll bar: on a phone, where each entry takes a row, a chart's nine entries lost
        # their last. Six tenths hold them and leave the plot its room on wider screens.
        "maxheight": 0.6,
        "bgcolor": "rgba(255,255,255,0)",
        "itemclick": "toggle",
        "itemdoubleclick": "toggleothers",
    },
    # Room for what most charts put at their edges: y labels up to "-999,999" or "9,999,999"
    # with the axis title beside them, x labels (a title under them needs more), the last label
    # past the plot's right end. Where a label needs more, Plotly widens the margin itself
    # (automargin), but only after drawing, and then draws the whole figure again: twice the
    # drawing time, on every chart where the old margins (72, 32, 56) fell short.
    "margin": {"l": 100, "r": 36, "t": 40, "b": 64, "autoexpand": True},
    "plot_bgcolor": "white",
    "paper_bgcolor": "white",
    "xaxis": {"showline": True, "linecolor": "#999999", "gridcolor": GRID, "ticks": "outside",
              "tickcolor": "#999999", **_AXIS_TEXT},
    "yaxis": {"tickformat": ",d", "gridcolor": GRID, "zeroline": True,
              "zerolinecolor": "#999999", "zerolinewidth": 1, "title_standoff": 8,
              **_AXIS_TEXT},
}  # fmt: skip


def styled_figure(traces: list[Any], *, height: int | None = None, **layout: Any) -> go.Figure:
    """A new figure in the shared look (see base_layout), its layout given whole.

    `layout` entries are merged into the shared look (dicts such as xaxis key by key).
    Building the figure with its layout is several times cheaper than updating the layout of
    an existing one, which a page with dozens of small charts notices."""
    look = _merged(_LOOK, {"separators": number_separators(), **layout})
    if height is not None:
        look["height"] = height
    return go.Figure(data=traces, layout=look)


def label_margin_px(labels: Iterable[str]) -> int:
    """A left margin for category labels (plain or with <br> and tags): the longest line at
    LABEL_CHAR_PX a character, so that Plotly need not widen it after drawing."""
    lines = [re.sub(r"<[^>]+>", "", line) for label in labels for line in label.split("<br>")]
    return int(max(map(len, lines), default=0) * LABEL_CHAR_PX) + 24


def _merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        both = isinstance(value, dict) and isinstance(out.get(key), dict)
        out[key] = _merged(out[key], value) if both else value
    return out


def base_layout(
    fig: go.Figure,
    *,
    title: str | None = None,
    height: int | None = None,
    subtitle: str | None = None,
) -> go.Figure:
    """Apply the shared look to fig (in place) and return it.

    White template, 14 px text, a horizontal legend above the plot, "280,000" style numbers
    (separators ".," and y ticks ",d"), hover on the closest point, and margins that grow
    to fit tick and legend labels instead of clipping them. For a published image, `title`
    and `subtitle` (say, the series definition) are plain text: they are escaped, and a long
    subtitle wrapped.
    """
    look = {**_LOOK, "separators": number_separators()}
    if height is not None:
        look["height"] = height
    if title is not None:
        sub_lines = escape_hover(subtitle, width=TITLE_LINE_CHARS) if subtitle else ""
        look["title"] = {
            "text": escape_hover(title, width=None),
            "x": 0,
            "xanchor": "left",
            "xref": "paper",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 14},
            "font": {"size": 20},
            "subtitle": {"text": sub_lines, "font": {"size": SMALL_FONT_SIZE, "color": MUTED}},
        }
        look["margin"] = {**_LOOK["margin"], "t": _title_block_px(sub_lines) + _legend_px(fig)}
    fig.update_layout(look)
    return fig


def wrap_legend_names(fig: go.Figure) -> go.Figure:
    """fig (in place) with legend names longer than a phone's legend row wrapped onto lines
    at spaces: Plotly never wraps a legend entry, and cut "Contracts estimated from federal
    sign-up payments (estimate over its period)" at the edge of a phone's screen."""
    for trace in fig.data:
        name = trace.name
        if trace.showlegend is False or not isinstance(name, str) or "<br>" in name:
            continue
        if len(name) > LEGEND_LINE_CHARS:
            lines = textwrap.wrap(
                name, LEGEND_LINE_CHARS, break_long_words=False, break_on_hyphens=False
            )
            trace.name = "<br>".join(lines)
    return fig


def _title_block_px(subtitle_html: str) -> int:
    """Height of the title and its subtitle lines at the top of the figure."""
    lines = subtitle_html.count("<br>") + 1 if subtitle_html else 0
    return 14 + 28 + 18 * lines + 12


def _legend_px(fig: go.Figure) -> int:
    """A generous estimate of the legend's height once it wraps across the figure's width.

    The legend grows upwards from the plot and the title sits above it, so the top margin
    must hold both; Plotly widens the margin for the legend alone, not for the pair.
    """
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    if not names or fig.layout.showlegend is False:
        return 0
    width = (fig.layout.width or 1200) - 120
    row_px, x, rows = 26, 0.0, 1
    for name in names:
        item = len(name) * LEGEND_CHAR_PX + 50
        if x and x + item > width:
            rows, x = rows + 1, 0.0
        x += item
    return rows * row_px + 10


def empty_figure(message: str, *, height: int | None = None) -> go.Figure:
    """A blank chart saying why it is blank, instead of empty axes that look like zero."""
    note = {
        "text": escape_hover(message, width=None),
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "font": {"size": FONT_SIZE, "color": MUTED},
    }
    return styled_figure(
        [], height=height, annotations=[note], xaxis={"visible": False}, yaxis={"visible": False}
    )


# --- dates on the x axis ---------------------------------------------------------------------


ONE_DAY_PAD = pd.Timedelta(days=45)


def date_ticks(start: Any, end: Any) -> dict[str, Any]:
    """x-axis tick settings for a date range: whole months labelled "Sep 2023".

    The step grows with the span so that about 7 to 13 labels fit a laptop-width chart. In
    another language than English the labels are given as text (plotly's date formats are
    English): "сент. 2023".
    """
    if is_missing(start) or is_missing(end):
        return {"tickformat": "%b %Y", "hoverformat": "%-d %b %Y"}
    if pd.Timestamp(end) - pd.Timestamp(start) < pd.Timedelta(days=1):
        # One day only (a single statement): a few months around it, not an empty axis.
        start, end = pd.Timestamp(start) - ONE_DAY_PAD, pd.Timestamp(end) + ONE_DAY_PAD
        return {**date_ticks(start, end), "range": [start, end]}
    months = (pd.Timestamp(end) - pd.Timestamp(start)).days / 30.4375
    step = 12 if months > 96 else next(s for s in (1, 2, 3, 6, 12) if months / s <= 9)
    if active_language() != SOURCE_LANGUAGE:
        return _month_tick_text(pd.Timestamp(start), pd.Timestamp(end), step, years=months > 96)
    if months > 96:
        return {"dtick": "M12", "tickformat": "%Y", "tick0": "2000-01-01"}
    return {
        "dtick": f"M{step}",
        "tick0": "2000-01-01",
        "tickformat": "%b %Y",
        "hoverformat": "%-d %b %Y",
    }


def _month_tick_text(
    start: pd.Timestamp, end: pd.Timestamp, step: int, *, years: bool
) -> dict[str, Any]:
    """Ticks on the first of every `step`-th month (counted from January 2000, as plotly's
    tick0 does) between start and end, labelled in the active language."""
    first = pd.Timestamp(start.year, start.month, 1)
    months = pd.date_range(first, end, freq="MS")
    ticks = [m for m in months if m >= start and ((m.year - 2000) * 12 + m.month - 1) % step == 0]
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [str(m.year) if years else fmt_month(m) for m in ticks],
    }


# --- hover text of a claim -------------------------------------------------------------------

# customdata columns of every claim marker; [0] is the claim id (the page opens its note).
CLAIM_FIELDS = (
    "id", "said", "range", "series", "who", "dates", "source", "verification", "quote", "warn",
)  # fmt: skip
# Hover templates are messages (N_) like any other: a figure built in another language (an
# export, an embed, a site) passes them through tr, placeholders kept as they are.
CLAIM_HOVERTEMPLATE = N_(
    "<b>%{customdata[1]}</b>  (range %{customdata[2]})<br>"
    "%{customdata[3]}<br>"
    "%{customdata[4]}<br>"
    "%{customdata[5]}<br>"
    "%{customdata[6]}<br>"
    "verification: %{customdata[7]}"
    "%{customdata[9]}"
    "%{customdata[8]}"
    "<extra></extra>"
)


def fmt_bound(x: Any) -> str:
    """A bound as written: whole numbers as counts, a half (approx with unit 1) kept."""
    if is_missing(x):
        return MISSING
    x = float(x)
    if x == round(x):
        return fmt_count(round(x))
    return f"{x:,.1f}"


def _text(value: Any) -> str:
    return "" if is_missing(value) else str(value).strip()


def who_text(speaker: Any, body: Any) -> str:
    """ "Speaker (Body)" escaped, or a plain statement that no speaker was named."""
    speaker, body = _text(speaker), _text(body)
    if speaker and body:
        return escape_hover(f"{speaker} ({body})")
    if speaker or body:
        return escape_hover(speaker or body)
    return tr("unnamed speaker")


def source_text(outlet: Any, url: Any) -> str:
    """The outlet and, below it, the link (cut), escaped: the source is never dropped."""
    outlet, url = _text(outlet), _text(url)
    parts = []
    if outlet:
        parts.append(tr("reported by {outlet}").format(outlet=escape_hover(outlet)))
    if url:
        parts.append(escape_hover(url, limit=URL_HOVER_CHARS, width=None))
    return "<br>".join(parts) if parts else tr("no source recorded")


def quote_text(quote: Any) -> str:
    """A hover line block for the quote, cut at QUOTE_HOVER_CHARS, or nothing."""
    quote = _text(quote)
    if not quote:
        return ""
    return "<br><i>“" + escape_hover(quote, limit=QUOTE_HOVER_CHARS) + "”</i>"


def claim_customdata(
    claims: pd.DataFrame,
    series_names: Mapping[Any, str] | None,
    conflict: np.ndarray | None = None,
) -> np.ndarray:
    """customdata rows (CLAIM_FIELDS) for claims that have `lo`/`hi` columns (with_bounds).

    Every text is escaped; [0] is the claim id as an int. `conflict` marks claims whose point
    has conflicting statements, which their hover then says.
    """
    n = len(claims)
    if conflict is None:
        conflict = np.zeros(n, dtype=bool)

    def col(name: str) -> pd.Series:
        return claims[name] if name in claims else pd.Series([None] * n, dtype=object)

    rows = np.empty((n, len(CLAIM_FIELDS)), dtype=object)
    if n == 0:
        return rows
    rows[:, 0] = claims["id"].astype(int).tolist()
    said = _per_distinct(as_said, col("value"), col("qualifier"), col("low"), col("high"))
    rows[:, 1] = _per_distinct(lambda s: escape_hover(s, width=None), pd.Series(said))
    rows[:, 2] = _per_distinct(lambda lo, hi: fmt_span(fmt_bound(lo), fmt_bound(hi)),
                               col("lo"), col("hi"))  # fmt: skip
    rows[:, 3] = _per_distinct(lambda s: series_label(s, series_names), col("series"))
    rows[:, 4] = _per_distinct(who_text, col("speaker"), col("body"))
    rows[:, 5] = _per_distinct(dates_text, col("as_of"), col("announced_on"))
    rows[:, 6] = _per_distinct(source_text, col("outlet"), col("url"))
    rows[:, 7] = _per_distinct(verification_text, col("verification"))
    rows[:, 8] = _per_distinct(quote_text, col("quote"))
    warning = "<br><b>" + tr("conflicting statements on this date") + "</b>"
    rows[:, 9] = np.where(conflict, warning, "")
    return rows


def dates_text(as_of: Any, announced_on: Any) -> str:
    """When a statement is about and when it was said, in one line (one date when the same)."""
    as_of, announced = fmt_day(as_of), fmt_day(announced_on)
    if as_of == announced:
        return tr("said {date}").format(date=as_of)
    return tr("as of {as_of}, said {said}").format(as_of=as_of, said=announced)


def verification_text(verification: Any) -> str:
    """A claim's verification in words (unverified when none is recorded)."""
    value = _text(verification) or DEFAULT_VERIFICATION
    return escape_hover(tr(value) if value in VERIFICATIONS else value, width=None)


def _per_distinct(fn: Any, *columns: pd.Series) -> list:
    """fn(*row) for every row, called once per distinct combination of values.

    Speakers, outlets, dates and figures repeat across claims: thousands of markers would
    otherwise take seconds. A missing value (None, NaN, NaT, NA) is passed as None.
    """
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
        key = pd.factorize(key * (len(uniques) + 1) + codes + 1)[0]  # stays below len(rows)
    distinct, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    values = [column.tolist() for column in columns]
    results = np.empty(distinct.size, dtype=object)
    for i, row in enumerate(first):
        args = [None if is_missing(v[row]) else v[row] for v in values]
        results[i] = fn(*args)
    return results[inverse].tolist()
