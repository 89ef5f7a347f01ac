"""Overview: the latest figure of every running count, its pace, projection and freshness."""

import pandas as pd
import streamlit as st

from pages import common, deep_link, exports
from recruitment.formatting import as_said, escape_markdown, fmt_count, fmt_day
from recruitment.reporting.brief import flag_words

deep_link.ensure_app()
st.title("Overview")
st.caption(
    "Official statements of how many people signed military contracts, and the monthly pace "
    "they imply. Figures are as officials stated them; ranges show how rounded they are."
)

if common.snapshot().claims.empty:
    common.render_empty_store()
    st.stop()
view = common.view()
summary = view.ranked_summary()
if summary.empty:
    common.render_no_match()
    st.stop()
names = common.snapshot().names


def band(low: float, high: float) -> str:
    low_text, high_text = fmt_count(low), fmt_count(high)
    if low_text == high_text:  # from exact figures: nothing to widen
        return "no range: exact figures"
    return f"range {low_text} to {high_text}"


sparklines = view.sparkline_images()
for row in view.summary_rows():
    with st.container(border=True):
        st.subheader(escape_markdown(names.get(row.series, row.series)))
        latest, pace, last, projection = st.columns([1.4, 1, 1, 1])
        latest.metric("Latest figure", as_said(row.value, row.qualifier, row.low, row.high))
        who = ", ".join(escape_markdown(v) for v in (row.speaker, row.body) if isinstance(v, str))
        latest.markdown(
            f"As of {fmt_day(row.as_of)}. {who or 'Unnamed speaker'}, said on "
            f"{fmt_day(row.announced_on)}; reported by {common.source_link(row.outlet, row.url)}"
        )
        pace.metric(f"Per month since {fmt_day(row.period_start)}", fmt_count(row.pace))
        pace.caption(band(row.pace_low, row.pace_high))
        if pd.notna(row.last_from):
            last.metric("Per month, latest interval", fmt_count(row.last_rate))
            flags = f" · flagged: {flag_words(row.last_flags)}" if row.last_flags else ""
            last.caption(
                f"{fmt_day(row.last_from)} to {fmt_day(row.as_of)} · "
                f"{band(row.last_rate_low, row.last_rate_high)}{flags}"
            )
        projection.metric("Projected for the year", fmt_count(row.projected))
        target = ""
        if pd.notna(row.target):
            target = f"Target {fmt_count(row.target)}: {row.target_share:.0%} of it · "
        projection.caption(target + band(row.projected_low, row.projected_high))
        if not row.reliable:
            projection.warning(
                f"Unreliable: {escape_markdown(row.reason)}", icon=":material/warning:"
            )
        st.caption(f"{fmt_count(row.days_since)} days since the last statement in this series.")
        st.image(
            sparklines[row.series], width="stretch",
            alt=f"Small line of {names.get(row.series, row.series)}: the statements from "
            f"{fmt_day(row.period_start)}, each a dot, the latest one larger.",
        )  # fmt: skip

latest = view.latest_comparison()
if latest is not None:
    with st.container(border=True):
        st.subheader("Official ÷ independent estimate")
        ratio, official, estimate = st.columns([1.4, 1, 1])
        ratio.metric(
            "Latest ratio", f"{latest['ratio']:.2f}",
            help="The official figure divided by an independent estimate of the same period.",
        )  # fmt: skip
        ratio.caption(
            f"range {latest['ratio_low']:.2f} to {latest['ratio_high']:.2f} · "
            f"{fmt_day(latest['period_start'])} to {fmt_day(latest['period_end'])}"
        )
        official.metric(f"Official ({latest['basis']})", fmt_count(latest["official"]))
        said = fmt_count(latest["estimate"])
        if latest["kind"] == "total":  # a total as its source worded it ("about 406,000")
            claims = common.snapshot().claims
            claim = claims.loc[claims["id"] == latest["claim_id"]].iloc[0]
            said = as_said(claim["value"], claim["qualifier"], claim["low"], claim["high"])
        estimate.metric("Estimate", said)
        who = ", ".join(
            escape_markdown(v) for v in (latest["speaker"], latest["body"]) if isinstance(v, str)
        )
        estimate.markdown(
            f"{escape_markdown(names.get(latest['series'], latest['series']))}: {who}; "
            f"reported by {common.source_link(latest['outlet'], latest['url'])}"
        )
        st.page_link(
            "pages/official-vs-independent.py", label="Every comparison, with its range",
            icon=":material/compare_arrows:",
        )  # fmt: skip

exports.render_overview_exports(view)
