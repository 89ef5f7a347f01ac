"""The shipped record's comparisons and amounts: colours that hold under filters, and text
alternatives that say what the charts work out."""

from __future__ import annotations

import re

from recruitment.figures.style import LEGEND_LINE_CHARS
from recruitment.formatting import fmt_count
from recruitment.methodology.levels import regional_median
from recruitment.reporting.alt_text import alt_text
from recruitment.reporting.variants import Variant
from recruitment.service import Store
from recruitment.view import Filters, View

RU = Variant(lang="ru")


def _estimate_colors(view: View) -> dict[str, str]:
    """Each estimate's line colour on the comparison chart, by trace name."""
    return {
        t.name: t.line.color
        for t in view.comparison_chart().figure.data
        if t.name and "estimate" in t.name and t.line.color
    }


def test_an_estimate_keeps_its_colour_when_a_filter_hides_the_others(store_url):
    store = Store.open(store_url)
    snapshot = store.snapshot()
    store.close()
    everything = _estimate_colors(View(snapshot, Filters(), quotes=None))
    one_year = _estimate_colors(View(snapshot, Filters(years=(2024,)), quotes=None))

    assert len(everything) > len(one_year) >= 1  # the year leaves some estimates out
    assert {name: everything[name] for name in one_year} == one_year


def test_the_ratio_and_median_charts_say_what_they_work_out_in_their_text(store_url):
    store = Store.open(store_url)
    snapshot = store.snapshot()
    store.close()
    view = View(snapshot, Filters(), quotes=None)

    table = view.comparisons()
    shown = table[(table["flags"] == "") & table["ratio"].notna()].sort_values("as_of")
    last = shown.iloc[-1]
    ratio = alt_text(view.ratio_chart())
    assert f"the official figure is {last['ratio']:.2f} times the estimate" in ratio
    assert not re.search(r"allows ([\d.]+) to \1\b", ratio)  # an exact one has no range

    slug = snapshot.level_series
    median = regional_median(snapshot.level_statements, slug).iloc[-1]
    text = alt_text(view.incentives_chart(slug))
    assert f"is {fmt_count(median['median'])} RUB, across {median['regions']} regions" in text
    assert "The federal amount in force from" in text
    assert "Медиана, действующая с" in alt_text(view.incentives_chart(slug), variant=RU)


def test_the_rates_chart_fits_the_record_and_says_what_it_leaves_off_its_scale(store_url):
    store = Store.open(store_url)
    snapshot = store.snapshot()
    store.close()
    chart = View(snapshot, Filters(), quotes=None).rates_chart(0)

    # December 2023's restatement (190,000 lower twelve days on) is not drawn to scale; June
    # 2023's fall (-142,042 a month) is near enough to stretch the axis ...
    low, high = chart.figure.layout.yaxis.range
    assert -200_000 < low < -142_042 < 0 < 150_000 < high < 300_000
    (key,) = [t for t in chart.figure.data if t.legendgroup == "key-beyond"]
    assert key.name == "not drawn to scale: 1 flagged interval,<br>-481,927 a month"
    # ... which its text alternative says, in each language.
    assert "1 flagged interval, at -481,927 a month, is marked" in alt_text(chart)
    russian = "1 отмеченный интервал, -481\xa0927 в месяц, обозначен у края"
    assert russian in alt_text(chart, variant=RU)


def test_no_legend_line_of_the_record_is_wider_than_a_phone(store_url):
    """Plotly cuts a legend entry at the figure's edge; long names come wrapped."""
    store = Store.open(store_url)
    snapshot = store.snapshot()
    store.close()
    view = View(snapshot, Filters(), quotes=None)
    figures = [
        chart.figure
        for chart in (view.trend_chart(), view.rates_chart(0), view.months_chart(0),
                      view.comparison_chart(), view.ratio_chart())
    ]  # fmt: skip
    lines = [
        line
        for figure in figures
        for trace in figure.data
        if trace.showlegend is not False and trace.name
        for line in trace.name.split("<br>")
    ]
    assert "(estimate over its period)" in " ".join(lines)  # the longest names are drawn
    assert max(map(len, lines)) <= LEGEND_LINE_CHARS
