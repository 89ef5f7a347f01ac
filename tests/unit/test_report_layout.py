"""Sizes and the published look, read off the figure (no browser needed)."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from recruitment.figures.trend import trend_figure
from recruitment.reporting.layout import (
    MAX_WIDTH,
    MIN_WIDTH,
    SIZES,
    ImageSize,
    kaleido_options,
    parse_size,
    publishable,
)
from recruitment.reporting.provenance import CAVEAT


@pytest.fixture
def claims(make_claims):
    return make_claims(
        [
            {"value": 231_000, "announced_on": "2023-08-03", "outlet": "A News (Anadolu)"},
            {"value": 280_000, "announced_on": "2023-09-03", "outlet": "MENAFN (citing TASS)"},
        ]
    )


@pytest.mark.parametrize(
    ("text", "width", "height"),
    [("social", 1200, 675), ("report", 1600, 900), ("REPORT", 1600, 900), ("1000", 1000, 562),
     ("2400", 2400, 1350), (str(MIN_WIDTH), MIN_WIDTH, 338)],
)  # fmt: skip
def test_sizes_are_the_presets_or_a_width_at_16_9(text, width, height):
    size = parse_size(text)

    assert (size.width, size.height) == (width, height)


@pytest.mark.parametrize("text", ["huge", "", "-5", "12.5", str(MIN_WIDTH - 1), str(MAX_WIDTH + 1)])
def test_other_sizes_are_refused_with_the_choices(text):
    with pytest.raises(ValueError, match=r"social, report or a width|between"):
        parse_size(text)


@pytest.mark.parametrize(
    ("size", "fmt", "pixels"),
    [(SIZES["social"], "png", (2400, 1350)), (SIZES["report"], "png", (3200, 1800)),
     (SIZES["report"], "svg", (1600, 900)), (ImageSize("custom", 800, 450), "png", (1600, 900)),
     (ImageSize("custom", 2400, 1350), "pdf", (2400, 1350))],
)  # fmt: skip
def test_kaleido_draws_at_the_layout_size_scaled_to_the_output(size, fmt, pixels):
    opts = kaleido_options(size, fmt)

    assert round(opts["width"] * opts["scale"]) == pixels[0]
    assert round(opts["height"] * opts["scale"]) == pixels[1]
    assert 1200 <= opts["width"] <= 1600  # text keeps the proportions of the presets


def test_kaleido_options_refuse_other_formats():
    with pytest.raises(ValueError, match="png, svg, pdf"):
        kaleido_options(SIZES["report"], "gif")


def _footer(fig: go.Figure) -> str:
    (footer,) = [a for a in fig.layout.annotations if a.name == "footer"]
    return footer.text


def test_published_figure_has_title_subtitle_and_footer(claims):
    fig = publishable(
        trend_figure(claims), claims, title="Running counts", subtitle="People & <b>units</b>.",
        size=SIZES["report"],
    )  # fmt: skip

    assert fig.layout.title.text == "Running counts"
    assert fig.layout.title.subtitle.text == "People &amp; &lt;b&gt;units&lt;/b&gt;."
    assert (fig.layout.width, fig.layout.height) == (1600, 900)
    footer = _footer(fig)
    assert "Source: MENAFN (citing TASS) and A News (Anadolu)" in footer
    assert CAVEAT in footer
    assert "Data as of 3 Sep 2023" in footer
    assert "Recruitment figures" in footer


def test_publishing_leaves_the_page_figure_alone(claims):
    page = trend_figure(claims)
    before = page.to_json()

    publishable(page, claims, title="t", subtitle="s", size=SIZES["social"])

    assert page.to_json() == before


def test_footer_and_subtitle_wrap_to_the_width_and_margins_make_room(make_claims):
    many = make_claims(
        [{"value": 1_000 * i, "announced_on": f"2023-{i:02d}-01",
          "outlet": f"A rather long outlet name number {i}"} for i in range(1, 7)]
    )  # fmt: skip
    long = "A definition. " * 40
    social = publishable(trend_figure(many), many, title="t", subtitle=long, size=SIZES["social"])
    report = publishable(trend_figure(many), many, title="t", subtitle=long, size=SIZES["report"])

    def lines(text: str) -> int:
        return text.count("<br>") + 1

    assert lines(social.layout.title.subtitle.text) > lines(report.layout.title.subtitle.text)
    assert social.layout.margin.t > report.layout.margin.t
    for fig in (social, report):
        longest = max(len(line) for line in _footer(fig).split("<br>"))
        assert longest * 6.5 < fig.layout.width - fig.layout.margin.l
        assert fig.layout.margin.b >= 56 + lines(_footer(fig)) * 18
