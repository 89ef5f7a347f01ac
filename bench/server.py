"""The real Streamlit server and Debian's Chromium, for the benchmarks and the end-to-end tests.

Kept free of pytest (tests/e2e/conftest.py builds its fixtures on these): a server on a free
port with its own store, readiness by /_stcore/health, and a page counted as ready when the
app is connected, its script is idle and its first Plotly chart is drawn.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import PROJECT_ROOT

CHROMIUM = os.environ.get("BROWSER_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
SERVER_START_SECONDS = 90
VIEWPORT = {"width": 1440, "height": 1000}

# In the page: connected, the script idle, and (when asked) its charts drawn: the first
# Plotly chart laid out and drawn or, on a page whose charts are pictures (the Overview's
# cards), every picture loaded. Evaluated by the browser at every animation frame, so the
# clock stops at the first frame where the page is ready rather than at a polling tick.
READY_JS = """(needChart) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!needChart) return true;
  if (document.querySelector('[data-testid="stPlotlyChart"]')) {
    const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
    return !!(gd && gd._fullLayout && gd.querySelector('.main-svg'));
  }
  const pictures = [...document.querySelectorAll('[data-testid="stImage"] img')];
  return pictures.length > 0 && pictures.every((img) => img.complete && img.naturalWidth > 0);
}"""

# Before a widget change: note every script-state change, and every redraw of the chart.
WATCH_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const w = window.__bench = {ran: false, plotted: false, gd: null};
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.oldValue === 'running' || app.getAttribute('data-test-script-state') === 'running')
        w.ran = true;
    }
  }).observe(app, {attributes: true, attributeOldValue: true,
                   attributeFilter: ['data-test-script-state']});
  const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  w.gd = gd;
  if (gd && gd.on) gd.on('plotly_afterplot', () => { w.plotted = true; });
}"""

# After it: the script is idle again and the chart was replaced by a new one, or the script
# ran and the chart was redrawn in place. A fast rerun can go from running to idle within one
# render of the page, so that the state attribute never shows "running": a replaced chart is
# proof enough that the rerun happened.
REDRAWN_JS = """() => {
  const w = window.__bench;
  const app = document.querySelector('[data-testid="stApp"]');
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  const gd = document.querySelector('[data-testid="stPlotlyChart"] .js-plotly-plot');
  if (!gd || !gd._fullLayout || !gd.querySelector('.main-svg')) return false;
  return gd !== w.gd || (w.ran && w.plotted);
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(
    script: Path, log_path: Path, *, cwd: Path = PROJECT_ROOT, env: dict[str, str] | None = None
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`streamlit run script` on a free port until the block ends: (base URL, process)."""
    port = free_port()
    log = log_path.open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script),
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],
        cwd=cwd, stdout=log, stderr=subprocess.STDOUT, env={**os.environ, **(env or {})},
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(
                    f"the server for {script.name} did not start: "
                    + log_path.read_text(errors="replace")[-500:]
                )
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        yield base, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@contextmanager
def chromium() -> Iterator[object]:
    """Debian's Chromium through Playwright, as the end-to-end tests launch it."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"Chromium is missing at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def wait_ready(page, *, chart: bool, timeout: float = 60) -> None:
    """Block until READY_JS holds, then make sure it still holds a moment later (a rerun
    right after the first run would otherwise count as ready); raises on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        left = max(deadline - time.monotonic(), 0.1)
        page.wait_for_function(READY_JS, arg=chart, polling="raf", timeout=left * 1000)
        page.wait_for_timeout(300)
        if page.evaluate(READY_JS, chart):
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the page kept running")


def open_ready(browser, url: str, *, chart: bool, timeout: float = 60) -> tuple[object, float]:
    """A fresh browser session on `url`: (page, seconds until it first looked ready).

    The clock runs from the navigation to the first animation frame at which the page is
    ready; the settle check after it is not counted.
    """
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    t0 = time.perf_counter()
    page.goto(url, wait_until="commit", timeout=timeout * 1000)
    page.wait_for_function(READY_JS, arg=chart, polling="raf", timeout=timeout * 1000)
    elapsed = time.perf_counter() - t0
    wait_ready(page, chart=chart, timeout=timeout)
    return page, elapsed


def tree_memory_kb(pid: int) -> tuple[int, int]:
    """(VmRSS, VmHWM) summed over a process and its descendants, in kB, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    rss = hwm = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                rss += int(line.split()[1])
            elif line.startswith("VmHWM:"):
                hwm += int(line.split()[1])
    return rss, hwm
