"""Chart images through kaleido and one headless Chromium, kept open for many images.

Starting Chromium takes seconds, so one renderer serves a whole snapshot batch (the command
line) or every download of a server's lifetime (the app keeps it in st.cache_resource). It
runs its own event loop on a daemon thread: kaleido is asynchronous, while its callers, click
commands and Streamlit's download callbacks, are not, and may call from several threads.

kaleido's own sync server is not used: when Chromium fails to start, its worker thread dies
and every later call waits forever. Here a failed start is a NoBrowser with one sentence.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from recruitment.reporting.layout import ImageSize, kaleido_options
from recruitment.settings import browser_path

# Seconds to wait for Chromium to start, and for one image: generous for a loaded laptop.
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 90.0
# Where to look when BROWSER_PATH is unset: Debian's chromium first, then other names.
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install Debian's chromium (apt-get install chromium) or set BROWSER_PATH"


class NoBrowser(RuntimeError):
    """No Chromium could be found or started, so no image can be made (CLI exit 4)."""


def find_browser() -> str:
    """The Chromium to drive: BROWSER_PATH when set (kaleido would use only that one), else
    the first browser on PATH or where choreographer looks. NoBrowser says what is wrong."""
    # BROWSER_PATH is kaleido's own variable (read by choreographer), not one of ours: it is
    # checked here so that a wrong value is one clear sentence rather than a stack trace.
    configured = browser_path()
    if configured:
        path = Path(configured)
        if not path.is_file() or not os.access(path, os.X_OK):
            raise NoBrowser(f"BROWSER_PATH is {configured}, which is not an executable browser")
        return str(path)
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False)
    except Exception:  # a best-effort extra search; its failure means "not found"
        found = None
    if found and os.access(found, os.X_OK):
        return str(found)
    raise NoBrowser(f"no Chromium or Chrome browser was found; {INSTALL_HINT}")


def _first_sentence(exc: BaseException) -> str:
    """The first sentence of an error, without its full stop (the caller ends the sentence).

    choreographer raises with several sentences as separate arguments (or one tuple of them).
    """
    args = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], tuple) else exc.args
    text = " ".join(str(a).strip() for a in args) or type(exc).__name__
    first = text.splitlines()[0].split(". ")[0]
    return first.rstrip(". ")[:300]


class ImageRenderer:
    """A Chromium started on first use and kept open until close().

    Thread-safe: render() may be called from any thread; kaleido queues the work on its tab.
    """

    def __init__(self, browser: str | None = None) -> None:
        self._browser = browser
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: Any = None
        self.problem: str | None = None  # why the last start failed, for the page to show

    def __enter__(self) -> ImageRenderer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._kaleido is not None

    def start(self) -> None:
        """Start Chromium now (a no-op when running); NoBrowser if it cannot."""
        with self._lock:
            if self._kaleido is not None:
                return
            path = self._browser
            try:
                path = path or find_browser()
                self._ensure_loop()
                self._kaleido = self._call(self._open(path), START_TIMEOUT)
            except NoBrowser as exc:
                self.problem = str(exc)
                self._stop_loop()
                raise
            except Exception as exc:  # TimeoutError included
                where = f" at {path}" if path else ""
                self.problem = f"the browser{where} could not be started: {_first_sentence(exc)}"
                self._stop_loop()
                raise NoBrowser(self.problem) from exc
            self.problem = None

    async def _open(self, path: str) -> Any:
        import kaleido  # imported late: it registers encoders and warns at import

        # mathjax=False: kaleido would otherwise fetch MathJax from a CDN for every page.
        k = kaleido.Kaleido(path=path, mathjax=False, timeout=RENDER_TIMEOUT)
        await k.open()
        return k

    def render(self, fig: go.Figure, fmt: str, size: ImageSize) -> bytes:
        """The figure as PNG, SVG or PDF bytes at `size`; starts Chromium if needed."""
        self.start()
        opts = kaleido_options(size, fmt)
        spec = fig.to_dict()
        try:
            return self._call(self._kaleido.calc_fig(spec, opts=opts), RENDER_TIMEOUT + 5)
        except Exception as exc:  # TimeoutError included
            # A browser that crashed stays broken: close it so the next call starts afresh.
            self.close()
            self.problem = f"the browser failed while drawing the image: {_first_sentence(exc)}"
            raise NoBrowser(self.problem) from exc

    def close(self) -> None:
        """Close Chromium and the event loop; safe to call twice."""
        with self._lock:
            if self._kaleido is not None and self._loop is not None:
                # Closing a dead browser may fail: nothing is left to release but the loop.
                with contextlib.suppress(Exception):
                    self._call(self._kaleido.close(), 20)
            self._kaleido = None
            self._stop_loop()

    # --- the event loop thread ---------------------------------------------------------

    def _ensure_loop(self) -> None:
        if self._loop is not None:
            return
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido", daemon=True)
        thread.start()
        self._loop, self._thread = loop, thread

    def _call(self, coroutine: Any, timeout: float) -> Any:
        assert self._loop is not None
        future: Future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except FutureTimeout:
            future.cancel()
            raise

    def _stop_loop(self) -> None:
        loop, thread = self._loop, self._thread
        self._loop = self._thread = None
        if loop is None:
            return
        # Cancel what the browser left running (choreographer's watchdog, say), so that
        # closing the loop does not complain about pending tasks.
        with contextlib.suppress(Exception):
            asyncio.run_coroutine_threadsafe(_cancel_pending(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(timeout=10)
        if not loop.is_running():
            loop.close()


async def _cancel_pending() -> None:
    current = asyncio.current_task()
    pending = [t for t in asyncio.all_tasks() if t is not current and not t.done()]
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
