"""Under a chart: the chart as a finished image, the data package behind it, a citation.

The image comes in any variant (light or dark, English or Russian); the text alternative and
the citation under it follow the language chosen, so they can go under that image.

A chart that leaves the app must carry its evidence, so the image is drawn by
`recruitment.reporting` with title, series definitions and a source footer; the data package
holds the very statements the chart shows (CSV), described; the citation is plain text to
paste under the image. All three name the data version and the page's permalink.
The choices are built only while the reader has the "Export" panel open, and images and files
are made on click (download buttons take callables) from the chart the page already holds,
so a page view that exports nothing costs only the text alternative and one button.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from pages import common
from recruitment.figures.themes import THEMES
from recruitment.formatting import escape_markdown
from recruitment.i18n import LANGUAGES, SOURCE_LANGUAGE
from recruitment.reporting import charts, layout
from recruitment.reporting.alt_text import alt_text
from recruitment.reporting.embed import embed_html, iframe_height
from recruitment.reporting.package import chart_package
from recruitment.reporting.renderer import ImageRenderer, NoBrowser, find_browser
from recruitment.reporting.snapshot import image_bytes
from recruitment.reporting.variants import THEME_LABELS, Variant
from recruitment.view import View

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


def _variant(name: str, theme_col: DeltaGenerator, lang_col: DeltaGenerator) -> Variant:
    """The theme and language chosen for the image (light English unless changed)."""
    theme = theme_col.selectbox(
        "Theme", THEMES, format_func=THEME_LABELS.get, key=f"export-{name}-theme"
    )
    lang = lang_col.selectbox(
        "Language", list(LANGUAGES), format_func=LANGUAGES.get, key=f"export-{name}-lang"
    )
    return Variant(theme, lang)


def _alt(chart: charts.Chart, variant: Variant) -> str:
    """The chart's text alternative in the variant's language, written once per chart."""
    names = common.snapshot().names
    return chart.worded(("alt", variant.lang), lambda: alt_text(chart, names, variant))


def render_export_row(chart: charts.Chart) -> None:
    """Under a chart: its text alternative, and an "Export" button whose panel offers the
    image, the embed, the data package and the citation."""
    chart = chart.at(common.edition())
    st.caption("Text alternative: " + escape_markdown(_alt(chart, Variant())))
    _export_panel(chart)


@st.fragment
def _export_panel(chart: charts.Chart) -> None:
    """The export choices, built only while their panel is open: a page view that exports
    nothing costs neither the server nor the reader's browser anything for them. A fragment,
    so opening the panel or choosing a format reruns only this panel."""
    panel = st.popover(
        "Export", icon=":material/ios_share:", key=f"export-{chart.name}", on_change="rerun",
        help="This chart as an image (PNG, SVG, PDF) or an embed for an article, the data "
        "behind it, and a citation.",
    )  # fmt: skip
    if panel.open:
        with panel:
            _export_choices(chart)


def _export_choices(chart: charts.Chart) -> None:
    """Image format, size, theme and language; the image, the embed and the data; the
    citation (and the text alternative, when the image is in another language).

    `chart` carries the statements behind the chart (after filters, before any thinning for
    drawing), its title and subtitle, and the figure the page shows: an image is drawn from
    that figure on click, by the same code as `python -m recruitment snapshot`. Image, data
    and citation name the data version and this page's permalink.
    """
    name = chart.name
    # The choices on two rows (a width box only for a custom size), the downloads below.
    fmt_col, size_col, width_col = st.columns([1, 1.6, 1], vertical_alignment="bottom")
    theme_col, lang_col, _ = st.columns([1, 1.6, 1], vertical_alignment="bottom")
    image_col, embed_col, data_col = st.columns(3)
    fmt = fmt_col.selectbox(
        "Image format", layout.FORMATS, format_func=str.upper, key=f"export-{name}-format"
    )
    choice = size_col.selectbox(
        "Size", SIZE_CHOICES, index=SIZE_CHOICES.index(layout.DEFAULT_SIZE),
        format_func=_size_label, key=f"export-{name}-size",
    )  # fmt: skip
    if choice == "custom":
        width = width_col.number_input(
            "Width (px)", min_value=layout.MIN_WIDTH, max_value=layout.MAX_WIDTH,
            value=DEFAULT_CUSTOM_WIDTH, step=100, key=f"export-{name}-width",
        )  # fmt: skip
        size = layout.custom_size(int(width))
    else:
        size = layout.SIZES[choice]
    variant = _variant(name, theme_col, lang_col)
    store = common.store()  # the data package is made on click, outside this run
    series = common.snapshot().series
    alt = _alt(chart, variant)
    missing = browser_missing()
    if missing is None:
        renderer = image_renderer()
        image_col.download_button(
            f"Download {fmt.upper()}",
            data=lambda: image_bytes(chart, renderer, fmt, size, alt=alt, variant=variant),
            file_name=f"{name}{variant.suffix}.{fmt}",
            mime=layout.MIME_TYPES[fmt],
            on_click="ignore",
            icon=":material/image:",
            key=f"export-{name}-image",
            help="The chart with its title, series definitions and source line. PNG is drawn "
            "at twice the chosen size for sharp text.",
        )
    embed_col.download_button(
        "Download embed (HTML)",
        data=lambda: embed_html(chart, alt=alt, size=size, variant=variant),
        file_name=f"{name}-v{chart.edition.version}{variant.suffix}.html",
        mime="text/html",
        on_click="ignore",
        icon=":material/code:",
        key=f"export-{name}-embed",
        help="The chart as one interactive HTML file for an article's iframe (plotly.js "
        f"inside, no request to any other host); height {iframe_height(size)} px.",
    )
    data_col.download_button(
        "Download data (ZIP)",
        data=lambda: chart_package(chart, common.in_full(chart.claims, store), series),
        file_name=f"{name}-v{chart.edition.version}.zip",
        mime="application/zip",
        on_click="ignore",
        icon=":material/download:",
        key=f"export-{name}-data",
        help="A data package: the statements behind this chart in the upload format (CSV), "
        "what each series counts and the citation (README.md), and datapackage.json.",
    )
    if missing is not None:
        st.warning(
            f"Image export is unavailable on this server: {missing}. The embed, the data and "
            "the citation still work.",
            icon=":material/hide_image:",
        )
    elif image_renderer().problem:
        st.warning(
            f"The last image could not be made ({image_renderer().problem}); try again.",
            icon=":material/hide_image:",
        )
    if variant.lang != SOURCE_LANGUAGE:
        st.caption(f"Text alternative ({LANGUAGES[variant.lang]}): " + escape_markdown(alt))
    st.code(chart.citation_for(variant), language=None, wrap_lines=True)


def render_chart(chart: charts.Chart) -> None:
    """A chart and its export row under it, keyed by the chart's name."""
    st.plotly_chart(chart.figure, key=chart.name)
    render_export_row(chart)


def render_overview_exports(view: View) -> None:
    """The Overview page has no single chart: the headline chart for reports, with its export
    row, in an expander that builds them only when opened."""
    section = st.expander(
        "Headline chart for reports and slides", icon=":material/bar_chart:",
        key="overview-headline-open", on_change="rerun",
    )  # fmt: skip
    if section.open:
        with section:
            render_chart(view.overview_chart())
