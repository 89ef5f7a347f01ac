"""The static site in Chromium: built by `publish`, served by `python -m http.server`, every
page opened, every chart drawn, and no request to any other host."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from bench.server import free_port
from recruitment.cli import main
from recruitment.reporting.charts import SNAPSHOT_CHARTS
from recruitment.service import seed_files
from tests.fixtures import shoot

HOSTILE = "<script>alert('site')</script>"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site of the shipped data (and one hostile outlet name), served on a free port."""
    root = tmp_path_factory.mktemp("site")
    db = f"sqlite:///{root / 'store.db'}"
    runner = CliRunner()
    hostile = root / "hostile.csv"
    hostile.write_text(
        "series,announced_on,as_of,value,qualifier,outlet,url,quote\n"
        f'contract-ytd,2021-06-01,2021-06-01,1000,approx,"{HOSTILE}",'
        f'https://example.org/x,"{HOSTILE}"\n',
        encoding="utf-8",
    )
    assert runner.invoke(main, ["--db", db, "import", str(hostile)]).exit_code == 0
    built = runner.invoke(main, ["--db", db, "publish", "--out", str(root / "site")])
    assert built.exit_code == 0, built.stderr
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d",
         str(root / "site")],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/index.html", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


PAGES = ["index.html", "methodology.html", "sources.html"]
PAGES += [f"charts/{name}.html" for name in SNAPSHOT_CHARTS]
PAGES += [f"embed/{name}.html" for name in SNAPSHOT_CHARTS]


def drawn(frame) -> int:
    """How many Plotly charts in `frame` have drawn their plot area."""
    frame.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    return frame.locator(".js-plotly-plot .main-svg").count()


def test_every_page_opens_draws_its_charts_and_asks_no_other_host(site, page):
    hosts: set[str] = set()
    failed: list[str] = []
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.on("pageerror", lambda e: failed.append(str(e)))

    for path in PAGES:
        page.goto(f"{site}/{path}")
        page.wait_for_load_state("networkidle")
        if path.startswith("embed/"):
            assert drawn(page) >= 1, path
            assert page.locator("[role=img]").get_attribute("aria-label")
        elif path.startswith("charts/"):
            assert drawn(page.locator("iframe.embed").element_handle().content_frame()) >= 1
        elif path == "index.html":
            sizes = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
            assert len(sizes) == len(SNAPSHOT_CHARTS) and min(sizes) > 0
            shoot(page, "site-index")

    assert hosts == {urlsplit(site).netloc}
    assert failed == []


def test_every_link_of_the_site_leads_somewhere(site, page):
    for path in PAGES:
        page.goto(f"{site}/{path}")
        links = page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)")
        for link in links:
            if link.startswith(site):
                assert page.request.get(link).status == 200, (path, link)


def test_text_from_uploads_is_shown_as_text(site, page):
    alerts: list[str] = []
    page.on("dialog", lambda d: (alerts.append(d.message), d.dismiss()))

    page.goto(f"{site}/sources.html")

    assert page.get_by_text(HOSTILE).count() >= 2  # the outlet and the quote, as text
    assert alerts == []


def test_the_site_is_of_one_data_version_with_its_permalinks(site, page):
    page.goto(f"{site}/charts/trend.html")

    cite = page.locator("pre.cite").inner_text()
    version = len(seed_files()) + 1  # each seed file, then the hostile file
    assert f"Data version {version}: http://localhost:8501/trend?version={version}" in cite
