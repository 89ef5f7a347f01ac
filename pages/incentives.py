"""Incentives: what recruits are offered, as amounts in force by region, and the median
regional payment beside the implied recruitment rate."""

import pandas as pd
import streamlit as st

from pages import common, deep_link, exports
from recruitment.figures.levels import region_name
from recruitment.formatting import as_said, escape_markdown, fmt_counted, fmt_day
from recruitment.methodology.levels import NATIONAL, latest

# Regions drawn when none is chosen: the DRAWN with the most statements, or every one.
DRAWN = 8

deep_link.ensure_app()
st.title("Incentives")
st.caption(
    "What recruits are offered: sign-up payments and pay, each an amount in force from the day "
    "stated until the next statement for the same region. Amounts are shown in their own unit; "
    "nothing is converted. The sidebar filters apply to the counts, not to this page."
)

snapshot = common.snapshot()
reps = snapshot.level_statements
if reps.empty:
    st.info(
        "There are no sign-up payments or other amounts in the store yet. Add a level series "
        "(measure `level`, with a unit) and its statements on the Upload page.",
        icon=":material/info:",
    )
    st.stop()

series = snapshot.series.set_index("slug")
stated = series.loc[sorted(set(reps["series"]))]
# Drop a choice from an earlier address that this store does not offer, before its widget.
units = sorted(stated["unit"].dropna().unique())
default_unit = series.at[snapshot.level_series, "unit"] if snapshot.level_series else units[0]
common.keep_if_offered("unit", units, default_unit)
unit = st.segmented_control(
    "Unit", units, key="unit", bind="query-params", default=default_unit,
    format_func=escape_markdown,  # a unit is uploaded text; option labels are Markdown
    help="Amounts are never converted between units.",
) or default_unit  # fmt: skip

offered = stated[stated["unit"] == unit]
by_regions = reps[reps["region"] != NATIONAL].groupby("series")["region"].nunique()
choices = sorted(offered.index, key=lambda slug: (-by_regions.get(slug, 0), slug))
common.keep_if_offered("level", choices, choices[0])
left, right = st.columns([2, 3])
slug = left.selectbox(
    "Series", choices, key="level", bind="query-params",
    format_func=lambda s: series.at[s, "name"],
    help="What is paid or offered, the series stated for most regions first.",
)  # fmt: skip
mine = reps[reps["series"] == slug]
regions = sorted(r for r in mine["region"].unique() if r != NATIONAL)
shown = (
    f"The {DRAWN} regions with the most statements" if len(regions) > DRAWN
    else "No regional statements" if not regions
    else "The one region with statements" if len(regions) == 1
    else f"All {len(regions)} regions with statements"
)  # fmt: skip
common.keep_if_offered("region", regions)
chosen = right.multiselect(
    "Regions", regions, key="region", bind="query-params", placeholder=shown,
)  # fmt: skip
definition = series.at[slug, "definition"]
kind = series.at[slug, "kind"]
kind = escape_markdown(kind) if isinstance(kind, str) and kind.strip() else "level"
st.caption(
    f"**{kind}**, {fmt_counted(by_regions.get(slug, 0), 'region')} · {escape_markdown(definition)}"
)

busiest = mine[mine["region"] != NATIONAL]["region"].value_counts(sort=True)
# Without regional statements, the federal amount is the one line to draw.
drawn = tuple(chosen) or tuple(sorted(busiest.index[:DRAWN])) or (NATIONAL,)
view = common.view()


def latest_table() -> None:
    """The latest statement of each region (the chosen ones, else all), with its source."""
    table = latest(reps, slug)
    if chosen:
        table = table[table["region"].isin(chosen)]
    full = common.in_full(snapshot.levels[snapshot.levels["id"].isin(table["id"])])
    table = table[["id", "region", "value", "qualifier", "as_of", "announced_on"]].merge(
        full[["id", "speaker", "body", "outlet", "url", "quote", "note"]], on="id"
    )
    said = zip(table["value"], table["qualifier"], strict=True)
    table.insert(2, "amount", [f"{as_said(v, q)} {unit}" for v, q in said])
    common.table(
        table.drop(columns=["id", "value", "qualifier"]).assign(
            region=lambda f: f["region"].replace(NATIONAL, "federal")
        ),
        key="incentives-latest-table",
        column_config={
            "as_of": common.day_column("in force from"),
            "announced_on": common.day_column("said on"),
            "url": common.link_column(),
        },
    )  # fmt: skip


if len(mine) == 1:
    # One statement: a step line of one dot, a median of one region and one bar would be
    # three charts with nothing to compare, so the statement is shown as said instead.
    (one,) = mine.itertuples()
    st.subheader("The one statement of this series")
    with st.container(border=True):
        # A metric's label and value are Markdown: the region and unit are uploaded text.
        st.metric(
            escape_markdown(region_name(one.region)),
            escape_markdown(f"{as_said(one.value, one.qualifier)} {unit}"),
        )
        reported = f", reported by {escape_markdown(one.outlet)}" if one.outlet else ""
        reports = ""
        if one.statements > 1:
            disagree = ", which disagree" if one.conflict else ""
            reports = f" {one.statements} reports of this date{disagree}, listed on Sources."
        st.caption(
            f"In force from {fmt_day(one.as_of)}, said {fmt_day(one.announced_on)}{reported}."
            f"{reports} A chart needs a second date; the table below gives the source."
        )
    latest_table()
    st.stop()

tabs = st.tabs(["By region", "Beside the counts"], key="show", on_change="rerun",
               bind="query-params")  # fmt: skip
if tabs[0].open:
    with tabs[0]:
        st.subheader("Amount in force by region" if regions else "Federal amount in force")
        if not regions:
            st.caption("This series has federal statements only.")
        elif not chosen:
            st.caption(f"{shown}; choose regions above.")
        exports.render_chart(view.level_steps_chart(slug, drawn))
        if not regions:
            st.caption("A median across regions and a ranking of regions need regional amounts.")
            st.subheader("Latest statement")
            latest_table()
            st.stop()

        st.subheader("Median across regions")
        st.caption(
            "At each date, the median of the amounts in force in every region that had stated "
            "one by then (regions without a statement yet are not counted), with the federal "
            "payment beside it where there is one. The lower panel shows how many regions the "
            "median rests on."
        )
        exports.render_chart(view.incentives_chart(slug))

        st.subheader("Latest amount by region")
        exports.render_chart(view.level_latest_chart(slug, tuple(chosen)))
        latest_table()
if tabs[1].open:
    with tabs[1]:
        st.caption(
            "Did pay rise as recruitment slowed? Top: the median regional amount in force. "
            "Bottom: the monthly recruitment rate the official running count implies between "
            "statements at least 30 days apart (the sidebar filters apply to it). Two panels "
            "on one time axis, never two y axes."
        )
        if not regions:
            st.info("This series has federal statements only, so there is no regional median.")
            st.stop()
        chart = view.aligned_chart(slug)
        if chart.claims.empty or pd.isna(chart.claims["as_of"].max()):
            st.info("Both a regional amount and an implied monthly rate are needed here.")
        else:
            exports.render_chart(chart)
