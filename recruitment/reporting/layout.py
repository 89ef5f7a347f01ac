"""Image sizes and the published look: title, subtitle and footer around a page's figure.

The figure comes from the same builder the page uses; publishing only adds the words around
it and fixes its size, so an image never shows numbers the page does not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from recruitment.figures.style import MUTED, SMALL_FONT_SIZE, SOURCE_OFFSET_PX, base_layout
from recruitment.figures.themes import themed
from recruitment.figures.ticks import localised_count_ticks
from recruitment.formatting import escape_hover
from recruitment.i18n import language
from recruitment.reporting.edition import Edition
from recruitment.reporting.provenance import footer_lines
from recruitment.reporting.variants import DEFAULT_VARIANT, Variant

if TYPE_CHECKING:  # charts are built from figures; layout only reads them
    from recruitment.reporting.charts import Chart

FORMATS = ("png", "svg", "pdf")
MIME_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
# PNG is drawn at twice its size so text stays sharp on high-density screens and in print.
PNG_SCALE = 2
# Custom widths outside this range give unreadable text (below) or huge files (above).
MIN_WIDTH, MAX_WIDTH = 600, 3840
# A custom size is laid out at a width in this range and scaled, so its text keeps the
# proportions of the presets instead of shrinking to nothing on a wide image.
MIN_LAYOUT_WIDTH, MAX_LAYOUT_WIDTH = 1200, 1600
# Width of one character of 13 px text, on the generous side (Liberation Sans averages under 6 px),
# used to wrap the subtitle and footer to the image's width.
CHAR_PX = 6.5
# A published title is larger than a page chart's (20 px): it is the headline of a slide.
TITLE_FONT_SIZE, PAGE_TITLE_FONT_SIZE = 24, 20
SUBTITLE_LINE_PX = 18  # as recruitment.figures.style lays out a subtitle line
FOOTER_LINE_PX = 18
FOOTER_PAD_PX = 18  # air below the last footer line
EDGE_SLACK_PX = 24  # automargin may widen the left margin by about this much
# Cyrillic letters are about 16% wider than Latin ones in Liberation Sans (measured at 13 px).
WIDE_LETTERS = re.compile("[\u0400-\u04ff]")
WIDE_CHAR_FACTOR = 1.16


@dataclass(frozen=True)
class ImageSize:
    """Output size in CSS pixels (a PNG has PNG_SCALE times as many), and the layout size
    the chart is drawn at before scaling."""

    name: str
    width: int
    height: int

    @property
    def layout_width(self) -> int:
        return min(max(self.width, MIN_LAYOUT_WIDTH), MAX_LAYOUT_WIDTH)

    @property
    def layout_height(self) -> float:
        # Not rounded: scaled back, it must give exactly `height` (a 1000-wide custom image
        # is drawn 1200 x 674.4 and scaled by 5/6).
        return self.layout_width * self.height / self.width

    def scale(self, fmt: str) -> float:
        """The factor from layout to output pixels for this format."""
        ratio = self.width / self.layout_width
        if self.width != self.layout_width:
            # Chromium truncates: 1200 x (1001 / 1200) x 2 is 2001.9999..., drawn 2001 wide.
            ratio *= 1 + 1e-6
        return ratio * (PNG_SCALE if fmt == "png" else 1)

    @property
    def label(self) -> str:
        return f"{self.name} ({self.width}×{self.height})"


SIZES = {
    "social": ImageSize("social", 1200, 675),
    "report": ImageSize("report", 1600, 900),
}
DEFAULT_SIZE = "report"


def custom_size(width: int) -> ImageSize:
    """A 16:9 image of the given width; ValueError outside MIN_WIDTH..MAX_WIDTH."""
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ValueError(f"width must be between {MIN_WIDTH} and {MAX_WIDTH} pixels, not {width}")
    return ImageSize("custom", width, round(width * 9 / 16))


def parse_size(text: str) -> ImageSize:
    """`social`, `report` or a width in pixels; ValueError with a sentence otherwise."""
    key = text.strip().lower()
    if key in SIZES:
        return SIZES[key]
    if key.isdigit():
        return custom_size(int(key))
    raise ValueError(
        f"unknown size {text!r}: use social, report or a width in pixels "
        f"({MIN_WIDTH} to {MAX_WIDTH})"
    )


def kaleido_options(size: ImageSize, fmt: str) -> dict[str, float | str]:
    """What kaleido needs to draw `size` in `fmt` (layout size and scale)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}: use one of {', '.join(FORMATS)}")
    return {
        "format": fmt,
        "width": size.layout_width,
        "height": size.layout_height,
        "scale": size.scale(fmt),
    }


def _wrap(text: str, room_px: float) -> str:
    """text wrapped into lines of at most `room_px` (13 px text, on the generous side)."""
    char_px = CHAR_PX * (WIDE_CHAR_FACTOR if WIDE_LETTERS.search(text) else 1)
    return escape_hover(text, width=int(room_px / char_px))


def publishable(
    fig: go.Figure,
    claims: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    size: ImageSize,
    edition: Edition | None = None,
    variant: Variant = DEFAULT_VARIANT,
) -> go.Figure:
    """A copy of fig at `size`, with title, subtitle and the provenance footer (ending with
    the data version and permalink of `edition`) baked in, in the variant's theme and language.

    `fig`, `title` and `subtitle` must already be in the variant's language
    (`Chart.figure_for`, `Chart.words`); the footer is written here, and count ticks a
    plotly number format cannot write in that language are given as text. The subtitle and
    footer wrap to the image's width (the shared base_layout wraps for a laptop-width chart);
    the top and bottom margins grow with their lines so nothing runs off the edge or into the
    tick labels.
    """
    out = go.Figure(fig)  # a copy: the page keeps its own figure
    width, height = size.layout_width, size.layout_height
    out.update_layout(width=width, height=height)
    with language(variant.lang):
        base_layout(out, title=title, subtitle=subtitle, height=height)
    margin = out.layout.margin
    # Titles and footers start at the plot's left edge; tick labels may push it a little further.
    room = width - (margin.l or 0) - (margin.r or 0) - EDGE_SLACK_PX
    # base_layout sized the top margin for its own wrapping; adjust it for ours.
    narrow = str(out.layout.title.subtitle.text or "")
    wide = _wrap(subtitle, room) if subtitle else ""
    extra = SUBTITLE_LINE_PX * (wide.count("<br>") - narrow.count("<br>"))
    out.update_layout(
        title_subtitle_text=wide,
        title_font_size=TITLE_FONT_SIZE,
        margin_t=(margin.t or 0) + extra + TITLE_FONT_SIZE - PAGE_TITLE_FONT_SIZE,
    )

    lines = [_wrap(line, room) for line in footer_lines(claims, edition, variant)]
    text = "<br>".join(lines)
    out.add_annotation(
        text=text,
        name="footer",
        x=0,
        y=0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="top",
        yshift=-SOURCE_OFFSET_PX,
        align="left",
        showarrow=False,
        font={"size": SMALL_FONT_SIZE, "color": MUTED},
    )
    rows = text.count("<br>") + 1
    out.update_layout(margin_b=SOURCE_OFFSET_PX + rows * FOOTER_LINE_PX + FOOTER_PAD_PX)
    with language(variant.lang):
        localised_count_ticks(out)  # once the margins, and so the plot's size, are known
    return themed(out, variant.theme)


def published_figure(
    chart: Chart, size: ImageSize, variant: Variant = DEFAULT_VARIANT
) -> go.Figure:
    """The chart as it is published in a variant: its figure in the variant's language, with
    title, subtitle and footer (ending with its data version and permalink), at `size`, in the
    variant's theme. Every output (an image, an embed) starts from this figure."""
    title, subtitle = chart.words(variant)
    return publishable(
        chart.figure_for(variant), chart.claims, title=title, subtitle=subtitle, size=size,
        edition=chart.edition, variant=variant,
    )  # fmt: skip
