"""The charts people publish, as data: name, title, subtitle, the statements behind each, and
a deferred call to the same figure builder the page uses.

Pages and `python -m recruitment snapshot` both take their charts from here, so an image
exported in the app and one written by the command line have the same words around them.
Figures are built only when an image is asked for (`Chart.build`), so a page rerun pays only
for the title and the claim selection.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, replace

import pandas as pd
import plotly.graph_objects as go

from recruitment.figures.compare import comparison_figure, ratio_figure
from recruitment.figures.levels import (
    aligned_figure,
    amount,
    median_figure,
    ranked_figure,
    steps_figure,
)
from recruitment.figures.rates import months_figure, off_scale_finding, rates_figure
from recruitment.figures.style import comparison_colors, series_colors, wrap_legend_names
from recruitment.figures.trend import Quotes, trend_figure, year_over_year_figure
from recruitment.figures.years import year_totals_figure
from recruitment.formatting import as_said, cut, fmt_count, fmt_day, fmt_span, is_missing
from recruitment.i18n import N_, SOURCE_LANGUAGE, data_text, language, tr, tr_plural
from recruitment.methodology import levels
from recruitment.methodology.bounds import with_bounds
from recruitment.methodology.compare import MIN_DAYS
from recruitment.methodology.months import monthly_allocation
from recruitment.methodology.paces import stated_paces
from recruitment.methodology.points import point_keys
from recruitment.methodology.rates import intervals as build_intervals
from recruitment.methodology.summary import series_summary
from recruitment.reporting.edition import Edition
from recruitment.reporting.headline import headline_claims, headline_figure
from recruitment.reporting.provenance import citation_text
from recruitment.reporting.variants import DEFAULT_VARIANT, Variant
from recruitment.vocab import RATE_MEASURES

# The charts `snapshot` writes, in this order, as <name>.<format> and <name>.csv.
SNAPSHOT_CHARTS = (
    "overview",
    "trend",
    "year-over-year",
    "monthly-rates",
    "official-vs-independent",
    "incentives",
)
TITLES = {
    "overview": N_("Latest running counts and where the year is heading"),
    "trend": N_("Running counts of recruits, as officials stated them"),
    "year-over-year": N_("Running counts by day of the year"),
    "monthly-rates": N_("Implied monthly recruitment rate between statements"),
    "calendar-months": N_("Implied recruits per calendar month"),
    "official-vs-independent": N_("Official figures and independent estimates, per month"),
    "official-independent-ratio": N_("Official figures divided by independent estimates"),
    "year-totals": N_("What was said about each year's total"),
    "incentives": N_("The median amount across regions and the federal amount"),
    "incentives-regions": N_("Amounts in force by region"),
    "incentives-latest": N_("Latest amount by region"),
    "incentives-vs-rate": N_("Median regional payment beside the implied monthly recruitment rate"),
}
# The findings the text alternatives of the ratio and median charts state.
LATEST_RATIO = N_(
    "The latest comparison, as of {as_of}: the official figure is {ratio} times the estimate "
    "(the wording allows {range})."
)
LATEST_EXACT_RATIO = N_(
    "The latest comparison, as of {as_of}: the official figure is {ratio} times the estimate."
)
FEDERAL_AMOUNT = N_("The federal amount in force from {date} is {amount}.")
# The years whose statements the text alternative of the year totals chart describes.
YEARS_SAID = 3
# What the chart shows, before the definitions of its series.
LEADS = {
    "overview": N_(
        "Bars: the latest statement of each running count, with the range its wording "
        "allows. Diamonds: the year-end figure at the pace so far."
    ),
    "trend": N_(
        "Each point is one statement, with a bar for the range its wording allows; lines "
        "join one year's statements, and each year starts from zero."
    ),
    "year-over-year": N_("Each year's statements on one January-to-December axis."),
    "monthly-rates": N_(
        "Increase between consecutive statements divided by the days between "
        "them, times 30.4375 days a month; bands show the range the wording allows, diamonds the "
        "paces officials stated."
    ),
    "calendar-months": N_(
        "Each interval's average daily increase spread over its days and summed "
        "by month; hatched months are only partly covered by statements."
    ),
    "official-vs-independent": N_(
        "Solid: the monthly rate officials' running count implies "
        "between statements at least 30 days apart, with its range (flagged intervals left out). "
        "Dotted bands: independent estimates of a period's total, per month. Diamonds: paces, "
        "stated or estimated."
    ),
    "official-independent-ratio": N_(
        "Each point: the official figure divided by an independent "
        "estimate of the same period or pace; bars show the range the wording of both allows. At "
        "1 they agree."
    ),
    "year-totals": N_(
        "Each point: a statement of a year's running count made in December of that "
        "year or later, by the day it was said, with the range its wording allows; rings mark a "
        "figure that changed beyond the wording of the statement before it."
    ),
    "incentives": N_(
        "Amounts as stated, in their own unit. Top: at each date, the median of the "
        "amounts in force in the regions that had stated one by then, and the federal payment "
        "(dashed). Bottom: how many regions the median rests on."
    ),
    "incentives-regions": N_(
        "Each step is an amount in force from the day stated until the "
        "region's next statement; the last one is carried to the chart's latest date."
    ),
    "incentives-latest": N_("Each region's latest stated amount and the day it is in force from."),
    "incentives-vs-rate": N_(
        "Top: the median regional amount in force (as on the Incentives "
        "chart). Bottom: the increase of the running count between statements at least 30 days "
        "apart, per month (flagged intervals left out). One time axis; no second y axis."
    ),
}
# Longest subtitle: about four lines on a social-size image, three on a report-size one.
SUBTITLE_CHARS = 640
# A definition is only cut to fit when at least this many characters of it can be shown.
MIN_CUT_CHARS = 100


@dataclass(frozen=True)
class Chart:
    """One publishable chart: file stem, words around it, its evidence, its figure.

    `title` and `subtitle` are the English words; `describe` writes the subtitle again in the
    active language, and `words`, `figure_for` and `citation_for` give a variant's."""

    name: str
    title: str
    subtitle: str
    select: Callable[[], pd.DataFrame]
    build: Callable[[], go.Figure]
    describe: Callable[[], str] | None = None
    # The data version it shows and its permalink, named in its footer and citation.
    edition: Edition | None = None
    # What the chart works out, in one sentence of the active language (the latest ratio,
    # the latest median): its text alternative says it, since the statements behind the
    # chart do not.
    finding: Callable[[], str] | None = None
    # Whether its text alternative also says each series' latest statement and how it moved
    # from the one before: not for a chart of restatements, where the finding says it by year.
    latest_by_series: bool = True

    @property
    def claims(self) -> pd.DataFrame:
        """The statements behind the chart (after filters, before any thinning for drawing).

        Selected when asked for rather than kept: a cached chart of a million statements would
        otherwise hold a copy of most of them."""
        return self.select()

    @functools.cached_property
    def figure(self) -> go.Figure:
        """The figure, built on first use and then kept: the page that shows it and every
        image exported from it share one build. Read-only (publishable draws on a copy)."""
        with language(SOURCE_LANGUAGE):
            return self._built()

    @functools.cached_property
    def _translated(self) -> dict[str, go.Figure]:
        return {}

    @functools.cached_property
    def _words(self) -> dict[Hashable, str]:
        return {}

    def worded(self, key: Hashable, write: Callable[[], str]) -> str:
        """The text `write` gives, worked out once per `key` for this chart and every copy
        of it (`at`): a page run shows the citation and text alternative of a chart that is
        shared by every reader, so they are written on the first run, not on every run."""
        if key not in self._words:
            self._words[key] = write()
        return self._words[key]

    def figure_for(self, variant: Variant = DEFAULT_VARIANT) -> go.Figure:
        """The figure in the variant's language (its theme is applied when it is published),
        built from the same data by the same builder, once per language."""
        if variant.lang == SOURCE_LANGUAGE:
            return self.figure
        if variant.lang not in self._translated:
            with language(variant.lang):
                self._translated[variant.lang] = self._built()
        return self._translated[variant.lang]

    def _built(self) -> go.Figure:
        """A fresh build in the active language, its long legend names wrapped for a phone."""
        return wrap_legend_names(self.build())

    def words(self, variant: Variant = DEFAULT_VARIANT) -> tuple[str, str]:
        """The title and subtitle in the variant's language."""
        if variant.lang == SOURCE_LANGUAGE or self.describe is None:
            return self.title, self.subtitle
        with language(variant.lang):
            return tr(self.title), self.describe()

    @property
    def citation(self) -> str:
        """The citation of the statements behind the chart, worked out once per edition."""
        return self.worded(
            ("citation", self.edition), lambda: citation_text(self.claims, self.edition)
        )

    def at(self, edition: Edition) -> Chart:
        """This chart citing `edition` (a copy sharing the built figures: only its words
        change)."""
        self._translated, self._words  # noqa: B018 - made here, so every copy fills the same
        cited = replace(self, edition=edition)
        for built in ("figure", "_translated", "_words"):
            if built in self.__dict__:
                cited.__dict__[built] = self.__dict__[built]
        return cited

    def citation_for(self, variant: Variant = DEFAULT_VARIANT) -> str:
        """The citation in the variant's language."""
        if variant.lang == SOURCE_LANGUAGE:
            return self.citation
        return self.worded(
            ("citation", self.edition, variant),
            lambda: citation_text(self.claims, self.edition, variant),
        )


def series_palette(series: pd.DataFrame) -> dict[str, str]:
    """The colour of each stored series (figures.style.series_colors, with measures)."""
    return series_colors(series["slug"], series["measure"])


def series_names(series: pd.DataFrame) -> dict[str, str]:
    return dict(zip(series["slug"], series["name"], strict=True))


def subtitle(name: str, plotted: Iterable[str], series: pd.DataFrame) -> str:
    """The chart's lead, then the definitions of its series, within SUBTITLE_CHARS, in the
    active language.

    `plotted` holds one series slug per plotted statement. Definitions come in order of
    statements shown, each in full while they fit; the next one is cut when enough room is
    left for it to say something (after its last full sentence that fits, or at a word with
    "…"), and later ones are left to the legend, since a definition cut to a few words
    misleads more than it tells.
    """
    return _described(name, _ranked(plotted), series)


def _ranked(plotted: Iterable[str]) -> list[str]:
    """Series slugs, the most plotted first (ties by slug)."""
    counts = pd.Series(list(plotted), dtype=object).value_counts()
    return [slug for slug, _ in sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))]


def _described(name: str, ranked: list[str], series: pd.DataFrame) -> str:
    """The subtitle of `subtitle` from series slugs already ranked."""
    lead = tr(LEADS[name])
    known = series.set_index("slug") if len(series) else None
    parts, room = [lead], SUBTITLE_CHARS - len(lead)
    for slug in ranked:
        if known is None or slug not in known.index:
            continue
        row = known.loc[slug]
        if is_missing(row["definition"]) or not str(row["definition"]).strip():
            continue
        definition = data_text(" ".join(str(row["definition"]).split()))
        item = tr("{series}: {definition}").format(
            series=data_text(str(row["name"])), definition=definition
        )
        if len(item) + 1 > room:
            # Counted on the definition alone: a long series name leaves less of it.
            named = len(item) - len(definition)
            if room - 1 - named > MIN_CUT_CHARS:
                parts.append(_cut(item, room - 1, named))
            break
        parts.append(item)
        room -= len(item) + 1
    return " ".join(parts)


def _make(
    name: str,
    plotted: Iterable[str],
    series: pd.DataFrame,
    select: Callable[[], pd.DataFrame],
    build: Callable[[], go.Figure],
    finding: Callable[[], str] | None = None,
) -> Chart:
    """A chart with its English words, and the means to write them in another language."""
    ranked = _ranked(plotted)
    with language(SOURCE_LANGUAGE):
        english = _described(name, ranked, series)
    return Chart(
        name, TITLES[name], english, select, build, lambda: _described(name, ranked, series),
        finding=finding,
    )  # fmt: skip


def _cut(text: str, limit: int, after: int) -> str:
    """text within `limit` characters: up to its last full sentence that fits when one ends
    after its first `after` characters (the series name), else cut at a word boundary and
    ending in "…" (a sentence cut short reads worse than one left out)."""
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?]) ", text[: limit + 1])
    whole = " ".join(sentences[:-1])
    if len(whole) > after:
        return whole
    return cut(text, limit).rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def _on_points(claims: pd.DataFrame, keys: pd.DataFrame) -> pd.DataFrame:
    """Claims whose (series, period_start, as_of) is one of keys' rows."""
    if claims.empty or keys.empty:
        return claims.iloc[0:0]
    return claims[point_keys(claims).isin(point_keys(keys))]


def interval_claims(claims: pd.DataFrame, intervals: pd.DataFrame) -> pd.DataFrame:
    """The statements on the points an interval ends at (every point but the zero points;
    with --min-days, only the points kept)."""
    if intervals.empty:
        return claims.iloc[0:0]
    keys = intervals[["series", "period_start", "to_date"]].rename(columns={"to_date": "as_of"})
    keys = keys.astype({"series": object, "as_of": "datetime64[ns]"}).drop_duplicates()
    return _on_points(claims[claims["measure"].isin(["cumulative", "period_total"])], keys)


def _cumulative(claims: pd.DataFrame) -> pd.DataFrame:
    return claims[claims["measure"] == "cumulative"]


def _cumulative_series(claims: pd.DataFrame) -> pd.Series:
    """The series of each running-count statement, without copying the statements."""
    return claims["series"][(claims["measure"] == "cumulative").to_numpy()]


def trend_chart(
    claims: pd.DataFrame,
    series: pd.DataFrame,
    events: pd.DataFrame | None = None,
    *,
    colors: Mapping[str, str] | None = None,
    quotes: Quotes | None = None,
) -> Chart:
    """Every running-count statement; the CSV lists all of them, including any the figure
    thins out for drawing. `quotes` as in trend_figure."""
    names, palette = series_names(series), colors or series_palette(series)
    return _make(
        "trend",
        _cumulative_series(claims),
        series,
        lambda: _cumulative(claims),
        lambda: trend_figure(claims, events, series_names=names, colors=palette, quotes=quotes),
    )


def year_over_year_chart(
    claims: pd.DataFrame, series: pd.DataFrame, *, quotes: Quotes | None = None
) -> Chart:
    """Running counts by day of the year; the CSV lists every statement on a drawn point."""
    names = series_names(series)
    return _make(
        "year-over-year",
        _cumulative_series(claims),
        series,
        lambda: _cumulative(claims),
        lambda: year_over_year_figure(claims, series_names=names, quotes=quotes),
    )


def rates_chart(
    claims: pd.DataFrame,
    series: pd.DataFrame,
    *,
    intervals: pd.DataFrame | None = None,
    min_days: int = 0,
    colors: Mapping[str, str] | None = None,
) -> Chart:
    """Implied rates and stated paces; pass the page's `intervals` to reuse them."""
    iv = intervals if intervals is not None else build_intervals(claims, min_days=min_days)
    paces = claims[claims["measure"].isin(list(RATE_MEASURES))]
    behind = pd.concat([interval_claims(claims, iv), paces]).sort_values("id")
    names, palette = series_names(series), colors or series_palette(series)
    stated = functools.cache(lambda: stated_paces(claims))  # for the figure and its finding
    return _make(
        "monthly-rates",
        behind["series"],
        series,
        lambda: behind,
        lambda: rates_figure(iv, stated(), series_names=names, colors=palette),
        lambda: off_scale_finding(iv, stated()),
    )


def months_chart(
    claims: pd.DataFrame,
    series: pd.DataFrame,
    *,
    intervals: pd.DataFrame | None = None,
    min_days: int = 0,
    colors: Mapping[str, str] | None = None,
) -> Chart:
    """Implied recruits per calendar month, from the same intervals as the rates."""
    iv = intervals if intervals is not None else build_intervals(claims, min_days=min_days)
    behind = interval_claims(claims, iv)
    names, palette = series_names(series), colors or series_palette(series)
    return _make(
        "calendar-months",
        behind["series"],
        series,
        lambda: behind,
        lambda: months_figure(monthly_allocation(iv), series_names=names, colors=palette),
    )


def overview_chart(
    claims: pd.DataFrame,
    series: pd.DataFrame,
    targets: pd.DataFrame | None = None,
    *,
    colors: Mapping[str, str] | None = None,
    today: dt.date | None = None,
    summary: pd.DataFrame | None = None,
) -> Chart:
    """The latest figure of each running count with its year-end projection; pass the
    page's series_summary of the same claims as `summary` to reuse it."""
    if summary is None:
        summary = series_summary(claims, targets, today=today)
    behind = headline_claims(summary, claims)
    names, palette = series_names(series), colors or series_palette(series)
    # Definitions in order of how much each count has been stated, as on the Overview page.
    shown = _cumulative(claims)["series"]
    return _make(
        "overview",
        shown[shown.isin(summary["series"])],
        series,
        lambda: behind,
        lambda: headline_figure(summary, claims, series_names=names, colors=palette),
    )


def _compared(
    claims: pd.DataFrame, series: pd.DataFrame, comparisons: pd.DataFrame
) -> tuple[pd.DataFrame, set[str], set[str], dict[str, str]]:
    """What a comparison rests on: the statements (the official running counts compared with,
    and every independent estimate compared), the official and independent slugs, and the
    colours of both kinds.

    An estimate's colour comes from its place among every estimate the store compares, not
    among those the filters leave: it keeps its colour when a filter hides the others."""
    official = set(comparisons["official_series"]) if len(comparisons) else set()
    independent = set(comparisons["series"]) if len(comparisons) else set()
    behind = claims[claims["series"].isin(official | independent)]
    every_estimate = set(independent)
    if "compare_with" in series:
        every_estimate |= set(series.loc[series["compare_with"].notna(), "slug"])
    return behind, official, independent, comparison_colors(official, every_estimate)


def comparison_chart(
    claims: pd.DataFrame, series: pd.DataFrame, comparisons: pd.DataFrame
) -> Chart:
    """Official implied rates beside independent estimates, per month (methodology.compare)."""
    behind, official, independent, palette = _compared(claims, series, comparisons)
    names = series_names(series)

    def build() -> go.Figure:
        iv = build_intervals(behind[behind["series"].isin(official)], min_days=MIN_DAYS)
        iv = iv[iv["flags"] == ""]  # flagged intervals stay on the Monthly rates page
        estimates = behind[behind["series"].isin(independent)]
        totals = with_bounds(estimates[estimates["measure"] == "period_total"])
        return comparison_figure(
            iv, totals, stated_paces(estimates), series_names=names, colors=palette
        )

    return _chart("official-vs-independent", behind, series, build)


def ratio_chart(claims: pd.DataFrame, series: pd.DataFrame, comparisons: pd.DataFrame) -> Chart:
    """Official ÷ independent for each comparison, with its range."""
    behind, _, _, palette = _compared(claims, series, comparisons)
    names = series_names(series)
    return _chart(
        "official-independent-ratio", behind, series,
        lambda: ratio_figure(comparisons, series_names=names, colors=palette),
        lambda: _latest_ratio(comparisons),
    )  # fmt: skip


def _latest_ratio(comparisons: pd.DataFrame) -> str:
    """The latest unflagged comparison's ratio and range, in a sentence ("" when none)."""
    shown = comparisons[(comparisons["flags"] == "") & comparisons["ratio"].notna()]
    if shown.empty:
        return ""
    last = shown.sort_values(["as_of", "series"], kind="stable").iloc[-1]
    low, ratio, high = (f"{last[k]:.2f}" for k in ("ratio_low", "ratio", "ratio_high"))
    if low == high:  # exact figures on both sides: no range to give
        return tr(LATEST_EXACT_RATIO).format(ratio=ratio, as_of=fmt_day(last["as_of"]))
    return tr(LATEST_RATIO).format(
        ratio=ratio, as_of=fmt_day(last["as_of"]), range=fmt_span(low, high)
    )


def year_totals_chart(claims: pd.DataFrame, series: pd.DataFrame, table: pd.DataFrame) -> Chart:
    """The statements about each year's total of one running count (methodology.years)."""
    behind = claims[claims["id"].isin(table["claim_id"])]
    names = series_names(series)
    chart = _chart(
        "year-totals", behind, series, lambda: year_totals_figure(table, series_names=names),
        lambda: _year_totals_finding(table),
    )  # fmt: skip
    return replace(chart, latest_by_series=False)


def _year_totals_finding(table: pd.DataFrame) -> str:
    """Per year (the latest YEARS_SAID of them): how many statements, the lowest and highest
    figure, how many changed it beyond the wording of the one before, and the latest."""
    parts = []
    years = sorted(table["year"].unique())
    for year in years[-YEARS_SAID:]:
        mine = table[table["year"] == year].sort_values(["announced_on", "claim_id"])
        latest = mine.iloc[-1]
        said = as_said(latest["value"], latest["qualifier"], latest["low"], latest["high"])
        count, low, high = len(mine), mine["value"].min(), mine["value"].max()
        day = fmt_day(latest["announced_on"])
        if count == 1:
            one = tr("{year}: one statement about its total, said {date}: {said}.")
            parts.append(one.format(year=year, date=day, said=said))
            continue
        stated = tr_plural(
            "{year}: {count} statement about its total, from {low} to {high}.",
            "{year}: {count} statements about its total, from {low} to {high}.",
            count,
        )
        parts.append(
            stated.format(
                year=year, count=fmt_count(count), low=fmt_count(low), high=fmt_count(high)
            )
        )
        changed = int(mine["beyond_wording"].fillna(False).astype(bool).sum())
        if changed:
            parts.append(
                tr_plural(
                    "{count} changed the figure beyond the wording of the statement before.",
                    "{count} changed the figure beyond the wording of the statement before.",
                    changed,
                ).format(count=fmt_count(changed))
            )
        parts.append(tr("The latest, said {date}: {said}.").format(date=day, said=said))
    if len(years) > YEARS_SAID:
        earlier = len(years) - YEARS_SAID
        drawn = tr_plural(
            "{count} earlier year is drawn.", "{count} earlier years are drawn.", earlier
        )
        parts.append(drawn.format(count=earlier))
    return " ".join(parts)


def _chart(
    name: str, behind: pd.DataFrame, series: pd.DataFrame, build: Callable[[], go.Figure],
    finding: Callable[[], str] | None = None,
) -> Chart:  # fmt: skip
    """A chart whose statements are known already: its title, and a subtitle that defines the
    series of those statements."""
    return _make(name, behind["series"], series, lambda: behind, build, finding)


# ---------------------------------------------------------------- levels


def _unit(series: pd.DataFrame, slug: str) -> str:
    if "unit" not in series.columns:
        return ""
    found = series.loc[series["slug"] == slug, "unit"]
    return "" if found.empty or is_missing(found.iloc[0]) else str(found.iloc[0])


def _claims_of(claims: pd.DataFrame, reps: pd.DataFrame) -> pd.DataFrame:
    """Every claim on the drawn statements' series, region and date (all reports of them)."""
    keys = reps[["series", "region", "as_of"]].drop_duplicates()
    mine = claims.assign(region=levels.region_of(claims), series=claims["series"].astype(str))
    hit = mine.reset_index().merge(keys, on=["series", "region", "as_of"])["index"]
    return claims.loc[sorted(hit)]


def incentives_chart(claims: pd.DataFrame, series: pd.DataFrame, slug: str) -> Chart:
    """The median across regions of level series `slug` over time, the federal payment of
    the same unit beside it, and how many regions the median rests on."""
    reps, unit = levels.statements(claims), _unit(series, slug)
    federal_slug = levels.federal_series(series, unit)
    federal = reps[(reps["series"] == federal_slug) & (reps["region"] == levels.NATIONAL)]
    regional = reps[(reps["series"] == slug) & (reps["region"] != levels.NATIONAL)]
    median = levels.regional_median(reps, slug)
    name = series_names(series).get(slug, slug)
    return _chart(
        "incentives", _claims_of(claims, pd.concat([regional, federal])), series,
        lambda: median_figure(median, federal, unit=unit, name=name),
        lambda: _latest_median(median, federal, unit),
    )  # fmt: skip


def _latest_median(median: pd.DataFrame, federal: pd.DataFrame, unit: str) -> str:
    """The median in force at the latest date, the regions it rests on and the federal
    amount then in force, in a sentence ("" when there is no regional statement)."""
    if median.empty:
        return ""
    last = median.sort_values("date", kind="stable").iloc[-1]
    text = tr_plural(
        "The median in force from {date} is {amount}, across {count} region with a statement.",
        "The median in force from {date} is {amount}, across {count} regions with a statement.",
        int(last["regions"]),
    ).format(
        amount=amount(last["median"], unit), date=fmt_day(last["date"]),
        count=fmt_count(last["regions"]),
    )  # fmt: skip
    if len(federal):
        latest = federal.sort_values("as_of", kind="stable").iloc[-1]
        text += " " + tr(FEDERAL_AMOUNT).format(
            amount=amount(latest["value"], unit), date=fmt_day(latest["as_of"])
        )
    return text


def level_steps_chart(
    claims: pd.DataFrame, series: pd.DataFrame, slug: str, regions: tuple[str, ...]
) -> Chart:
    """One step line per chosen region of level series `slug`."""
    reps, unit = levels.statements(claims), _unit(series, slug)
    mine = reps[(reps["series"] == slug) & reps["region"].isin(regions)]
    end = reps.loc[reps["series"] == slug, "as_of"].max()
    return _chart(
        "incentives-regions", _claims_of(claims, mine), series,
        lambda: steps_figure(mine, unit=unit, end=end),
    )  # fmt: skip


def level_latest_chart(
    claims: pd.DataFrame, series: pd.DataFrame, slug: str, regions: tuple[str, ...] = ()
) -> Chart:
    """The latest amount of each region of `slug` (the chosen ones, else all), ranked."""
    latest = levels.latest(levels.statements(claims), slug)
    if regions:
        latest = latest[latest["region"].isin(regions)].reset_index(drop=True)
    unit = _unit(series, slug)
    return _chart(
        "incentives-latest", _claims_of(claims, latest), series,
        lambda: ranked_figure(latest, unit=unit),
    )  # fmt: skip


def aligned_chart(
    claims: pd.DataFrame, counts: pd.DataFrame, series: pd.DataFrame, slug: str,
    intervals: pd.DataFrame,
) -> Chart:  # fmt: skip
    """The median regional amount of `slug` above the implied monthly rate of the running
    count with most statements, on one time axis. `intervals` as View.intervals(MIN_DAYS)."""
    reps, unit = levels.statements(claims), _unit(series, slug)
    median = levels.regional_median(reps, slug)
    regional = reps[(reps["series"] == slug) & (reps["region"] != levels.NATIONAL)]
    cumulative = _cumulative_series(counts)
    rate_slug = cumulative.value_counts().index[0] if len(cumulative) else None
    rates = intervals[(intervals["series"] == rate_slug) & (intervals["flags"] == "")]
    behind = pd.concat([_claims_of(claims, regional), interval_claims(counts, rates)])
    names = series_names(series)
    return _chart(
        "incentives-vs-rate", behind, series,
        lambda: aligned_figure(
            median, rates, unit=unit, name=names.get(slug, slug),
            rate_name=names.get(rate_slug, str(rate_slug)),
        ),
    )  # fmt: skip
