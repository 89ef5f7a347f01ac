"""Data packages: the CSV files behind a chart or the whole store, described for machines.

A ZIP holding the CSV files in the upload format, a `datapackage.json` (Frictionless Data:
each column's type, meaning and allowed values, the sources, the licence of the compilation,
the data version and its permalink) and a `README.md` for people (what each series counts, the
method in short, the citation). The same data version gives the same bytes.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from recruitment import kinds
from recruitment.ingest import exporting
from recruitment.ingest.template import MEANINGS
from recruitment.reporting import APP_NAME
from recruitment.reporting.edition import Edition
from recruitment.reporting.provenance import citation_text, outlet_name
from recruitment.vocab import MEASURES, ORIGINS, QUALIFIERS, VERIFICATIONS

if TYPE_CHECKING:
    from recruitment.reporting.charts import Chart
    from recruitment.view import Snapshot

# The licence of the compilation (the selection, dates, ranges and notes); the statements
# themselves are public officials' words, quoted briefly from the outlets named.
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# The allowed values of the closed columns, as their schema constraints.
VOCABULARIES = {
    "qualifier": QUALIFIERS, "verification": VERIFICATIONS, "measure": MEASURES,
    "origin": ORIGINS,
}  # fmt: skip
METHOD = (
    "Each row of a statements file is one statement of a figure by an official (or, for "
    "series of origin independent, an estimate by researchers or intelligence services), with "
    "the day it was said, the day or period it describes, the qualifier of its wording (about, "
    "more than, up to, exactly) and its source. Nothing is rounded or filled in: the value is "
    "the number as said, and low and high give the range its wording allows. Running counts "
    "(measure cumulative) restart on 1 January; the implied monthly rate between two "
    "statements of a running count is the increase divided by the days between them, times "
    "30.4375. The figures are as stated and not independently verified unless the "
    "verification column says corroborated."
)
# ZIP members carry this timestamp, so one data version always gives the same bytes.
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Table:
    """One CSV file of a package: its name (the file stem), its kind, and its rows."""

    name: str
    kind: kinds.Kind
    rows: pd.DataFrame


def _field(kind: kinds.Kind, column: str) -> dict:
    kind_type = "date" if column in kind.dates else "integer" if column in kind.counts else None
    field: dict = {"name": column, "type": kind_type or "string"}
    meaning = MEANINGS.get(kind.name, {}).get(column)
    if meaning:
        field["description"] = meaning
    constraints: dict = {}
    if column in kind.required:
        constraints["required"] = True
    if column in VOCABULARIES:
        constraints["enum"] = list(VOCABULARIES[column])
    if constraints:
        field["constraints"] = constraints
    return field


def _resource(table: Table) -> dict:
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": f"{table.kind.label.capitalize()}: {len(table.rows):,} rows",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {
            "fields": [_field(table.kind, c) for c in table.kind.columns],
            "missingValues": [""],
        },
    }


def _sources(tables: Iterable[Table]) -> list[dict]:
    """Every outlet the statements cite, with a link where one is stored."""
    seen: dict[tuple[str, str], dict] = {}
    for table in tables:
        if not {"outlet", "url"} <= set(table.rows.columns):
            continue
        for outlet, url in zip(table.rows["outlet"], table.rows["url"], strict=True):
            link = url if isinstance(url, str) and url.startswith(("http://", "https://")) else ""
            title = outlet_name(outlet, link or None)
            entry = {"title": title, "path": link} if link else {"title": title}
            seen.setdefault((title, link), entry)
    return [seen[key] for key in sorted(seen)]


def descriptor(tables: Sequence[Table], *, title: str, edition: Edition) -> dict:
    """The datapackage.json of `tables` at `edition`."""
    package = {
        "profile": "tabular-data-package",
        "name": f"recruitment-figures-v{edition.version}",
        "title": f"{title} (data version {edition.version})",
        "description": f"{APP_NAME}: {title}. {METHOD}",
        "version": f"{edition.version}.0.0",
        "licenses": [LICENCE],
        "sources": _sources(tables),
        "resources": [_resource(t) for t in tables],
    }
    if edition.link:
        package["homepage"] = edition.link
    return package


def _series_section(series: pd.DataFrame) -> list[str]:
    lines = ["## What each series counts", ""]
    for s in series.sort_values("slug").itertuples(index=False):
        unit = f", in {s.unit}" if isinstance(s.unit, str) and s.unit else ""
        lines += [f"### {s.name} (`{s.slug}`)", "",
                  f"{s.origin.capitalize()}; {s.measure}{unit}.", ""]  # fmt: skip
        if isinstance(s.definition, str) and s.definition:
            lines += [s.definition, ""]
    return lines


def readme(
    tables: Sequence[Table], series: pd.DataFrame, *, title: str, edition: Edition, citation: str
) -> str:
    """README.md: the files, what each series counts, the method in short, the citation."""
    lines = [f"# {title}", "", f"{APP_NAME}, data version {edition.version}."]
    if edition.link:
        lines += ["", f"Shown at: {edition.link}"]
    lines += ["", "## Files", ""]
    for table in tables:
        count = f"{len(table.rows):,} row{'' if len(table.rows) == 1 else 's'}"
        lines.append(f"- `{table.name}.csv`: {table.kind.label}, {count}; "
                     f"columns {', '.join(table.kind.columns)}.")  # fmt: skip
    lines += [
        "- `datapackage.json`: the same files described for software (Frictionless Data): "
        "column types, meanings, allowed values, sources and licence.",
        "",
    ]
    lines += _series_section(series)
    licence = (
        f"The compilation: {LICENCE['title']} ({LICENCE['path']}). The statements are quoted "
        "briefly from the outlets named in each row."
    )
    lines += ["## Method in short", "", METHOD, "", "## Citation", "", citation, "",
              "## Licence", "", licence, ""]  # fmt: skip
    return "\n".join(lines)


def data_package(
    tables: Sequence[Table], series: pd.DataFrame, *, title: str, edition: Edition,
    citation: str,
) -> bytes:  # fmt: skip
    """The ZIP: each table as <name>.csv in the upload format, datapackage.json, README.md."""
    files = {f"{t.name}.csv": exporting.export_text(t.rows, t.kind, "csv") for t in tables}
    files["datapackage.json"] = (
        json.dumps(descriptor(tables, title=title, edition=edition), ensure_ascii=False,
                   indent=2) + "\n"
    )  # fmt: skip
    files["README.md"] = readme(tables, series, title=title, edition=edition, citation=citation)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(zipfile.ZipInfo(name, FIXED_TIME), text.encode("utf-8"),
                             zipfile.ZIP_DEFLATED)  # fmt: skip
    return out.getvalue()


def chart_package(chart: Chart, claims: pd.DataFrame, series: pd.DataFrame) -> bytes:
    """The data download of one chart citing its edition: the statements behind it (`claims`,
    every column) and the series they belong to."""
    if chart.edition is None:
        raise ValueError(f"chart {chart.name} names no data version")
    shown = series[series["slug"].isin(claims["series"].unique())]
    tables = [Table(chart.name, kinds.CLAIMS, claims), Table("series", kinds.SERIES, shown)]
    return data_package(
        tables, shown, title=chart.title, edition=chart.edition, citation=chart.citation
    )


def store_package(snapshot: Snapshot, edition: Edition) -> bytes:
    """The whole store at one data version: claims, series, events and targets."""
    tables = [
        Table("claims", kinds.CLAIMS, snapshot.claims),
        Table("series", kinds.SERIES, snapshot.series),
        Table("events", kinds.EVENTS, snapshot.events),
        Table("targets", kinds.TARGETS, snapshot.targets),
    ]
    return data_package(
        tables, snapshot.series, title="Every statement, series, event and target",
        edition=edition, citation=citation_text(snapshot.claims, edition),
    )  # fmt: skip
