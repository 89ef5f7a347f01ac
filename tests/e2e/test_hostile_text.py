"""Text from an upload stays text on every page: a file whose every text column holds script
tags, javascript: links, Markdown images and links, Streamlit colour directives and headings is
imported, then every page and the statement detail are opened in Chromium. No dialog opens, no
request goes to another host, and nothing is built from the payload."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlsplit

import pytest

from tests.fixtures import Cli, running_app, shoot, wait_ready

PAYLOAD = (
    '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1"> '
    "![pixel](https://tracker.invalid/p.png) [click](javascript:alert(1)) :red[RED] "
    '<a href="javascript:alert(2)">a</a>\n# HEADING-PAYLOAD\n'
)
# For the columns kept to 100 or 200 characters (unit, outlet).
SHORT = '<img src=x onerror="window.__pwned=1">![p](https://tracker.invalid/s.png):red[R]'
URL = "https://example.org/x?q=<script>alert(3)</script>"
PAGES = ["/", "/trend", "/trend?view=Year+over+year", "/trend?view=Year+totals",
         "/monthly-rates", "/official-vs-independent", "/sources", "/report", "/methodology",
         "/upload"]  # fmt: skip


def _csv(header: list[str], rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    with running_app(folder) as (base, url):
        cli = Cli(url)
        files = {
            "series": _csv(["slug", "name", "measure", "unit", "definition"], [
                {"slug": "hostile-ytd", "name": "Hostile " + PAYLOAD, "measure": "cumulative",
                 "unit": SHORT, "definition": PAYLOAD},
            ]),
            "claims": _csv(["series", "announced_on", "value", "qualifier", "speaker", "body",
                            "outlet", "url", "quote", "note"], [
                {"series": "hostile-ytd", "announced_on": d, "value": v, "qualifier": "approx",
                 "speaker": PAYLOAD, "body": PAYLOAD, "outlet": SHORT, "url": URL,
                 "quote": PAYLOAD, "note": PAYLOAD}
                for d, v in (("2025-03-01", "10000"), ("2025-06-01", "30000"),
                             ("2025-12-20", "50000"))
            ]),
            "events": _csv(["date", "label", "description"], [
                {"date": "2025-04-01", "label": PAYLOAD, "description": PAYLOAD},
            ]),
        }  # fmt: skip
        for kind, data in files.items():
            path = folder / f"{kind}.csv"
            path.write_bytes(data)
            result = cli("import", path, "--kind", kind)
            assert result.exit_code == 0, result.stderr
        yield base


@pytest.mark.parametrize("path", PAGES)
def test_uploaded_text_is_shown_as_text(hostile_app, page, path):
    dialogs, foreign = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: _note_foreign(r.url, foreign))

    page.goto(f"{hostile_app}{path}")
    wait_ready(page)
    page.wait_for_timeout(1_000)  # images and fonts a payload might pull in

    shoot(page, "hostile" + (path.replace("/", "-").replace("?", "-") or "-home"))
    assert dialogs == []
    assert foreign == []
    assert page.evaluate("window.__pwned") is None
    assert page.locator("img[src*='tracker.invalid'], img[src='x']").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert (
        page.locator("h1:has-text('HEADING-PAYLOAD'), h2:has-text('HEADING-PAYLOAD')").count() == 0
    )
    assert page.locator("[data-testid='stException']").count() == 0


def test_the_statement_detail_shows_the_payload_as_typed(hostile_app, page):
    page.goto(f"{hostile_app}/sources?q=HEADING-PAYLOAD")
    wait_ready(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    grid.wait_for(timeout=30_000)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 52)  # the first row's selection cell
    wait_ready(page)
    detail = page.get_by_text("Note:").first
    detail.wait_for(timeout=30_000)

    shoot(page, "hostile-statement-detail")
    # As typed, but for the invisible joiner that keeps a bare link from becoming one.
    assert "![pixel](https://tracker.invalid/p.png)" in detail.inner_text().replace("\u2060", "")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("a[href^='javascript:'], a[href*='tracker.invalid']").count() == 0


def _note_foreign(url: str, foreign: list[str]) -> None:
    """Record a request to any host but the app's own (data: and blob: stay in the page)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in (
        "127.0.0.1",
        "localhost",
    ):
        foreign.append(url)
