"""Methodology: what every number means, with the worked example computed by the same code."""

import streamlit as st

from pages import common, deep_link
from recruitment.methodology.examples import worked_example_claims
from recruitment.methodology.rates import intervals, rates_table
from recruitment.settings import PROJECT_ROOT

TEXT = PROJECT_ROOT / "docs" / "methodology.md"
# docs/methodology.md marks where its static example table is; the page shows the live one.
START, END = "<!-- live:worked-example -->", "<!-- /live:worked-example -->"

deep_link.ensure_app()
st.title("Methodology")
# The document's own heading is replaced by the page title.
text = TEXT.read_text(encoding="utf-8").split("\n", 1)[1]
before, rest = text.split(START, 1)
after = rest.split(END, 1)[1]
st.markdown(before)
table = rates_table(intervals(worked_example_claims()))
common.table(
    table[["from_date", "to_date", "days", "increase", "monthly_rate", "monthly_rate_low",
           "monthly_rate_high"]],
    key="worked-example",
    column_config={
        "monthly_rate": st.column_config.NumberColumn("per month", format="localized"),
        "monthly_rate_low": st.column_config.NumberColumn("low", format="localized"),
        "monthly_rate_high": st.column_config.NumberColumn("high", format="localized"),
        "increase": st.column_config.NumberColumn("increase", format="localized"),
    },
)  # fmt: skip
st.caption("Computed just now by the same code as the Monthly rates page and the command line.")
st.markdown(after)
