"""`python -m recruitment publish`: a static site of the standard charts for any number of
readers.

Streamlit is where editors and analysts work; a chart shared widely is better served as
files any static host or CDN can serve: an index with the headline figures, a page per chart
(the embed, its PNG, text alternative, citation and data package), the methodology and the
list of sources, all at one data version, in one theme and language (a `Variant`). Pages are
Jinja2 templates with autoescaping, so no text from an upload is ever read as HTML, and their
words come from the same catalogue as the charts' (`_()` in a template is `i18n.tr`); nothing
is fetched from any other host.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import jinja2
import markupsafe
from markdown_it import MarkdownIt
from plotly.offline import get_plotlyjs

from recruitment.formatting import as_said, fmt_day
from recruitment.i18n import SOURCE_LANGUAGE, data_text, language, tr, tr_plural
from recruitment.reporting import APP_NAME, brief
from recruitment.reporting.alt_text import alt_text
from recruitment.reporting.charts import Chart
from recruitment.reporting.edition import OVERVIEW, Edition, cited, permalink
from recruitment.reporting.embed import PLOTLY_JS, embed_html, iframe_height
from recruitment.reporting.layout import SIZES, ImageSize
from recruitment.reporting.package import chart_package, store_package
from recruitment.reporting.provenance import latest_as_of, outlet_name
from recruitment.reporting.renderer import ImageRenderer
from recruitment.reporting.snapshot import image_bytes
from recruitment.reporting.variants import DEFAULT_VARIANT, Variant
from recruitment.settings import PROJECT_ROOT
from recruitment.view import View

METHODOLOGY = PROJECT_ROOT / "docs" / "methodology.md"
# Images and embeds at the social size: a chart page's column and a phone both show it whole.
SITE_SIZE: ImageSize = SIZES["social"]
_TEMPLATES = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(files("recruitment.reporting") / "templates")),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    extensions=["jinja2.ext.i18n"],
)
_TEMPLATES.install_gettext_callables(gettext=tr, ngettext=tr_plural)


@dataclass(frozen=True)
class ChartPage:
    """What a chart's page and its card on the index show."""

    name: str
    title: str
    alt: str
    citation: str
    width: int
    height: int
    iframe_height: int


def _common(view: View, edition: Edition, root: str, variant: Variant) -> dict:
    """What every page shows: the app, the data version, the permalink, the look."""
    as_of = latest_as_of(view.claims)
    return {
        "app": tr(APP_NAME), "version": edition.version, "root": root,
        "dashboard": edition.link, "as_of": fmt_day(as_of) if as_of is not None else "",
        "lang": variant.lang, "theme": variant.theme,
    }  # fmt: skip


def _render(out: Path, template: str, **context: object) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(_TEMPLATES.get_template(template).render(**context), encoding="utf-8")
    return out


def _chart_files(
    chart: Chart, view: View, out: Path, renderer: ImageRenderer, variant: Variant
) -> tuple[ChartPage, list[Path]]:
    """The PNG, text alternative, embed and data package of one chart."""
    alt = alt_text(chart, view.snapshot.names, variant)
    png = out / "images" / f"{chart.name}.png"
    png.write_bytes(image_bytes(chart, renderer, "png", SITE_SIZE, alt=alt, variant=variant))
    text = png.with_suffix(".txt")
    text.write_text(alt + "\n", encoding="utf-8")
    embed = out / "embed" / f"{chart.name}.html"
    embed.write_text(
        embed_html(chart, alt=alt, size=SITE_SIZE, plotly_js=f"../{PLOTLY_JS}", variant=variant),
        encoding="utf-8",
    )
    package = out / "data" / f"{chart.name}.zip"
    package.write_bytes(chart_package(chart, chart.claims, view.snapshot.series))
    title, _ = chart.words(variant)
    page = ChartPage(chart.name, title, alt, chart.citation_for(variant), SITE_SIZE.width,
                     SITE_SIZE.height, iframe_height(SITE_SIZE))  # fmt: skip
    return page, [png, text, embed, package]


def _source_rows(view: View) -> list[dict[str, str]]:
    claims = view.claims.sort_values(["announced_on", "id"], ascending=False)
    names = view.snapshot.names
    rows = []
    for c in claims.itertuples(index=False):
        url = c.url if isinstance(c.url, str) and c.url.startswith(("http://", "https://")) else ""
        who = ", ".join(v for v in (c.speaker, c.body) if isinstance(v, str) and v.strip())
        rows.append({
            "said_on": fmt_day(c.announced_on),
            "series": data_text(names.get(c.series, c.series)),
            "figure": tr("{figure} as of {date}").format(
                figure=as_said(c.value, c.qualifier, c.low, c.high), date=fmt_day(c.as_of)
            ),
            "speaker": who, "outlet": outlet_name(c.outlet, url or None) or "–", "url": url,
            "quote": c.quote if isinstance(c.quote, str) else "",
        })  # fmt: skip
    return rows


def _methodology() -> str:
    """docs/methodology.md as HTML; raw HTML in it stays text."""
    return (
        MarkdownIt("commonmark", {"html": False})
        .enable("table")
        .render(METHODOLOGY.read_text(encoding="utf-8"))
    )


def build_site(
    view: View, out: Path, *, renderer: ImageRenderer, base: str,
    variant: Variant = DEFAULT_VARIANT, progress: Callable[[str], None] = lambda _: None,
) -> list[Path]:  # fmt: skip
    """Write the site of `view` (its data version, its filters) in `variant` into `out`; the
    files written. `base` is the dashboard's address, for the permalinks."""
    for folder in ("charts", "embed", "images", "data"):
        (out / folder).mkdir(parents=True, exist_ok=True)
    (out / PLOTLY_JS).write_text(get_plotlyjs(), encoding="utf-8")
    style = files("recruitment.reporting") / "templates" / "style.css"
    (out / "style.css").write_text(style.read_text(encoding="utf-8"), encoding="utf-8")
    written = [out / PLOTLY_JS, out / "style.css"]
    pages = []
    charts = cited(view.standard_charts(), base, view)
    for i, chart in enumerate(charts, start=1):
        progress(f"[{i}/{len(charts)}] {chart.name}: {len(chart.claims):,} statement(s)")
        page, made = _chart_files(chart, view, out, renderer, variant)
        pages.append(page)
        with language(variant.lang):
            shared = _common(view, chart.edition, "../", variant)
            written += [*made, _render(out / "charts" / f"{chart.name}.html", "chart.html",
                                       chart=page, title=page.title, **shared)]  # fmt: skip
    with language(variant.lang):
        written += _front_pages(view, out, pages, base, variant)
    return written


def _front_pages(
    view: View, out: Path, pages: list[ChartPage], base: str, variant: Variant
) -> list[Path]:
    """The index (headline figures, a card per chart, the store's package), the methodology
    and the sources, in the active language."""
    version = view.snapshot.version
    edition = Edition(version, permalink(base, OVERVIEW, version))
    package = f"recruitment-figures-v{version}.zip"
    (out / "data" / package).write_bytes(store_package(view.snapshot, edition))
    summary = view.ranked_summary()
    headline = None
    if not summary.empty:
        headline = {"header": [tr(h) for h in brief.HEADLINE_COLUMNS],
                    "rows": brief.headline_rows(summary, view.snapshot.names)}  # fmt: skip
    shared = _common(view, edition, "", variant)
    note = "" if variant.lang == SOURCE_LANGUAGE else tr("The methodology is given in English.")
    return [
        out / "data" / package,
        _render(out / "index.html", "index.html", title=tr("Charts"), charts=pages,
                headline=headline, package=package, **shared),
        _render(out / "methodology.html", "page.html", title=tr("Methodology"), note=note,
                body=markupsafe.Markup(_methodology()), **shared),
        _render(out / "sources.html", "sources.html", title=tr("Sources"),
                rows=_source_rows(view), **shared),
    ]  # fmt: skip
