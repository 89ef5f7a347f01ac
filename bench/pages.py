"""Pages ready in Chromium, each against a bare Streamlit page drawing the same points.

Ours: the real server (app.py) on a store of the given size; a page is ready when the app is
connected, its script idle and its first Plotly chart drawn. Baseline: a bare page
(bench/bare_pages.py) served alone at the same address, with the points of the charts our
page draws. The Trend
page is also timed for a filter change: choosing one speaker in the sidebar "Speakers"
multiselect (the bare Trend page has the same one) until the script has rerun and the chart is
redrawn. Both servers are warmed with one visit before timing (their caches filled), so the
numbers are what a reader sees on every visit after the first. Runs alternate ours and bare.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from bench import bare_pages
from bench.common import PROJECT_ROOT, Context, median, result, spread
from bench.data import FILTER_SPEAKER
from bench.server import READY_JS, REDRAWN_JS, WATCH_JS, chromium, open_ready, streamlit_server

PAGE_TIMEOUT = 180  # seconds for one page or rerun before giving up
# Runs per page: a 1k page takes a second or two, a 100k Trend visit several. "shipped" is
# the store seeded with the shipped record (a few hundred claims, amounts by region).
REPEATS = {"1k": 5, "shipped": 5, "100k": 3}
BUDGET = {"1k": 40, "shipped": 40, "100k": 100}  # seconds per page before no new pair starts


@dataclass(frozen=True)
class Page:
    """One measured page: its address, the store size, and how to write its bare page."""

    name: str
    path: str
    size: str
    bare: Callable[[Path, Any, str], Path]  # (folder, the store's View, address) -> script
    filter_change: bool = False


def _trend_bare(folder: Path, view, path: str) -> Path:
    return bare_pages.write_trend_page(folder, view.claims, path)


def sparkline_figures(view) -> list[go.Figure]:
    """The points of the Overview cards' small lines (line and statements), one figure each:
    the cards draw them as pictures, a bare page as charts."""
    figures = []
    for spark in view.sparklines().values():
        if spark is None:
            continue
        figures.append(go.Figure([
            go.Scatter(x=spark.line_x.view("datetime64[ns]"), y=spark.line_y, mode="lines"),
            go.Scatter(x=spark.marker_x.view("datetime64[ns]"), y=spark.marker_y,
                       mode="markers"),
        ]))  # fmt: skip
    return figures


def overview_bare(folder: Path, view, path: str = "") -> Path:
    """What the Overview draws when opened: the cards' small lines (the headline chart is
    built only when its section is opened)."""
    return bare_pages.write_charts_page(folder, sparkline_figures(view), path=path)


def _rates_bare(folder: Path, view, path: str) -> Path:
    figures = [view.rates_chart().figure, view.months_chart().figure]
    return bare_pages.write_charts_page(folder, figures, view.rates_table(), path)


def _comparison_bare(folder: Path, view, path: str) -> Path:
    figures = [view.comparison_chart().figure, view.ratio_chart().figure]
    return bare_pages.write_charts_page(folder, figures, view.comparison_table(), path)


def _incentives_bare(folder: Path, view, path: str) -> Path:
    """What /incentives draws by default: the eight busiest regions' steps, the median with
    the federal payment, the latest amounts ranked, and their table."""
    from recruitment.methodology.levels import NATIONAL, latest

    reps, slug = view.snapshot.level_statements, view.snapshot.level_series
    mine = reps[reps["series"] == slug]
    busiest = mine[mine["region"] != NATIONAL]["region"].value_counts(sort=True)
    drawn = tuple(sorted(busiest.index[:8]))
    figures = [view.level_steps_chart(slug, drawn).figure, view.incentives_chart(slug).figure,
               view.level_latest_chart(slug).figure]  # fmt: skip
    return bare_pages.write_charts_page(folder, figures, latest(reps, slug), path)


PAGES = (
    Page("Trend", "trend", "100k", _trend_bare, filter_change=True),
    Page("Trend", "trend", "1k", _trend_bare, filter_change=True),
    Page("Overview", "", "1k", overview_bare),
    Page("Monthly rates", "monthly-rates", "1k", _rates_bare),
    Page("Official vs independent", "official-vs-independent", "1k", _comparison_bare),
    Page("Incentives", "incentives", "shipped", _incentives_bare),
)


def ready_figure(page: Page) -> str:
    size = "the shipped record" if page.size == "shipped" else f"{page.size} claims"
    return f"{page.name} page ready in Chromium, {size} vs bare page of the same points"


def filter_figure(page: Page) -> str:
    return (
        f"{page.name} filter change (pick a speaker) until redrawn, {page.size} claims vs bare page"
    )


def choose_speaker(page, speaker: str = FILTER_SPEAKER, timeout: float = PAGE_TIMEOUT) -> float:
    """Pick `speaker` in the sidebar "Speakers" multiselect; seconds until the rerun is done
    and the chart redrawn. Opening the list and typing are not timed, the choice is."""
    box = (
        page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]')
        .filter(has_text="Speakers")
        .first
    )
    box.locator("input").first.click()
    box.locator("input").first.fill(speaker)
    option = page.get_by_role("option", name=speaker, exact=True)
    option.wait_for(timeout=timeout * 1000)
    page.evaluate(WATCH_JS)
    t0 = time.perf_counter()
    option.click()
    page.wait_for_function(REDRAWN_JS, polling="raf", timeout=timeout * 1000)
    return time.perf_counter() - t0


def _visit(browser, url: str, filter_change: bool) -> tuple[float, float | None]:
    """(seconds until ready, seconds for the filter change or None) in a fresh session."""
    page, ready = open_ready(browser, url, chart=True, timeout=PAGE_TIMEOUT)
    changed = None
    try:
        if filter_change:
            changed = choose_speaker(page)
            if not page.evaluate(READY_JS, True):
                raise RuntimeError("the page was not ready after the filter change")
    finally:
        page.context.close()
    return ready, changed


def _measure_page(ctx: Context, browser, ours: str, page: Page, work: Path) -> dict[str, list]:
    from recruitment.service import Store

    store = Store.open(ctx.stores[page.size], seed=False)
    try:
        folder = work / f"bare-{page.path or 'overview'}-{page.size}"
        script = page.bare(folder, store.view(), page.path)
    finally:
        store.close()
    times: dict[str, list[float]] = {"ours": [], "bare": [], "ours_filter": [], "bare_filter": []}
    label = f"{page.name} {page.size}"
    with streamlit_server(script, work / f"bare-{page.size}.log", cwd=script.parent) as (bare, _):
        bare = f"{bare}/{page.path}"  # the same address as ours (see bench/bare_pages.py)
        for url in (f"{ours}/{page.path}", bare):  # warm both
            _visit(browser, url, False)
        started = time.perf_counter()
        for i in range(REPEATS[page.size]):
            if i and time.perf_counter() - started > BUDGET[page.size]:
                break
            for who, url in (("ours", f"{ours}/{page.path}"), ("bare", bare)):
                ready, changed = _visit(browser, url, page.filter_change)
                times[who].append(ready)
                if changed is not None:
                    times[f"{who}_filter"].append(changed)
            ctx.log(
                f"pages: {label} run {i + 1}: ready {times['ours'][-1]:.2f} s vs "
                f"{times['bare'][-1]:.2f} s"
                + (
                    f"; filter {times['ours_filter'][-1]:.2f} s vs {times['bare_filter'][-1]:.2f} s"
                    if page.filter_change
                    else ""
                )
            )
    return times


def measure(ctx: Context) -> dict[tuple[str, str], dict[str, list]]:
    """Every page of PAGES, ours and bare side by side, one app server per store size."""
    work = ctx.tmp / "pages"
    work.mkdir(exist_ok=True)
    out: dict[tuple[str, str], dict[str, list]] = {}
    with chromium() as browser:
        for size in dict.fromkeys(p.size for p in PAGES):
            env = {"RECRUITMENT_DATABASE_URL": ctx.stores[size]}
            with streamlit_server(PROJECT_ROOT / "app.py", work / f"app-{size}.log", env=env) as (
                ours,
                _,
            ):
                for page in (p for p in PAGES if p.size == size):
                    try:
                        out[(page.name, size)] = _measure_page(ctx, browser, ours, page, work)
                    except Exception as exc:  # recorded as that page's failed rows
                        ctx.log(f"pages: {page.name} {size}: FAILED: {type(exc).__name__}: {exc}")
                        out[(page.name, size)] = {"error": [exc]}
    return out


def rows(measured: dict[tuple[str, str], dict[str, list]]) -> list[dict[str, Any]]:
    """A ready row per page, and a filter-change row for the pages that have one."""
    from bench.common import failed

    out = []
    for page in PAGES:
        times = measured.get((page.name, page.size), {"error": [RuntimeError("not measured")]})
        if "error" in times:
            out.append(failed(ready_figure(page), "s", "at most 1.0x the baseline",
                              times["error"][0]))  # fmt: skip
            if page.filter_change:
                out.append(failed(filter_figure(page), "ms", "at most 1.0x the baseline",
                                  times["error"][0]))  # fmt: skip
            continue
        value, base = median(times["ours"]), median(times["bare"])
        out.append(result(
            ready_figure(page), value, base, "s", "at most 1.0x the baseline", value <= base,
            f"runs (s): ours {spread(times['ours'])}; bare {spread(times['bare'])}",
        ))  # fmt: skip
        if page.filter_change:
            value = median(times["ours_filter"]) * 1000
            base = median(times["bare_filter"]) * 1000
            out.append(result(
                filter_figure(page), value, base, "ms", "at most 1.0x the baseline", value <= base,
                f"runs (ms): ours {spread(times['ours_filter'], 1000, 0)}; "
                f"bare {spread(times['bare_filter'], 1000, 0)}",
            ))  # fmt: skip
    return out
