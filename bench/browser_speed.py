"""The Trend page in Chromium at 100k claims, against a bare Streamlit page of the same points.

Ours: the real server (app.py) on a store of 100k claims; /trend is ready when the app is
connected, its script idle and the running-count chart drawn. Baseline: a bare page written
to a temporary folder that shows one st.plotly_chart (plotly express, so WebGL above 1,000
points) of every running-count statement, with the same "Speakers" multiselect in the
sidebar. A filter change is choosing one speaker in that multiselect, timed until the script
has rerun and the chart is redrawn. Both servers read the data once before timing (the
cached store), so the numbers are what a reader sees on every visit after the first.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from bench.common import PROJECT_ROOT, Context, median, result, spread
from bench.data import FILTER_SPEAKER
from bench.server import READY_JS, REDRAWN_JS, WATCH_JS, chromium, open_ready, streamlit_server

SIZE = "100k"
# One visit to our Trend page takes over a minute at 100k claims: runs stop at REPEATS or once
# BUDGET seconds are spent (at least one), so the whole bench stays within 15 minutes.
REPEATS = 3
BUDGET = 100
PAGE_TIMEOUT = 180  # seconds for one page or rerun before giving up
FILTER_GOAL_MS = 300

BARE_PAGE = '''"""A bare page: every running-count statement in one chart, and a speaker filter."""

from pathlib import Path

import pandas as pd
import plotly.express as px
import streamlit as st

HERE = Path(__file__).resolve().parent


@st.cache_data
def load() -> pd.DataFrame:
    return pd.read_parquet(HERE / "points.parquet")


points = load()
speakers = st.sidebar.multiselect("Speakers", sorted(points["speaker"].dropna().unique()))
if speakers:
    points = points[points["speaker"].isin(speakers)]
st.plotly_chart(px.scatter(points, x="as_of", y="value"))
'''


def write_bare_page(folder: Path, claims) -> Path:
    """The bare page and its data (the running-count statements) in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    cumulative = claims[claims["measure"] == "cumulative"]
    cumulative[["as_of", "value", "speaker"]].to_parquet(folder / "points.parquet")
    script = folder / "bare_page.py"
    script.write_text(BARE_PAGE, encoding="utf-8")
    return script


def choose_speaker(page, speaker: str = FILTER_SPEAKER, timeout: float = PAGE_TIMEOUT) -> float:
    """Pick `speaker` in the sidebar "Speakers" multiselect; seconds until the rerun is done
    and the chart redrawn. Opening the list and typing are not timed, the choice is."""
    box = (
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
        .filter(has_text="Speakers")
        .first
    )
    box.locator("input").first.click()
    box.locator("input").first.fill(speaker)
    option = page.get_by_role("option", name=speaker, exact=True)
    option.wait_for(timeout=timeout * 1000)
    page.evaluate(WATCH_JS)
    t0 = time.perf_counter()
    option.click()
    page.wait_for_function(REDRAWN_JS, polling="raf", timeout=timeout * 1000)
    return time.perf_counter() - t0


def _visit(browser, url: str) -> tuple[float, float]:
    """(seconds until ready, seconds for the filter change) in a fresh session."""
    page, ready = open_ready(browser, url, chart=True, timeout=PAGE_TIMEOUT)
    try:
        changed = choose_speaker(page)
        if not page.evaluate(READY_JS, True):
            raise RuntimeError("the page was not ready after the filter change")
    finally:
        page.context.close()
    return ready, changed


def measure(ctx: Context) -> dict[str, list[float]]:
    """Page ready and filter change, ours and the bare page's, REPEATS times side by side."""
    store = ctx.stores[SIZE]
    work = ctx.tmp / "browser"
    work.mkdir(exist_ok=True)
    script = write_bare_page(work / "bare", ctx.files[SIZE].claims)
    env = {"RECRUITMENT_DATABASE_URL": store}
    times: dict[str, list[float]] = {"ours": [], "ours_filter": [], "bare": [], "bare_filter": []}
    with (
        streamlit_server(PROJECT_ROOT / "app.py", work / "app.log", env=env) as (ours, _),
        streamlit_server(script, work / "bare.log", cwd=script.parent) as (bare, _),
        chromium() as browser,
    ):
        # Fill both servers' caches: a cheap page of ours (app.py reads every claim for the
        # sidebar), and one view of the bare page.
        ctx.log("browser: warming both servers")
        open_ready(browser, f"{ours}/methodology", chart=False, timeout=PAGE_TIMEOUT)[
            0
        ].context.close()
        open_ready(browser, bare, chart=True, timeout=PAGE_TIMEOUT)[0].context.close()
        started = time.perf_counter()
        for i in range(REPEATS):
            if i and time.perf_counter() - started > BUDGET:
                break
            ready, changed = _visit(browser, f"{ours}/trend")
            times["ours"].append(ready)
            times["ours_filter"].append(changed)
            ready, changed = _visit(browser, bare)
            times["bare"].append(ready)
            times["bare_filter"].append(changed)
            ctx.log(
                f"browser: run {i + 1}/{REPEATS}: ready {times['ours'][-1]:.2f} s vs "
                f"{times['bare'][-1]:.2f} s; filter {times['ours_filter'][-1]:.2f} s vs "
                f"{times['bare_filter'][-1]:.2f} s"
            )
    return times


def trend_ready(times: dict[str, list[float]]) -> dict[str, Any]:
    value, base = median(times["ours"]), median(times["bare"])
    return result(
        "Trend page ready in Chromium, 100k claims vs bare st.plotly_chart page",
        value, base, "s", "at most 1.0x the baseline", value <= base,
        f"runs (s): ours {spread(times['ours'])}; bare {spread(times['bare'])}",
    )  # fmt: skip


def filter_change(times: dict[str, list[float]]) -> dict[str, Any]:
    value, base = median(times["ours_filter"]) * 1000, median(times["bare_filter"]) * 1000
    return result(
        "Trend filter change (pick a speaker) until redrawn, 100k claims vs bare page rerun",
        value, base, "ms", f"at most 1.0x the baseline and under {FILTER_GOAL_MS} ms",
        value <= base and value < FILTER_GOAL_MS,
        f"runs (ms): ours {spread(times['ours_filter'], 1000, 0)}; "
        f"bare {spread(times['bare_filter'], 1000, 0)}",
    )  # fmt: skip
