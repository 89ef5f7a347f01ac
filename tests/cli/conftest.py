"""Command-line fixtures: commands that draw images need Chromium (required in CI)."""

from __future__ import annotations

import pytest

from recruitment.reporting.renderer import NoBrowser, find_browser
from recruitment.settings import running_in_ci


@pytest.fixture
def browser() -> None:
    try:
        find_browser()
    except NoBrowser as exc:
        if running_in_ci():
            pytest.fail(f"drawing images needs Chromium: {exc}")
        pytest.skip(f"no browser for image export: {exc}")
