"""`python -m recruitment publish`: bad input exits 1 with one sentence and writes nothing (the
site itself is opened in Chromium by tests/e2e/test_site.py)."""

from __future__ import annotations


def test_publish_into_a_file_exits_1(sqlite_cli, tmp_path):
    out = tmp_path / "site"
    out.write_text("not a folder", encoding="utf-8")

    result = sqlite_cli("publish", "--out", out)

    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: --out must name a folder, and {out} is a file"


def test_publish_at_an_unknown_version_exits_1_and_writes_nothing(sqlite_cli, tmp_path):
    result = sqlite_cli("publish", "--out", tmp_path / "site", "--version", "4000")

    assert result.exit_code == 1
    assert "there is no data version 4000 yet" in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_dark_russian_site_has_its_words_and_look_in_every_page(sqlite_cli, tmp_path, browser):
    out = tmp_path / "site"

    result = sqlite_cli("publish", "--out", out, "--theme", "dark", "--lang", "ru")

    assert result.exit_code == 0, result.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ru" data-theme="dark">' in index
    assert "Главные цифры" in index and "Графики" in index and "Версия данных" in index
    assert "Headline figures" not in index
    embed = (out / "embed" / "trend.html").read_text(encoding="utf-8")
    assert '<html lang="ru">' in embed and "Открыть этот график в панели" in embed
    assert "Версия данных" in (out / "charts" / "trend.html").read_text(encoding="utf-8")
    assert "заявлени" in (out / "images" / "trend.txt").read_text(encoding="utf-8")
    assert "Методология приведена на английском" in (out / "methodology.html").read_text(
        encoding="utf-8"
    )
