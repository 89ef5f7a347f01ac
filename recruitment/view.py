"""One snapshot of the store under one filter selection, and everything pages, images and the
command line show of it: the claims, the headline summary, intervals and every standard chart.

Pure: a `Snapshot` holds DataFrames read at one data version, so everything a page run shows
comes from one state of the store. A `View` builds each result on first use and keeps it; the
app shares one View per data version and filter selection between all its readers.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from recruitment.figures.trend import Quotes, Sparkline, sparkline, sparkline_svg
from recruitment.methodology import levels
from recruitment.methodology.compare import MIN_DAYS, compare_table, comparisons
from recruitment.methodology.rates import filter_claims, intervals, rates_table
from recruitment.methodology.summary import latest_periods, series_summary
from recruitment.methodology.years import year_statements
from recruitment.reporting import charts


@dataclass(frozen=True)
class Filters:
    """The sidebar selection (and the CLI's filters); an empty selection means "all"."""

    series: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    speakers: tuple[str, ...] = ()
    verification: tuple[str, ...] = ()
    origin: tuple[str, ...] = ()

    def apply(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The same claim filter as `python -m recruitment rates` (before intervals)."""
        return filter_claims(
            claims,
            series=list(self.series) or None,
            year=list(self.years) or None,
            speaker=list(self.speakers) or None,
            verification=list(self.verification) or None,
            origin=list(self.origin) or None,
        )

    @property
    def for_comparison(self) -> Filters:
        """The selection a comparison reads: official and independent figures are compared
        whoever said them, so speaker and origin choices do not apply."""
        return Filters(series=self.series, years=self.years, verification=self.verification)

    @property
    def active(self) -> bool:
        return any((self.series, self.years, self.speakers, self.verification, self.origin))


def official_unless_asked(claims: pd.DataFrame, origin: tuple[str, ...]) -> pd.DataFrame:
    """`claims` without independent estimates unless `origin` names independent."""
    if "independent" in origin or "origin" not in claims.columns:
        return claims
    return claims[(claims["origin"] != "independent").to_numpy()]


@dataclass(frozen=True)
class FilterOptions:
    """What the filters offer: the series, years and speakers that have statements."""

    series: list[str]
    years: list[int]
    speakers: list[str]


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The store's rows at one data version. Read-only: filters make new frames."""

    version: int
    claims: pd.DataFrame
    series: pd.DataFrame
    events: pd.DataFrame
    targets: pd.DataFrame

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """Series slug -> name."""
        return dict(zip(self.series["slug"], self.series["name"], strict=True))

    @functools.cached_property
    def units(self) -> dict[str, str]:
        """Series slug -> unit, for the series that have one."""
        if "unit" not in self.series:
            return {}
        known = self.series[self.series["unit"].notna()]
        return dict(zip(known["slug"], known["unit"], strict=True))

    @functools.cached_property
    def colors(self) -> dict[str, str]:
        """One colour per series on every page and in every image."""
        return charts.series_palette(self.series)

    @functools.cached_property
    def counts(self) -> pd.DataFrame:
        """The claims of every measure but levels: what the sidebar filters, counts, rates,
        comparisons and the brief read."""
        return levels.count_claims(self.claims)

    @functools.cached_property
    def levels(self) -> pd.DataFrame:
        """The claims of level series (amounts in force by region)."""
        return levels.level_claims(self.claims)

    @functools.cached_property
    def level_statements(self) -> pd.DataFrame:
        """One representative statement per level series, region and date."""
        return levels.statements(self.levels)

    @functools.cached_property
    def level_series(self) -> str | None:
        """The level series shown first: the one stated for the most regions."""
        return levels.richest_series(self.level_statements)

    @functools.cached_property
    def options(self) -> FilterOptions:
        claims = self.counts
        return FilterOptions(
            series=sorted(claims["series"].unique()),
            years=sorted((int(y) for y in claims["as_of"].dt.year.dropna().unique()), reverse=True),
            speakers=sorted(s for s in claims["speaker"].dropna().unique() if s),
        )


def _once(method: Callable) -> Callable:
    """Keep a View method's result per argument; one build at a time per View."""

    @functools.wraps(method)
    def cached(self: View, *args: object) -> object:
        key = (method.__name__, *args)
        with self._lock:
            if key not in self._built:
                self._built[key] = method(self, *args)
            return self._built[key]

    return cached


class View:
    """A snapshot under filters. Each result is built on first use, then kept."""

    def __init__(self, snapshot: Snapshot, filters: Filters, *, quotes: Quotes | None) -> None:
        self.snapshot = snapshot
        self.filters = filters
        self.quotes = quotes
        self._built: dict[tuple, object] = {}
        self._lock = threading.RLock()

    @functools.cached_property
    def claims(self) -> pd.DataFrame:
        """The claims the filters select, levels left out (they have their own page)."""
        return self.filters.apply(self.snapshot.counts)

    @property
    def has_running_counts(self) -> bool:
        """Whether any selected claim is a running count (what the Trend page draws)."""
        return bool((self.claims["measure"] == "cumulative").any())

    @_once
    def summary(self) -> pd.DataFrame:
        """The headline figures of each running count (series_summary)."""
        return series_summary(self.claims, self.snapshot.targets)

    @_once
    def ranked_summary(self) -> pd.DataFrame:
        """The summary, the series with most statements first: the one readers come for
        leads the Overview and the brief."""
        summary = self.summary()
        statements = self.claims["series"].value_counts()
        ranked = summary.assign(n=summary["series"].map(statements))
        return ranked.sort_values("n", ascending=False)

    @_once
    def summary_rows(self) -> list[tuple]:
        """The ranked summary as named rows, made once per view rather than on every page
        view of the Overview, which draws a card from each."""
        return list(self.ranked_summary().itertuples(index=False))

    @functools.cached_property
    def official_claims(self) -> pd.DataFrame:
        """The claims rates and the brief are drawn from: official ones, unless the origin
        filter asks for independent estimates (they have their own page beside the official
        figures)."""
        return official_unless_asked(self.claims, self.filters.origin)

    @_once
    def intervals(self, min_days: int = 0) -> pd.DataFrame:
        return intervals(self.official_claims, min_days=min_days)

    @_once
    def rates_table(self, min_days: int = 0) -> pd.DataFrame:
        """The table of `python -m recruitment rates`."""
        return rates_table(self.intervals(min_days))

    @_once
    def sparklines(self) -> dict[str, Sparkline | None]:
        """What the small line of each running count's latest period draws, by series."""
        latest = latest_periods(self.claims)
        return {
            slug: sparkline(group, slug)
            for slug, group in latest.groupby("series", sort=False, observed=True)
        }

    @_once
    def sparkline_images(self) -> dict[str, str]:
        """Each running count's small line as an SVG picture in the series' colour."""
        colors = self.snapshot.colors
        return {slug: sparkline_svg(spark, color=colors.get(slug))
                for slug, spark in self.sparklines().items()}  # fmt: skip

    # -------------------------------------------------------------- charts

    @_once
    def trend_chart(self) -> charts.Chart:
        s = self.snapshot
        return charts.trend_chart(
            self.claims, s.series, s.events, colors=s.colors, quotes=self.quotes
        )

    @_once
    def year_over_year_chart(self) -> charts.Chart:
        return charts.year_over_year_chart(self.claims, self.snapshot.series, quotes=self.quotes)

    @_once
    def overview_chart(self) -> charts.Chart:
        s = self.snapshot
        return charts.overview_chart(
            self.claims, s.series, s.targets, colors=s.colors, summary=self.summary()
        )

    @_once
    def rates_chart(self, min_days: int = 0) -> charts.Chart:
        return charts.rates_chart(
            self.official_claims, self.snapshot.series, intervals=self.intervals(min_days),
            colors=self.snapshot.colors,
        )  # fmt: skip

    @_once
    def months_chart(self, min_days: int = 0) -> charts.Chart:
        return charts.months_chart(
            self.official_claims, self.snapshot.series, intervals=self.intervals(min_days),
            colors=self.snapshot.colors,
        )  # fmt: skip

    @functools.cached_property
    def comparison_claims(self) -> pd.DataFrame:
        """The claims a comparison reads (Filters.for_comparison)."""
        return self.filters.for_comparison.apply(self.snapshot.counts)

    @_once
    def comparisons(self) -> pd.DataFrame:
        """Every independent estimate beside the official figure over the same time."""
        return comparisons(self.comparison_claims, self.snapshot.series)

    @_once
    def comparison_table(self) -> pd.DataFrame:
        """The table of `python -m recruitment compare`."""
        return compare_table(self.comparisons())

    @_once
    def latest_comparison(self) -> pd.Series | None:
        """The newest comparison of a period total that rests on no flagged official figure
        (else the newest such pace): the Overview's headline ratio."""
        table = self.comparisons()
        clean = table[(table["flags"] == "") & table["ratio"].notna()] if len(table) else table
        for kind in ("total", "pace"):
            chosen = clean[clean["kind"] == kind] if len(clean) else clean
            if len(chosen):
                return chosen.sort_values(["as_of", "announced_on"], kind="stable").iloc[-1]
        return None

    @_once
    def comparison_chart(self) -> charts.Chart:
        s = self.snapshot
        return charts.comparison_chart(self.comparison_claims, s.series, self.comparisons())

    @_once
    def ratio_chart(self) -> charts.Chart:
        s = self.snapshot
        return charts.ratio_chart(self.comparison_claims, s.series, self.comparisons())

    @_once
    def year_statements(self) -> pd.DataFrame:
        """What was said about each year's total, for every running count."""
        return year_statements(self.claims)

    @_once
    def year_totals_chart(self, series: str) -> charts.Chart:
        table = self.year_statements()
        mine = table[table["series"] == series].reset_index(drop=True)
        return charts.year_totals_chart(self.claims, self.snapshot.series, mine)

    # -------------------------------------------------------------- levels
    # Levels ignore the sidebar filters: their page has its own (series, regions, unit).

    @_once
    def incentives_chart(self, series: str) -> charts.Chart:
        s = self.snapshot
        return charts.incentives_chart(s.levels, s.series, series)

    @_once
    def level_steps_chart(self, series: str, regions: tuple[str, ...]) -> charts.Chart:
        s = self.snapshot
        return charts.level_steps_chart(s.levels, s.series, series, regions)

    @_once
    def level_latest_chart(self, series: str, regions: tuple[str, ...] = ()) -> charts.Chart:
        s = self.snapshot
        return charts.level_latest_chart(s.levels, s.series, series, regions)

    @_once
    def aligned_chart(self, series: str) -> charts.Chart:
        """The median regional amount above the implied monthly rate (statements at least
        MIN_DAYS apart, as the comparisons use)."""
        s = self.snapshot
        return charts.aligned_chart(
            s.levels, self.official_claims, s.series, series, self.intervals(MIN_DAYS)
        )

    def standard_charts(self) -> list[charts.Chart]:
        """The charts `snapshot` writes, in charts.SNAPSHOT_CHARTS order."""
        out = [
            self.overview_chart(), self.trend_chart(), self.year_over_year_chart(),
            self.rates_chart(), self.comparison_chart(),
            self.incentives_chart(self.snapshot.level_series or ""),
        ]  # fmt: skip
        assert tuple(c.name for c in out) == charts.SNAPSHOT_CHARTS
        return out
