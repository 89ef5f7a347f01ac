"""Unit-test fixtures: the claims and targets builders of tests/fixtures.py."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd
import pytest

from tests.fixtures import build_claims, build_targets


@pytest.fixture
def make_claims() -> Callable[[Iterable[Mapping[str, Any]]], pd.DataFrame]:
    return build_claims


@pytest.fixture
def make_targets() -> Callable[[Iterable[Mapping[str, Any]]], pd.DataFrame]:
    return build_targets
