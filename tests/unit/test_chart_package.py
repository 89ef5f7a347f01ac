"""A chart's data package: the statements in the upload format with formulas neutralised, the
series they belong to, a descriptor the frictionless library accepts, and a README."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pandas as pd
import plotly.graph_objects as go
import pytest
from frictionless import Package

from recruitment import kinds
from recruitment.reporting.charts import Chart
from recruitment.reporting.edition import Edition
from recruitment.reporting.package import chart_package

SERIES = pd.DataFrame(
    {
        "id": [1, 2], "slug": ["contract-ytd", "unused"], "name": ["Contracts", "Unused"],
        "measure": ["cumulative", "cumulative"], "unit": ["people", "people"],
        "definition": ["People on contract.", "Not shown."], "origin": ["official"] * 2,
        "compare_with": [None, None], "kind": [None, None],
    }
)  # fmt: skip
EDITION = Edition(7, "https://dash.example/trend?version=7")


def chart_of(claims: pd.DataFrame, edition: Edition | None = EDITION) -> Chart:
    return Chart("trend", "A title", "A subtitle", lambda: claims, go.Figure, edition=edition)


def unzipped(data: bytes, into) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(into)
        return {n: archive.read(n).decode("utf-8") for n in archive.namelist()}


def test_the_package_holds_the_statements_and_only_the_series_shown(make_claims, tmp_path):
    claims = make_claims([
        {"value": 117_400, "announced_on": "2023-05-19", "outlet": "RG", "url": "https://rg.ru/a"},
        {"value": 280_000, "announced_on": "2023-09-03", "outlet": "M", "url": "https://m.ex/c"},
    ])  # fmt: skip

    files = unzipped(chart_package(chart_of(claims), claims, SERIES), tmp_path)

    rows = list(csv.DictReader(io.StringIO(files["trend.csv"])))
    assert list(rows[0]) == list(kinds.CLAIMS.columns)
    assert [r["value"] for r in rows] == ["117400", "280000"]
    assert [r["slug"] for r in csv.DictReader(io.StringIO(files["series.csv"]))] == ["contract-ytd"]
    assert "### Contracts (`contract-ytd`)" in files["README.md"]
    assert "Unused" not in files["README.md"]
    assert "Data version 7: https://dash.example/trend?version=7" in files["README.md"]
    described = json.loads(files["datapackage.json"])
    assert described["homepage"] == EDITION.link
    assert [s["path"] for s in described["sources"]] == ["https://m.ex/c", "https://rg.ru/a"]
    assert Package(str(tmp_path / "datapackage.json")).validate().valid


def test_text_that_looks_like_a_formula_is_neutralised(make_claims, tmp_path):
    claims = make_claims([{"value": 5, "announced_on": "2023-05-01", "speaker": "=HYPERLINK(1)",
                           "note": "@SUM(A1)"}])  # fmt: skip

    files = unzipped(chart_package(chart_of(claims), claims, SERIES), tmp_path)

    row = next(csv.DictReader(io.StringIO(files["trend.csv"])))
    assert row["speaker"] == "'=HYPERLINK(1)"
    assert row["note"] == "'@SUM(A1)"


def test_the_same_statements_give_the_same_bytes(make_claims):
    claims = make_claims([{"value": 5, "announced_on": "2023-05-01"}])

    assert chart_package(chart_of(claims), claims, SERIES) == chart_package(
        chart_of(claims), claims, SERIES
    )


def test_a_chart_that_names_no_data_version_has_no_package(make_claims):
    claims = make_claims([{"value": 5, "announced_on": "2023-05-01"}])

    with pytest.raises(ValueError, match="names no data version"):
        chart_package(chart_of(claims, None), claims, SERIES)
