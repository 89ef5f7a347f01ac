"""The dark look of a finished figure, for images and embeds on dark pages.

Applied to a figure already built (and laid out for publishing), not by each builder, so every
chart has a dark version without a second copy of its code. Every colour the figure holds is
mapped by one rule: the light look's neutrals take their dark counterparts (ink becomes light
text, white becomes the background, grid lines stay faint), and a series colour keeps its hue,
lightened only as far as it needs to stand out from the background (MIN_CONTRAST), so a series
is recognisably the same on both.
"""

from __future__ import annotations

import colorsys
import re
from typing import Any

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio

THEMES = ("light", "dark")
DARK_BACKGROUND = "#16191d"
# The light look's neutrals (figures.style and plotly_white) and what they become on dark.
DARK_NEUTRALS = {
    "#ffffff": DARK_BACKGROUND,  # paper, plot, marker outlines, hover labels
    "#333333": "#e6e6e6",  # INK: text, official figures, keys
    "#000000": "#f2f2f2",  # the palette's black
    "#6b6b6b": "#a9a9a9",  # MUTED: subtitles, footers, notes
    "#999999": "#7a7f86",  # axis lines, ticks, event bands
    "#e5e5e5": "#30353b",  # GRID
}
# Contrast with the background every series colour reaches: WCAG asks 3:1 of lines and
# markers (1.4.11); 4.5:1 (text) keeps thin dotted lines and small markers clear too.
MIN_CONTRAST = 4.5
# A light wash of a series colour (a range band) shows far less on dark than on white: such
# washes below this opacity are drawn twice as opaque (grey ones, now light, show already).
WASH_ALPHA = 0.5
# Colours of strings like "#abc", "#aabbcc", "rgb(1,2,3)", "rgba(1,2,3,0.5)" and "white".
_HEX = re.compile(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
_RGB = re.compile(r"rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)")
_NAMED = {"white": "#ffffff", "black": "#000000"}
_DARK = pio.templates["plotly_dark"].to_plotly_json()
_TEMPLATE = go.layout.Template(
    layout=_DARK["layout"], data={k: _DARK["data"][k] for k in ("bar", "scatter")}
)


def themed(fig: go.Figure, theme: str) -> go.Figure:
    """fig in `theme`: the figure itself for light, a dark copy for dark."""
    if theme not in THEMES:
        raise ValueError(f"unknown theme {theme!r}: use one of {', '.join(THEMES)}")
    if theme == "light":
        return fig
    spec = fig.to_plotly_json()
    layout = {k: v for k, v in spec["layout"].items() if k != "template"}
    out = go.Figure(
        data=[_recoloured(trace) for trace in spec["data"]],
        layout={**_recoloured(layout), "template": _TEMPLATE},
    )
    out.update_layout(paper_bgcolor=DARK_BACKGROUND, plot_bgcolor=DARK_BACKGROUND)
    return out


def _recoloured(value: Any, key: str = "") -> Any:
    """value with every colour under a key naming one ("color", "fillcolor", ...) made dark."""
    if isinstance(value, dict):
        return {k: _recoloured(v, k) for k, v in value.items()}
    if "color" not in key:
        if isinstance(value, list | tuple):
            return [_recoloured(v) for v in value]
        return value
    if isinstance(value, str):
        return dark_color(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "OU":
        return np.array([dark_color(v) if isinstance(v, str) else v for v in value], dtype=object)
    if isinstance(value, list | tuple):
        return [dark_color(v) if isinstance(v, str) else v for v in value]
    return value


def dark_color(color: str) -> str:
    """The dark look's counterpart of one colour (see the module's rule); alpha is kept."""
    parsed = _parse(color)
    if parsed is None:
        return color
    (r, g, b), alpha = parsed
    hex_rgb = f"#{r:02x}{g:02x}{b:02x}"
    if hex_rgb in DARK_NEUTRALS:
        r, g, b = _rgb(DARK_NEUTRALS[hex_rgb])
    elif max(r, g, b) - min(r, g, b) < 24:  # another grey: light and dark swap
        r, g, b = _inverted_grey((r + g + b) / 3)
    else:
        r, g, b = _lifted((r, g, b))
        if alpha < WASH_ALPHA:
            alpha = round(min(alpha * 2, WASH_ALPHA), 3)
    if alpha >= 1:
        return f"#{r:02x}{g:02x}{b:02x}"
    return f"rgba({r},{g},{b},{alpha:g})"


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _parse(color: str) -> tuple[tuple[int, int, int], float] | None:
    text = _NAMED.get(color.strip().lower(), color.strip())
    if m := _HEX.fullmatch(text):
        digits = m[1] if len(m[1]) == 6 else "".join(c * 2 for c in m[1])
        return _rgb("#" + digits), 1.0
    if m := _RGB.fullmatch(text):
        rgb = tuple(int(float(m[i])) for i in (1, 2, 3))
        return (rgb[0], rgb[1], rgb[2]), float(m[4]) if m[4] is not None else 1.0
    return None


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _inverted_grey(level: float) -> tuple[int, int, int]:
    """A grey with light and dark swapped, between the background and light text."""
    low, high = _rgb(DARK_BACKGROUND)[0], _rgb(DARK_NEUTRALS["#333333"])[0]
    v = round(low + (1 - level / 255) * (high - low))
    return v, v, v


def _lifted(rgb: tuple[int, int, int]) -> tuple[int, int, int]:
    """The colour with its hue kept, lightened until it reaches MIN_CONTRAST on the background."""
    background = _rgb(DARK_BACKGROUND)
    h, lightness, s = colorsys.rgb_to_hls(*(c / 255 for c in rgb))
    while lightness < 0.95:
        out = tuple(round(c * 255) for c in colorsys.hls_to_rgb(h, lightness, s))
        if contrast((out[0], out[1], out[2]), background) >= MIN_CONTRAST:
            return out[0], out[1], out[2]
        lightness += 0.02
    return rgb
