"""Trend: every statement as a point with its range; click one to see where it came from."""

import streamlit as st

from pages import common, deep_link, exports

deep_link.ensure_app()
st.title("Trend")
what = st.empty()  # what the open tab draws, said once the tab is known

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


def render_year_totals() -> None:
    """Every statement about each year's total, in the order said, as a chart and a table."""
    table = view.year_statements()
    counts = table["series"].value_counts()
    if counts.empty:
        st.info("No running count has a statement about a year's total under these filters.")
        return
    names = common.snapshot().names
    series = st.selectbox(
        "Running count", counts.index.tolist(), key="totals_series", bind="query-params",
        format_func=lambda slug: names.get(slug, slug),
    )  # fmt: skip
    exports.render_chart(view.year_totals_chart(series))
    mine = table[table["series"] == series]
    common.table(
        mine[["year", "announced_on", "as_of", "said", "change", "beyond_wording", "speaker",
              "outlet", "url"]],
        key="year-totals-table",
        column_config={
            "announced_on": common.day_column("said on"),
            "as_of": common.day_column("as of"),
            "change": st.column_config.NumberColumn("change", format="localized"),
            "beyond_wording": st.column_config.CheckboxColumn("beyond its wording"),
            "url": common.link_column(),
        },
    )  # fmt: skip


# Only the open tab is built; the open tab is part of the page address.
TABS = {"Running count": view.trend_chart, "Year over year": view.year_over_year_chart,
        "Year totals": None}  # fmt: skip
tabs = st.tabs(list(TABS), key="view", on_change="rerun", bind="query-params")
chosen, clickable = None, True
for tab, build in zip(tabs, TABS.values(), strict=True):
    if tab.open and build is None:
        what.caption(
            "Every statement about a year's total in the order it was said, restatements "
            "included; a change beyond what the wording allows is marked."
        )
        with tab:
            render_year_totals()
        clickable = False  # the table beside that chart holds every source
    elif tab.open:
        what.caption(
            "Each point is one statement, with a bar for the range its wording allows. Lines "
            "join the statements of one year; each year starts from zero."
        )
        with tab:
            chart = build()
            event = st.plotly_chart(
                chart.figure, key=chart.name, on_select="rerun", selection_mode="points"
            )
            exports.render_export_row(chart)
        chosen = selected_claim(event)

if clickable:
    st.subheader("Source note")
    if chosen is None:
        st.caption("Click a point on the chart to see who said it, where, and in what words.")
    else:
        common.render_claim_note(view.claims, chosen, common.snapshot().names)
        st.caption("Double-click the chart to clear the choice and show every point again.")
