"""Report: a one-page brief of the current view, laid out for a screenshot or print to PDF.

Headline figures, the trend, the monthly rates and the sources on one page, with the same
filters as every other page (they stay in the address). Clean mode hides the sidebar and the
app's menus for a screenshot; printing hides them anyway. The only HTML injected here is the
static CSS below: no text from the data ever goes into it.
"""

import datetime as dt

import plotly.graph_objects as go
import streamlit as st

from pages import common, deep_link
from recruitment.formatting import as_said, escape_markdown, fmt_count, fmt_day, is_missing
from recruitment.reporting import brief
from recruitment.reporting.provenance import citation_text, latest_as_of

# Chart height on the brief: the headline, two charts and the sources fit a landscape page
# or two portrait ones in print.
CHART_HEIGHT = 380
# Hidden on paper: the app's chrome and the clean-mode switch. Charts never split a page.
PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  [data-testid="stExpandSidebarButton"], [data-testid="stStatusWidget"],
  [data-testid="stSidebarCollapsedControl"], .st-key-clean { display: none !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  .stPlotlyChart, [data-testid="stMetric"], table { break-inside: avoid; }
  @page { margin: 12mm; }
}
</style>
"""
# On screen in clean mode: the same chrome hidden, the switch faint until pointed at.
CLEAN_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
[data-testid="stExpandSidebarButton"], [data-testid="stStatusWidget"],
[data-testid="stSidebarCollapsedControl"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem !important; }
.st-key-clean { opacity: 0.35; }
.st-key-clean:hover { opacity: 1; }
</style>
"""

deep_link.ensure_app()
st.html(PRINT_CSS)
heading, switch = st.columns([5, 1], vertical_alignment="center")
clean = switch.toggle(
    "Clean mode", key="clean", bind="query-params",
    help="Hide the sidebar and the app menu, for a screenshot. Printing (Ctrl+P) hides them "
    "anyway. The setting is part of the address.",
)  # fmt: skip
if clean:
    st.html(CLEAN_CSS)
heading.title("Recruitment brief")

if common.snapshot().claims.empty:
    common.render_empty_store()
    st.stop()
view = common.view()
claims = view.official_claims
if claims.empty:
    common.render_no_match()
    st.stop()
names = common.snapshot().names
filters = view.filters
as_of = latest_as_of(claims)
st.caption(
    f"{common.APP_NAME} · official statements up to {fmt_day(as_of)} · "
    f"{fmt_count(len(claims))} statements · "
    + escape_markdown(
        brief.filters_sentence(
            series=filters.series, years=filters.years, speakers=filters.speakers,
            verification=filters.verification, names=names,
        )
    )
)  # fmt: skip

summary = view.ranked_summary()
if not summary.empty:
    lead = summary.iloc[0]  # the running count that leads the Overview page too
    st.subheader(escape_markdown(names.get(lead["series"], lead["series"])))
    latest, pace, last, projected = st.columns(4)
    latest.metric(
        f"Latest figure, as of {fmt_day(lead['as_of'])}",
        as_said(lead["value"], lead["qualifier"], lead["low"], lead["high"]),
    )
    pace.metric(f"Per month since {fmt_day(lead['period_start'])}", fmt_count(lead["pace"]))
    if not is_missing(lead["last_from"]):
        last.metric("Per month, latest interval", fmt_count(lead["last_rate"]))
    projected.metric("Projected for the year", fmt_count(lead["projected"]))
    st.markdown(brief.markdown_table(brief.HEADLINE_COLUMNS, brief.headline_rows(summary, names)))

# One chart per row: side by side, the legends of several series leave no room for the data.
# The page's own figures, at the brief's height (on a copy: the page's figure is shared).
# Drawn afresh when clean mode changes the page's width: Plotly, redrawing a chart in place
# at the new width, left its legend over the plot and the event labels.
mode = "clean" if clean else "full"
st.markdown("**Running counts**")
st.plotly_chart(
    go.Figure(view.trend_chart().figure).update_layout(height=CHART_HEIGHT),
    key=f"report-trend-{mode}", config={"displayModeBar": False},
)  # fmt: skip
st.markdown("**Implied monthly rate between statements**")
st.plotly_chart(
    go.Figure(view.rates_chart().figure).update_layout(height=CHART_HEIGHT),
    key=f"report-rates-{mode}", config={"displayModeBar": False},
)  # fmt: skip

st.markdown("**Sources**")
listed = brief.sources(claims)
columns = st.columns(2)
half = (len(listed) + 1) // 2
for i, column in enumerate(columns):
    part = listed.iloc[i * half : (i + 1) * half]
    lines = [
        f"- {common.source_link(row.outlet, row.url or None)} · {row.statements} "
        f"statement{'s' if row.statements != 1 else ''}, latest as of {fmt_day(row.latest)}"
        for row in part.itertuples(index=False)
    ]
    column.markdown("\n".join(lines) or "–")

st.caption(
    "Figures are as officials stated them, not independently verified; ranges show how far "
    "their wording lets each figure go. Monthly rates are the increase between consecutive "
    "statements over the days between them, times 30.4375. Method: the Methodology page. "
    f"Prepared {fmt_day(dt.date.today())}."
)
st.caption("Cite as (the box copies it whole, with a link that works when pasted):")
st.code(citation_text(claims, common.edition()), language=None, wrap_lines=True)
