"""Which data version a published chart shows, and the address that shows it again.

A number in an article must be reproducible after later imports and undos, so every image
footer, citation, data package and embed names its data version and a permalink: the page of
the dashboard that drew it, with its filters and `version=N` in the address.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:  # the view builds charts, which carry an edition
    from recruitment.reporting.charts import Chart
    from recruitment.view import Filters, View

# The Overview is the app's default page: it is served at the root, and /overview is not found.
OVERVIEW = ""
# The dashboard page (and tab) that draws each publishable chart, for its permalink.
CHART_PAGES: dict[str, tuple[str, dict[str, str]]] = {
    "overview": (OVERVIEW, {}),
    "trend": ("trend", {}),
    "year-over-year": ("trend", {"view": "Year over year"}),
    "year-totals": ("trend", {"view": "Year totals"}),
    "monthly-rates": ("monthly-rates", {}),
    "calendar-months": ("monthly-rates", {}),
    "official-vs-independent": ("official-vs-independent", {}),
    "official-independent-ratio": ("official-vs-independent", {}),
    "incentives": ("incentives", {}),
    "incentives-regions": ("incentives", {}),
    "incentives-latest": ("incentives", {}),
    "incentives-vs-rate": ("incentives", {"show": "Beside the counts"}),
}
# The URL query parameters of the sidebar filters, in Filters field order.
FILTER_PARAMS = {
    "series": "series",
    "years": "year",
    "speakers": "speaker",
    "verification": "verification",
    "origin": "origin",
}


@dataclass(frozen=True)
class Edition:
    """A data version and the permalink that shows a chart at it (None when unknown)."""

    version: int
    link: str | None = None

    @property
    def line(self) -> str:
        """The footer line: "Data version 23 · <permalink>"."""
        said = f"Data version {self.version}"
        return f"{said} · {self.link}" if self.link else said


def permalink(
    base: str, path: str, version: int | str,
    params: Mapping[str, str | Sequence[str]] | None = None,
) -> str:  # fmt: skip
    """`base`/`path` with the query `params` and `version=N`: an address that shows the same
    view of the same data version to anyone, later (`version="latest"`: the newest data)."""
    scheme, netloc, root, _, _ = urlsplit(base)
    query = {k: v for k, v in (params or {}).items() if k != "version" and v not in ("", [], ())}
    query["version"] = str(version)
    full_path = "/".join(part.strip("/") for part in (root, path) if part.strip("/"))
    return urlunsplit((scheme, netloc, "/" + full_path, urlencode(query, doseq=True), ""))


def filter_params(filters: Filters | None) -> dict[str, list[str]]:
    """The sidebar filters as URL query parameters (the names the pages bind them to)."""
    return {
        param: [str(v) for v in getattr(filters, field)]
        for field, param in FILTER_PARAMS.items()
        if filters is not None and getattr(filters, field)
    }


def chart_edition(base: str, chart: str, version: int, filters: Filters | None = None) -> Edition:
    """The edition of a standard chart drawn outside the app (snapshot, publish): its page's
    permalink at `version` under `filters`."""
    path, extra = CHART_PAGES.get(chart, (OVERVIEW, {}))
    params = {**extra, **filter_params(filters)}
    return Edition(version, permalink(base, path, version, params))


def cited(charts: Iterable[Chart], base: str, view: View) -> list[Chart]:
    """The charts of `view`, each citing the view's data version and its page's permalink."""
    version, filters = view.snapshot.version, view.filters
    return [chart.at(chart_edition(base, chart.name, version, filters)) for chart in charts]
