"""`python -m recruitment snapshot`: the standard charts of the store, ready to publish.

Each chart becomes <name>.<format> with its footer, and <name>.csv beside it with the
statements behind it, drawn by one browser for the whole batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from recruitment.reporting.alt_text import alt_text, with_png_text, with_svg_text
from recruitment.reporting.charts import Chart
from recruitment.reporting.layout import ImageSize, publishable
from recruitment.reporting.provenance import claims_csv
from recruitment.reporting.renderer import ImageRenderer


def image_bytes(
    chart: Chart, renderer: ImageRenderer, fmt: str, size: ImageSize, *, alt: str
) -> bytes:
    """The chart as a finished image: title, subtitle, footer, at `size`, with its text
    alternative `alt` inside (SVG title and desc, PNG text chunks)."""
    fig = publishable(
        chart.figure, chart.claims, title=chart.title, subtitle=chart.subtitle, size=size,
        edition=chart.edition,
    )  # fmt: skip
    image = renderer.render(fig, fmt, size)
    if fmt == "svg":
        return with_svg_text(image, chart.title, alt)
    if fmt == "png":
        return with_png_text(image, chart.title, alt)
    return image


def write_snapshot(
    charts: Iterable[Chart],
    out: Path,
    *,
    fmt: str,
    size: ImageSize,
    renderer: ImageRenderer,
    names: dict[str, str] | None = None,
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
        alt = alt_text(chart, names)
        image = out / f"{chart.name}.{fmt}"
        image.write_bytes(image_bytes(chart, renderer, fmt, size, alt=alt))
        text = out / f"{chart.name}.txt"
        text.write_text(alt + "\n", encoding="utf-8")
        data = out / f"{chart.name}.csv"
        data.write_text(claims_csv(chart.claims), encoding="utf-8", newline="")
        written += [image, text, data]
    return written
