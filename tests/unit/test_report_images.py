"""Finished images drawn by kaleido in Debian's Chromium: words, sizes, formats.

These need the browser the app uses for exports; without one they are skipped locally and
fail in CI, as the image export they check would.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator
from html import unescape

import pytest

from recruitment.reporting.charts import overview_chart, rates_chart, trend_chart
from recruitment.reporting.layout import SIZES, custom_size
from recruitment.reporting.renderer import ImageRenderer, NoBrowser
from recruitment.reporting.snapshot import image_bytes
from tests.fixtures import require_browser
from tests.unit.test_report_charts import SERIES

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def renderer() -> Iterator[ImageRenderer]:
    require_browser()
    with ImageRenderer() as r:  # one browser for the module, as snapshot uses one per batch
        yield r


@pytest.fixture
def claims(make_claims):
    return make_claims(
        [
            {"value": 231_000, "announced_on": "2023-08-03", "qualifier": "at_least",
             "outlet": "A News (Anadolu)", "url": "https://anews.example/1"},
            {"value": 280_000, "announced_on": "2023-09-03", "qualifier": "approx",
             "outlet": "MENAFN (citing TASS)", "url": "https://menafn.example/2"},
        ]
    )  # fmt: skip


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always follows the 8-byte signature."""
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_text(svg: bytes) -> str:
    """Every text node of an SVG, joined, entities decoded."""
    return unescape(" ".join(re.findall(r">([^<>]+)<", svg.decode("utf-8"))))


def test_svg_has_title_source_line_caveat_and_as_of_date_as_text(renderer, claims):
    chart = trend_chart(claims, SERIES)

    text = svg_text(image_bytes(chart, renderer, "svg", SIZES["report"], alt="A chart."))

    assert chart.title in text
    assert "Source: MENAFN (citing TASS) and A News (Anadolu)" in text
    assert "Official figures, not independently verified" in text
    assert "Data as of 3 Sep 2023" in text
    assert "Recruitment figures" in text
    assert "Contract recruits: Signed contracts since 1 January." in text  # the definition


@pytest.mark.parametrize(
    ("size", "pixels"),
    [(SIZES["social"], (2400, 1350)), (SIZES["report"], (3200, 1800)),
     (custom_size(1000), (2000, 1124)), (custom_size(1001), (2002, 1126))],
)  # fmt: skip
def test_png_has_the_size_in_pixels_at_twice_the_preset(renderer, claims, size, pixels):
    data = image_bytes(trend_chart(claims, SERIES), renderer, "png", size, alt="A chart.")

    assert png_size(data) == pixels


def test_pdf_is_a_pdf_page_of_the_preset_size(renderer, claims):
    data = image_bytes(
        rates_chart(claims, SERIES), renderer, "pdf", SIZES["social"], alt="A chart."
    )

    assert data.startswith(b"%PDF-")
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None
    # PDF points are 3/4 of a CSS pixel.
    assert abs(float(box.group(1)) - 1200 * 0.75) < 2
    assert abs(float(box.group(2)) - 675 * 0.75) < 2


def test_overview_image_draws(renderer, claims):
    data = image_bytes(
        overview_chart(claims, SERIES), renderer, "png", SIZES["social"], alt="A chart."
    )

    assert png_size(data) == (2400, 1350)


def test_a_wrong_browser_path_is_one_sentence(monkeypatch, tmp_path):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nowhere"))

    with pytest.raises(NoBrowser, match=r"BROWSER_PATH is .*nowhere, which is not an executable"):
        ImageRenderer().start()


def test_a_browser_that_will_not_start_is_no_browser(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)

    renderer = ImageRenderer(str(fake))
    with pytest.raises(NoBrowser, match="could not be started"):
        renderer.start()
    assert renderer.problem and not renderer.running
