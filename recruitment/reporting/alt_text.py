"""Text alternatives of charts, written from the data they draw: what the chart shows, the
dates it covers, each series' latest figure as stated with the range its wording allows, and
the direction since the statement before. Shown under the chart on the page, and written into
every image (SVG title and description, PNG text chunk) and beside it by `snapshot`, in the
language of the variant asked for.
"""

from __future__ import annotations

import re
import zlib
from html import escape

import pandas as pd

from recruitment.formatting import as_said, fmt_count, fmt_day
from recruitment.i18n import data_text, language, tr, tr_plural
from recruitment.methodology.bounds import with_bounds
from recruitment.reporting.charts import TITLES, Chart
from recruitment.reporting.variants import DEFAULT_VARIANT, Variant

# Series described one by one; more are summed up in a closing sentence.
MAX_SERIES = 3
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def alt_text(
    chart: Chart, names: dict[str, str] | None = None, variant: Variant = DEFAULT_VARIANT
) -> str:
    """A few plain sentences a screen reader can read in place of the chart."""
    with language(variant.lang):
        return _sentences(chart, names)


def _sentences(chart: Chart, names: dict[str, str] | None) -> str:
    """alt_text in the active language."""
    claims = chart.claims
    title = tr(TITLES.get(chart.name, chart.title))
    if claims.empty:
        return tr("{title}. The chart has no statements under the chosen filters.").format(
            title=title
        )
    first, last = claims["as_of"].min(), claims["as_of"].max()
    covered = tr_plural(
        "{title}. {count} statement from {first} to {last}.",
        "{title}. {count} statements from {first} to {last}.",
        len(claims),
    )
    parts = [
        covered.format(
            title=title, count=fmt_count(len(claims)), first=fmt_day(first), last=fmt_day(last)
        )
    ]
    finding = chart.finding() if chart.finding is not None else ""
    if finding:
        parts.append(finding)
    if not chart.latest_by_series:
        return " ".join(parts)
    counts = claims["series"].value_counts()
    counts = counts[counts > 0]  # a categorical column counts its unused categories too
    for slug in counts.index[:MAX_SERIES]:
        name = data_text(str((names or {}).get(slug, slug)))
        parts.append(_series_sentence(claims[claims["series"] == slug], name))
    if len(counts) > MAX_SERIES:
        more = len(counts) - MAX_SERIES
        drawn = tr_plural("{count} more series is drawn.", "{count} more series are drawn.", more)
        parts.append(drawn.format(count=more))
    return " ".join(parts)


def _series_sentence(mine: pd.DataFrame, name: str) -> str:
    """The latest statement of one series, its range, and how it moved from the one before."""
    ordered = with_bounds(mine.sort_values(["as_of", "announced_on", "id"], kind="stable"))
    latest = ordered.iloc[-1]
    said = as_said(latest["value"], latest["qualifier"], latest["low"], latest["high"])
    region = latest.get("region")
    where = (
        tr(" in {region}").format(region=data_text(region))
        if isinstance(region, str) and region
        else ""
    )
    text = tr("{series}: latest {said}{where} as of {date}").format(
        series=name, said=said, where=where, date=fmt_day(latest["as_of"])
    )
    if latest["lo"] != latest["hi"]:
        text += tr(" (its wording allows {low} to {high})").format(
            low=fmt_count(latest["lo"]), high=fmt_count(latest["hi"])
        )
    earlier = ordered[ordered["as_of"] < latest["as_of"]]
    same_period = earlier[(earlier["period_start"] == latest["period_start"]).to_numpy()]
    if len(same_period):
        before = same_period.iloc[-1]
        change = int(latest["value"]) - int(before["value"])
        moved = (
            tr(", up from {count} as of {date}")
            if change > 0
            else tr(", down from {count} as of {date}")
        )
        since = tr(", unchanged since {date}")
        text += (moved if change else since).format(
            count=fmt_count(before["value"]), date=fmt_day(before["as_of"])
        )
    return text + "."


def with_svg_text(svg: bytes, title: str, description: str) -> bytes:
    """The SVG with a <title> and a <desc> as its first children, for screen readers."""
    text = svg.decode("utf-8")
    tag = re.search(r"<svg\b[^>]*>", text)
    if tag is None:
        return svg
    inserted = f"<title>{escape(title)}</title><desc>{escape(description)}</desc>"
    return (text[: tag.end()] + inserted + text[tag.end() :]).encode("utf-8")


def with_png_text(png: bytes, title: str, description: str) -> bytes:
    """The PNG with its title and text alternative in iTXt chunks (Title, Description), put
    right after the header chunk without decoding the image: cheap for a large image."""
    if png[:8] != PNG_SIGNATURE:
        return png
    header_end = 8 + 8 + int.from_bytes(png[8:12], "big") + 4  # signature, IHDR chunk
    chunks = b"".join(
        _itxt(key, text) for key, text in (("Title", title), ("Description", description))
    )
    return png[:header_end] + chunks + png[header_end:]


def _itxt(keyword: str, text: str) -> bytes:
    """One uncompressed iTXt chunk: keyword, no language, the text in UTF-8."""
    body = keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")
    kind = b"iTXt"
    crc = zlib.crc32(kind + body).to_bytes(4, "big")
    return len(body).to_bytes(4, "big") + kind + body + crc
