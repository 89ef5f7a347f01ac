"""Sources: every statement with its link, words, note and verification; one in detail."""

import pandas as pd
import streamlit as st

from pages import common, deep_link
from recruitment.formatting import escape_markdown, fmt_counted
from recruitment.search import search_claims

deep_link.ensure_app()
st.title("Sources")
st.caption("Every stored statement with where it was reported. Select a row to see it in full.")

if common.snapshot().claims.empty:
    common.render_empty_store()
    st.stop()
names = common.snapshot().names
query = st.text_input(
    "Search", key="q", bind="query-params",
    placeholder="Words from a quote, note, speaker, outlet or link",
)  # fmt: skip
claims = search_claims(common.full_claims(), query)
if claims.empty and query.strip():
    words = escape_markdown(query.strip())
    elsewhere = len(search_claims(common.full_claims(filtered=False), query))
    if elsewhere:  # the filters hide them
        st.warning(
            f"No statement under the sidebar filters holds all the words searched for "
            f"({words}); {elsewhere:,} outside them do. Clear a filter to see them.",
            icon=":material/filter_alt:",
        )
    else:
        st.warning(
            f"No statement holds all the words searched for ({words}); try fewer or other words.",
            icon=":material/search_off:",
        )
    st.stop()
if claims.empty:
    common.render_no_match()
    st.stop()

claims = claims.sort_values(["announced_on", "series", "id"], ascending=[False, True, True])
units = common.snapshot().units
said = [
    common.stated_figure(v, q, lo, hi, measure=m, unit=units.get(s), region=r)
    for v, q, lo, hi, m, s, r in zip(
        claims["value"], claims["qualifier"], claims["low"], claims["high"], claims["measure"],
        claims["series"], claims["region"], strict=True,
    )
]  # fmt: skip
table = pd.DataFrame({
    "said on": claims["announced_on"].dt.date,
    "series": claims["series"].map(lambda s: names.get(s, s)),
    "origin": claims["origin"],
    "figure": said,
    "speaker": claims["speaker"],
    "outlet": claims["outlet"],
    "link": claims["url"],
    "quote": claims["quote"],
    "as of": claims["as_of"].dt.date,
    "body": claims["body"],
    "note": claims["note"],
    "verification": claims["verification"],
    "qualifier": claims["qualifier"],
    "batch": claims["batch_id"],
    "claim": claims["id"],
})  # fmt: skip
st.caption(fmt_counted(len(table), "statement"))
picked = common.table(
    table,
    key="sources-table",
    on_select="rerun",
    selection_mode="single-row",
    column_config={
        "said on": common.day_column("said on"),
        "as of": common.day_column("as of"),
        "link": common.link_column(),
        "quote": st.column_config.TextColumn("quote", width="large"),
        "note": st.column_config.TextColumn("note", width="large"),
    },
)  # fmt: skip

st.subheader("Statement in detail")
rows = picked.selection.rows if picked is not None else []
if rows:
    common.render_claim_note(claims, int(table.iloc[rows[0]]["claim"]), names)
else:
    st.caption("Select a row in the table to see the statement in full.")
