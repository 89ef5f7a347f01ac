"""Exports in the real app and Chromium: a chart's PNG download, and the printable brief.

The image is drawn on click by kaleido driving the same Debian Chromium, so this also checks
that the server can keep a browser of its own beside the one running the test.
"""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from pathlib import Path

from frictionless import Package

from tests.fixtures import shoot, wait_ready

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The first image starts the server's browser (seconds), then draws at 3200x1800.
DOWNLOAD_TIMEOUT_MS = 120_000


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which always follows the signature."""
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def open_export_panel(page, chart: str) -> None:
    """Click "Export" under `chart`; its choices are built when the panel opens."""
    page.locator(f".st-key-export-{chart}").get_by_role("button", name="Export").click()
    page.locator(f".st-key-export-{chart}-data").get_by_role(
        "button", name="Download data (ZIP)"
    ).wait_for(timeout=30_000)


def test_trend_png_download_is_the_report_size_at_2x(server, page):
    page.goto(f"{server}/trend")
    wait_ready(page)
    open_export_panel(page, "trend")
    # Streamlit also renders a hidden copy of each button (to measure it): take the one
    # people can see and click.
    button = page.locator(".st-key-export-trend-image").get_by_role("button", name="Download PNG")
    button.scroll_into_view_if_needed()
    shoot(page, "trend-export-row")

    with page.expect_download(timeout=DOWNLOAD_TIMEOUT_MS) as info:
        button.click()
    download = info.value
    data = Path(download.path()).read_bytes()

    assert download.suggested_filename == "trend.png"
    assert data[:8] == PNG_SIGNATURE
    assert png_size(data) == (3200, 1800)
    assert len(data) > 50_000  # a drawn chart, not a blank page


def test_trend_data_download_is_a_valid_package_of_the_plotted_statements(server, page):
    page.goto(f"{server}/trend")
    wait_ready(page)
    open_export_panel(page, "trend")

    with page.expect_download(timeout=30_000) as info:
        page.locator(".st-key-export-trend-data").get_by_role(
            "button", name="Download data (ZIP)"
        ).click()
    folder = Path(info.value.path()).parent / "unpacked"
    with zipfile.ZipFile(info.value.path()) as archive:
        archive.extractall(folder)
    text = (folder / "trend.csv").read_text(encoding="utf-8")

    assert info.value.suggested_filename.startswith("trend-v")
    assert Package(str(folder / "datapackage.json")).validate().valid
    assert text.startswith("series,announced_on,as_of,")
    # The page keeps only shorter texts in memory: the download reads quotes and notes back.
    rows = list(csv.DictReader(io.StringIO(text)))
    assert any(r["note"] for r in rows) and any(r["quote"] for r in rows)
    shown = {"contract-ytd", "volunteer-ytd", "applications-ytd", "contract-arrived-ytd"}
    assert {r["series"] for r in rows} == shown  # the running counts: what the trend draws
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert all(f"(`{slug}`)" in readme for slug in shown)
    assert f"{server}/trend?version=" in readme


def test_report_clean_mode_hides_the_sidebar_and_header(server, page):
    page.goto(f"{server}/report")
    wait_ready(page)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    shoot(page, "report")

    page.goto(f"{server}/report?clean=true")
    wait_ready(page)
    page.wait_for_timeout(500)

    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stHeader"]').is_visible()
    assert page.get_by_text("Recruitment brief").is_visible()
    shoot(page, "report-clean")
    page.emulate_media(media="print")
    page.wait_for_timeout(1500)  # charts redraw at the new width
    assert not page.locator(".st-key-clean").is_visible()
    shoot(page, "report-print")
