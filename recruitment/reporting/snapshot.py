"""`python -m recruitment snapshot`: the standard charts of the store, ready to publish.

Each chart becomes <name>.<format> with its footer, and <name>.csv beside it with the
statements behind it, drawn by one browser for the whole batch. Another variant than light
English adds its suffix to the image and text names (`trend.ru.dark.png`, `trend.ru.txt`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import plotly.graph_objects as go

from recruitment.reporting.alt_text import alt_text, with_png_text, with_svg_text
from recruitment.reporting.charts import Chart
from recruitment.reporting.layout import ImageSize, publishable
from recruitment.reporting.provenance import claims_csv
from recruitment.reporting.renderer import ImageRenderer
from recruitment.reporting.variants import DEFAULT_VARIANT, Variant


def published_figure(
    chart: Chart, size: ImageSize, variant: Variant = DEFAULT_VARIANT
) -> go.Figure:
    """The chart as it is published in a variant: its figure in the variant's language, with
    title, subtitle and footer, at `size`, in the variant's theme. Every output (an image, an
    embed) starts from this figure."""
    title, subtitle = chart.words(variant)
    return publishable(
        chart.figure_for(variant),
        chart.claims,
        title=title,
        subtitle=subtitle,
        size=size,
        variant=variant,
    )


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
    renderer: ImageRenderer,
    names: dict[str, str] | None = None,
    variant: Variant = DEFAULT_VARIANT,
    progress: Callable[[str], None] = lambda _: None,
) -> list[Path]:
    """Write every chart's image, its text alternative (.txt) and its CSV into `out` (created
    if needed); the paths written.

    The text and the CSV are written only after the image, so a failed render leaves no file
    claiming an image that is not there.
    """
    out.mkdir(parents=True, exist_ok=True)
    written = []
    charts = list(charts)
    for i, chart in enumerate(charts, start=1):
        progress(f"[{i}/{len(charts)}] {chart.name}: {len(chart.claims):,} statement(s)")
        alt = alt_text(chart, names, variant)
        image = out / f"{chart.name}{variant.suffix}.{fmt}"
        image.write_bytes(image_bytes(chart, renderer, fmt, size, alt=alt, variant=variant))
        text = out / f"{chart.name}{variant.lang_suffix}.txt"
        text.write_text(alt + "\n", encoding="utf-8")
        data = out / f"{chart.name}.csv"
        data.write_text(claims_csv(chart.claims), encoding="utf-8", newline="")
        written += [image, text, data]
    return written
