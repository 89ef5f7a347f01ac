"""`python -m recruitment snapshot`: the standard charts with their data, or exit 4."""

from __future__ import annotations

import csv
import io
import struct

import pytest

from recruitment.reporting.renderer import NoBrowser, find_browser
from recruitment.settings import running_in_ci

CHARTS = (
    "overview", "trend", "year-over-year", "monthly-rates", "official-vs-independent",
    "incentives",
)  # fmt: skip


@pytest.fixture
def browser() -> None:
    try:
        find_browser()
    except NoBrowser as exc:
        if running_in_ci():
            pytest.fail(f"snapshot needs Chromium: {exc}")
        pytest.skip(f"no browser for image export: {exc}")


def test_snapshot_writes_every_standard_chart_and_its_data(sqlite_cli, tmp_path, browser):
    out = tmp_path / "new" / "charts"  # created, parents too

    result = sqlite_cli("snapshot", "--out", out)

    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{name}.{ext}" for name in CHARTS for ext in ("png", "txt", "csv")
    )
    for name in CHARTS:
        png = (out / f"{name}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", png[16:24]) == (3200, 1800)  # report size at 2x
        alt = (out / f"{name}.txt").read_text(encoding="utf-8").strip()
        assert "statements from" in alt or "no statements" in alt
        assert alt.encode("utf-8") in png  # the same text inside the image
    progress = [line for line in result.stderr.splitlines() if line.startswith("[")]
    assert [line.split("]")[1].split(":")[0].strip() for line in progress] == list(CHARTS)
    assert result.stdout == ""  # messages go to stderr; there is no data for stdout


def test_snapshot_csv_lists_the_plotted_statements_with_their_links(sqlite_cli, tmp_path, browser):
    result = sqlite_cli("snapshot", "--out", tmp_path, "--format", "svg", "--size", "social")
    assert result.exit_code == 0, result.stderr
    exported = list(csv.DictReader(io.StringIO(sqlite_cli.export("claims"))))

    trend = list(csv.DictReader((tmp_path / "trend.csv").open(encoding="utf-8")))

    running = [r for r in exported if r["series"].endswith("-ytd")]
    assert sorted(r["url"] for r in trend) == sorted(r["url"] for r in running)
    assert all(r["url"].startswith("https://") or r["outlet"] for r in trend)
    svg = (tmp_path / "trend.svg").read_text(encoding="utf-8")
    assert 'width="1200" height="675"' in svg
    assert "Data as of" in svg


def test_snapshot_incentives_image_has_its_footer_and_its_csv_imports(
    sqlite_cli, tmp_path, browser
):
    result = sqlite_cli("snapshot", "--out", tmp_path, "--format", "svg", "--size", "social")
    assert result.exit_code == 0, result.stderr

    svg = (tmp_path / "incentives.svg").read_text(encoding="utf-8")
    data = (tmp_path / "incentives.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(data)))

    assert "Source:" in svg and "Data as of" in svg and "Recruitment figures" in svg
    assert {r["series"] for r in rows} == {"regional-signup-payment", "federal-signup-payment"}
    assert len({r["region"] for r in rows if r["region"]}) >= 20
    assert data.splitlines()[0] == sqlite_cli.export("claims").splitlines()[0]  # upload format
    dry = sqlite_cli("import", tmp_path / "incentives.csv", "--dry-run")
    assert dry.exit_code == 0 and f"duplicate {len(rows)}," in dry.stderr, dry.stderr


@pytest.mark.parametrize("where", ["nowhere", "not-executable"])
def test_snapshot_without_a_browser_exits_4_with_one_sentence(
    sqlite_cli, tmp_path, monkeypatch, where
):
    path = tmp_path / where
    if where == "not-executable":
        path.write_text("not a browser")
    monkeypatch.setenv("BROWSER_PATH", str(path))

    result = sqlite_cli("snapshot", "--out", tmp_path / "out")

    assert result.exit_code == 4
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: cannot make images: BROWSER_PATH is {path}, which is not an executable browser."
    ]
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


@pytest.mark.parametrize("size", ["huge", "100", "99999"])
def test_snapshot_with_a_bad_size_exits_1(sqlite_cli, tmp_path, size):
    result = sqlite_cli("snapshot", "--out", tmp_path, "--size", size)

    assert result.exit_code == 1
    assert "social, report or a width" in result.stderr or "between" in result.stderr


def test_snapshot_with_a_bad_format_is_a_usage_error(sqlite_cli, tmp_path):
    result = sqlite_cli("snapshot", "--out", tmp_path, "--format", "gif")

    assert result.exit_code == 2
