"""Permalinks to a data version: every page opened with ?version=N after an import shows what
it showed before the import, says so, and links to the latest; a bad version is one message."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from recruitment.service import Store
from tests.fixtures import csv_of, open_page, row

PAGES = ["pages/overview.py", "pages/trend.py", "pages/monthly-rates.py",
         "pages/official-vs-independent.py", "pages/incentives.py", "pages/sources.py",
         "pages/report.py", "pages/methodology.py"]  # fmt: skip
# A statement that moves the headline figure, the trend, the rates and the sources list.
LATER = row(
    announced_on="2026-11-20", as_of="2026-11-20", period_start="2026-01-01", value="350000",
    outlet="A Later Outlet", url="https://example.org/later",
)  # fmt: skip
# A regional payment far above every other: it moves the Incentives page's charts and table.
LATER_LEVEL = row(
    series="regional-signup-payment", announced_on="2026-11-20", as_of="2026-11-20",
    value="9000000", qualifier="exact", region="Astrakhan Oblast", outlet="A Later Outlet",
    url="https://example.org/later-level",
)  # fmt: skip


def shown(at: AppTest) -> list[str]:
    """What the page says in its main area: text, figures, tables (not banners)."""
    said = [m.value for m in at.main.markdown] + [c.value for c in at.main.caption]
    said += [f"{m.label}={m.value}" for m in at.main.metric]
    said += [d.value.to_csv() for d in at.main.dataframe]
    return [s for s in said if "Data version" not in s and "data version" not in s]


@pytest.mark.parametrize("page", PAGES)
def test_a_permalink_taken_before_an_import_shows_the_numbers_from_before(seeded, page):
    store = Store.open(seeded)
    version = store.version()
    before = shown(open_page(page))
    store.commit(store.preview(csv_of(LATER, LATER_LEVEL)), created_by="t")

    pinned = open_page(page, version=str(version))

    assert shown(pinned) == before
    if page != "pages/methodology.py":  # its worked examples are not the store's data
        assert shown(open_page(page)) != before
    assert any(f"data version {version} of {version + 1}" in w.value for w in pinned.warning)


def test_the_latest_data_differs_after_the_import(seeded):
    store = Store.open(seeded)
    version = store.version()
    before = shown(open_page("pages/overview.py"))
    store.commit(store.preview(csv_of(LATER, LATER_LEVEL)), created_by="t")

    latest = open_page("pages/overview.py")

    assert shown(latest) != before
    assert not any("data version" in w.value for w in latest.warning)
    assert version + 1 == store.version()


def test_the_pinned_version_stays_when_the_reader_moves_to_another_page(seeded):
    store = Store.open(seeded)
    version = store.version()
    store.commit(store.preview(csv_of(LATER, LATER_LEVEL)), created_by="t")
    at = open_page("pages/overview.py", version=str(version))

    at.switch_page("pages/trend.py").run()

    assert at.query_params["version"] in (str(version), [str(version)])
    assert any(f"data version {version} of" in w.value for w in at.warning)


@pytest.mark.parametrize("asked", ["0", "9999", "yesterday"])
def test_an_unknown_version_gets_one_message_and_a_link_to_the_latest(seeded, asked):
    at = open_page("pages/trend.py", version=asked)

    assert len(at.error) == 1
    assert "data the store does not have" in at.error[0].value
    assert "version=latest" in at.markdown[-1].value
