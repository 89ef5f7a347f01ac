"""Under a chart: the chart as a finished image, the statements behind it, a citation.

A chart that leaves the app must carry its evidence, so the image is drawn by
`recruitment.reporting` with title, series definitions and a source footer; the CSV holds the
very statements the chart shows; the citation is plain text to paste under the image.
Everything is built on click (download buttons take callables), so a page rerun costs only
the citation.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from pages import common
from recruitment.reporting import charts, layout
from recruitment.reporting.provenance import citation_text, claims_csv
from recruitment.reporting.renderer import ImageRenderer, NoBrowser, find_browser

SIZE_CHOICES = ("social", "report", "custom")
DEFAULT_CUSTOM_WIDTH = 1000  # a common article-column width


@st.cache_resource(show_spinner=False, on_release=lambda renderer: renderer.close())
def image_renderer() -> ImageRenderer:
    """One browser for the whole server: started by the first image asked for (seconds), then
    kept warm for every later download of every session."""
    return ImageRenderer()


def browser_missing() -> str | None:
    """Why no image can be made here (no browser found), or None."""
    if image_renderer().running:
        return None
    try:
        find_browser()
    except NoBrowser as exc:
        return str(exc)
    return None


def _size_label(choice: str) -> str:
    return layout.SIZES[choice].label if choice in layout.SIZES else "custom width (16:9)"


def _image_maker(
    renderer: ImageRenderer,
    build: Callable[[], go.Figure],
    claims: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    fmt: str,
    size: layout.ImageSize,
) -> Callable[[], bytes]:
    """The download callback: runs on click, on a Streamlit worker thread."""

    def make() -> bytes:
        fig = layout.publishable(build(), claims, title=title, subtitle=subtitle, size=size)
        return renderer.render(fig, fmt, size)

    return make


@st.fragment
def render_exports(
    figure: go.Figure | Callable[[], go.Figure],
    claims: pd.DataFrame,
    *,
    name: str,
    title: str | None = None,
    subtitle: str | None = None,
) -> None:
    """A compact row under a chart: image format and size, the image, the data, a citation.

    `figure` is the page's figure or a call that builds it (deferred until a download);
    `claims` are the statements behind the chart, after filters and before any thinning for
    drawing; `name` is the file stem and keys the widgets. Title and subtitle default to the
    standard ones of `name` (recruitment.reporting.charts). A fragment, so choosing a format
    reruns only this row.
    """
    build = figure if callable(figure) else (lambda: figure)
    if title is None:
        title = charts.TITLES.get(name, name)
    if subtitle is None:
        known = name in charts.LEADS
        subtitle = charts.subtitle(name, claims["series"], common.load_series()) if known else ""
    # The width box takes a column only when a custom width is chosen (state from the last run).
    custom = st.session_state.get(f"export-{name}-size") == "custom"
    cols = st.columns([1, 1.6, 1.1, 1.3, 1.5] if custom else [1, 1.6, 1.3, 1.5, 1.1],
                      vertical_alignment="bottom")  # fmt: skip
    fmt_col, size_col = cols[0], cols[1]
    width_col, image_col, data_col = (cols[2], cols[3], cols[4]) if custom else (None, *cols[2:4])
    fmt = fmt_col.selectbox(
        "Image format", layout.FORMATS, format_func=str.upper, key=f"export-{name}-format"
    )
    choice = size_col.selectbox(
        "Size", SIZE_CHOICES, index=SIZE_CHOICES.index(layout.DEFAULT_SIZE),
        format_func=_size_label, key=f"export-{name}-size",
    )  # fmt: skip
    if choice == "custom":
        width = (width_col or size_col).number_input(
            "Width (px)", min_value=layout.MIN_WIDTH, max_value=layout.MAX_WIDTH,
            value=DEFAULT_CUSTOM_WIDTH, step=100, key=f"export-{name}-width",
        )  # fmt: skip
        size = layout.custom_size(int(width))
    else:
        size = layout.SIZES[choice]
    missing = browser_missing()
    if missing is None:
        renderer = image_renderer()
        image_col.download_button(
            f"Download {fmt.upper()}",
            data=_image_maker(
                renderer, build, claims, title=title, subtitle=subtitle, fmt=fmt, size=size
            ),
            file_name=f"{name}.{fmt}",
            mime=layout.MIME_TYPES[fmt],
            on_click="ignore",
            icon=":material/image:",
            key=f"export-{name}-image",
            help="The chart with its title, series definitions and source line. PNG is drawn "
            "at twice the chosen size for sharp text.",
        )
    data_col.download_button(
        "Download data (CSV)",
        data=lambda: claims_csv(claims),
        file_name=f"{name}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        key=f"export-{name}-csv",
        help="The statements behind this chart, with their sources, in the upload format.",
    )
    if missing is not None:
        st.warning(
            f"Image export is unavailable on this server: {missing}. The data and the "
            "citation below still work.",
            icon=":material/hide_image:",
        )
    elif image_renderer().problem:
        st.warning(
            f"The last image could not be made ({image_renderer().problem}); try again.",
            icon=":material/hide_image:",
        )
    st.code(citation_text(claims), language=None, wrap_lines=True)


def render_chart_exports(chart: charts.Chart) -> None:
    """render_exports for a standard chart of recruitment.reporting.charts."""
    render_exports(
        chart.build, chart.claims, name=chart.name, title=chart.title, subtitle=chart.subtitle
    )


# --- one call per chart of each page: the same builder inputs the page uses --------------


def render_trend_exports(cumulative: pd.DataFrame) -> None:
    render_chart_exports(
        charts.trend_chart(
            cumulative, common.load_series(), common.load_events(), colors=common.colors()
        )
    )


def render_year_over_year_exports(cumulative: pd.DataFrame) -> None:
    render_chart_exports(charts.year_over_year_chart(cumulative, common.load_series()))


def render_rates_exports(claims: pd.DataFrame, intervals: pd.DataFrame) -> None:
    render_chart_exports(
        charts.rates_chart(
            claims, common.load_series(), intervals=intervals, colors=common.colors()
        )
    )


def render_months_exports(claims: pd.DataFrame, intervals: pd.DataFrame) -> None:
    render_chart_exports(
        charts.months_chart(
            claims, common.load_series(), intervals=intervals, colors=common.colors()
        )
    )


def render_overview_exports(claims: pd.DataFrame) -> None:
    """The Overview page has no single chart: show the headline chart for reports in an
    expander, with its export row."""
    chart = charts.overview_chart(
        claims, common.load_series(), common.load_targets(), colors=common.colors()
    )
    with st.expander("Headline chart for reports and slides", icon=":material/bar_chart:"):
        st.plotly_chart(chart.build(), key="overview-headline")
        render_chart_exports(chart)
