"""Monthly rates: the pace each pair of statements implies, beside the paces officials state."""

import streamlit as st

from pages import common, exports
from recruitment.figures.rates import months_figure, rates_figure
from recruitment.ingest import exporting
from recruitment.methodology.months import monthly_allocation
from recruitment.methodology.paces import stated_paces
from recruitment.methodology.rates import intervals, rates_table
from recruitment.vocab import RATE_COLUMNS

common.ensure_app()
st.title("Monthly rates")
st.caption(
    "Between two statements of a running count, the increase divided by the days between them, "
    "times 30.4375 days a month. The band shows how far the wording of the two statements lets "
    "the rate range."
)

if common.load_claims().empty:
    common.render_empty_store()
    st.stop()
claims = common.filtered_claims()
names = common.series_names()
min_days = st.columns([1, 3])[0].number_input(
    "Minimum days between statements", min_value=0, max_value=366, value=0, step=1,
    key="min_days", bind="query-params",
    help="Statements closer than this to the previous one kept are skipped, so that short "
    "intervals (where rounding dominates) do not swamp the chart. 0 keeps every statement.",
)  # fmt: skip
table_source = intervals(claims, min_days=int(min_days))
if table_source.empty:
    common.render_no_match()
    st.stop()

st.plotly_chart(
    rates_figure(table_source, stated_paces(claims), series_names=names, colors=common.colors()),
    key="monthly-rates",
)
exports.render_rates_exports(claims, table_source)

st.subheader("Implied recruits per calendar month")
st.caption(
    "Each interval's average daily increase spread over its days and summed by month. A month "
    "only partly covered by statements is marked with the share covered."
)
st.plotly_chart(
    months_figure(monthly_allocation(table_source), series_names=names, colors=common.colors()),
    key="calendar-months",
)
exports.render_months_exports(claims, table_source)

st.subheader("Intervals")
st.caption(
    "The same numbers as `python -m recruitment rates` with the same filters: rates rounded to "
    "whole people, flags `decrease` (a later figure is lower) and `conflict` (statements about "
    "one date disagree)."
)
table = rates_table(table_source)
number = st.column_config.NumberColumn
st.dataframe(
    table,
    hide_index=True,
    key="rates-table",
    column_config={
        "series": st.column_config.TextColumn("series"),
        "days": number("days", format="localized"),
        "increase": number("increase", format="localized"),
        "monthly_rate": number("per month", format="localized"),
        "monthly_rate_low": number("low", format="localized"),
        "monthly_rate_high": number("high", format="localized"),
    },
)
st.download_button(
    "Download intervals (CSV)",
    exporting.render(table, RATE_COLUMNS, "csv"),
    file_name="monthly-rates.csv",
    mime="text/csv",
    icon=":material/download:",
)
