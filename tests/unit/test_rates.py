"""Points, intervals, filters and the rates table (docs/methodology.md, Implied monthly rate)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recruitment.methodology.points import points
from recruitment.methodology.rates import filter_claims, intervals, rates_table
from recruitment.methodology.rounding import round_half_away
from recruitment.vocab import DAYS_PER_MONTH, RATE_COLUMNS

# The worked example of docs/methodology.md: "more than 231,000" on 3 August and "about 280,000" on
# 3 September 2023, both contract-ytd, period 2023.
WORKED_EXAMPLE = [
    {"as_of": "2023-08-03", "value": 231_000, "qualifier": "at_least", "speaker": "Medvedev"},
    {"as_of": "2023-09-03", "value": 280_000, "qualifier": "approx", "speaker": "Medvedev"},
]
# The fixtures are stateless builders, safe to share between examples.
FIXTURES_OK = settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])


def test_worked_example_rates_table(make_claims) -> None:
    table = rates_table(intervals(make_claims(WORKED_EXAMPLE)))
    assert list(table.columns) == list(RATE_COLUMNS)
    assert table.to_dict("records") == [
        {
            "series": "contract-ytd", "period_start": "2023-01-01", "from_date": "2023-01-01",
            "to_date": "2023-08-03", "days": 215, "increase": 231_000, "monthly_rate": 32_703,
            "monthly_rate_low": 32_703, "monthly_rate_high": 32_844, "flags": "",
        },
        {
            "series": "contract-ytd", "period_start": "2023-01-01", "from_date": "2023-08-03",
            "to_date": "2023-09-03", "days": 31, "increase": 49_000, "monthly_rate": 48_111,
            "monthly_rate_low": 42_220, "monthly_rate_high": 53_020, "flags": "",
        },
    ]  # fmt: skip


def test_worked_example_unrounded(make_claims) -> None:
    iv = intervals(make_claims(WORKED_EXAMPLE))
    first, second = iv.iloc[0], iv.iloc[1]
    assert first["monthly_rate"] == pytest.approx(231_000 / 215 * DAYS_PER_MONTH)
    assert first["monthly_rate_high"] == pytest.approx(232_000 / 215 * DAYS_PER_MONTH)
    assert second["monthly_rate_low"] == pytest.approx((275_000 - 232_000) / 31 * DAYS_PER_MONTH)
    assert second["monthly_rate_high"] == pytest.approx((285_000 - 231_000) / 31 * DAYS_PER_MONTH)
    # The first interval starts from the zero point, which has no claim behind it.
    assert pd.isna(first["from_claim_id"]) and first["value_from"] == 0
    assert (second["from_claim_id"], second["to_claim_id"]) == (1, 2)


def test_first_interval_counts_period_start_itself(make_claims) -> None:
    iv = intervals(make_claims([{"as_of": "2023-01-01", "value": 1_000}]))
    assert iv["days"].tolist() == [1]
    assert iv["from_date"].tolist() == [pd.Timestamp("2023-01-01")]


def test_narrowest_claim_represents_a_point_without_conflict(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-09-03", "value": 280_000, "qualifier": "approx"},  # 275k..285k
            {"as_of": "2023-09-03", "value": 281_000, "qualifier": "at_least"},  # 281k..282k
        ]
    )
    (point,) = points(claims).to_dict("records")
    assert (point["value"], point["claim_id"], point["n_claims"]) == (281_000, 2, 2)
    assert not point["conflict"]
    assert intervals(claims)["flags"].tolist() == [""]


def test_claims_that_cannot_both_be_true_make_a_conflict(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-06-22", "value": 100_000},
            {"as_of": "2023-07-04", "value": 185_000, "qualifier": "approx"},  # 180k..190k
            {"as_of": "2023-07-04", "value": 195_000},
        ]
    )
    (_, point) = points(claims).to_dict("records")
    assert (point["value"], point["conflict"]) == (195_000, True)  # exact is narrowest
    iv = intervals(claims)
    assert iv["flags"].tolist() == ["", "conflict"]
    assert iv["conflict"].tolist() == [False, True]


@pytest.mark.parametrize(
    ("rows", "winner"),
    [
        # Same width: the latest statement about the date represents it.
        ([{"announced_on": "2023-08-05"}, {"announced_on": "2023-08-04"}], 1),
        # Same width and day: speaker alphabetically; a missing speaker comes last.
        ([{"speaker": "Shoigu"}, {"speaker": "Medvedev"}], 2),
        ([{"speaker": None}, {"speaker": "Shoigu"}], 2),
        ([{"speaker": ""}, {"speaker": "Shoigu"}], 2),
        # Then url, a linked source before an unlinked one; then the claim id.
        ([{"url": "https://b.example"}, {"url": "https://a.example"}], 2),
        ([{"url": None}, {"url": "https://z.example"}], 2),
        ([{"url": "https://a.example"}, {"url": "https://a.example"}], 1),
    ],
)
def test_representative_tie_breaks(make_claims, rows, winner) -> None:
    base = {"as_of": "2023-08-03", "announced_on": "2023-08-03", "value": 231_000}
    claims = make_claims([{**base, **row} for row in rows])
    assert points(claims)["claim_id"].tolist() == [winner]
    assert points(claims.iloc[::-1])["claim_id"].tolist() == [winner]


def test_a_lower_later_figure_is_a_decrease_not_a_reset(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-06-13", "value": 156_000},
            {"as_of": "2023-06-22", "value": 114_000},
            {"as_of": "2023-07-04", "value": 185_000, "qualifier": "at_least"},
        ]
    )
    iv = intervals(claims)
    assert iv["flags"].tolist() == ["", "decrease", ""]
    assert iv["increase"].tolist() == [156_000, -42_000, 71_000]
    assert iv["monthly_rate"].iloc[1] < 0


def test_a_fall_within_both_figures_rounding_is_not_a_decrease(make_claims) -> None:
    """ "Up to 410,000" (400,000 to 410,000) then "406,000 to 410,000", stated by its lower end:
    both can be true of a count that only grows. The face values still give the rate."""
    claims = make_claims(
        [
            {"as_of": "2025-12-17", "value": 410_000, "qualifier": "at_most"},
            {"as_of": "2025-12-19", "value": 406_000, "low": 406_000, "high": 410_000},
            {"as_of": "2025-12-24", "value": 399_000, "low": 398_000, "high": 399_500},
        ]
    )
    iv = intervals(claims)
    assert iv["flags"].tolist() == ["", "", "decrease"]  # the third is below any reading
    assert iv["increase"].tolist()[1:] == [-4_000, -7_000]


def test_decrease_and_conflict_are_joined(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-06-13", "value": 156_000},
            {"as_of": "2023-06-22", "value": 114_000},
            {"as_of": "2023-06-22", "value": 120_000},
        ]
    )
    assert intervals(claims)["flags"].tolist() == ["", "decrease;conflict"]


def test_a_new_year_starts_from_zero(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-12-19", "value": 490_000, "qualifier": "approx"},
            {"as_of": "2024-02-20", "value": 540_000, "qualifier": "approx"},
        ]
    )
    iv = intervals(claims)
    assert iv["period_start"].dt.year.tolist() == [2023, 2024]
    second = iv.iloc[1]
    assert second["from_date"] == pd.Timestamp("2024-01-01")
    assert (second["days"], second["increase"], second["value_from"]) == (51, 540_000, 0)
    assert second["flags"] == ""  # 540k after 490k of another year is no decrease


def test_period_total_is_its_own_interval(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-10-03", "value": 335_000, "qualifier": "at_least"},
            {
                "series": "contract-period", "measure": "period_total", "value": 50_000,
                "qualifier": "at_least", "period_start": "2023-09-01",
                "period_end": "2023-09-30", "announced_on": "2023-10-03",
            },
            # A stated pace is shown beside the implied rates, never differenced.
            {"series": "contract-pace-daily", "measure": "daily_rate", "value": 1_336,
             "as_of": "2023-06-22"},
        ]
    )  # fmt: skip
    iv = intervals(claims)
    assert iv["series"].tolist() == ["contract-period", "contract-ytd"]
    total = iv.iloc[0]
    assert total["from_date"] == pd.Timestamp("2023-09-01")
    assert total["to_date"] == pd.Timestamp("2023-09-30")
    assert (total["days"], total["increase"]) == (30, 50_000)
    assert total["monthly_rate"] == pytest.approx(50_000 / 30 * DAYS_PER_MONTH)
    assert total["monthly_rate_high"] == pytest.approx(51_000 / 30 * DAYS_PER_MONTH)
    assert pd.isna(total["from_claim_id"])


MIN_DAYS_CLAIMS = [
    {"as_of": day, "value": value}
    for day, value in [
        ("2023-01-10", 10), ("2023-01-12", 12), ("2023-01-20", 20), ("2023-01-21", 21),
        ("2023-01-24", 24),
    ]
]  # fmt: skip


@pytest.mark.parametrize(
    ("min_days", "ends"),
    [
        (0, ["2023-01-10", "2023-01-12", "2023-01-20", "2023-01-21", "2023-01-24"]),
        # 10 days after the zero point (end of 31 Dec) is kept, 12 Jan is 2 days on: dropped;
        # 20 Jan is 10 days on: kept; 21 Jan dropped; the latest point is always kept.
        (7, ["2023-01-10", "2023-01-20", "2023-01-24"]),
        (11, ["2023-01-12", "2023-01-24"]),
        (100, ["2023-01-24"]),
    ],
)
def test_min_days_thins_points_but_keeps_the_latest(make_claims, min_days, ends) -> None:
    iv = intervals(make_claims(MIN_DAYS_CLAIMS), min_days=min_days)
    assert iv["to_date"].dt.strftime("%Y-%m-%d").tolist() == ends
    assert iv["increase"].sum() == 24
    assert iv["days"].sum() == 24  # the kept intervals still tile 1..24 January


def _thin_by_loop(days: list[int], start_day: int, n: int) -> list[int]:
    """The --min-days rule of docs/methodology.md as the plain loop it describes (one period)."""
    kept, last = [], start_day - 1
    for i, day in enumerate(days):
        if i == len(days) - 1 or day - last >= n:
            kept.append(day)
            last = day
    return kept


@FIXTURES_OK
@given(
    offsets=st.sets(st.integers(min_value=0, max_value=364), min_size=1, max_size=40),
    n=st.integers(min_value=0, max_value=60),
)
def test_min_days_matches_the_loop_it_describes(make_claims, offsets, n) -> None:
    start = pd.Timestamp("2023-01-01")
    days = sorted(offsets)
    claims = make_claims(
        [{"as_of": start + pd.Timedelta(days=d), "value": 100 + d} for d in days]
        + [
            {"as_of": start + pd.Timedelta(days=d), "value": 100 + d, "series": "other"}
            for d in days
        ]
    )
    iv = intervals(claims, min_days=n)
    expected = _thin_by_loop(days, 0, n)
    for series in ("contract-ytd", "other"):
        got = (iv.loc[iv["series"] == series, "to_date"] - start).dt.days.tolist()
        assert got == expected


FILTER_CLAIMS = [
    {"as_of": "2023-06-13", "value": 156_000, "speaker": "Putin"},
    {"as_of": "2023-06-22", "value": 114_000, "speaker": "Shoigu", "verification": "disputed"},
    {"as_of": "2023-06-22", "value": 52_000, "speaker": "Shoigu", "series": "volunteer-ytd"},
    {"as_of": "2024-02-20", "value": 540_000, "speaker": "Shoigu", "qualifier": "approx"},
]


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        ({}, [1, 2, 3, 4]),
        ({"series": "contract-ytd"}, [1, 2, 4]),
        ({"series": ["volunteer-ytd", "nothing"]}, [3]),
        ({"speaker": "Shoigu"}, [2, 3, 4]),
        ({"speaker": {"Putin", "Shoigu"}, "year": 2023}, [1, 2, 3]),
        ({"year": [2024]}, [4]),
        ({"verification": "unverified"}, [1, 3, 4]),
        ({"verification": ("unverified",), "series": "contract-ytd", "year": 2023}, [1]),
        ({"series": []}, []),
    ],
)
def test_filter_claims(make_claims, filters, ids) -> None:
    assert filter_claims(make_claims(FILTER_CLAIMS), **filters)["id"].tolist() == ids


def test_filters_apply_before_intervals_are_built(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-06-13", "value": 156_000, "speaker": "Putin"},
            {"as_of": "2023-06-22", "value": 114_000, "speaker": "Shoigu"},
            {"as_of": "2023-06-22", "value": 166_000, "speaker": "Putin"},
        ]
    )
    # Putin's 166,000 represents 22 June (equally exact, same day; "Putin" < "Shoigu").
    assert intervals(claims)["flags"].tolist() == ["", "conflict"]
    only_putin = intervals(filter_claims(claims, speaker="Putin"))
    assert only_putin["flags"].tolist() == ["", ""]
    assert only_putin["increase"].tolist() == [156_000, 10_000]


def test_empty_claims_give_empty_intervals_and_table(make_claims) -> None:
    iv = intervals(make_claims([]))
    assert iv.empty and "monthly_rate" in iv
    assert list(rates_table(iv).columns) == list(RATE_COLUMNS)


@pytest.mark.parametrize(
    ("x", "expected"),
    [
        (2.5, 3), (-2.5, -3), (0.5, 1), (-0.5, -1), (1.5, 2), (1.4999999, 1),
        (0.49999999999999994, 0), (32_702.616, 32_703), (48_110.887, 48_111), (0.0, 0),
    ],
)  # fmt: skip
def test_round_half_away_from_zero(x: float, expected: int) -> None:
    assert round_half_away(x) == expected


def test_round_half_away_takes_arrays() -> None:
    out = round_half_away(np.array([2.5, -2.5, 3.5, np.nan]))
    assert out[:3].tolist() == [3.0, -3.0, 4.0] and np.isnan(out[3])


# --- properties ------------------------------------------------------------------------------

QUALIFIER = st.sampled_from(["exact", "approx", "at_least", "at_most"])
CLAIM = st.fixed_dictionaries(
    {
        "series": st.sampled_from(["a", "b"]),
        "day": st.integers(min_value=0, max_value=400),
        "value": st.integers(min_value=0, max_value=10**9),
        "qualifier": QUALIFIER,
        "speaker": st.sampled_from(["Putin", "Shoigu", None]),
        "url": st.sampled_from(["https://a.example", "https://b.example", None]),
        "late": st.integers(min_value=0, max_value=3),
    }
)


def _claims(make_claims, drawn: list[dict]) -> pd.DataFrame:
    start = pd.Timestamp("2023-01-01")
    rows = []
    for d in drawn:
        as_of = start + pd.Timedelta(days=d["day"])
        rows.append(
            {
                "series": d["series"], "as_of": as_of, "value": d["value"],
                "announced_on": as_of + pd.Timedelta(days=d["late"]),
                "qualifier": d["qualifier"], "speaker": d["speaker"], "url": d["url"],
            }
        )  # fmt: skip
    return make_claims(rows)


@FIXTURES_OK
@given(st.lists(CLAIM, min_size=1, max_size=30), st.integers(min_value=0, max_value=30))
def test_point_rate_lies_within_its_bounds(make_claims, drawn, min_days) -> None:
    iv = intervals(_claims(make_claims, drawn), min_days=min_days)
    assert (iv["monthly_rate_low"] <= iv["monthly_rate"]).all()
    assert (iv["monthly_rate"] <= iv["monthly_rate_high"]).all()


@FIXTURES_OK
@given(st.lists(CLAIM, min_size=1, max_size=30), st.randoms(use_true_random=False))
def test_intervals_do_not_depend_on_row_order(make_claims, drawn, rnd) -> None:
    claims = _claims(make_claims, drawn)
    shuffled = list(range(len(claims)))
    rnd.shuffle(shuffled)
    pd.testing.assert_frame_equal(intervals(claims), intervals(claims.iloc[shuffled]))


def test_a_series_mixing_measures_is_still_sorted_by_period_then_end(make_claims) -> None:
    claims = make_claims(
        [
            {"series": "x", "as_of": "2023-03-01", "value": 300},
            {"series": "x", "as_of": "2023-01-10", "value": 100},
            {"series": "x", "measure": "period_total", "value": 50,
             "period_start": "2022-12-01", "period_end": "2022-12-31"},
        ]
    )  # fmt: skip
    iv = intervals(claims)
    assert iv["to_date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2022-12-31", "2023-01-10", "2023-03-01",
    ]  # fmt: skip
    assert iv["measure"].tolist() == ["period_total", "cumulative", "cumulative"]
    assert iv["increase"].tolist() == [50, 100, 200]  # cumulative differenced with cumulative
