"""The real Streamlit server on a free port, driven by Debian's Chromium through Playwright.

Screenshots of every page are kept in test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.server import chromium, streamlit_server
from recruitment.service import Store

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"


@contextmanager
def running_app(folder: Path, **env: str) -> Iterator[tuple[str, str]]:
    """A seeded SQLite store in `folder` and the app serving it: (base URL, store URL).

    The server is started as the benchmarks start it (bench/server.py)."""
    url = f"sqlite:///{folder / 'store.db'}"
    Store.open(url).close()
    app_env = {"RECRUITMENT_DATABASE_URL": url, **env}
    with streamlit_server(ROOT / "app.py", folder / "server.log", env=app_env) as (base, _):
        yield base, url


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


def wait_ready(page, timeout: float = 60) -> None:
    """Connected and the script finished running (twice in a row, to skip reruns)."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout * 1000
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = page.get_attribute('[data-testid="stApp"]', "data-test-script-state")
        if state == "notRunning":
            page.wait_for_timeout(400)
            if (
                page.get_attribute('[data-testid="stApp"]', "data-test-script-state")
                == "notRunning"
            ):
                return
        page.wait_for_timeout(100)
    raise AssertionError("the page kept running")


def shoot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
