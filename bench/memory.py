"""Peak memory of the app server at 1M claims, against the same server on an empty store.

Both servers are started the same way (app.py, as the end-to-end tests start it), each opens
/trend then Overview (/) in Chromium until the page is ready, and then the server's process tree
is read from /proc: VmHWM (the peak resident set, the figure) and VmRSS (what it still holds).
"""

from __future__ import annotations

import time
from typing import Any

from bench.common import PROJECT_ROOT, Context, result
from bench.server import chromium, open_ready, streamlit_server, tree_memory_kb

SIZE = "1M-100"  # 1M claims over 100 series (see bench/data.py SIZES)
# Page name -> address: Overview is the app's default page, served at the root.
PAGES = {"trend": "trend", "overview": ""}
PAGE_TIMEOUT = 300  # seconds per page: at 1M claims the first run reads the whole store
GOAL_MB = 500


def _serve_and_read(ctx: Context, url: str, name: str, with_data: bool) -> dict[str, Any]:
    work = ctx.tmp / "memory"
    work.mkdir(exist_ok=True)
    out: dict[str, Any] = {"pages": {}, "problem": ""}
    env = {"RECRUITMENT_DATABASE_URL": url}
    with (
        streamlit_server(PROJECT_ROOT / "app.py", work / f"{name}.log", env=env) as (base, proc),
        chromium() as browser,
    ):
        out["start_kb"] = tree_memory_kb(proc.pid)
        for page_name, path in PAGES.items():
            t0 = time.perf_counter()
            try:
                page, _ = open_ready(
                    browser, f"{base}/{path}", chart=with_data, timeout=PAGE_TIMEOUT
                )
                page.context.close()
            except Exception as exc:  # a page that never gets ready: say so, still measure
                out["problem"] += (
                    f"{page_name} not ready after {PAGE_TIMEOUT} s ({type(exc).__name__}); "
                )
            out["pages"][page_name] = time.perf_counter() - t0
            ctx.log(f"memory: {name} /{page_name} in {out['pages'][page_name]:.1f} s")
        out["rss_kb"], out["hwm_kb"] = tree_memory_kb(proc.pid)
    return out


def measure(ctx: Context) -> dict[str, dict[str, Any]]:
    from bench.data import empty_store

    empty = empty_store(ctx.tmp / "memory-empty.db")
    return {
        "empty": _serve_and_read(ctx, empty, "empty", with_data=False),
        "full": _serve_and_read(ctx, ctx.stores[SIZE], "1M", with_data=True),
    }


def peak_memory(times: dict[str, dict[str, Any]]) -> dict[str, Any]:
    full, empty = times["full"], times["empty"]
    value, base = full["hwm_kb"] / 1024, empty["hwm_kb"] / 1024
    pages = ", ".join(f"/{p} {s:.1f} s" for p, s in full["pages"].items())
    return result(
        "peak RSS of the app server (process tree) after /trend and Overview, 1M claims "
        "vs empty store",
        value, base, "MB", f"under {GOAL_MB} MB above the baseline",
        value - base < GOAL_MB and not full["problem"],
        f"{full['problem']}above baseline {value - base:,.0f} MB; still held after loading "
        f"{full['rss_kb'] / 1024:,.0f} MB (empty store {empty['rss_kb'] / 1024:,.0f} MB); "
        f"store {SIZE} (sizes in machine.json); pages ready in {pages}",
    )  # fmt: skip
