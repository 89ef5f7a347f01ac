"""Trend: every statement as a point with its range; click one to see where it came from."""

import streamlit as st

from pages import common, exports
from recruitment.figures.trend import trend_figure, year_over_year_figure

common.ensure_app()
st.title("Trend")
st.caption(
    "Each point is one statement, with a bar for the range its wording allows. Lines join the "
    "statements of one year; each year starts from zero."
)

if common.load_claims().empty:
    common.render_empty_store()
    st.stop()
claims = common.filtered_claims()
cumulative = claims[claims["measure"] == "cumulative"]
if cumulative.empty:
    common.render_no_match()
    st.stop()
names = common.series_names()


def selected_claim(event: object) -> int | None:
    """The claim id behind the clicked point (customdata[0]), if any."""
    points = getattr(getattr(event, "selection", None), "points", None) or []
    for point in points:
        data = point.get("customdata")
        if data:
            return int(data[0])
    return None


running, yearly = st.tabs(["Running count", "Year over year"])
with running:
    event = st.plotly_chart(
        trend_figure(
            cumulative, common.load_events(), series_names=names, colors=common.colors()
        ),
        key="trend", on_select="rerun", selection_mode="points",
    )  # fmt: skip
    exports.render_trend_exports(cumulative)
with yearly:
    yearly_event = st.plotly_chart(
        year_over_year_figure(cumulative, series_names=names),
        key="year-over-year", on_select="rerun", selection_mode="points",
    )  # fmt: skip
    exports.render_year_over_year_exports(cumulative)

chosen = selected_claim(event) or selected_claim(yearly_event)
st.subheader("Source note")
if chosen is None:
    st.caption("Click a point on the chart to see who said it, where, and in what words.")
else:
    common.render_claim_note(claims, chosen, names)
