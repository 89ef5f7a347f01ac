"""A page run reads the store's data version once and keys every read of the run on it, so
the run shows one state of the store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import Engine, event
from streamlit.testing.v1 import AppTest

from tests.fixtures import APP

# The data version is the one query of the store that asks for the latest revision.
VERSION_QUERY = "max(data_revision.id)"
PAGES = ["pages/overview.py", "pages/trend.py", "pages/monthly-rates.py", "pages/sources.py",
         "pages/report.py"]  # fmt: skip


@contextmanager
def statements() -> Iterator[list[str]]:
    """Every SQL statement any engine runs meanwhile."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("warm", [False, True], ids=["first run", "next run"])
def test_a_page_run_reads_the_data_version_once(seeded, page, warm):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(page)
    if warm:
        at.run()

    with statements() as seen:
        at.run()

    assert not at.exception, [e.value for e in at.exception]
    assert sum(VERSION_QUERY in s.lower() for s in seen) == 1


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/trend.py"])
def test_a_page_run_at_a_permalinked_version_reads_the_data_version_once(seeded, page):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["version"] = "3"
    at.run()
    at.switch_page(page)

    with statements() as seen:
        at.run()

    assert not at.exception, [e.value for e in at.exception]
    assert any("data version 3 of" in w.value for w in at.warning)
    assert sum(VERSION_QUERY in s.lower() for s in seen) == 1
