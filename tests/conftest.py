"""Shared fixtures: stores on a real SQLite file and on the real PostgreSQL server.

PostgreSQL comes from RECRUITMENT_TEST_POSTGRES_URL. Locally, without it, those tests are
skipped with a notice; in CI (CI=true) a missing server fails them instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import create_engine, text

from recruitment.settings import running_in_ci, test_postgres_url
from tests.fixtures import Cli

# Shared machines are noisy: property tests check behaviour, never speed.
settings.register_profile("project", deadline=None, print_blob=True)
settings.load_profile("project")

TEST_DATA = Path(__file__).parent / "data"
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def _reset_postgres(url: str) -> None:
    """An empty public schema, so every test starts from a store with no tables."""
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture
def postgres_url() -> str:
    url = test_postgres_url()
    if url is None:
        if running_in_ci():
            pytest.fail("RECRUITMENT_TEST_POSTGRES_URL is not set: CI must test PostgreSQL")
        pytest.skip("RECRUITMENT_TEST_POSTGRES_URL is not set: PostgreSQL tests skipped")
    _reset_postgres(url)
    return url


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty store on each backend (tables are created on first use)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def cli(store_url: str) -> Iterator[Cli]:
    yield Cli(store_url)


@pytest.fixture
def sqlite_cli(sqlite_url: str) -> Cli:
    return Cli(sqlite_url)
