"""`python -m recruitment package`: the store as a Frictionless data package, validated with
the frictionless library, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from frictionless import Package

from tests.fixtures import csv_of, many_good


def unpacked(data: bytes, into: Path) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(into)
        return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}


def test_the_package_validates_and_describes_every_series(cli, tmp_path):
    out = tmp_path / "data.zip"

    result = cli("package", "--out", out)

    assert result.exit_code == 0, result.stderr
    files = unpacked(out.read_bytes(), tmp_path / "x")
    assert sorted(files) == ["README.md", "claims.csv", "datapackage.json", "events.csv",
                             "series.csv", "targets.csv"]  # fmt: skip
    report = Package(str(tmp_path / "x" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert files["claims.csv"] == cli.export("claims")  # the upload format, byte for byte
    series = list(csv.DictReader(io.StringIO(files["series.csv"])))
    for s in series:
        assert f"### {s['name']} (`{s['slug']}`)" in files["README.md"]
    described = json.loads(files["datapackage.json"])
    version = int(cli("version").stdout)
    assert described["version"] == f"{version}.0.0"
    assert described["homepage"] == f"http://localhost:8501/sources?version={version}"
    assert described["licenses"][0]["name"] == "CC-BY-4.0"
    fields = {f["name"]: f for f in described["resources"][0]["schema"]["fields"]}
    assert fields["value"]["type"] == "integer" and fields["as_of"]["type"] == "date"
    assert fields["qualifier"]["constraints"]["enum"] == ["exact", "approx", "at_least", "at_most"]
    assert "Required. The day the statement was made" in fields["announced_on"]["description"]
    assert len(described["sources"]) > 20


def test_a_package_of_an_earlier_version_is_the_same_bytes_after_an_import(sqlite_cli, tmp_path):
    version = sqlite_cli("version").stdout.strip()
    sqlite_cli("package", "--out", tmp_path / "before.zip")
    new = tmp_path / "new.csv"
    new.write_bytes(csv_of(*many_good(3)))
    assert sqlite_cli("import", new).exit_code == 0

    result = sqlite_cli("package", "--out", tmp_path / "later.zip", "--version", version)

    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "later.zip").read_bytes() == (tmp_path / "before.zip").read_bytes()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("data.csv", "--out must name a .zip file"),
        ("missing/folder/data.zip", "cannot write"),
    ],
)
def test_a_bad_out_exits_1_with_one_sentence(sqlite_cli, tmp_path, out, message):
    result = sqlite_cli("package", "--out", tmp_path / out)

    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_version_writes_no_package(sqlite_cli, tmp_path):
    result = sqlite_cli("package", "--out", tmp_path / "d.zip", "--version", "777")

    assert result.exit_code == 1
    assert not (tmp_path / "d.zip").exists()
