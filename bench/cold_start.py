"""Cold start: from `streamlit run` to the Overview ready in Chromium, against a bare page.

Ours: app.py on the 1k store, timed from starting the server process until its health check
answers and the Overview (/) is ready in a fresh browser session (connected, script idle,
its cards' small lines drawn). Baseline: the bare Overview page (bench/pages.py
overview_bare: the same points as charts) started and opened the same way. The browser is
started before the clock, as a reader's is.
"""

from __future__ import annotations

import time
from typing import Any

from bench.common import PROJECT_ROOT, Context, median, result, spread
from bench.pages import overview_bare
from bench.server import chromium, open_ready, streamlit_server

SIZE = "1k"
REPEATS = 3
GOAL_RATIO = 1.5
PAGE_TIMEOUT = 120


def _cold(browser, script, log, cwd, env=None) -> float:
    t0 = time.perf_counter()
    with streamlit_server(script, log, cwd=cwd, env=env) as (base, _):
        started = time.perf_counter() - t0
        page, ready = open_ready(browser, base, chart=True, timeout=PAGE_TIMEOUT)
        page.context.close()
    return started + ready


def measure(ctx: Context) -> dict[str, list[float]]:
    from recruitment.service import Store

    work = ctx.tmp / "cold"
    store = Store.open(ctx.stores[SIZE], seed=False)
    try:
        view = store.view()
        bare = overview_bare(work / "bare", view)
    finally:
        store.close()
    env = {"RECRUITMENT_DATABASE_URL": ctx.stores[SIZE]}
    times: dict[str, list[float]] = {"ours": [], "bare": []}
    with chromium() as browser:
        for i in range(REPEATS):
            times["ours"].append(
                _cold(browser, PROJECT_ROOT / "app.py", work / "app.log", PROJECT_ROOT, env)
            )
            times["bare"].append(_cold(browser, bare, work / "bare.log", bare.parent))
            ctx.log(f"cold: run {i + 1}: {times['ours'][-1]:.2f} s vs {times['bare'][-1]:.2f} s")
    return times


def figure() -> str:
    return f"cold start: streamlit run until Overview ready in Chromium, {SIZE} claims vs bare page"


def cold_start(times: dict[str, list[float]]) -> dict[str, Any]:
    value, base = median(times["ours"]), median(times["bare"])
    return result(
        figure(),
        value, base, "s", f"at most {GOAL_RATIO}x the baseline", value <= GOAL_RATIO * base,
        f"runs (s): ours {spread(times['ours'])}; bare {spread(times['bare'])}",
    )  # fmt: skip
