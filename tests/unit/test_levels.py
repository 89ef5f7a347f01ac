"""Levels: the amount in force in each region at each date, the median across regions, the
latest amount by region, and levels kept out of every count."""

from __future__ import annotations

import pandas as pd

from recruitment.methodology.levels import latest, regional_median, statements
from recruitment.methodology.rates import intervals
from recruitment.methodology.summary import series_summary
from tests.fixtures import build_claims

BONUS = "regional-signup-payment"


def bonus(region: str | None, as_of: str, value: int, **more) -> dict:
    return {"series": BONUS, "measure": "level", "region": region, "as_of": as_of,
            "value": value, **more}  # fmt: skip


def median_at(table: pd.DataFrame) -> dict[str, tuple[float, int]]:
    return {
        f"{d:%Y-%m-%d}": (m, n)
        for d, m, n in zip(table["date"], table["median"], table["regions"], strict=True)
    }


def test_the_median_uses_at_each_date_the_amount_in_force_in_each_region():
    claims = build_claims([
        bonus("Moscow", "2024-01-01", 100), bonus("Tula Oblast", "2024-02-01", 300),
        bonus("Omsk Oblast", "2024-03-01", 200), bonus("Moscow", "2024-04-01", 500),
    ])  # fmt: skip

    got = median_at(regional_median(statements(claims), BONUS))

    # On 1 March Moscow's 100 of January is still in force; on 1 April its 500 replaces it.
    assert got == {
        "2024-01-01": (100, 1), "2024-02-01": (200, 2), "2024-03-01": (200, 3),
        "2024-04-01": (300, 3),
    }  # fmt: skip


def test_a_region_without_a_statement_yet_is_not_counted():
    claims = build_claims(
        [bonus("Moscow", "2024-01-01", 100), bonus("Tula Oblast", "2024-06-01", 900)]
    )

    got = median_at(regional_median(statements(claims), BONUS))

    assert got["2024-01-01"] == (100, 1)  # Tula is not counted as 0 before it said anything
    assert got["2024-06-01"] == (500, 2)


def test_a_later_statement_replaces_the_earlier_one_even_when_lower():
    claims = build_claims([
        bonus("Moscow", "2024-01-01", 1_000), bonus("Moscow", "2025-01-01", 400),
    ])  # fmt: skip

    got = median_at(regional_median(statements(claims), BONUS))
    top = latest(statements(claims), BONUS)

    assert got == {"2024-01-01": (1_000, 1), "2025-01-01": (400, 1)}
    assert top[["region", "value"]].values.tolist() == [["Moscow", 400]]


def test_a_federal_amount_is_not_a_region_and_repeats_add_no_step():
    claims = build_claims([
        bonus(None, "2024-01-01", 195), bonus("Moscow", "2024-01-01", 100),
        bonus("Moscow", "2024-05-01", 100, url="https://example.org/again"),
    ])  # fmt: skip

    assert median_at(regional_median(statements(claims), BONUS)) == {"2024-01-01": (100, 1)}


def test_one_statement_per_region_and_date_the_narrowest_then_the_latest_said():
    claims = build_claims([
        bonus("Moscow", "2024-01-01", 500, qualifier="approx", announced_on="2024-01-05"),
        bonus("Moscow", "2024-01-01", 520, announced_on="2024-01-02"),
        bonus("Moscow", "2024-01-01", 530, announced_on="2024-01-03"),
    ])  # fmt: skip

    reps = statements(claims)

    assert reps[["value", "statements", "conflict"]].values.tolist() == [[530, 3, True]]


def test_levels_never_enter_counts_rates_or_summaries():
    counts = [{"as_of": "2024-03-01", "value": 100_000}, {"as_of": "2024-04-01", "value": 130_000}]
    alone = build_claims(counts)
    mixed = build_claims([*counts, bonus("Moscow", "2024-03-15", 2_000_000)])

    pd.testing.assert_frame_equal(intervals(mixed), intervals(alone))
    pd.testing.assert_frame_equal(series_summary(mixed), series_summary(alone))
