"""What every page shares: the store, the data version of this run, cached views, filters.

A page run reads the store's data version once (`begin_run`, called by app.py) and every
cached read of the run is keyed on it, so a run shows one state of the store, while an import
by the command line or another app instance is visible on the next rerun. The snapshot of each
version and the view of each filter selection are held once for every session of the server.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from recruitment.figures.levels import region_name
from recruitment.formatting import MISSING, as_said, escape_markdown, fmt_day
from recruitment.reporting import APP_NAME  # noqa: F401 - the one name, used by app.py
from recruitment.reporting.edition import Edition, permalink
from recruitment.service import Store, StoreUnavailable, UnknownVersion
from recruitment.settings import database_url, public_url
from recruitment.view import Filters, Snapshot, View
from recruitment.vocab import LEVEL, ORIGINS, VERIFICATIONS

# Widget keys double as URL query parameter names (bind="query-params").
FILTER_KEYS = ("series", "year", "speaker", "verification", "origin")
# Where this run's data version is kept: read once per run, used by every read of the run.
VERSION_KEY = "_data_version"
# The store's current version, and the page's address path, as this run found them.
LATEST_KEY, PAGE_KEY = "_latest_version", "_page_path"
# A data version pinned by a permalink (?version=N): kept while the reader moves between
# pages, until they choose the latest data again.
PINNED_KEY = "_pinned_version"
VERSION_PARAM = "version"


@st.cache_resource(show_spinner="Opening the store…")
def _store(url: str) -> Store:
    return Store.open(url)


def _stop_unavailable(exc: Exception) -> None:
    st.error(f"The data store is unavailable. {exc}.", icon=":material/error:")
    st.caption("Check RECRUITMENT_DATABASE_URL, or that the database server is running.")
    st.stop()


def store() -> Store:
    """The store, or one clear message and a stopped page when it cannot be opened."""
    try:
        return _store(database_url())
    except StoreUnavailable as exc:
        _stop_unavailable(exc)


def begin_run(page_path: str = "") -> int:
    """Read the data version for this run (once): the version a permalink pins, else the
    current one; or stop with one message."""
    st.session_state[PAGE_KEY] = page_path
    try:
        latest = store().version()
        st.session_state[LATEST_KEY] = latest
        st.session_state[VERSION_KEY] = _pinned(latest) or latest
    except StoreUnavailable as exc:
        _stop_unavailable(exc)
    return st.session_state[VERSION_KEY]


def _pinned(latest: int) -> int | None:
    """The version `?version=N` asks for (checked), or the one pinned earlier in this session
    (put back into the address, so it stays a permalink on every page)."""
    state, params = st.session_state, st.query_params
    asked = params.get(VERSION_PARAM)
    if asked is None:
        if state.get(PINNED_KEY) is not None:
            params[VERSION_PARAM] = str(state[PINNED_KEY])
        return state.get(PINNED_KEY)
    try:
        version = store().checked_version(asked, latest)
    except UnknownVersion as exc:
        st.error(
            f"This address asks for data the store does not have: {exc}.", icon=":material/history:"
        )
        st.markdown(f"[Open the latest data]({latest_link()})")
        st.stop()
    # A permalink to the current version stays pinned: after the next import it must still
    # show what it showed when it was taken.
    state[PINNED_KEY] = None if asked.strip().lower() == "latest" else version
    if state[PINNED_KEY] is None:
        del params[VERSION_PARAM]
    return state[PINNED_KEY]


def pinned_version() -> int | None:
    """The data version a permalink pinned for this reader, or None for the latest data."""
    return st.session_state.get(PINNED_KEY)


def latest_version() -> int:
    return st.session_state[LATEST_KEY]


def _page_url() -> str:
    """This page's address without its query: as the reader's browser has it, or under the
    configured public address when there is no browser (tests)."""
    return st.context.url or f"{public_url()}/{st.session_state.get(PAGE_KEY, '')}"


def _query() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def latest_link() -> str:
    """This page with its filters, showing the latest data."""
    return permalink(_page_url(), "", "latest", _query())


def edition() -> Edition:
    """The data version this run shows and the permalink that shows this page, with its
    filters, at that version: what an exported chart cites."""
    version = data_version()
    return Edition(version, permalink(_page_url(), "", version, _query()))


def data_version() -> int:
    """The data version this run reads at (read by begin_run, at the start of the run)."""
    held = st.session_state.get(VERSION_KEY)
    return held if held is not None else begin_run()


@st.cache_resource(show_spinner="Reading the store…", max_entries=8)
def _snapshot(url: str, version: int) -> Snapshot:
    """One read per data version, shared by every session and page without a copy (a million
    claims are held once, not once per run)."""
    return _store(url).snapshot(version)


@st.cache_resource(show_spinner="Reading the store…", max_entries=2)
def _full_claims(url: str, version: int) -> pd.DataFrame:
    return _store(url).claims(version=version)


@st.cache_resource(show_spinner=False, max_entries=32)
def _view(url: str, version: int, filters: Filters) -> View:
    """One view per data version and filter selection, shared by every session: a filter
    change back, or a second reader of the same view, costs no rebuild."""
    return View(_snapshot(url, version), filters, quotes=_store(url).quotes)


def snapshot() -> Snapshot:
    """The store at this run's data version."""
    return _snapshot(database_url(), data_version())


def view() -> View:
    """The store at this run's data version under the sidebar filters."""
    return _view(database_url(), data_version(), current_filters())


def full_claims(*, filtered: bool = True) -> pd.DataFrame:
    """Every live claim with every column (under the filters unless asked otherwise), for the
    page that lists them."""
    claims = _full_claims(database_url(), data_version())
    return current_filters().apply(claims) if filtered else claims


def in_full(claims: pd.DataFrame, source: Store | None = None) -> pd.DataFrame:
    """`claims` with every column, the long texts read from the store for just these rows.

    Pass `source` (the page's store()) when called outside the page run, as a download does."""
    if {"quote", "note"} <= set(claims.columns):
        return claims
    return (source or store()).claims(ids=claims["id"])


# ---------------------------------------------------------------- filters


def render_filters() -> None:
    """Sidebar filters bound to the URL, so a copied link reopens the same view."""
    names, options = snapshot().names, snapshot().options
    _warn_unknown_filters(
        {"series": ("Series", options.series), "year": ("Years", options.years),
         "speaker": ("Speakers", options.speakers),
         "verification": ("Verification", list(VERIFICATIONS)),
         "origin": ("Origin", list(ORIGINS))}
    )  # fmt: skip
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
    side.multiselect(
        "Origin", list(ORIGINS), key="origin", bind="query-params",
        placeholder="Official and independent",
        help="Official: what officials said. Independent: estimates by researchers and "
        "intelligence services.",
    )  # fmt: skip
    side.caption("The filters are part of the page address: copy it to share this view.")


def _warn_unknown_filters(offered: dict[str, tuple[str, list]]) -> None:
    """Say which filter values of the address the data shown does not hold: the filters leave
    them out, so the page shows more than the link asked for, and the reader must know."""
    unknown = []
    for key, (label, options) in offered.items():
        known = {str(option) for option in options}
        missing = [value for value in st.query_params.get_all(key) if value not in known]
        if missing:
            unknown.append(f"{label}: {', '.join(f'“{escape_markdown(v)}”' for v in missing)}")
    if unknown:
        st.warning(
            "This link asks for filter values that no statement here has, so they are left "
            f"out and the page shows more than the link did: {'; '.join(unknown)}.",
            icon=":material/filter_alt_off:",
        )


def warn_if_not_whole(key: str, low: int, high: int, label: str) -> None:
    """Say so when the address gives a number control `key` a value it cannot take (the
    control then shows its default)."""
    raw = st.query_params.get(key)
    if raw is not None and not (raw.isdigit() and low <= int(raw) <= high):
        st.warning(
            f"{label}: the link's value “{escape_markdown(raw)}” is not a whole number from "
            f"{low} to {high}, so the default is used.",
            icon=":material/warning:",
        )


def keep_if_offered(key: str, options: list, default: object = None) -> None:
    """Replace a widget's value (from an old link, or a choice above it that changed its
    options) that its options no longer hold: a list keeps the values still offered, a
    single value becomes `default` (or is forgotten when there is none).

    The value is set rather than only forgotten so that the browser is told: a widget whose
    options change keeps showing what it showed until the server sends it a value."""
    held = st.session_state.get(key)
    if held is None:
        return
    if isinstance(held, list):
        if any(v not in options for v in held):
            st.session_state[key] = [v for v in held if v in options]
    elif held not in options:
        if default is None:
            del st.session_state[key]
        else:
            st.session_state[key] = default


def current_filters() -> Filters:
    state = st.session_state
    return Filters(
        series=tuple(state.get("series") or ()),
        years=tuple(int(y) for y in state.get("year") or ()),
        speakers=tuple(state.get("speaker") or ()),
        verification=tuple(state.get("verification") or ()),
        origin=tuple(state.get("origin") or ()),
    )


# ---------------------------------------------------------------- data versions


@st.cache_data(show_spinner=False, max_entries=4)
def _revisions(url: str, latest: int) -> pd.DataFrame:
    return _store(url).revisions()


@st.cache_data(show_spinner=False, max_entries=4)
def _version_labels(url: str, latest: int) -> dict[int | str, str]:
    """What the sidebar shows for each version, written once per data version (the choice
    lists every version on every run)."""
    labels: dict[int | str, str] = {"latest": f"Latest ({latest})"}
    for r in _revisions(url, latest).itertuples(index=False):
        what = r.filename or f"batch {r.batch_id}"
        labels[r.version] = f"{r.version} · {r.at:%d %b %Y} · {r.action} {what}"
    return labels


def _choose_version(choice: int | str) -> None:
    st.session_state[PINNED_KEY] = None if choice == "latest" else int(choice)
    if choice == "latest":
        st.query_params.pop(VERSION_PARAM, None)
    else:
        st.query_params[VERSION_PARAM] = str(choice)


def render_version_choice() -> None:
    """A sidebar choice of data version: the latest, or any earlier state of the store."""
    latest = latest_version()
    labels = _version_labels(database_url(), latest)
    current = pinned_version() or "latest"
    options = ["latest", *range(latest, 0, -1)]
    # No key: the widget follows the version the address pins, which may change under it.
    choice = st.sidebar.selectbox(
        "Data version", options, index=options.index(current),
        format_func=lambda choice: labels.get(choice, str(choice)),
        help="Every import and every undo makes a new data version. An earlier one shows the "
        "store exactly as it stood then; its address is a permalink.",
    )  # fmt: skip
    if choice != current:
        _choose_version(choice)
        st.rerun()


def render_version_banner() -> None:
    """When a permalink pins a data version: say so, and link to the latest data."""
    pinned = pinned_version()
    if pinned is None:
        return
    latest = latest_version()
    revisions = _revisions(database_url(), latest)
    at = revisions.loc[revisions["version"] == pinned, "at"]
    when = f", as the store stood on {at.iloc[0]:%d %b %Y at %H:%M} UTC" if len(at) else ""
    if pinned == latest:
        st.info(
            f"Data version {pinned}{when}: the latest now. This address will keep showing "
            f"these figures after later imports. [Follow the latest data]({latest_link()})",
            icon=":material/history:",
        )
        return
    st.warning(
        f"You are looking at data version {pinned} of {latest}{when}: statements imported "
        f"since are hidden and later undos not applied. [Open the latest data]({latest_link()})",
        icon=":material/history:",
    )


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


def table(data: pd.DataFrame, **options: object) -> object:
    """A table of the app: no index column, and a missing value shown as "–" (the methodology's
    promise), not Streamlit's grey "None". Returns what st.dataframe returns."""
    return st.dataframe(data, hide_index=True, placeholder=MISSING, **options)


def day_column(label: str) -> object:
    """A table column of days, shown as "3 Sep 2023" like every date of the app."""
    return st.column_config.DateColumn(label, format="D MMM YYYY")


def link_column() -> object:
    """A table column of source links: "open ↗", and only http(s) addresses as links."""
    return st.column_config.LinkColumn("link", display_text="open ↗", validate=r"^https?://")


def named(slugs: pd.Series) -> pd.Series:
    """Series slugs as their names, for a table (a slug the store does not name stays)."""
    names = snapshot().names
    return slugs.map(lambda slug: names.get(slug, slug))


def source_link(outlet: str | None, url: str | None) -> str:
    """Markdown for a source: a link only for http(s) URLs, the outlet name always as text."""
    label = escape_markdown(outlet or url or "unnamed source")
    if url and url.lower().startswith(("http://", "https://")):
        safe = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        return f"[{label}]({safe})"
    return label


def stated_figure(
    value: object, qualifier: object, low: object, high: object, *, measure: object = None,
    unit: object = None, region: object = None,
) -> str:  # fmt: skip
    """A figure as it was stated; an amount with its unit and where it is paid ("exactly
    3,000,000 RUB, Rostov Oblast"), since a bare number reads as a head count."""
    said = as_said(value, qualifier, low, high)
    if measure != LEVEL:
        return said
    stated = f"{said} {unit}" if _has(unit) else said
    return f"{stated}, {region_name(region)}"


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
        said = stated_figure(
            c["value"], c["qualifier"], c["low"], c["high"], measure=c.get("measure"),
            unit=snapshot().units.get(c["series"]), region=c.get("region"),
        )  # fmt: skip
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
