"""Implied recruits per calendar month (docs/methodology.md, Calendar months)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruitment.methodology.months import MONTH_COLUMNS, monthly_allocation
from recruitment.methodology.rates import intervals

# The fixtures are stateless builders, safe to share between examples.
FIXTURES_OK = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_worked_example_by_month(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-08-03", "value": 231_000, "qualifier": "at_least"},
            {"as_of": "2023-09-03", "value": 280_000, "qualifier": "approx"},
        ]
    )
    months = monthly_allocation(intervals(claims))
    assert list(months.columns) == list(MONTH_COLUMNS)
    assert months["month"].dt.strftime("%Y-%m").tolist() == [f"2023-{m:02d}" for m in range(1, 10)]
    by_month = months.set_index(months["month"].dt.month)
    first, second = 231_000 / 215, 49_000 / 31  # average per day of each interval
    assert by_month.loc[1, "implied"] == pytest.approx(31 * first)
    assert by_month.loc[2, "implied"] == pytest.approx(28 * first)
    # August: 1-3 from the first interval, 4-31 from the second.
    assert by_month.loc[8, "implied"] == pytest.approx(3 * first + 28 * second)
    assert by_month.loc[8, "days_covered"] == 31
    assert by_month.loc[9, "implied"] == pytest.approx(3 * second)
    assert (by_month.loc[9, "days_covered"], by_month.loc[9, "days_in_month"]) == (3, 30)
    assert by_month.loc[9, "coverage"] == pytest.approx(0.1)
    assert months["implied"].sum() == pytest.approx(280_000, rel=1e-12)


def test_period_total_is_spread_over_its_own_days(make_claims) -> None:
    claims = make_claims(
        [
            {
                "series": "contract-period", "measure": "period_total", "value": 30_000,
                "period_start": "2023-09-21", "period_end": "2023-10-20",
            }
        ]
    )  # fmt: skip
    months = monthly_allocation(intervals(claims))
    assert months["implied"].tolist() == pytest.approx([10_000, 20_000])
    assert months["days_covered"].tolist() == [10, 20]
    assert months["coverage"].tolist() == pytest.approx([10 / 30, 20 / 31])
    assert (months["period_start"] == pd.Timestamp("2023-09-21")).all()


def test_a_decrease_gives_negative_months_and_still_adds_up(make_claims) -> None:
    claims = make_claims(
        [{"as_of": "2023-06-22", "value": 52_000}, {"as_of": "2023-10-05", "value": 5_000}]
    )
    months = monthly_allocation(intervals(claims))
    falling = months["month"] >= "2023-07-01"
    assert (months.loc[falling, "implied"] < 0).all()
    assert months["implied"].sum() == pytest.approx(5_000)
    # The months with days of the decrease say so; June, with some of them, too.
    assert months.loc[falling, "flagged"].all()
    assert months.set_index("month").loc["2023-06-01", "flagged"]
    assert not months.set_index("month").loc["2023-05-01", "flagged"]


def test_leap_day_and_empty_input(make_claims) -> None:
    claims = make_claims([{"as_of": "2024-02-29", "value": 60}])
    months = monthly_allocation(intervals(claims))
    assert months["days_in_month"].tolist() == [31, 29]
    assert months["implied"].tolist() == pytest.approx([31, 29])
    empty = monthly_allocation(intervals(make_claims([])))
    assert empty.empty and list(empty.columns) == list(MONTH_COLUMNS)


@FIXTURES_OK
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.integers(min_value=2022, max_value=2024),
            st.integers(min_value=0, max_value=364),
            st.integers(min_value=0, max_value=10**9),
            st.sampled_from(["exact", "approx", "at_least", "at_most"]),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(min_value=0, max_value=45),
)
def test_months_of_a_period_add_up_to_its_latest_value(make_claims, drawn, min_days) -> None:
    claims = make_claims(
        [
            {
                "series": series, "value": value, "qualifier": qualifier,
                "as_of": pd.Timestamp(year=year, month=1, day=1) + pd.Timedelta(days=day),
            }
            for series, year, day, value, qualifier in drawn
        ]
    )  # fmt: skip
    iv = intervals(claims, min_days=min_days)
    months = monthly_allocation(iv)
    sums = months.groupby(["series", "period_start"])["implied"].sum()
    latest = iv.sort_values("to_date").groupby(["series", "period_start"])["value_to"].last()
    assert sums.index.equals(latest.index)
    for key, value in latest.items():
        assert sums[key] == pytest.approx(value, rel=1e-9, abs=1e-6)
    assert (months["days_covered"] <= months["days_in_month"]).all()


def test_overlapping_period_totals_are_flagged_and_their_days_counted_once(make_claims):
    """20,000 for 1-15 September beside 50,000 for September: both flagged `overlap`; the
    month takes the longer one alone, so September is 50,000 at 100% coverage, not 70,000."""
    from recruitment.methodology.rates import intervals

    claims = make_claims([
        {"series": "p", "measure": "period_total", "value": 20_000, "period_start": "2023-09-01",
         "period_end": "2023-09-15", "announced_on": "2023-10-01"},
        {"series": "p", "measure": "period_total", "value": 50_000, "period_start": "2023-09-01",
         "period_end": "2023-09-30", "announced_on": "2023-10-01"},
        {"series": "p", "measure": "period_total", "value": 40_000, "period_start": "2023-10-01",
         "period_end": "2023-10-31", "announced_on": "2023-11-01"},
    ])  # fmt: skip

    iv = intervals(claims)
    months = monthly_allocation(iv)

    assert iv["flags"].tolist() == ["overlap", "overlap", ""]
    assert months["implied"].round().tolist() == [50_000, 40_000]
    assert months["coverage"].tolist() == [1.0, 1.0]
