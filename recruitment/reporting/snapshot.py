"""`python -m recruitment snapshot`: the standard charts of the store, ready to publish.

Each chart becomes <name>.<format> with its footer, <name>.txt with its text alternative and
<name>.zip, the data package of the statements behind it (CSV, datapackage.json, README.md).
Images are drawn by one browser for the whole batch; embeds (html) share one plotly.min.js
written beside them. Another variant than light English adds its suffix to the image and text
names (`trend.ru.dark.png`, `trend.ru.txt`); the data package is the same in every variant.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd
from plotly.offline import get_plotlyjs

from recruitment.reporting.alt_text import alt_text, with_png_text, with_svg_text
from recruitment.reporting.charts import Chart
from recruitment.reporting.embed import PLOTLY_JS, embed_html
from recruitment.reporting.layout import FORMATS, ImageSize, published_figure
from recruitment.reporting.package import chart_package
from recruitment.reporting.renderer import ImageRenderer
from recruitment.reporting.variants import DEFAULT_VARIANT, Variant

# What snapshot writes: an image format, or html for interactive embeds.
SNAPSHOT_FORMATS = (*FORMATS, "html")


def image_bytes(
    chart: Chart,
    renderer: ImageRenderer,
    fmt: str,
    size: ImageSize,
    *,
    alt: str,
    variant: Variant = DEFAULT_VARIANT,
) -> bytes:
    """The chart as a finished image (published_figure), with its text alternative `alt`
    inside (SVG title and desc, PNG text chunks); `alt` is in the variant's language."""
    image = renderer.render(published_figure(chart, size, variant), fmt, size)
    title, _ = chart.words(variant)
    if fmt == "svg":
        return with_svg_text(image, title, alt)
    if fmt == "png":
        return with_png_text(image, title, alt)
    return image


def write_snapshot(
    charts: Iterable[Chart],
    out: Path,
    *,
    fmt: str,
    size: ImageSize,
    renderer: ImageRenderer | None,
    series: pd.DataFrame,
    names: dict[str, str] | None = None,
    variant: Variant = DEFAULT_VARIANT,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write every chart's image (or embed), its text alternative (.txt) and its data package
    (.zip, with the definitions of `series`) into `out` (created if needed); the paths
    written.

    The text and the data are written only after the image, so a failed render leaves no file
    claiming an image that is not there.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    if fmt == "html":
        (out / PLOTLY_JS).write_text(get_plotlyjs(), encoding="utf-8")
        written.append(out / PLOTLY_JS)
    charts = list(charts)
    for i, chart in enumerate(charts, start=1):
        progress(f"[{i}/{len(charts)}] {chart.name}: {len(chart.claims):,} statement(s)")
        alt = alt_text(chart, names, variant)
        image = out / f"{chart.name}{variant.suffix}.{fmt}"
        if fmt == "html":
            page = embed_html(chart, alt=alt, size=size, plotly_js=PLOTLY_JS, variant=variant)
            image.write_text(page, encoding="utf-8")
        else:
            assert renderer is not None, "images need a renderer"
            image.write_bytes(image_bytes(chart, renderer, fmt, size, alt=alt, variant=variant))
        text = out / f"{chart.name}{variant.lang_suffix}.txt"
        text.write_text(alt + "\n", encoding="utf-8")
        data = out / f"{chart.name}.zip"
        data.write_bytes(chart_package(chart, chart.claims, series))
        written += [image, text, data]
    return written
