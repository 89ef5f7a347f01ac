"""End to end in Chromium: pages load, charts draw, a click shows a source, links keep filters."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.fixtures import running_app, shoot, wait_ready

PAGES = {
    "": 0, "trend": 1, "monthly-rates": 2, "official-vs-independent": 2, "sources": 0,
    "methodology": 0, "incentives": 3, "incentives?show=Beside+the+counts": 1,
}  # fmt: skip


WIDENED_MARGINS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .map((gd) => gd._fullLayout)
  .filter((l) => ['l', 'r', 'b'].some((side) => l._size[side] > l.margin[side]))
  .map((l) => [l.margin, l._size])"""


def test_a_deep_link_opened_first_gets_the_full_app(server, page):
    page.goto(f"{server}/sources?speaker=Vladimir+Putin")
    wait_ready(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text("Vladimir Putin").first.wait_for(timeout=30_000)
    wait_ready(page)

    assert sidebar.get_by_text("Filters", exact=True).count() == 1
    assert page.get_by_text(re.compile(r"^\d+ statements?$")).first.inner_text() != (
        "28 statements"
    )


@pytest.mark.parametrize("path", ["monthly-rates", "official-vs-independent"])
def test_a_deep_link_to_a_fresh_server_opens_its_page_without_a_not_found_notice(
    tmp_path, page, path
):
    with running_app(tmp_path) as (base, _):
        page.goto(f"{base}/{path}")
        wait_ready(page)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)

        assert page.get_by_text("Page not found").count() == 0
        assert (
            page.locator('[data-testid="stSidebar"]').get_by_text("Filters", exact=True).count()
            == 1
        )
        assert page.locator('[data-testid="stPlotlyChart"]').count() == 2


def test_the_comparison_page_lists_every_comparison_the_command_line_gives(server, page):
    page.goto(f"{server}/official-vs-independent")
    wait_ready(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)

    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Download comparisons (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")

    shoot(page, "official-vs-independent-table")
    assert text.startswith("series,kind,period_start,period_end,as_of,")
    assert text.count("\n") > 3  # a header and the comparisons of the shipped estimates
    assert "indep-budget-payments" in text and "contract-ytd" in text


@pytest.mark.parametrize(("path", "charts"), PAGES.items())
def test_page_loads_without_exception_and_draws_its_charts(server, page, path, charts):
    page.goto(f"{server}/{path}")
    wait_ready(page)
    if charts:
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)

    shoot(page, path.replace("?show=Beside+the+counts", "-beside-the-counts") or "overview")
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stPlotlyChart"]').count() >= charts
    # Each chart's margins hold its labels as given: Plotly widens a margin that falls short
    # only after drawing, and then draws the whole figure a second time.
    assert page.evaluate(WIDENED_MARGINS) == []
    assert page.locator("h1").first.inner_text()


def test_the_overview_draws_each_cards_small_line_as_a_picture(server, page):
    page.goto(server)
    wait_ready(page)
    pictures = page.locator('[data-testid="stImage"] img')
    pictures.first.wait_for(timeout=30_000)

    cards = page.get_by_text("Latest figure", exact=True)
    assert pictures.count() == cards.count() >= 3
    assert page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stImage\"] img')]"
        ".every((img) => img.complete && img.naturalWidth > 0 && img.clientHeight >= 100)"
    )
    assert "since" in pictures.first.get_attribute("alt")
    # No interactive chart until the headline section is opened: no charting code to load.
    assert page.locator('[data-testid="stPlotlyChart"]').count() == 0


def test_clicking_a_trend_point_shows_its_source(server, page):
    page.goto(f"{server}/trend")
    wait_ready(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".main-svg").first.wait_for(timeout=30_000)
    # The last marker of the orange series: a real mouse click where a reader would click.
    box = chart.locator(".scatterlayer .trace .points path.point").last.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_timeout(300)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_text(re.compile("Reported by:")).first.wait_for(timeout=20_000)
    wait_ready(page)

    shoot(page, "trend-after-click")
    assert page.get_by_text(re.compile(r"^Verification: ")).count() == 1


def test_a_link_with_filters_reopens_the_same_view(server, page):
    page.goto(f"{server}/sources?speaker=Vladimir+Putin&q=contract")
    wait_ready(page)

    sidebar = page.locator('[data-testid="stSidebar"]')
    # The bound widgets may take one more rerun to show the values of the address.
    sidebar.get_by_text("Vladimir Putin").first.wait_for(timeout=30_000)
    wait_ready(page)
    shoot(page, "sources-filtered-by-link")
    counted = page.get_by_text(re.compile(r"^\d+ statements?$")).first.inner_text()
    assert counted != "28 statements"
    assert page.locator('input[aria-label="Search"]').input_value() == "contract"


def test_incentives_regions_chosen_enter_the_address_and_draw(server, page):
    page.goto(f"{server}/incentives?region=Moscow&region=Saint+Petersburg")
    wait_ready(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    wait_ready(page)

    first = page.locator('[data-testid="stPlotlyChart"]').first
    legend = first.locator(".legend").text_content()
    shoot(page, "incentives-two-regions")
    assert "Moscow" in legend and "Saint Petersburg" in legend and "Tula" not in legend
    assert first.locator(".scatterlayer .trace").count() == 2
    page.get_by_text("Beside the counts", exact=True).click()
    page.wait_for_url(re.compile(r"show=Beside"), timeout=20_000)
    assert "region=Moscow" in page.url


def test_switching_the_unit_shows_the_series_of_that_unit_in_the_series_box(server, page):
    page.goto(f"{server}/incentives")
    wait_ready(page)
    main = page.locator('[data-testid="stMain"]')
    series_box = main.locator('[data-testid="stSelectbox"]').first.get_by_role("combobox")
    rub = series_box.input_value()

    main.locator('[data-testid="stButtonGroup"]').get_by_text("USD", exact=True).click()
    main.get_by_text("monthly pay offered abroad").first.wait_for(timeout=30_000)
    wait_ready(page)

    # The box names the series the charts below now draw, not the one chosen before.
    assert "US dollars" in series_box.input_value() and "US dollars" not in rub


LEGENDS_OVER_PLOTS = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter((gd) => gd.querySelector('.legend') && gd.querySelector('.nsewdrag'))
  .filter((gd) => gd.querySelector('.legend').getBoundingClientRect().bottom
                  > gd.querySelector('.nsewdrag').getBoundingClientRect().top + 1)
  .length"""


def test_the_report_in_clean_mode_keeps_its_legends_above_the_charts(server, page):
    page.goto(f"{server}/report")
    wait_ready(page)
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30_000)
    assert page.evaluate(LEGENDS_OVER_PLOTS) == 0

    page.get_by_text("Clean mode").click()
    page.wait_for_function("() => location.search.includes('clean=true')", timeout=30_000)
    wait_ready(page)
    page.wait_for_timeout(1_000)  # the charts redraw at the page's new width

    shoot(page, "report-clean-mode")
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.evaluate(LEGENDS_OVER_PLOTS) == 0
