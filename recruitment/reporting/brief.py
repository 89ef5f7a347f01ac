"""The words of the printable brief (the Report page): headline rows, sources, filters.

Kept apart from the page so that what a printed brief says is tested without a server, and
every text from an upload is escaped here, once, before it reaches Markdown.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from recruitment.formatting import (
    as_said,
    escape_markdown,
    fmt_count,
    fmt_day,
    fmt_span,
    is_missing,
)
from recruitment.i18n import N_, data_text, tr
from recruitment.methodology.rates import FLAG_NAMES
from recruitment.reporting.provenance import outlet_name

# In the active language when shown (tr): the Report page is English, a site may not be.
HEADLINE_COLUMNS = (
    N_("Series"), N_("Latest figure"), N_("Said by"), N_("Per month since the count started"),
    N_("Per month, latest interval"), N_("Projected for the year"),
)  # fmt: skip


def flag_words(flags: str) -> str:
    """An interval's flags ("decrease;conflict") as words in the active language."""
    return ", ".join(tr(FLAG_NAMES.get(flag, flag)) for flag in flags.split(";") if flag)


def _range(low: float, high: float) -> str:
    return fmt_span(fmt_count(low), fmt_count(high))


def headline_rows(summary: pd.DataFrame, names: Mapping[str, str]) -> list[list[str]]:
    """One row of plain text per running count (HEADLINE_COLUMNS), unescaped, in the active
    language."""
    rows = []
    for r in summary.itertuples(index=False):
        who = ", ".join(v for v in (r.speaker, r.body) if isinstance(v, str) and v.strip())
        last = "–"
        if not is_missing(r.last_from):
            flags = (
                tr("; flagged {flags}").format(flags=flag_words(r.last_flags))
                if r.last_flags
                else ""
            )
            last = tr("{rate} ({range}), {start} to {end}{flags}").format(
                rate=fmt_count(r.last_rate), range=_range(r.last_rate_low, r.last_rate_high),
                start=fmt_day(r.last_from), end=fmt_day(r.as_of), flags=flags,
            )  # fmt: skip
        projected = f"{fmt_count(r.projected)} ({_range(r.projected_low, r.projected_high)})"
        if not is_missing(r.target):
            projected += tr("; target {target}").format(target=fmt_count(r.target))
        if not r.reliable:
            reason = "; ".join(tr(part) for part in r.reason.split("; "))  # REASONS, joined
            projected += tr("; unreliable: {reason}").format(reason=reason)
        rows.append(
            [
                data_text(names.get(r.series, r.series)),
                tr("{figure} as of {date}").format(
                    figure=as_said(r.value, r.qualifier, r.low, r.high), date=fmt_day(r.as_of)
                ),
                tr("{who} on {date}, reported by {outlet}").format(
                    who=who or tr("unnamed speaker"),
                    date=fmt_day(r.announced_on),
                    outlet=outlet_name(r.outlet, r.url) or tr("no source recorded"),
                ),
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
