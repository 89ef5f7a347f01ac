"""Embeds: a chart as one HTML file to put in an article's iframe, interactive, with its
footer, text alternative and permalink, and no request to any other host.

The figure is the published one (`layout.publishable`: title, definitions, source footer,
data version), so an embed says exactly what the image says. plotly.js is either inside the
file (a download that works anywhere, about 5 MB) or a script beside it (the static site,
where every embed shares one copy).
"""

from __future__ import annotations

import html

import plotly.io as pio
from plotly.offline import get_plotlyjs

from recruitment.figures.themes import DARK_BACKGROUND, DARK_NEUTRALS
from recruitment.i18n import language, tr
from recruitment.reporting import APP_NAME
from recruitment.reporting.charts import Chart
from recruitment.reporting.layout import ImageSize, published_figure
from recruitment.reporting.variants import DEFAULT_VARIANT, Variant

# The name of the plotly.js file an embed refers to when the script is beside it.
PLOTLY_JS = "plotly.min.js"
# No mode bar: an embed is read, not edited; the data and image are on the chart's page.
CONFIG = {"displaylogo": False, "displayModeBar": False, "responsive": True}
STYLE = """
html, body { margin: 0; padding: 0; background: %(background)s; }
figure { margin: 0; font: 13px/1.4 system-ui, sans-serif; color: %(muted)s; }
figcaption { padding: 2px 8px 6px; }
figcaption a { color: inherit; }
"""
# The page around the figure in each theme: the figure's own background, its footer's colour.
PAGE_COLOURS = {
    "light": {"background": "#ffffff", "muted": "#6b6b6b"},
    "dark": {"background": DARK_BACKGROUND, "muted": DARK_NEUTRALS["#6b6b6b"]},
}


def iframe_height(size: ImageSize) -> int:
    """The height an iframe needs for the embed at `size`: the chart and the permalink line."""
    return round(size.layout_height) + 32


def embed_html(
    chart: Chart, *, alt: str, size: ImageSize, plotly_js: str | None = None,
    variant: Variant = DEFAULT_VARIANT,
) -> str:  # fmt: skip
    """The chart as a complete HTML page for an iframe: the published figure in `variant`,
    drawn by plotly.js (inside the file, or from the path `plotly_js` beside it), announced to
    screen readers by its text alternative `alt`, with a link to its permalink under it."""
    fig = published_figure(chart, size, variant)
    title, _ = chart.words(variant)
    fig.update_layout(width=None, autosize=True)  # as wide as the iframe; height as drawn
    script = (
        f'<script src="{html.escape(plotly_js)}"></script>'
        if plotly_js
        else f"<script>{get_plotlyjs()}</script>"
    )
    plot = pio.to_html(
        fig, include_plotlyjs=False, full_html=False, config=CONFIG, div_id=f"chart-{chart.name}",
        default_height=f"{round(size.layout_height)}px", default_width="100%",
    )  # fmt: skip
    link = ""
    if chart.edition is not None and chart.edition.link:
        href = html.escape(chart.edition.link)
        with language(variant.lang):
            said = tr("Open this chart at data version {version} in the dashboard").format(
                version=chart.edition.version
            )
        link = f'<a href="{href}" target="_blank" rel="noopener">{html.escape(said)}</a>'

    return f"""<!doctype html>
<html lang="{variant.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · {html.escape(APP_NAME)}</title>
<style>{STYLE % PAGE_COLOURS[variant.theme]}</style>
{script}
</head>
<body>
<figure>
<div role="img" aria-label="{html.escape(alt)}">
{plot}
</div>
<figcaption>{link}</figcaption>
</figure>
</body>
</html>
"""
