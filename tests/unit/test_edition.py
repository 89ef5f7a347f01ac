"""Permalinks made outside the app lead to a page the app has."""

from __future__ import annotations

import re

from recruitment.reporting.edition import CHART_PAGES, chart_edition
from recruitment.view import Filters
from tests.fixtures import ROOT


def test_every_chart_page_is_a_page_of_the_app():
    app = (ROOT / "app.py").read_text(encoding="utf-8")
    paths = set(re.findall(r'url_path="([^"]+)"', app))
    default = re.search(r'url_path="([^"]+)",\s*default=True', app).group(1)

    for chart, (path, _) in CHART_PAGES.items():
        # The default page answers at the root only: /overview is "Page not found".
        assert path == "" or (path in paths and path != default), chart


def test_a_permalink_carries_the_tab_filters_and_version():
    link = chart_edition("https://dash.example/", "year-over-year", 7, Filters(years=(2024,)))

    assert link.link == "https://dash.example/trend?view=Year+over+year&year=2024&version=7"
    assert chart_edition("https://dash.example", "overview", 7).link == (
        "https://dash.example/?version=7"
    )
