"""Text alternatives written from a chart's data, and carried inside its images."""

from __future__ import annotations

import io

import pandas as pd
from PIL import Image

from recruitment.reporting.alt_text import alt_text, with_png_text, with_svg_text
from recruitment.reporting.charts import trend_chart

SERIES = pd.DataFrame({
    "slug": ["contract-ytd"], "name": ["Contract recruits"], "measure": ["cumulative"],
    "definition": ["Signed contracts since 1 January."],
})  # fmt: skip


def test_alt_text_says_what_when_the_latest_figure_its_range_and_the_direction(make_claims):
    claims = make_claims([
        {"value": 231_000, "qualifier": "at_least", "announced_on": "2023-08-03"},
        {"value": 280_000, "qualifier": "approx", "announced_on": "2023-09-03"},
    ])  # fmt: skip

    text = alt_text(trend_chart(claims, SERIES), {"contract-ytd": "Contract recruits"})

    assert text.startswith("Running counts of recruits, as officials stated them.")
    assert "2 statements from 3 Aug 2023 to 3 Sep 2023" in text
    assert "Contract recruits: latest about 280,000 as of 3 Sep 2023" in text
    assert "its wording allows 275,000 to 285,000" in text
    assert "up from 231,000 as of 3 Aug 2023" in text


def test_alt_text_of_an_empty_chart_says_so(make_claims):
    empty = make_claims([{"value": 1, "announced_on": "2023-01-02"}]).iloc[0:0]

    assert "no statements" in alt_text(trend_chart(empty, SERIES))


def test_svg_carries_title_and_description_escaped():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10"><rect/></svg>'

    out = with_svg_text(svg, "A & B", "Less < more").decode()

    assert out.startswith('<svg xmlns="http://www.w3.org/2000/svg" width="10"><title>A &amp; B')
    assert "<desc>Less &lt; more</desc><rect/>" in out


def test_png_carries_title_and_description_in_text_chunks():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "white").save(buffer, format="PNG")

    out = with_png_text(buffer.getvalue(), "Trend", "Runs from 3 Aug — to 3 Sep.")

    with Image.open(io.BytesIO(out)) as image:
        image.load()
        assert image.text == {"Title": "Trend", "Description": "Runs from 3 Aug — to 3 Sep."}
        assert image.size == (4, 3)


def test_alt_text_of_a_filtered_compact_frame_names_only_series_it_holds(make_claims):
    """Pages keep `series` as a category: a filtered frame still lists every category."""
    claims = make_claims([
        {"value": 231_000, "announced_on": "2023-08-03"},
        {"series": "volunteer-ytd", "value": 5_000, "announced_on": "2023-10-05"},
    ]).astype({"series": "category"})  # fmt: skip

    text = alt_text(trend_chart(claims[claims["series"] == "contract-ytd"], SERIES))

    assert "1 statement from 3 Aug 2023" in text and "volunteer" not in text
