"""The Report page and the export row under charts, with streamlit.testing."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.fixtures import APP, open_page


def styles(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(parts + [t.value for t in at.title] + [s.value for s in at.subheader])


def test_report_renders_the_brief(seeded):
    at = open_page("pages/report.py")

    assert [t.value for t in at.title] == ["Recruitment brief"]
    body = text(at)
    assert "Contract recruits since 1 January" in body
    assert "Sources" in body
    assert "not independently verified" in body
    assert len(at.get("plotly_chart")) == 2
    assert "@media print" in styles(at)


def test_the_citation_is_copied_whole_with_a_link_that_works_when_pasted(seeded):
    at = open_page("pages/report.py")

    (citation,) = [c.value for c in at.code]
    assert citation.startswith("Chart: Recruitment figures. Data: official statements")
    assert re.search(r"Data version \d+: http://\S+/report", citation)
    assert "\u2060" not in citation  # the word joiner that keeps uploaded text from linking


def test_clean_mode_toggles_the_css_that_hides_the_chrome(seeded):
    at = open_page("pages/report.py")
    assert at.toggle(key="clean").value is False
    assert '[data-testid="stSidebar"]' not in styles(at).split("@media print")[0]

    at.toggle(key="clean").set_value(True).run()

    assert not at.exception
    clean = styles(at).split("</style>")[-2]  # the CSS added after the print CSS
    assert "@media print" not in clean
    assert '[data-testid="stSidebar"]' in clean

    at.toggle(key="clean").set_value(False).run()

    assert styles(at).count("<style>") == 1


def test_clean_mode_comes_from_the_address(seeded):
    at = open_page("pages/report.py", clean="true")

    assert at.toggle(key="clean").value is True
    assert styles(at).count("<style>") == 2


def test_report_says_which_filters_apply(seeded):
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.multiselect(key="year").set_value([2023]).run()
    at.switch_page("pages/report.py").run()

    assert not at.exception
    assert "Limited to years 2023" in text(at)


def open_exports(at: AppTest, *charts: str) -> AppTest:
    """Open the "Export" panel under each named chart, as a reader's click does."""
    for chart in charts:
        at.session_state[f"export-{chart}"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_export_choices_are_built_only_when_their_panel_is_opened(seeded):
    at = open_page("pages/trend.py")

    assert not at.get("download_button") and not at.code
    assert not [s for s in at.selectbox if (s.key or "").startswith("export-")]
    (alt,) = [c.value for c in at.caption if c.value.startswith("Text alternative")]
    assert "running" in alt.lower()

    open_exports(at, "trend")

    assert [b.key for b in at.get("download_button")] == [
        "export-trend-image",
        "export-trend-embed",
        "export-trend-data",
    ]


def test_the_overview_builds_its_headline_chart_when_its_section_opens(seeded):
    at = open_page("pages/overview.py")
    sparklines = len(at.get("plotly_chart"))
    assert not [c for c in at.caption if c.value.startswith("Text alternative")]

    at.session_state["overview-headline-open"] = True
    at.run()

    assert not at.exception
    assert len(at.get("plotly_chart")) == sparklines + 1
    (alt,) = [c.value for c in at.caption if c.value.startswith("Text alternative")]
    assert "Latest running counts" in alt
    open_exports(at, "overview")
    assert [b.key for b in at.get("download_button")] == [
        "export-overview-image",
        "export-overview-embed",
        "export-overview-data",
    ]


def test_chart_export_row_has_image_data_and_citation(seeded):
    at = open_exports(open_page("pages/trend.py"), "trend")

    codes = [c.value for c in at.code]
    assert any(c.startswith("Chart: Recruitment figures. Data: official statements") for c in codes)
    assert all("not independently verified" in c for c in codes)
    assert at.selectbox(key="export-trend-format").options == ["PNG", "SVG", "PDF"]
    # Image and data of the open tab's chart only: the hidden tab is not built.
    assert [b.key for b in at.get("download_button")] == [
        "export-trend-image",
        "export-trend-embed",
        "export-trend-data",
    ]


def test_the_year_over_year_tab_is_built_when_opened_and_is_part_of_the_address(seeded):
    at = open_exports(open_page("pages/trend.py", view="Year over year"), "year-over-year")

    keys = [b.key for b in at.get("download_button")]
    assert keys == [
        "export-year-over-year-image",
        "export-year-over-year-embed",
        "export-year-over-year-data",
    ]
    (chart,) = at.get("plotly_chart")
    assert "day of the year" in chart.proto.spec


def test_without_a_browser_the_row_warns_instead_of_offering_an_image(
    seeded, monkeypatch, tmp_path
):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nowhere"))

    at = open_exports(open_page("pages/monthly-rates.py"), "monthly-rates", "calendar-months")

    warnings = [w.value for w in at.warning]
    assert len([w for w in warnings if "Image export is unavailable" in w]) == 2  # one per chart
    keys = [b.key for b in at.get("download_button")]
    assert not [k for k in keys if k and k.endswith("-image")]
    # Embeds are drawn by the reader's browser; the data and the intervals table need none.
    assert len(keys) == 5


def test_custom_width_appears_only_for_a_custom_size(seeded):
    at = open_exports(open_page("pages/trend.py"), "trend")
    assert not [n for n in at.number_input if n.key == "export-trend-width"]

    at.selectbox(key="export-trend-size").set_value("custom").run()

    assert not at.exception
    assert at.number_input(key="export-trend-width").value == 1000


def test_export_row_offers_dark_and_russian_with_the_citation_in_that_language(seeded):
    at = open_exports(open_page("pages/trend.py"), "trend")
    assert at.selectbox(key="export-trend-theme").options == ["Light", "Dark"]
    assert at.selectbox(key="export-trend-lang").options == ["English", "Русский"]

    at.selectbox(key="export-trend-theme").set_value("dark").run()
    at.selectbox(key="export-trend-lang").set_value("ru").run()

    assert not at.exception
    (citation,) = [c.value for c in at.code if "График" in c.value]
    assert citation.startswith("График: Цифры набора. Данные: официальные заявления")
    assert "декабря" in citation or "по состоянию на" in citation
    captions = [c.value for c in at.caption if c.value.startswith("Text alternative")]
    assert any("Нарастающие итоги набора" in c for c in captions)
    assert [b.key for b in at.get("download_button")] == [
        "export-trend-image",
        "export-trend-embed",
        "export-trend-data",
    ]
