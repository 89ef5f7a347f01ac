"""Rounding units and claim bounds (docs/methodology.md, Bounds)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recruitment.methodology.bounds import rounding_unit, with_bounds


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (280_000, 10_000),
        (300_000, 10_000),  # two significant digits are meant: not 100,000
        (231_000, 1_000),
        (117_400, 100),
        (422_704, 1),
        (0, 1),
        (7, 1),
        (50, 1),
        (100, 10),
        (1_000, 100),
        (5_000, 100),
        (1_500, 100),
        (10**15, 10**14),
        (10**15 + 1, 1),
        (999_999_999_999_999, 1),
        (10**18, 10**17),
    ],
)
def test_rounding_unit_keeps_two_significant_digits(value: int, unit: int) -> None:
    assert rounding_unit([value]).tolist() == [unit]


def test_rounding_unit_is_vectorised_and_integer() -> None:
    units = rounding_unit(np.array([280_000, 231_000, 422_704]))
    assert units.dtype == np.int64
    assert units.tolist() == [10_000, 1_000, 1]


@given(st.integers(min_value=0, max_value=10**15))
def test_rounding_unit_matches_its_definition_as_text(value: int) -> None:
    text = str(value)
    zeros = len(text) - len(text.rstrip("0")) if value else 0
    assert rounding_unit([value])[0] == 10 ** max(0, min(zeros, len(text) - 2))


@pytest.mark.parametrize(
    ("value", "qualifier", "lo", "hi"),
    [
        (280_000, "approx", 275_000, 285_000),
        (231_000, "at_least", 231_000, 232_000),
        (231_000, "at_most", 230_000, 231_000),
        (117_400, "exact", 117_400, 117_400),
        (422_704, "approx", 422_703.5, 422_704.5),  # u = 1: half a person either side
        (0, "at_most", -1, 0),  # never clamped
        (10**15 + 1, "approx", 10**15 + 0.5, 10**15 + 1.5),  # float64 is exact here
    ],
)
def test_bounds_follow_the_qualifier(make_claims, value, qualifier, lo, hi) -> None:
    out = with_bounds(
        make_claims([{"as_of": "2023-08-03", "value": value, "qualifier": qualifier}])
    )
    assert (out["lo"].iloc[0], out["hi"].iloc[0]) == (lo, hi)
    assert out["lo"].dtype == np.float64


def test_explicit_low_and_high_win(make_claims) -> None:
    stated = {"value": 1_000, "qualifier": "at_least", "low": 1_000, "high": 1_500}
    out = with_bounds(make_claims([{"as_of": "2023-09-12", **stated}]))
    assert (out["lo"].iloc[0], out["hi"].iloc[0]) == (1_000, 1_500)


def test_with_bounds_keeps_rows_and_index(make_claims) -> None:
    claims = make_claims([{"as_of": "2023-08-03", "value": 1}, {"as_of": "2023-08-04", "value": 2}])
    claims.index = pd.Index([10, 20])
    out = with_bounds(claims)
    assert out.index.tolist() == [10, 20]
    assert "lo" not in claims  # the input is not changed


def test_missing_qualifier_means_approx_and_unknown_is_refused(make_claims) -> None:
    claims = make_claims([{"as_of": "2023-09-03", "value": 280_000, "qualifier": None}])
    assert with_bounds(claims)["lo"].iloc[0] == 275_000
    with pytest.raises(ValueError, match="roughly"):
        with_bounds(claims.assign(qualifier="roughly"))
