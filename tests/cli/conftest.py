"""Command-line fixtures: commands that draw images need Chromium (required in CI)."""

from __future__ import annotations

import pytest

from tests.fixtures import require_browser


@pytest.fixture
def browser() -> None:
    require_browser()
