"""The Incentives page with streamlit.testing: its filters (unit, series, regions, tab) change
what is drawn and are kept in the page address."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from recruitment.formatting import escape_markdown
from recruitment.service import Store
from tests.app.test_pages import chart_specs
from tests.fixtures import csv_of, open_page, row


def open_incentives(**query: str) -> AppTest:
    return open_page("pages/incentives.py", **query)


def names(spec: dict) -> list[str]:
    return [trace.get("name") for trace in spec["data"]]


def test_the_page_draws_regions_the_median_and_the_ranking(seeded):
    at = open_incentives()

    specs = chart_specs(at)
    assert len(specs) == 3
    assert all(t["line"]["shape"] == "hv" for t in specs[0]["data"])
    assert len(specs[0]["data"]) == 8  # the eight regions with most statements
    assert "federal payment" in names(specs[1])
    assert specs[2]["data"][0]["orientation"] == "h"
    assert at.selectbox(key="level").value == "regional-signup-payment"
    assert len(at.dataframe[0].value) == len(specs[2]["data"][0]["y"])


def test_choosing_regions_narrows_the_lines_and_the_table(seeded):
    at = open_incentives()
    at.multiselect(key="region").set_value(["Moscow", "Saint Petersburg"]).run()

    specs = chart_specs(at)
    assert sorted(names(specs[0])) == ["Moscow", "Saint Petersburg"]
    assert sorted(at.dataframe[0].value["region"]) == ["Moscow", "Saint Petersburg"]


def test_a_link_with_filters_reopens_the_same_view(seeded):
    at = open_incentives(
        region=["Samara Oblast"], level="Total one-time payment at signing, as reported"
    )

    assert at.selectbox(key="level").value == "total-signup-payment"
    assert names(chart_specs(at)[0]) == ["Samara Oblast"]


def test_the_unit_filter_offers_the_series_in_that_unit(seeded):
    at = open_incentives(unit="RUB", level="Monthly pay offered abroad, in rubles")
    assert "amount (RUB)" in str(chart_specs(at)[0]["layout"]["yaxis"]["title"])

    at = open_incentives(unit="USD")
    assert at.selectbox(key="level").options == ["Monthly pay offered abroad, in US dollars"]


def test_a_series_of_one_statement_shows_it_as_said_instead_of_three_charts(seeded):
    at = open_incentives(unit="USD")

    assert chart_specs(at) == []
    (metric,) = at.metric
    shown = ("Central Asia (migrants in Russia)", "up to 4,160 USD")  # Markdown, escaped
    assert (metric.label, metric.value) == tuple(map(escape_markdown, shown))
    said = "In force from 3 Sep 2023, said 3 Sep 2023, reported by American Chronicles "
    assert any(c.value.startswith(said) for c in at.caption)
    (row,) = at.dataframe[0].value.to_dict("records")
    assert row["amount"] == "up to 4,160 USD" and row["body"].startswith("UK Ministry of Defence")


def test_the_one_statement_card_shows_uploaded_text_as_typed(seeded):
    """A unit and an outlet from an upload are text on the card, never Markdown (regions are
    a declared list)."""
    store = Store.open(seeded)
    series = "slug,name,measure,unit,definition\nbonus-eur,A bonus,level,EUR *it*,A payment\n"
    store.commit(store.preview(series.encode(), kind="series"), created_by="t")
    one = row(series="bonus-eur", value="1000", qualifier="exact", region="Moscow",
              outlet="**Loud**", url="https://example.org/bonus")  # fmt: skip
    store.commit(store.preview(csv_of(one)), created_by="t")
    store.close()

    at = open_incentives()
    at.segmented_control(key="unit").set_value("EUR *it*").run()

    (metric,) = at.metric
    assert metric.value == escape_markdown("exactly 1,000 EUR *it*")
    assert metric.label == "Moscow"
    assert "reported by \\*\\*Loud\\*\\*." in " ".join(c.value for c in at.caption)
    assert any(c.value.startswith("**level**, 1 region · ") for c in at.caption)  # no kind


def test_a_series_with_federal_statements_only_draws_the_federal_amount(seeded):
    at = open_incentives(level="Federal one-time payment for signing a contract")

    (steps,) = chart_specs(at)  # no median or ranking of regions without regional amounts
    assert names(steps) == ["federal"]
    assert [p for p in steps["data"][0]["y"] if p is not None][:2] == [195_000, 400_000]
    assert "This series has federal statements only." in [c.value for c in at.caption]
    assert not at.info

    beside = open_incentives(level="Federal one-time payment for signing a contract",
                             show="Beside the counts")  # fmt: skip
    assert chart_specs(beside) == []
    assert "federal statements only" in beside.info[0].value


def test_an_old_link_to_an_unknown_region_falls_back_to_the_default(seeded):
    at = open_incentives(region=["Atlantis"])

    assert len(chart_specs(at)[0]["data"]) == 8


def test_beside_the_counts_shows_two_panels_on_one_time_axis(seeded):
    at = open_incentives(show="Beside the counts")

    (spec,) = chart_specs(at)
    assert "yaxis2" in spec["layout"] and "y2" not in spec["layout"].get("yaxis", {})
    assert spec["layout"]["xaxis"].get("matches") == "x2" or spec["layout"]["xaxis2"]
    assert len(spec["data"]) == 2


def test_an_empty_store_explains_how_to_add_amounts(sqlite_url, monkeypatch):
    monkeypatch.setenv("RECRUITMENT_DATABASE_URL", sqlite_url)
    from recruitment.service import Store

    Store.open(sqlite_url, seed=False).close()
    at = open_incentives()

    assert "no sign-up payments" in " ".join(i.value for i in at.info)


def test_a_series_stated_for_one_region_says_so_instead_of_eight(seeded):
    at = open_incentives(level="Monthly pay of a contract soldier")

    assert at.multiselect(key="region").placeholder == "The one region with statements"
    assert "The one region with statements; choose regions above." in [c.value for c in at.caption]
    assert any(", 1 region · " in c.value for c in at.caption)
