"""`python -m recruitment snapshot`: the standard charts with their data, or exit 4."""

from __future__ import annotations

import csv
import html
import io
import re
import struct
import zipfile

import pytest

CHARTS = (
    "overview", "trend", "year-over-year", "monthly-rates", "official-vs-independent",
    "incentives",
)  # fmt: skip


def test_snapshot_writes_every_standard_chart_and_its_data(sqlite_cli, tmp_path, browser):
    out = tmp_path / "new" / "charts"  # created, parents too

    result = sqlite_cli("snapshot", "--out", out)

    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"{name}.{ext}" for name in CHARTS for ext in ("png", "txt", "zip")
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

    with zipfile.ZipFile(tmp_path / "trend.zip") as package:
        text = package.read("trend.csv").decode("utf-8")
        assert f"Data version {sqlite_cli('version').stdout.strip()}" in package.read(
            "README.md"
        ).decode("utf-8")
    trend = list(csv.DictReader(io.StringIO(text)))

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
    with zipfile.ZipFile(tmp_path / "incentives.zip") as package:
        data = package.read("incentives.csv").decode("utf-8")
    (tmp_path / "incentives.csv").write_text(data, encoding="utf-8")
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


def test_snapshot_at_a_version_names_it_and_its_permalink(sqlite_cli, tmp_path, browser):
    version = int(sqlite_cli("version").stdout) - 2

    result = sqlite_cli("snapshot", "--out", tmp_path, "--format", "svg", "--version", version)

    assert result.exit_code == 0, result.stderr
    svg = (tmp_path / "year-over-year.svg").read_text(encoding="utf-8")
    assert (
        f"Data version {version} · http://localhost:8501/trend?view=Year+over+year&amp;"
        f"version={version}" in svg
    )


def test_snapshot_at_an_unknown_version_exits_1(sqlite_cli, tmp_path):
    out = tmp_path / "charts"
    result = sqlite_cli("snapshot", "--out", out, "--version", "12345")

    assert result.exit_code == 1
    assert "there is no data version 12345 yet" in result.stderr
    assert not out.exists()


def test_snapshot_as_html_writes_embeds_that_need_no_other_host(sqlite_cli, tmp_path):
    version = sqlite_cli("version").stdout.strip()

    result = sqlite_cli("snapshot", "--out", tmp_path, "--format", "html")

    assert result.exit_code == 0, result.stderr
    assert "starting the browser" not in result.stderr  # the reader's browser draws embeds
    assert (tmp_path / "plotly.min.js").stat().st_size > 1_000_000
    for name in CHARTS:
        page = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
        alt = (tmp_path / f"{name}.txt").read_text(encoding="utf-8").strip()
        assert f'aria-label="{html.escape(alt)}"' in page
        assert '<script src="plotly.min.js"></script>' in page
        # The one address outside the file: its permalink.
        (link,) = re.findall(r'(?:src|href)="(https?:[^"]*)"', page)
        assert link.startswith("http://localhost:8501/") and link.endswith(f"version={version}")


def test_snapshot_in_dark_russian_writes_every_standard_chart_under_its_own_name(
    sqlite_cli, tmp_path, browser
):
    out = tmp_path / "dark-ru"
    result = sqlite_cli(
        "snapshot", "--out", out, "--format", "svg", "--size", "social",
        "--theme", "dark", "--lang", "ru",
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        name for chart in CHARTS
        for name in (f"{chart}.ru.dark.svg", f"{chart}.ru.txt", f"{chart}.zip")
    )  # fmt: skip
    for chart in CHARTS:
        svg = (out / f"{chart}.ru.dark.svg").read_text(encoding="utf-8")
        assert "rgb(22, 25, 29)" in svg  # the dark background
        assert "Источники:" in svg and "Данные на" in svg and "Цифры набора" in svg
        assert "Source:" not in svg and "Data as of" not in svg
        alt = (out / f"{chart}.ru.txt").read_text(encoding="utf-8")
        assert "заявлени" in alt
        assert "Версия данных" in svg  # the data version line, in Russian too
    trend = (out / "trend.ru.dark.svg").read_text(encoding="utf-8")
    assert "тыс." in trend and "янв." in trend  # compact counts, Russian month ticks
    assert "человек" in trend


def test_snapshot_with_an_unknown_language_is_a_usage_error(sqlite_cli, tmp_path):
    result = sqlite_cli("snapshot", "--out", tmp_path, "--lang", "xx")

    assert result.exit_code == 2
