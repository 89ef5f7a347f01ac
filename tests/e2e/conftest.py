"""End-to-end fixtures: the real Streamlit server on a free port, driven by Debian's Chromium
through Playwright (helpers in tests/fixtures.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.server import chromium
from tests.fixtures import running_app


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the shipped data, for tests that only read."""
    with running_app(tmp_path_factory.mktemp("e2e")) as (base, _):
        yield base


@pytest.fixture(scope="session")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    pg = context.new_page()
    yield pg
    context.close()
