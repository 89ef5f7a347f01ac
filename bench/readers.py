"""Many readers at once: 25 sessions opening a page at the same moment against one app process.

Readers are light clients that speak Streamlit's own protocol: each opens the websocket at
/_stcore/stream, sends the rerun request a browser sends when it loads a page (a `BackMsg`
with the page name and query), and reads `ForwardMsg`s until the script-finished message;
a page is complete then, every element of it received. 25 headless Chromiums would starve the
server of the 2 cores they share with it; these clients cost almost nothing.

The figure is the slowest reader's time until its page is complete, against one reader alone
on the same server (the median of a few lone visits), with the server's CPU seconds per page
view (from /proc, user + system, over the whole burst) and its memory growth (VmRSS).

Pages with nothing of the project's in them go through the same bursts, reported without a
goal, to show what one Streamlit process gives many readers at all: a page of one line, and
a page of as many one-line texts as the Overview sends elements. A lone reader waits about
50 ms whatever the page, most of it not the server's CPU; 25 readers at once wait for 25
page views in turn on one process (one interpreter lock), so the slowest stays within 3x a
lone reader's time only while a page view costs the server under about 5 ms of CPU.

Once per run the light client is checked against Chromium: a few real browser sessions open
the same page together, and the server's CPU per page view under them is compared with the
light clients' (the same server work per view means the light client asks for the same page),
and a lone Chromium reader's time until the script is idle is put beside the light client's.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path
from typing import Any

from bench import bare_pages
from bench.common import PROJECT_ROOT, Context, median, result, spread
from bench.server import READY_JS, chromium, streamlit_server, tree_memory_kb

READERS = 25
LONE_REPEATS = 5
BURSTS = 3  # bursts of READERS readers; the figure is the median burst's slowest reader
BROWSER_READERS = 4  # the check against real browsers
GOAL_RATIO = 3
TIMEOUT = 120
# (figure label, store size, page name as in the address)
CASES = (("Overview", "1k", ""), ("Trend", "1k", "trend"))
# The same burst against pages with nothing of the project's in them, each on its own process
# with the project's server settings (bench/bare_pages.py), reported without a goal: the bare
# Overview page (its charts drawn the plain way), a page of as many one-line texts as the
# Overview sends elements, and a page of one line, Streamlit's own floor.
BARE_LABEL = "the bare Overview page"
LINES_LABEL = "a page of one-line texts, as many as the Overview's elements"
EMPTY_LABEL = "a page of one line"
REFERENCES = (BARE_LABEL, LINES_LABEL, EMPTY_LABEL)


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (its threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def read_page(base: str, page: str, query: str = "") -> tuple[float, int]:
    """One reader: (seconds from connecting until the script finished, messages received)."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    url = base.replace("http://", "ws://") + "/_stcore/stream"
    t0 = time.perf_counter()
    async with websockets.connect(url, subprotocols=["streamlit"], max_size=None) as ws:
        request = BackMsg()
        request.rerun_script.page_name = page
        request.rerun_script.query_string = query
        await ws.send(request.SerializeToString())
        received = 0
        while True:
            message = ForwardMsg()
            message.ParseFromString(await asyncio.wait_for(ws.recv(), TIMEOUT))
            received += 1
            if message.WhichOneof("type") == "script_finished":
                return time.perf_counter() - t0, received


async def _burst(base: str, page: str, n: int) -> list[float]:
    done = await asyncio.gather(*(read_page(base, page) for _ in range(n)))
    return [seconds for seconds, _ in done]


def _browser_check(base: str, page: str, pid: int) -> dict[str, float]:
    """CPU per view under BROWSER_READERS Chromium sessions opened together, and one lone
    Chromium reader's seconds until its script is idle."""
    with chromium() as browser:
        contexts = [browser.new_context() for _ in range(BROWSER_READERS)]
        tabs = [c.new_page() for c in contexts]
        lone = tabs[0]
        t0 = time.perf_counter()
        lone.goto(f"{base}/{page}", wait_until="commit")
        lone.wait_for_function(READY_JS, arg=False, polling="raf", timeout=TIMEOUT * 1000)
        lone_seconds = time.perf_counter() - t0
        cpu0 = _cpu_seconds(pid)
        for tab in tabs:
            tab.goto(f"{base}/{page}", wait_until="commit")
        for tab in tabs:
            tab.wait_for_function(READY_JS, arg=False, polling="raf", timeout=TIMEOUT * 1000)
        cpu = (_cpu_seconds(pid) - cpu0) / len(tabs)
        for c in contexts:
            c.close()
    return {"lone": lone_seconds, "cpu_per_view": cpu}


def _measure_case(
    ctx: Context, label: str, size: str, page: str, script: Path | None = None
) -> dict[str, Any]:
    """Lone readers, then BURSTS bursts of READERS, on `script` (the app unless given)."""
    work = ctx.tmp / "readers"
    work.mkdir(exist_ok=True)
    env = {"RECRUITMENT_DATABASE_URL": ctx.stores[size]}
    log = work / f"app-{page or 'overview'}{'-bare' if script else ''}.log"
    cwd = script.parent if script else PROJECT_ROOT
    with streamlit_server(script or PROJECT_ROOT / "app.py", log, env=env, cwd=cwd) as (
        base,
        proc,
    ):
        # Warm: caches filled, as for every later reader. The messages are the page's elements.
        _, messages = asyncio.run(read_page(base, page))
        lone = [asyncio.run(read_page(base, page))[0] for _ in range(LONE_REPEATS)]
        rss0, _ = tree_memory_kb(proc.pid)
        slowest, cpu = [], []
        for _ in range(BURSTS):
            cpu0 = _cpu_seconds(proc.pid)
            slowest.append(max(asyncio.run(_burst(base, page, READERS))))
            cpu.append((_cpu_seconds(proc.pid) - cpu0) / READERS)
        rss1, _ = tree_memory_kb(proc.pid)
        check = _browser_check(base, page, proc.pid)
    ctx.log(
        f"readers: {label} {size}: lone {median(lone):.2f} s, slowest of {READERS} "
        f"{spread(slowest)} s; CPU per view {median(cpu):.3f} s (Chromium "
        f"{check['cpu_per_view']:.3f} s)"
    )
    return {"lone": lone, "slowest": slowest, "cpu": cpu, "rss_kb": (rss0, rss1), "check": check,
            "messages": messages}  # fmt: skip


def _bare_overview(ctx: Context) -> Path:
    from bench.pages import overview_bare
    from recruitment.service import Store

    store = Store.open(ctx.stores["1k"], seed=False)
    try:
        return overview_bare(ctx.tmp / "readers" / "bare-overview", store.view())
    finally:
        store.close()


def measure(ctx: Context) -> dict[str, dict[str, Any]]:
    measured = {label: _measure_case(ctx, label, size, page) for label, size, page in CASES}
    folder = ctx.tmp / "readers"
    elements = measured["Overview"]["messages"]
    scripts = {
        BARE_LABEL: _bare_overview(ctx),
        LINES_LABEL: bare_pages.write_lines_page(folder / "lines", elements),
        EMPTY_LABEL: bare_pages.write_lines_page(folder / "one-line", 1),
    }
    for label in REFERENCES:
        measured[label] = _measure_case(ctx, label, "1k", "", scripts[label])
    return measured


def figure(label: str, size: str) -> str:
    return (
        f"{READERS} readers opening {label} at once, {size} claims: slowest reader vs a lone "
        "reader (light websocket clients)"
    )


def reference_figure(label: str) -> str:
    if label == BARE_LABEL:
        return f"{figure(BARE_LABEL, '1k')}, for reference"
    return (
        f"{READERS} readers opening {label} at once: slowest reader vs a lone reader (light "
        "websocket clients), for reference"
    )


def rows(measured: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    cases = [(figure(label, size), label, True) for label, size, _ in CASES]
    references = [(reference_figure(label), label, False) for label in REFERENCES]
    for name, label, has_goal in [*cases, *references]:
        m = measured[label]
        value, base = median(m["slowest"]), median(m["lone"])
        rss0, rss1 = m["rss_kb"]
        check = m["check"]
        out.append(result(
            name, value, base, "s",
            f"at most {GOAL_RATIO}x the baseline" if has_goal else "none (reported)",
            value <= GOAL_RATIO * base or not has_goal,
            f"slowest of {READERS} per burst (s): {spread(m['slowest'])}; lone reader (s): "
            f"{spread(m['lone'])}; server CPU per page view {median(m['cpu']):.3f} s "
            f"(bursts: {spread(m['cpu'], digits=3)}); server memory "
            f"{rss0 / 1024:,.0f} MB before the bursts, {rss1 / 1024:,.0f} MB after "
            f"(+{(rss1 - rss0) / 1024:,.0f} MB); checked against Chromium: "
            f"{BROWSER_READERS} browser readers at once cost the server "
            f"{check['cpu_per_view']:.3f} s CPU per view, a lone Chromium reader's script was "
            f"idle after {check['lone']:.2f} s (page load included); "
            f"{m['messages']} messages a page view",
        ))  # fmt: skip
    return out
