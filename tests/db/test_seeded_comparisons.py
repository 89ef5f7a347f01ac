"""The shipped record's independent estimates keep their colours whatever the filters."""

from __future__ import annotations

from recruitment.service import Store
from recruitment.view import Filters, View


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
