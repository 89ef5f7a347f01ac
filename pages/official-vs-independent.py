"""Official vs independent: each independent estimate beside the official figure for the same
time, and the ratio of the two with its range."""

import streamlit as st

from pages import common, deep_link, exports
from recruitment.ingest import exporting
from recruitment.methodology.compare import TABLE_COLUMNS

deep_link.ensure_app()
st.title("Official vs independent")
st.caption(
    "Official figures are what Russian officials said; independent figures are estimates by "
    "researchers (from budget payments and regional bonus spending) and by intelligence "
    "services. Each estimate is compared with the official running count over the same "
    "period, or, for a pace, with the official monthly rate of the interval that holds its "
    "date. Speaker and origin filters do not apply here: both sides are always shown."
)

if common.snapshot().claims.empty:
    common.render_empty_store()
    st.stop()
view = common.view()
if view.comparisons().empty:
    st.info(
        "No independent estimate has an official figure for the same time under the filters in "
        "the sidebar. Estimates are series whose origin is independent and that name the "
        "official series they are compared with (compare_with).",
        icon=":material/compare_arrows:",
    )
    st.stop()

exports.render_chart(view.comparison_chart())

st.subheader("Official ÷ independent")
st.caption(
    "Above 1, officials said more than the estimate; below 1, less. The bar is the range the "
    "wording of both figures allows (interval arithmetic). Comparisons that rest on "
    "conflicting or decreasing official statements are listed in the table only."
)
exports.render_chart(view.ratio_chart())

st.subheader("Every comparison")
table = view.comparison_table()
number = st.column_config.NumberColumn
common.table(
    table.assign(series=common.named(table["series"]),
                 official_series=common.named(table["official_series"])),  # CSV: the slugs
    key="comparison-table",
    column_config={
        "series": st.column_config.TextColumn("estimate series"),
        "official_series": st.column_config.TextColumn("official series"),
        "period_start": common.day_column("from"),
        "period_end": common.day_column("to"),
        "as_of": common.day_column("as of"),
        "announced_on": common.day_column("published"),
        **{c: number(c.replace("_", " "), format="localized") for c in (
            "estimate", "estimate_low", "estimate_high", "official", "official_low",
            "official_high")},
        **{c: number(c.replace("_", " "), format="%.2f") for c in (
            "ratio", "ratio_low", "ratio_high")},
        "url": common.link_column(),
    },
)  # fmt: skip
st.download_button(
    "Download comparisons (CSV)",
    data=lambda: exporting.render(table, TABLE_COLUMNS, "csv"),  # written on click
    file_name="official-vs-independent.csv",
    mime="text/csv",
    on_click="ignore",
    icon=":material/download:",
    help="The same table as `python -m recruitment compare`.",
)
