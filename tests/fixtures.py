"""Helpers every kind of test shares: claims frames built from short dicts, CSV rows in the
upload format, the command line run in-process, and the app served to a real browser.

Tests name only what matters to them; everything else gets the data model's defaults
(as_of = announced_on, period_start = 1 January of as_of's year for cumulative claims).
Screenshots of the end-to-end tests are kept in test-artifacts/screenshots/ to look at.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from streamlit.testing.v1 import AppTest

from bench.server import streamlit_server
from recruitment import kinds
from recruitment.cli import main
from recruitment.reporting.renderer import NoBrowser, find_browser
from recruitment.service import Store
from recruitment.settings import running_in_ci
from recruitment.vocab import LEVEL, RATE_MEASURES

ROOT = Path(__file__).resolve().parents[1]
# The app as `streamlit run` starts it, for streamlit.testing.
APP = str(ROOT / "app.py")
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"

HEADER = ",".join(kinds.CLAIMS.columns)
GOOD = {
    "series": "contract-ytd", "announced_on": "2024-03-01", "value": "100000",
    "qualifier": "approx", "speaker": "A Speaker", "outlet": "An Outlet",
    "url": "https://example.org/a",
}  # fmt: skip


def row(**changes: str) -> str:
    fields = {**GOOD, **changes}
    return ",".join(_cell(fields.get(c, "")) for c in kinds.CLAIMS.columns)


def _cell(value: str) -> str:
    return f'"{value}"' if any(ch in value for ch in ',"\n') else value


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def many_good(n: int) -> list[str]:
    """n distinct, valid statements on n different days (so none conflicts with another)."""
    start = dt.date(2022, 1, 1)
    return [
        row(announced_on=(start + dt.timedelta(days=i)).isoformat(), value=str(100000 + 1000 * i),
            url=f"https://example.org/{i}")
        for i in range(n)
    ]  # fmt: skip


class Cli:
    """Runs `python -m recruitment` in-process against one store."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.runner = CliRunner()

    def __call__(self, *args: str, seed: bool = True, input: bytes | None = None) -> Result:
        options = ["--db", self.url] + ([] if seed else ["--no-seed"])
        return self.runner.invoke(main, [*options, *map(str, args)], input=input)

    def export(self, kind: str = "claims", seed: bool = True) -> str:
        result = self(*["export", kind], seed=seed)
        assert result.exit_code == 0, result.stderr
        return result.stdout


# ---------------------------------------------------------------- frames

CLAIM_SCHEMA = (
    "id", "series", "measure", "origin", "announced_on", "as_of", "period_start", "period_end",
    "value", "qualifier", "low", "high", "speaker", "body", "outlet", "url", "quote", "note",
    "verification", "region",
)  # fmt: skip
DATES = ("announced_on", "as_of", "period_start", "period_end")
TEXT = ("speaker", "body", "outlet", "url", "quote", "note", "region")


def _date(value: Any) -> pd.Timestamp:
    return pd.NaT if pd.isna(value) else pd.Timestamp(value).normalize()


def build_claims(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A claims frame as the store hands it over; ids count from 1 unless given.

    The qualifier defaults to exact (not the data model's approx), so a test's figures are its
    bounds unless it says otherwise.
    """
    records = []
    for i, given in enumerate(rows, start=1):
        row: dict[str, Any] = {
            "id": i, "series": "contract-ytd", "measure": "cumulative", "origin": "official",
            "qualifier": "exact",
            "low": None, "high": None, "speaker": "Speaker", "body": None, "outlet": "Outlet",
            "url": None, "quote": None, "note": None, "verification": "unverified",
            "period_start": None, "period_end": None, "region": None,
        }  # fmt: skip
        row.update(given)
        if row["measure"] == "period_total":
            row.setdefault("as_of", row["period_end"])
        row.setdefault("as_of", row.get("announced_on"))
        row.setdefault("announced_on", row["as_of"])
        if row["measure"] in (*RATE_MEASURES, LEVEL):
            row["period_start"] = row["period_end"] = None
        elif row["period_start"] is None:
            row["period_start"] = f"{_date(row['as_of']).year}-01-01"
        records.append(row)
    frame = pd.DataFrame(records, columns=list(CLAIM_SCHEMA))
    for column in DATES:
        frame[column] = pd.to_datetime(frame[column].map(_date)).astype("datetime64[ns]")
    frame["id"] = frame["id"].astype("int64")
    frame["value"] = frame["value"].astype("int64")
    frame["low"] = frame["low"].astype("Int64")
    frame["high"] = frame["high"].astype("Int64")
    for column in TEXT:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def build_targets(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """A targets frame; a target runs over its start's calendar year unless told otherwise."""
    records = []
    for given in rows:
        row = {"series": "contract-ytd", "qualifier": "approx", "description": "a goal"}
        row.update(given)
        row.setdefault("period_end", f"{_date(row['period_start']).year}-12-31")
        records.append(row)
    frame = pd.DataFrame(
        records,
        columns=["series", "period_start", "period_end", "value", "qualifier", "description"],
    )
    for column in ("period_start", "period_end"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    frame["value"] = frame["value"].astype("int64")
    return frame


# ---------------------------------------------------------------- the real app


@contextmanager
def running_app(folder: Path, **env: str) -> Iterator[tuple[str, str]]:
    """A seeded SQLite store in `folder` and the app serving it: (base URL, store URL).

    The server is started as the benchmarks start it (bench/server.py)."""
    url = f"sqlite:///{folder / 'store.db'}"
    Store.open(url).close()
    app_env = {"RECRUITMENT_DATABASE_URL": url, **env}
    with streamlit_server(ROOT / "app.py", folder / "server.log", env=app_env) as (base, _):
        yield base, url


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


def open_page(page: str, **query: str) -> AppTest:
    """The app opened at `page` with the URL query `query`, run without an exception."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def require_browser() -> None:
    """Skip (fail in CI) a test that draws images when no Chromium can be found."""
    try:
        find_browser()
    except NoBrowser as exc:
        if running_in_ci():
            pytest.fail(f"drawing images needs Chromium: {exc}")
        pytest.skip(f"no browser for image export: {exc}")
