"""Monthly rates: the pace each pair of statements implies, beside the paces officials state."""

import pandas as pd
import streamlit as st

from pages import common, deep_link, exports
from recruitment.ingest import exporting
from recruitment.vocab import RATE_COLUMNS

deep_link.ensure_app()
st.title("Monthly rates")
st.caption(
    "Between two statements of a running count, the increase divided by the days between them, "
    "times 30.4375 days a month. The band shows how far the wording of the two statements lets "
    "the rate range."
)

if common.snapshot().claims.empty:
    common.render_empty_store()
    st.stop()
view = common.view()
common.warn_if_not_whole("min_days", 0, 366, "Minimum days between statements")
min_days = int(st.columns([1, 3])[0].number_input(
    "Minimum days between statements", min_value=0, max_value=366, value=0, step=1,
    key="min_days", bind="query-params",
    help="Statements closer than this to the previous one kept are skipped, so that short "
    "intervals (where rounding dominates) do not swamp the chart. 0 keeps every statement.",
))  # fmt: skip
if view.intervals(min_days).empty:
    common.render_no_match()
    st.stop()

exports.render_chart(view.rates_chart(min_days))

st.subheader("Implied recruits per calendar month")
st.caption(
    "Each interval's average daily increase spread over its days and summed by month. A month "
    "only partly covered by statements is marked with the share covered."
)
exports.render_chart(view.months_chart(min_days))

st.subheader("Intervals")
st.caption(
    "The same numbers as `python -m recruitment rates` with the same filters: rates rounded to "
    "whole people, flags `decrease` (a later figure is lower) and `conflict` (statements about "
    "one date disagree)."
)
table = view.rates_table(min_days)
number = st.column_config.NumberColumn
common.table(
    table.assign(
        series=common.named(table["series"]),
        **{c: pd.to_datetime(table[c]) for c in ("period_start", "from_date", "to_date")},
    ),  # shown with names and dates; the CSV keeps the slugs and ISO days
    key="rates-table",
    column_config={
        "series": st.column_config.TextColumn("series"),
        "period_start": common.day_column("count started"),
        "from_date": common.day_column("from"),
        "to_date": common.day_column("to"),
        "days": number("days", format="localized"),
        "increase": number("increase", format="localized"),
        "monthly_rate": number("per month", format="localized"),
        "monthly_rate_low": number("low", format="localized"),
        "monthly_rate_high": number("high", format="localized"),
    },
)
st.download_button(
    "Download intervals (CSV)",
    data=lambda: exporting.render(table, RATE_COLUMNS, "csv"),  # written on click
    file_name="monthly-rates.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
)
