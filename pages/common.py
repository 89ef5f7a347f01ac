"""What every page shares: the store, cached readers keyed on the data version, and filters.

Readers are cached with the data version as part of the key, so an import by the command line
or another app instance is visible on the next rerun while unchanged data costs one small query.
"""

from __future__ import annotations

import functools
import runpy
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from sqlalchemy import Engine

from db import queries
from db.engine import StoreUnavailable
from recruitment.figures.trend import sparkline_figure
from recruitment.formatting import as_said, escape_markdown, fmt_day
from recruitment.methodology.rates import filter_claims
from recruitment.methodology.summary import latest_periods, series_summary
from recruitment.reporting import (
    APP_NAME,  # noqa: F401 - the one name, used by app.py
    charts,
)
from recruitment.reporting.charts import series_palette
from recruitment.settings import PROJECT_ROOT, database_url
from recruitment.store import open_store
from recruitment.vocab import VERIFICATIONS

# Widget keys double as URL query parameter names (bind="query-params").
FILTER_KEYS = ("series", "year", "speaker", "verification")


@st.cache_resource(show_spinner="Opening the store…")
def _engine(url: str) -> Engine:
    return open_store(url)


def engine() -> Engine:
    """The store, or one clear message and a stopped page when it cannot be opened."""
    url = database_url()
    try:
        return _engine(url)
    except StoreUnavailable as exc:
        st.error(f"The data store is unavailable. {exc}.", icon=":material/error:")
        st.caption("Check RECRUITMENT_DATABASE_URL, or that the database server is running.")
        st.stop()


def data_version() -> tuple:
    """Changes with every import, undo or edit; part of every cached read's key."""
    try:
        return queries.data_version(engine())
    except Exception as exc:
        st.error(f"The data store stopped answering: {str(exc).splitlines()[0]}")
        st.stop()


# The claims every page draws from, compact: all but the long texts, which are read for the
# claims a page shows in full (a hover, a source note, the Sources table, a CSV download).
SHOWN_COLUMNS = tuple(
    c for c in queries.CLAIM_FRAME_COLUMNS if c not in ("quote", "note", "claim_key")
)
READERS = {
    "claims": functools.partial(queries.load_claims, columns=SHOWN_COLUMNS, compact=True),
    "claims-full": queries.load_claims,
    "series": queries.load_series,
    "events": queries.load_events,
    "targets": queries.load_targets,
}


@st.cache_resource(show_spinner="Reading the store…", max_entries=8)
def _read(url: str, version: tuple, what: str) -> pd.DataFrame:
    """One read per data version, shared by every session and page without a copy (a million
    claims are held once, not once per run); the version in the key makes any change in the
    store a cache miss. Callers treat the frame as read-only: filters make new frames."""
    return READERS[what](_engine(url))


def load_claims() -> pd.DataFrame:
    """Every live claim (SHOWN_COLUMNS), read once per data version."""
    return _read(database_url(), data_version(), "claims")


def load_full_claims() -> pd.DataFrame:
    """Every live claim with every column, for the page that lists them all in full."""
    return _read(database_url(), data_version(), "claims-full")


def in_full(claims: pd.DataFrame, store: Engine | None = None) -> pd.DataFrame:
    """`claims` with every column, the long texts read from the store for just these rows.

    Pass `store` (the page's engine()) when called outside the page run, as a download does."""
    if set(queries.CLAIM_FRAME_COLUMNS) <= set(claims.columns):
        return claims
    return queries.load_claims(store or engine(), ids=claims["id"])


def load_series() -> pd.DataFrame:
    return _read(database_url(), data_version(), "series")


def load_events() -> pd.DataFrame:
    return _read(database_url(), data_version(), "events")


def load_targets() -> pd.DataFrame:
    return _read(database_url(), data_version(), "targets")


def colors() -> dict[str, str]:
    """One colour per series on every page and in every exported image."""
    return series_palette(load_series())


def series_names() -> dict[str, str]:
    series = load_series()
    return dict(zip(series["slug"], series["name"], strict=True))


# ---------------------------------------------------------------- filters


@dataclass(frozen=True)
class Filters:
    """The shared sidebar selection; an empty selection means "all"."""

    series: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    speakers: tuple[str, ...] = ()
    verification: tuple[str, ...] = ()

    def apply(self, claims: pd.DataFrame) -> pd.DataFrame:
        """The same claim filter as `python -m recruitment rates` (before intervals)."""
        return filter_claims(
            claims,
            series=list(self.series) or None,
            year=list(self.years) or None,
            speaker=list(self.speakers) or None,
            verification=list(self.verification) or None,
        )

    @property
    def active(self) -> bool:
        return any((self.series, self.years, self.speakers, self.verification))


@dataclass(frozen=True)
class FilterOptions:
    """What the sidebar filters offer: the series, years and speakers that have statements."""

    series: list[str]
    years: list[int]
    speakers: list[str]


@st.cache_resource(show_spinner=False, max_entries=4)
def _filter_options(url: str, version: tuple) -> FilterOptions:
    """Computed once per data version rather than on every run of every page."""
    claims = _read(url, version, "claims")
    return FilterOptions(
        series=sorted(claims["series"].unique()),
        years=sorted((int(y) for y in claims["as_of"].dt.year.dropna().unique()), reverse=True),
        speakers=sorted(s for s in claims["speaker"].dropna().unique() if s),
    )


def render_filters(names: dict[str, str]) -> None:
    """Sidebar filters bound to the URL, so a copied link reopens the same view."""
    options = _filter_options(database_url(), data_version())
    side = st.sidebar
    side.header("Filters")
    side.multiselect(
        "Series", options.series, key="series", bind="query-params",
        format_func=lambda slug: names.get(slug, slug), placeholder="All series",
    )  # fmt: skip
    side.multiselect(
        "Years", options.years, key="year", bind="query-params", placeholder="All years"
    )
    speakers = options.speakers
    side.multiselect(
        "Speakers", speakers, key="speaker", bind="query-params", placeholder="All speakers"
    )
    side.multiselect(
        "Verification", list(VERIFICATIONS), key="verification", bind="query-params",
        placeholder="Any verification",
    )  # fmt: skip
    side.caption("The filters are part of the page address: copy it to share this view.")


def current_filters() -> Filters:
    state = st.session_state
    return Filters(
        series=tuple(state.get("series") or ()),
        years=tuple(int(y) for y in state.get("year") or ()),
        speakers=tuple(state.get("speaker") or ()),
        verification=tuple(state.get("verification") or ()),
    )


def filtered_claims(*, full: bool = False) -> pd.DataFrame:
    return current_filters().apply(load_full_claims() if full else load_claims())


@st.cache_resource(show_spinner=False, max_entries=32)
def _chart(url: str, version: tuple, filters: Filters, name: str) -> charts.Chart:
    """One standard chart per data version and filter selection, shared by every session: a
    filter change back, or a second reader of the same view, costs no rebuild."""
    claims = filters.apply(_read(url, version, "claims"))
    series = _read(url, version, "series")
    quotes = functools.partial(_quotes, _engine(url))
    if name == "trend":
        events = _read(url, version, "events")
        return charts.trend_chart(
            claims, series, events, colors=series_palette(series), quotes=quotes
        )
    if name == "year-over-year":
        return charts.year_over_year_chart(claims, series, quotes=quotes)
    if name == "overview":
        targets = _read(url, version, "targets")
        return charts.overview_chart(
            claims, series, targets, colors=series_palette(series),
            summary=_summary(url, version, filters),
        )  # fmt: skip
    raise KeyError(name)


@st.cache_resource(show_spinner=False, max_entries=32)
def _summary(url: str, version: tuple, filters: Filters) -> pd.DataFrame:
    claims = filters.apply(_read(url, version, "claims"))
    return series_summary(claims, _read(url, version, "targets"))


def summary() -> pd.DataFrame:
    """The headline figures of each running count (series_summary) under the current filters."""
    return _summary(database_url(), data_version(), current_filters())


@st.cache_resource(show_spinner=False, max_entries=32)
def _sparklines(url: str, version: tuple, filters: Filters) -> dict[str, go.Figure]:
    latest = latest_periods(filters.apply(_read(url, version, "claims")))
    palette = series_palette(_read(url, version, "series"))
    return {
        slug: sparkline_figure(group, slug, color=palette.get(slug))
        for slug, group in latest.groupby("series", sort=False, observed=True)
    }


def sparklines() -> dict[str, go.Figure]:
    """A small line of each running count's latest period, by series, under the filters."""
    return _sparklines(database_url(), data_version(), current_filters())


def _quotes(store: Engine, ids: np.ndarray) -> np.ndarray:
    """The quotes of the claims `ids`, in that order: hover texts of the drawn points."""
    found = queries.load_claims(store, ids=ids, columns=("id", "quote"))
    return found.set_index("id")["quote"].reindex(ids).to_numpy(dtype=object)


def chart(name: str) -> charts.Chart:
    """The standard chart `name` of the current filters; its figure is built on first use."""
    return _chart(database_url(), data_version(), current_filters(), name)


# ---------------------------------------------------------------- shared fragments


def render_empty_store() -> None:
    """Guidance instead of a blank page when the store holds no statements."""
    st.info(
        "There are no statements in the store yet. Add some from a CSV file: editors use the "
        "Upload page, and anyone with access to the machine can run "
        "`python -m recruitment import FILE`.",
        icon=":material/info:",
    )


def render_no_match() -> None:
    st.warning("No statements match the filters in the sidebar.", icon=":material/filter_alt:")


def source_link(outlet: str | None, url: str | None) -> str:
    """Markdown for a source: a link only for http(s) URLs, the outlet name always as text."""
    label = escape_markdown(outlet or url or "unnamed source")
    if url and url.lower().startswith(("http://", "https://")):
        safe = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        return f"[{label}]({safe})"
    return label


def text_or_dash(value: object) -> str:
    """Missing text (None, NaN, empty) as a dash, anything else as given."""
    return value if isinstance(value, str) and value else "–"


def render_claim_note(claims: pd.DataFrame, claim_id: int, names: dict[str, str]) -> None:
    """The source note of one claim: what was said, by whom, when, where, and how sure."""
    match = claims[claims["id"] == claim_id]
    if not match.empty:
        match = in_full(match)
    if match.empty:
        st.warning("That statement is no longer in the store or is hidden by the filters.")
        return
    c = match.iloc[0]
    with st.container(border=True):
        said = as_said(c["value"], c["qualifier"], c["low"], c["high"])
        st.markdown(f"#### {escape_markdown(said)}")
        st.markdown(
            f"**{escape_markdown(names.get(c['series'], c['series']))}** · as of "
            f"{fmt_day(c['as_of'])} · said on {fmt_day(c['announced_on'])}"
        )
        who = ", ".join(escape_markdown(v) for v in (c["speaker"], c["body"]) if _has(v))
        st.markdown(f"Said by: {who or '–'}  \nReported by: {source_link(c['outlet'], c['url'])}")
        if _has(c["quote"]):
            st.markdown("> " + escape_markdown(c["quote"]).replace("\n", "\n> "))
        if _has(c["note"]):
            st.markdown(f"Note: {escape_markdown(c['note'])}")
        st.caption(
            f"Verification: {c['verification']} · qualifier: {c['qualifier']} · import batch "
            f"{c['batch_id']} · claim #{c['id']}"
        )


def _has(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


# ---------------------------------------------------------------- page start


def ensure_app() -> None:
    """Make sure the page runs inside app.py (navigation, page settings, sidebar filters).

    Streamlit treats an app with a pages/ folder as an old-style multipage app until app.py
    has called st.navigation once in the server process (and streamlit.testing starts every
    run that way): a deep link such as /sources would run the page script alone. In that case
    run app.py now, in this same run, so that it registers the pages and runs this one with the
    URL, its filters and any button press intact; then stop the bare run."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(PROJECT_ROOT / "app.py"), run_name="__main__")
        st.stop()
