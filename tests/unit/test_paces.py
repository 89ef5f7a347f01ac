"""Stated paces on the per-month scale of the implied rates (recruitment.methodology.paces)."""

from __future__ import annotations

import pytest

from recruitment.formatting import fmt_count
from recruitment.i18n import language
from recruitment.methodology.paces import PACE_COLUMNS, stated_paces


def _pace(measure: str = "daily_rate", **fields):
    row = {"series": "contract-pace-daily", "measure": measure, "announced_on": "2023-09-12"}
    row.update(fields)
    return row


@pytest.mark.parametrize(
    ("measure", "value", "qualifier", "low", "high", "said", "per_month", "lo", "hi"),
    [
        # docs/methodology.md: "1,000 to 1,500 a day" becomes 30,438 to 45,656 a month.
        ("daily_rate", 1_000, "at_least", 1_000, 1_500, "1,000 to 1,500 a day",
         30_437.5, 30_437.5, 45_656.25),
        ("daily_rate", 1_500, "approx", None, None, "about 1,500 a day",
         45_656.25, 1_450 * 30.4375, 1_550 * 30.4375),
        ("daily_rate", 1_336, "exact", None, None, "exactly 1,336 a day",
         1_336 * 30.4375, 1_336 * 30.4375, 1_336 * 30.4375),
        ("daily_rate", 1_500, "at_least", None, None, "more than 1,500 a day",
         45_656.25, 45_656.25, 1_600 * 30.4375),
        ("monthly_rate", 50_000, "approx", None, None, "about 50,000 a month",
         50_000, 49_500, 50_500),
        ("monthly_rate", 30_000, "at_most", None, None, "up to 30,000 a month",
         30_000, 29_000, 30_000),
    ],
)  # fmt: skip
def test_stated_pace_is_converted_per_month_with_its_bounds(
    make_claims, measure, value, qualifier, low, high, said, per_month, lo, hi
):
    claims = make_claims([_pace(measure, value=value, qualifier=qualifier, low=low, high=high)])
    row = stated_paces(claims).iloc[0]
    assert row["said"] == said
    assert row["per_month"] == pytest.approx(per_month)
    assert row["per_month_low"] == pytest.approx(lo)
    assert row["per_month_high"] == pytest.approx(hi)


def test_stated_pace_range_reads_as_whole_people_per_month(make_claims):
    claims = make_claims([_pace(value=1_000, qualifier="at_least", low=1_000, high=1_500)])
    row = stated_paces(claims).iloc[0]
    assert (fmt_count(row["per_month_low"]), fmt_count(row["per_month_high"])) == (
        "30,438",
        "45,656",
    )


def test_stated_paces_keep_provenance_and_ignore_counts(make_claims):
    claims = make_claims(
        [
            {"value": 280_000, "announced_on": "2023-09-03"},
            _pace(
                id=7,
                value=1_400,
                qualifier="approx",
                as_of="2023-06-30",
                announced_on="2023-07-04",
                speaker="Dmitry Medvedev",
                outlet="Sputnik",
                url="https://example.org/a",
            ),
        ]
    )
    paces = stated_paces(claims)
    assert list(paces.columns) == list(PACE_COLUMNS)
    assert len(paces) == 1
    row = paces.iloc[0]
    assert row["claim_id"] == 7
    assert (row["speaker"], row["outlet"], row["url"]) == (
        "Dmitry Medvedev",
        "Sputnik",
        "https://example.org/a",
    )
    assert (str(row["as_of"].date()), str(row["announced_on"].date())) == (
        "2023-06-30",
        "2023-07-04",
    )


def test_stated_paces_sorted_by_series_then_date(make_claims):
    claims = make_claims(
        [
            _pace(value=1_500, announced_on="2023-12-14"),
            _pace(value=1_000, announced_on="2023-06-22"),
            _pace(series="applications-pace-daily", value=1_500, announced_on="2023-12-19"),
        ]
    )
    paces = stated_paces(claims)
    assert list(paces["series"]) == [
        "applications-pace-daily",
        "contract-pace-daily",
        "contract-pace-daily",
    ]
    assert list(paces["claim_id"]) == [3, 2, 1]


def test_stated_paces_without_rate_claims_is_empty_with_columns(make_claims):
    paces = stated_paces(make_claims([{"value": 1, "announced_on": "2023-01-05"}]))
    assert paces.empty
    assert list(paces.columns) == list(PACE_COLUMNS)


def test_a_stated_pace_is_said_with_its_unit_in_the_active_language(make_claims):
    claims = make_claims([_pace(value=1_500, qualifier="approx"),
                          _pace("monthly_rate", value=50_000, qualifier="approx")])  # fmt: skip
    with language("ru"):
        said = stated_paces(claims)["said"].tolist()
    assert said == ["около 1\u00a0500 в день", "около 50\u00a0000 в месяц"]
