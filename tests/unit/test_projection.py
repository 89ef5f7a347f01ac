"""Year-to-date projection against targets (docs/methodology.md, Projection)."""

from __future__ import annotations

import pandas as pd
import pytest

from recruitment.methodology.projection import PROJECTION_COLUMNS, projection
from recruitment.methodology.rates import intervals

YEAR_2023 = [
    {"as_of": "2023-06-13", "value": 156_000},
    {"as_of": "2023-06-22", "value": 114_000},  # lower than nine days before
    {"as_of": "2023-12-19", "value": 490_000, "qualifier": "approx"},  # 485k..495k
]


def test_projection_against_a_target(make_claims, make_targets) -> None:
    targets = make_targets([{"period_start": "2023-01-01", "value": 400_000}])
    (row,) = projection(make_claims(YEAR_2023), targets).to_dict("records")
    assert (row["as_of"], row["value"]) == (pd.Timestamp("2023-12-19"), 490_000)
    assert (row["days_elapsed"], row["days_in_period"]) == (353, 365)
    assert row["projected"] == pytest.approx(490_000 * 365 / 353)
    assert row["projected_low"] == pytest.approx(485_000 * 365 / 353)
    assert row["projected_high"] == pytest.approx(495_000 * 365 / 353)
    assert row["target"] == 400_000
    assert row["target_share"] == pytest.approx(490_000 * 365 / 353 / 400_000)
    assert not row["reliable"]
    assert "decrease" in row["reason"] and "lower" in row["reason"]


def test_projection_is_reliable_without_flags_and_na_without_target(make_claims) -> None:
    claims = make_claims(
        [
            {"as_of": "2023-08-03", "value": 231_000, "qualifier": "at_least"},
            {"as_of": "2023-09-03", "value": 280_000, "qualifier": "approx"},
        ]
    )
    out = projection(claims)
    assert list(out.columns) == list(PROJECTION_COLUMNS)
    (row,) = out.to_dict("records")
    assert row["days_elapsed"] == 246
    assert row["projected"] == pytest.approx(280_000 * 365 / 246)
    assert pd.isna(row["target"]) and pd.isna(row["target_share"])
    assert row["reliable"] and row["reason"] == ""


def test_a_conflict_makes_the_projection_unreliable(make_claims) -> None:
    claims = make_claims(
        [{"as_of": "2023-10-05", "value": 335_000}, {"as_of": "2023-10-05", "value": 350_000}]
    )
    (row,) = projection(claims).to_dict("records")
    assert not row["reliable"] and "conflict" in row["reason"]


@pytest.mark.parametrize(
    ("period_start", "as_of", "elapsed", "in_period"),
    [
        ("2023-07-01", "2023-07-31", 31, 184),  # a period that starts mid-year
        ("2024-01-01", "2024-02-20", 51, 366),  # leap year
        ("2023-01-01", "2023-12-31", 365, 365),
    ],
)
def test_days_run_to_31_december(make_claims, period_start, as_of, elapsed, in_period) -> None:
    claims = make_claims([{"as_of": as_of, "value": 1_000, "period_start": period_start}])
    (row,) = projection(claims).to_dict("records")
    assert (row["days_elapsed"], row["days_in_period"]) == (elapsed, in_period)
    assert row["projected"] == pytest.approx(1_000 * in_period / elapsed)


def test_one_row_per_cumulative_period_and_matching_targets_only(make_claims, make_targets):
    claims = make_claims(
        [
            {"as_of": "2023-12-19", "value": 490_000, "qualifier": "approx"},
            {"as_of": "2024-02-20", "value": 540_000, "qualifier": "approx"},
            {"as_of": "2023-10-05", "value": 5_000, "series": "volunteer-ytd"},
            {"series": "contract-period", "measure": "period_total", "value": 50_000,
             "period_start": "2023-09-01", "period_end": "2023-09-30"},
            {"series": "contract-pace-daily", "measure": "daily_rate", "value": 1_500,
             "as_of": "2023-12-14"},
        ]
    )  # fmt: skip
    targets = make_targets(
        [
            {"period_start": "2023-01-01", "value": 400_000},
            # A half-year goal is not a goal for the full-year projection.
            {"period_start": "2024-01-01", "period_end": "2024-06-30", "value": 200_000},
            {"series": "other", "period_start": "2023-01-01", "value": 1},
        ]
    )
    out = projection(claims, targets)
    assert list(zip(out["series"], out["period_start"].dt.year, strict=True)) == [
        ("contract-ytd", 2023), ("contract-ytd", 2024), ("volunteer-ytd", 2023),
    ]  # fmt: skip
    assert out["target"].tolist()[0] == 400_000
    assert out["target"].isna().tolist() == [False, True, True]


def test_given_intervals_decide_reliability(make_claims) -> None:
    claims = make_claims(YEAR_2023)
    built = intervals(claims)
    assert not projection(claims, intervals=built)["reliable"].iloc[0]
    clean = built.assign(decrease=False, conflict=False, flags="")
    assert projection(claims, intervals=clean)["reliable"].iloc[0]


def test_no_claims_no_projection(make_claims) -> None:
    out = projection(make_claims([]))
    assert out.empty and list(out.columns) == list(PROJECTION_COLUMNS)


def test_a_figure_stated_after_the_year_its_count_starts_in_has_no_projection(make_claims):
    """Since 1 June 2023, 120,000 as of 1 March 2024: no year left to project to, where the
    old rule gave 120,000 x 214 / 275 days, below the latest value, marked reliable."""
    claims = make_claims(
        [
            {"value": 120_000, "announced_on": "2024-03-01", "period_start": "2023-06-01"},
        ]
    )

    row = projection(claims).iloc[0]

    assert pd.isna(row["projected"]) and pd.isna(row["projected_low"])
    assert not row["reliable"]
    assert "31 December" in row["reason"]
