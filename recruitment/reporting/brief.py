"""The words of the printable brief (the Report page): headline rows, sources, filters.

Kept apart from the page so that what a printed brief says is tested without a server, and
every text from an upload is escaped here, once, before it reaches Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from recruitment.formatting import as_said, escape_markdown, fmt_count, fmt_day, is_missing
from recruitment.reporting.provenance import outlet_name

HEADLINE_COLUMNS = (
    "Series", "Latest figure", "Said by", "Per month since the count started",
    "Per month, latest interval", "Projected for the year",
)  # fmt: skip


def _range(low: float, high: float) -> str:
    return f"{fmt_count(low)} to {fmt_count(high)}"


def headline_rows(summary: pd.DataFrame, names: Mapping[str, str]) -> list[list[str]]:
    """One row of plain text per running count (HEADLINE_COLUMNS), unescaped."""
    rows = []
    for r in summary.itertuples(index=False):
        who = ", ".join(v for v in (r.speaker, r.body) if isinstance(v, str) and v.strip())
        last = "–"
        if not is_missing(r.last_from):
            flags = f"; flagged {r.last_flags}" if r.last_flags else ""
            last = (
                f"{fmt_count(r.last_rate)} ({_range(r.last_rate_low, r.last_rate_high)}), "
                f"{fmt_day(r.last_from)} to {fmt_day(r.as_of)}{flags}"
            )
        projected = f"{fmt_count(r.projected)} ({_range(r.projected_low, r.projected_high)})"
        if not is_missing(r.target):
            projected += f"; target {fmt_count(r.target)}"
        if not r.reliable:
            projected += f"; unreliable: {r.reason}"
        rows.append(
            [
                names.get(r.series, r.series),
                f"{as_said(r.value, r.qualifier, r.low, r.high)} as of {fmt_day(r.as_of)}",
                f"{who or 'unnamed speaker'} on {fmt_day(r.announced_on)}, reported by "
                f"{outlet_name(r.outlet, r.url) or 'no source recorded'}",
                f"{fmt_count(r.pace)} ({_range(r.pace_low, r.pace_high)})",
                last,
                projected,
            ]
        )
    return rows


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A Markdown table whose every cell is escaped, so uploaded text stays text."""
    lines = ["| " + " | ".join(escape_markdown(h) for h in header) + " |"]
    lines.append("|" + "---|" * len(header))
    for row in rows:
        cells = (escape_markdown(c).replace("\n", " ") for c in row)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def sources(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per (outlet, url): how many statements it carries and the latest as_of,
    newest first, so the printed list starts with the sources of the latest figures."""
    if claims.empty:
        return pd.DataFrame(columns=["outlet", "url", "statements", "latest"])
    names = [outlet_name(o, u) for o, u in zip(claims["outlet"], claims["url"], strict=True)]
    frame = pd.DataFrame(
        {
            "outlet": names,
            "url": claims["url"].fillna("").astype(str).to_numpy(),
            "as_of": pd.to_datetime(claims["as_of"]).to_numpy(),
        }
    )
    grouped = frame.groupby(["outlet", "url"], as_index=False).agg(
        statements=("as_of", "size"), latest=("as_of", "max")
    )
    return grouped.sort_values(
        ["latest", "outlet", "url"], ascending=[False, True, True], kind="stable"
    ).reset_index(drop=True)


def filters_sentence(
    *,
    series: Sequence[str],
    years: Sequence[int],
    speakers: Sequence[str],
    verification: Sequence[str],
    names: Mapping[str, str],
) -> str:
    """What the brief is limited to, in words ("All statements." when nothing is chosen)."""
    parts = []
    if series:
        parts.append("series " + ", ".join(names.get(s, s) for s in series))
    if years:
        parts.append("years " + ", ".join(str(y) for y in sorted(years)))
    if speakers:
        parts.append("speakers " + ", ".join(speakers))
    if verification:
        parts.append("verification " + ", ".join(verification))
    return ("Limited to " + "; ".join(parts) + ".") if parts else "All statements."
