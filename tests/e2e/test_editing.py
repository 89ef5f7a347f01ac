"""Editing without set-up, in the real server and browser: `make run` (python -m recruitment
serve) prints a one-time editor link, which opens the Upload page for editing and leaves the
address bar."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request

from bench.server import free_port
from tests.fixtures import ROOT, shoot, wait_ready

LINK = re.compile(r"Editors: open (http://localhost:\d+/upload\?editor=\S+)")


def test_the_printed_editor_link_opens_editing_once_and_leaves_the_address(tmp_path, page):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "RECRUITMENT_EDITOR_PASSWORD"}
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "recruitment", "--db", f"sqlite:///{tmp_path / 's.db'}",
         "serve", "--port", str(port), "--address", "127.0.0.1"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env,
    )  # fmt: skip
    try:
        link = _printed_link(log, port)
        page.goto(link.replace("localhost", "127.0.0.1"))
        wait_ready(page)
        page.get_by_role("textbox", name="Your name").fill("Grace")
        page.get_by_role("button", name="Start editing").click()
        wait_ready(page)
        page.get_by_text("Logged in as Grace").wait_for(timeout=30_000)

        # The uploader's code is loaded when the page first needs it: wait for it to be drawn.
        uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
        uploader.wait_for(state="attached", timeout=30_000)
        shoot(page, "upload-editor-link")
        assert "editor=" not in page.url
        assert uploader.count() == 1
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _printed_link(log, port: int, timeout: float = 90) -> str:
    """The editor link the server printed, once the server answers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        log.seek(0)
        found = LINK.search(log.read())
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                if found:
                    return found.group(1)
        except OSError:
            pass
        time.sleep(0.3)
    log.seek(0)
    raise AssertionError(f"no editor link or no server: {log.read()[-800:]}")
