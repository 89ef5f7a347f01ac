"""Numbers, dates and untrusted text as readers see them, for pages, tables and charts.

One place decides how a count or a day is written ("280,000", "3 Sep 2023") and how text from
an upload is made inert before it reaches Markdown or a Plotly label, so every view agrees and
nothing a contributor typed can turn into a link, an image or markup. Inside
`recruitment.i18n.language(...)` counts, days and months are written as that language writes
them, by Babel ("280 000", "3 сентября 2023"); English keeps its own fixed forms.
"""

from __future__ import annotations

import datetime as dt
import html
import math
import textwrap
from numbers import Integral, Real
from typing import Any

import numpy as np
import pandas as pd
from babel.dates import format_date
from babel.numbers import (
    format_compact_decimal,
    format_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
)

from recruitment.i18n import N_, SOURCE_LANGUAGE, active_language, tr
from recruitment.methodology.rounding import round_half_away

# What a missing number or date reads as: a dash, never "nan", "NaT" or "None".
MISSING = "–"
# How each qualifier is said with its number (docs/methodology.md, Bounds).
QUALIFIER_WORDS = {
    "exact": N_("exactly {count}"),
    "approx": N_("about {count}"),
    "at_least": N_("more than {count}"),
    "at_most": N_("up to {count}"),
}
STATED_RANGE = N_("{low} to {high}")
PERIOD = N_("{start} to {end}")
# Babel (CLDR) date patterns of a day, a month and a month's name, translated per language:
# Russian writes "d MMMM y" (3 сентября 2023), "LLL y" (сент. 2023) and "LLL" (сент.).
DAY_PATTERN = N_("d MMM y")
MONTH_PATTERN = N_("MMM y")
MONTH_NAME_PATTERN = N_("MMM")
# A missing qualifier means the data model's default, approx.
DEFAULT_QUALIFIER = "approx"
# Characters CommonMark lets a backslash escape (all ASCII punctuation), minus the three
# that are HTML-escaped instead; Streamlit's extras (":red[...]", "$math$", ":emoji:") are
# built from these characters too.
_MARKDOWN_PUNCTUATION = frozenset("!\"#$%'()*+,-./:;=?@[\\]^_`{|}~")
_HTML_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Markdown makes a link of a bare "https://..." or "www..." in text, escaped or not; an
# invisible word joiner inside the marker keeps it text (and is not in the stored value).
_AUTOLINK_MARKERS = (("://", ":/\u2060/"), ("www.", "www\u2060."), ("WWW.", "WWW\u2060."))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Hover lines wrap at this many characters: about a third of a laptop screen at 13 px.
HOVER_LINE_CHARS = 60


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pd.NA (and nothing else)."""
    if value is None:
        return True
    if value is pd.NaT:  # NaT passes for a datetime in isinstance
        return True
    if isinstance(value, (str, int, dt.date)):
        return False
    if isinstance(value, float):
        return value != value
    try:
        missing = pd.isna(value)
    except (TypeError, ValueError):
        return False
    # pd.isna of a list or array is an array: a collection is not "missing".
    return bool(missing) if np.ndim(missing) == 0 else False


def fmt_count(n: Any) -> str:
    """A head count as people write it: "280,000", "-42,000"; missing -> "–".

    Fractions (an unrounded rate or bound) are rounded to whole people, halves away from
    zero, the same rule as the rates table.
    """
    if is_missing(n):
        return MISSING
    if isinstance(n, Integral):
        whole = int(n)
    elif isinstance(n, Real):
        if not math.isfinite(float(n)):
            return MISSING
        whole = int(round_half_away(float(n)))
    elif isinstance(n, str):
        raise TypeError(f"not a number: {n!r}")
    else:  # Decimal and other number types that convert cleanly
        value = float(n)
        if not math.isfinite(value):
            return MISSING
        whole = int(round_half_away(value))
    lang = active_language()
    return f"{whole:,}" if lang == SOURCE_LANGUAGE else format_decimal(whole, locale=lang)


def fmt_counted(n: int, thing: str, things: str | None = None) -> str:
    """A count with its noun in the right number, for the app's English words: "1 statement",
    "269 statements" (`things` when the plural is not `thing` + "s")."""
    return f"{fmt_count(n)} {thing if n == 1 else things or thing + 's'}"


def fmt_compact(n: float) -> str:
    """A round number as short as the active language writes it exactly ("280 тыс.",
    "1,5 млн"), for axis ticks; any other number in full (fmt_count), never rounded off."""
    whole = int(round_half_away(float(n)))
    power = next((p for p in (9, 6, 3) if abs(whole) >= 10**p), None)
    if power is None:
        return fmt_count(whole)
    # Digits after the comma the short form needs to say the number exactly (at most two).
    digits = next((d for d in (0, 1, 2) if whole % 10 ** (power - d) == 0), None)
    if digits is None:
        return fmt_count(whole)
    return format_compact_decimal(whole, locale=active_language(), fraction_digits=digits)


def number_separators() -> str:
    """The decimal and thousands signs of the active language, as plotly's `separators`
    takes them: ".," in English, ", " (a comma and a no-break space) in Russian."""
    lang = active_language()
    if lang == SOURCE_LANGUAGE:
        return ".,"
    return get_decimal_symbol(lang) + get_group_symbol(lang)


def fmt_percent(share: float) -> str:
    """A share as a whole percentage: "45%" (Russian "45 %")."""
    lang = active_language()
    return f"{share:.0%}" if lang == SOURCE_LANGUAGE else format_percent(share, locale=lang)


def fmt_day(d: Any) -> str:
    """A day written so no reader can misread it: "3 Sep 2023"; missing -> "–"."""
    if is_missing(d):
        return MISSING
    if not isinstance(d, dt.date):
        d = pd.Timestamp(d)
    lang = active_language()
    if lang != SOURCE_LANGUAGE:
        return format_date(d, tr(DAY_PATTERN), locale=lang)
    # Month names from a fixed table, not strftime, so the server's locale cannot change them.
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def fmt_month(d: Any) -> str:
    """A calendar month: "Sep 2023"; missing -> "–"."""
    if is_missing(d):
        return MISSING
    if not isinstance(d, dt.date):
        d = pd.Timestamp(d)
    lang = active_language()
    if lang != SOURCE_LANGUAGE:
        return format_date(d, tr(MONTH_PATTERN), locale=lang)
    return f"{MONTHS[d.month - 1]} {d.year}"


def month_name(month: int) -> str:
    """The short name of a month (1 to 12): "Sep" (Russian "сент.")."""
    lang = active_language()
    if lang == SOURCE_LANGUAGE:
        return MONTHS[month - 1]
    return format_date(dt.date(2001, month, 1), tr(MONTH_NAME_PATTERN), locale=lang)


def fmt_span(low: str, high: str) -> str:
    """A range between two numbers already written: "1,000 to 1,500" (Russian "от … до …")."""
    return tr(STATED_RANGE).format(low=low, high=high)


def fmt_period(start: Any, end: Any) -> str:
    """The days from `start` to `end`: "1 Jan 2023 to 3 Aug 2023" (Russian "с … по …")."""
    return tr(PERIOD).format(start=fmt_day(start), end=fmt_day(end))


def as_said(value: Any, qualifier: Any, low: Any = None, high: Any = None) -> str:
    """The figure in words as it was stated: "about 280,000", "1,000 to 1,500".

    A stated range wins over the qualifier's wording (its lower end is the value). A missing
    qualifier reads as the data model's default, "about".
    """
    if not is_missing(low) and not is_missing(high):
        if low == high:
            return tr(QUALIFIER_WORDS["exact"]).format(count=fmt_count(low))
        return fmt_span(fmt_count(low), fmt_count(high))
    if is_missing(value):
        return MISSING
    key = DEFAULT_QUALIFIER if is_missing(qualifier) else str(qualifier)
    words = QUALIFIER_WORDS.get(key)
    return tr(words).format(count=fmt_count(value)) if words else fmt_count(value)


def escape_markdown(text: Any) -> str:
    """Text from an upload made inert for st.markdown: every character shows as typed.

    Markdown punctuation is backslash-escaped and & < > become HTML entities, so a link,
    image, emphasis, heading, table, code span or raw HTML is displayed, not rendered.
    Newlines are kept (callers build block quotes line by line). None -> "".
    """
    if is_missing(text):
        return ""
    text = str(text)
    for marker, inert in _AUTOLINK_MARKERS:
        text = text.replace(marker, inert)
    out = []
    for ch in text:
        if ch in _HTML_ESCAPES:
            out.append(_HTML_ESCAPES[ch])
        elif ch in _MARKDOWN_PUNCTUATION:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def cut(text: str, limit: int | None) -> str:
    """text shortened to at most `limit` characters, ending in "…" when it was cut."""
    if limit is None or len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


def escape_hover(text: Any, limit: int | None = None, width: int | None = HOVER_LINE_CHARS) -> str:
    """Text for a Plotly hover label, legend or annotation, shown literally.

    Plotly renders a subset of HTML (<b>, <a>, <br>, entities) in those places: & < > are
    escaped, the text is cut to `limit` characters with "…", and wrapped into lines of about
    `width` characters joined by "<br>" (width None: one line). Wrapping happens before
    escaping, so an entity is never split. None -> "".
    """
    if is_missing(text):
        return ""
    plain = cut(" ".join(str(text).split()) if width else str(text), limit)
    if width:
        lines = textwrap.wrap(plain, width=width, break_long_words=True, break_on_hyphens=True)
    else:
        lines = [" ".join(plain.split())]
    return "<br>".join(html.escape(line, quote=False) for line in lines)
