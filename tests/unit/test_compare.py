"""Official figures beside independent estimates (docs/methodology.md, Official and
independent): like with like, interpolation between statements, and ratio bounds."""

from __future__ import annotations

import pandas as pd
import pytest

from recruitment.methodology.compare import compare_table, comparisons

SERIES = pd.DataFrame({
    "slug": ["contract-ytd", "indep-total", "indep-pace", "indep-loose"],
    "name": ["Contracts", "An estimate", "A pace", "Not compared"],
    "measure": ["cumulative", "period_total", "monthly_rate", "period_total"],
    "origin": ["official", "independent", "independent", "independent"],
    "compare_with": [None, "contract-ytd", "contract-ytd", None],
})  # fmt: skip


def official(*rows: dict) -> list[dict]:
    return [{"series": "contract-ytd", **r} for r in rows]


def estimate(**fields) -> dict:
    return {"series": "indep-total", "measure": "period_total", "origin": "independent",
            "speaker": "A researcher", **fields}  # fmt: skip


def test_a_total_for_a_stated_year_end_is_divided_by_it_with_interval_bounds(make_claims):
    """About 450,000 for 2024 (445,000 to 455,000) against an estimate of 374,200 to 407,200."""
    claims = make_claims([
        *official({"value": 450_000, "qualifier": "approx", "as_of": "2024-12-31",
                                "announced_on": "2025-01-24"}),
        estimate(value=374_200, low=374_200, high=407_200, qualifier="approx",
                 period_start="2024-01-01", period_end="2024-12-31", announced_on="2025-05-30"),
    ])  # fmt: skip

    row = comparisons(claims, SERIES).iloc[0]

    assert row["basis"] == "stated" and row["flags"] == ""
    assert (row["official"], row["official_low"], row["official_high"]) == (
        450_000,
        445_000,
        455_000,
    )
    assert row["ratio"] == pytest.approx(450_000 / 374_200)
    assert row["ratio_low"] == pytest.approx(445_000 / 407_200)  # official low / estimate high
    assert row["ratio_high"] == pytest.approx(455_000 / 374_200)  # official high / estimate low
    assert compare_table(comparisons(claims, SERIES))[["ratio", "ratio_low", "ratio_high"]].iloc[
        0
    ].tolist() == [1.203, 1.093, 1.216]


def test_a_day_without_a_statement_is_interpolated_bound_by_bound(make_claims):
    """ "More than 210,000" on 2 July 2025 (210,000 to 220,000) brackets 27 May with the zero
    of 31 December: 147 of 183 days, so 168,689 (168,689 to 176,721)."""
    claims = make_claims([
        *official({"value": 210_000, "qualifier": "at_least",
                                "announced_on": "2025-07-02"}),
        estimate(value=175_440, qualifier="exact", period_start="2025-01-01",
                 period_end="2025-05-27", announced_on="2025-06-04"),
    ])  # fmt: skip

    row = comparisons(claims, SERIES).iloc[0]

    t = 147 / 183
    assert row["basis"] == "interpolated"
    assert row["official"] == pytest.approx(210_000 * t)
    assert row["official_low"] == pytest.approx(210_000 * t)
    assert row["official_high"] == pytest.approx(220_000 * t)
    assert round(row["official"]) == 168_689 and round(row["official_high"]) == 176_721
    assert row["ratio"] == pytest.approx(210_000 * t / 175_440)


def test_a_total_that_does_not_start_on_1_january_subtracts_the_count_before_it(make_claims):
    claims = make_claims([
        *official(
                  {"value": 100_000, "qualifier": "exact", "announced_on": "2024-03-31"},
                  {"value": 190_000, "qualifier": "exact", "announced_on": "2024-06-30"}),
        estimate(value=80_000, qualifier="exact", period_start="2024-04-01",
                 period_end="2024-06-30", announced_on="2024-09-09"),
    ])  # fmt: skip

    row = comparisons(claims, SERIES).iloc[0]

    assert (row["official"], row["basis"]) == (90_000, "stated")
    assert row["ratio"] == pytest.approx(90_000 / 80_000)


@pytest.mark.parametrize(("period", "why"), [
    (("2023-10-01", "2024-03-31"), "spans two counting years"),
    (("2024-01-01", "2024-09-30"), "ends after the last official statement"),
])  # fmt: skip
def test_no_comparison_without_an_official_figure_for_the_same_time(make_claims, period, why):
    claims = make_claims([
        *official({"value": 190_000, "qualifier": "exact", "announced_on": "2024-06-30"}),
        estimate(value=80_000, qualifier="exact", period_start=period[0], period_end=period[1],
                 announced_on="2024-12-09"),
    ])  # fmt: skip

    assert comparisons(claims, SERIES).empty, why


def test_a_pace_is_compared_with_the_implied_rate_of_the_interval_holding_its_date(make_claims):
    claims = make_claims([
        *official(
                  {"value": 100_000, "qualifier": "exact", "announced_on": "2024-03-31"},
                  {"value": 190_000, "qualifier": "exact", "announced_on": "2024-06-30"}),
        {"series": "indep-pace", "measure": "monthly_rate", "origin": "independent",
         "value": 25_000, "low": 25_000, "high": 30_000, "qualifier": "approx",
         "announced_on": "2024-05-15"},
    ])  # fmt: skip

    row = comparisons(claims, SERIES).iloc[0]

    rate = 90_000 / 91 * 30.4375
    assert (row["kind"], row["basis"]) == ("pace", "interval rate")
    assert row["official"] == pytest.approx(rate)
    assert row["ratio_low"] == pytest.approx(rate / 30_000)
    assert row["ratio_high"] == pytest.approx(rate / 25_000)


def test_a_comparison_resting_on_conflicting_statements_is_flagged(make_claims):
    claims = make_claims([
        *official(
                  {"value": 300_000, "qualifier": "at_least", "as_of": "2023-12-31",
                   "announced_on": "2024-06-07", "speaker": "A"},
                  {"value": 540_000, "qualifier": "at_most", "as_of": "2023-12-31",
                   "announced_on": "2024-02-20", "speaker": "B"}),
        estimate(value=354_400, qualifier="exact", period_start="2023-01-01",
                 period_end="2023-12-31", announced_on="2024-08-01"),
    ])  # fmt: skip

    assert comparisons(claims, SERIES).iloc[0]["flags"] == "conflict"


def test_negative_official_bounds_keep_the_ratio_range_ordered(make_claims):
    claims = make_claims([
        *official(
                  {"value": 200_000, "qualifier": "exact", "announced_on": "2024-03-31"},
                  {"value": 150_000, "qualifier": "approx", "announced_on": "2024-06-30"}),
        estimate(value=40_000, low=40_000, high=50_000, qualifier="approx",
                 period_start="2024-04-01", period_end="2024-06-30", announced_on="2024-09-01"),
    ])  # fmt: skip

    row = comparisons(claims, SERIES).iloc[0]

    assert "decrease" in row["flags"]
    assert row["ratio_low"] <= row["ratio"] <= row["ratio_high"] < 0


def test_estimates_that_name_no_official_series_are_not_compared(make_claims):
    claims = make_claims([
        *official({"value": 190_000, "qualifier": "exact", "announced_on": "2024-06-30"}),
        estimate(series="indep-loose", value=80_000, qualifier="exact",
                 period_start="2024-01-01", period_end="2024-06-30", announced_on="2024-09-09"),
    ])  # fmt: skip

    assert comparisons(claims, SERIES).empty


def test_statements_about_a_year_total_are_in_the_order_said_with_changes_marked(make_claims):
    """December figures and later restatements of the 2023 total; 300,000 after "almost
    540,000" changed beyond the wording of either, 1 January statements are not about it."""
    from recruitment.methodology.years import year_statements

    claims = make_claims([
        {"value": 100_000, "announced_on": "2023-06-01"},
        {"value": 490_000, "qualifier": "approx", "announced_on": "2023-12-19"},
        {"value": 540_000, "qualifier": "at_most", "as_of": "2023-12-31",
         "announced_on": "2024-02-20"},
        {"value": 300_000, "qualifier": "at_least", "as_of": "2023-12-31",
         "announced_on": "2024-06-07"},
    ])  # fmt: skip

    table = year_statements(claims)

    assert table["said"].tolist() == ["about 490,000", "up to 540,000", "more than 300,000"]
    assert table["change"].tolist()[1:] == [50_000, -240_000]
    assert table["beyond_wording"].tolist() == [False, True, True]
    assert set(table["year"]) == {2023}
