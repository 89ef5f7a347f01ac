"""Trend: every statement as a point with its range; click one to see where it came from."""

import streamlit as st

from pages import common, deep_link, exports

deep_link.ensure_app()
st.title("Trend")
st.caption(
    "Each point is one statement, with a bar for the range its wording allows. Lines join the "
    "statements of one year; each year starts from zero."
)

if common.snapshot().claims.empty:
    common.render_empty_store()
    st.stop()
view = common.view()
if not view.has_running_counts:
    common.render_no_match()
    st.stop()


def selected_claim(event: object) -> int | None:
    """The claim id behind the clicked point (customdata[0]), if any."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata")
        if data:
            return int(data[0])
    return None


# Only the open tab is built; the open tab is part of the page address.
TABS = {"Running count": view.trend_chart, "Year over year": view.year_over_year_chart}
tabs = st.tabs(list(TABS), key="view", on_change="rerun", bind="query-params")
chosen = None
for tab, build in zip(tabs, TABS.values(), strict=True):
    if tab.open:
        with tab:
            chart = build()
            event = st.plotly_chart(
                chart.figure, key=chart.name, on_select="rerun", selection_mode="points"
            )
            exports.render_exports(chart)
        chosen = selected_claim(event)

st.subheader("Source note")
if chosen is None:
    st.caption("Click a point on the chart to see who said it, where, and in what words.")
else:
    common.render_claim_note(view.claims, chosen, common.snapshot().names)
