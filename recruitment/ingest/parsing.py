"""Single values as people write them: counts ("280 тыс.", "1,2 млн") and dates ("3 августа 2023").

Both parsers refuse rather than guess: an ambiguous value (``280.000``, ``03/08/2023``) raises
``ValueError`` with a reason a person can act on, because a silently wrong figure is worse than a
rejected row. They are pure and cheap; callers that see the same string many times should still
parse each distinct string once.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

__all__ = ["MAX_CELL_CHARS", "MAX_COUNT", "parse_count", "parse_day"]

# The largest count kept: every whole number up to 2^53 has an exact 64-bit float, so rates,
# bounds and charts computed in floating point stay exact (and far from the 64-bit limit).
MAX_COUNT = 2**53
# The longest count or date a person writes ("1 234 567 890 миллионов", "3 сентября 2023 г.")
# is far below this. Longer cells are refused before any pattern runs, so that no cell can
# make a parser work for long while it holds the interpreter lock.
MAX_CELL_CHARS = 64

_MULTIPLIERS: dict[str, int] = {
    **dict.fromkeys(("k", "thousand", "thousands", "тыс", "тысяч", "тысячи", "тысяча"), 1000),
    **dict.fromkeys(
        ("m", "mn", "mln", "million", "millions", "млн", "миллион", "миллиона", "миллионов"),
        1_000_000,
    ),
}
_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash
# A run of spaces belongs to the number only when a digit, dot or comma follows it, so the
# number and the spaces after it never compete for the same characters: matching is linear.
_COUNT = re.compile(
    rf"(?P<sign>[{_MINUS}+]?)\s*(?P<num>\d(?:[\d.,]|\s+(?=[\d.,]))*)\s*(?P<suffix>[^\W\d_]+\.?)?"
)
# A space between digits is a thousands separator only before exactly three digits.
_SPACE_GROUP = re.compile(r"(?<=\d)\s(?=\d{3}(?!\d))")
# A comma before exactly three digits (then a non-digit or the end) separates thousands.
_COMMA_GROUP = re.compile(r",(?=\d{3}(?!\d))")
_DOT_GROUP = re.compile(r"\.\d{3}(?!\d)")
_PLAIN = re.compile(r"\d+(?:\.\d+)?")


def parse_count(text: str) -> int:
    """Return the whole, non-negative number of people ``text`` states, or raise ValueError."""
    _check_length(text, "a number", "write a whole number such as 280000")
    raw = text.strip()
    if not raw:
        raise ValueError("empty; write a whole number such as 280000")
    match = _COUNT.fullmatch(raw)
    if match is None:
        raise ValueError(f"not a number: {raw!r}; write a whole number such as 280000")
    num, suffix = match["num"], match["suffix"]
    multiplier = 1
    if suffix:
        key = suffix.rstrip(".").lower()
        if key not in _MULTIPLIERS:
            raise ValueError(f"not a number: {raw!r} (unknown word {suffix!r})")
        multiplier = _MULTIPLIERS[key]
    elif _DOT_GROUP.search(num):
        raise ValueError(
            f"ambiguous number {raw!r}: a dot before three digits is a thousands separator in "
            "some countries and a decimal point in others; write it as 280000 or 280,000"
        )
    compact = _SPACE_GROUP.sub("", num)
    compact = _COMMA_GROUP.sub("", compact).replace(",", ".")
    if not _PLAIN.fullmatch(compact):
        raise ValueError(f"not a number: {raw!r}; write a whole number such as 280000")
    try:
        amount = Decimal(compact) * multiplier
    except InvalidOperation:  # pragma: no cover - the pattern above admits only valid decimals
        raise ValueError(f"not a number: {raw!r}") from None
    if match["sign"] and match["sign"] != "+" and amount != 0:
        raise ValueError(f"negative: {raw!r}; a count or an amount is 0 or more")
    if amount != amount.to_integral_value():
        raise ValueError(f"not a whole number: {raw!r} is {amount.normalize():f} people")
    if amount > MAX_COUNT:
        raise ValueError(f"too large: {raw!r}; the largest count kept exactly is {MAX_COUNT:,}")
    return int(amount)


_EN_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_RU_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)  # fmt: skip
_RU_NOMINATIVE = (
    "январь", "февраль", "март", "апрель", "май", "июнь",
    "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
)  # fmt: skip
_MONTHS: dict[str, int] = {}
for _number, (_en, _ru) in enumerate(zip(_EN_MONTHS, _RU_GENITIVE, strict=True), start=1):
    _MONTHS[_en] = _MONTHS[_en[:3]] = _MONTHS[_ru] = _number
_MONTHS["sept"] = 9
# Words that name a month but cannot carry a day ("август 2023" is a month, not a date).
_MONTH_WORDS = set(_MONTHS) | set(_RU_NOMINATIVE)

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d+)")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})\.?\s+([^\W\d_]+)\.?,?\s+(\d+)(?:\s*г\.?)?")
_MONTH_DAY_YEAR = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d+)")
_MONTH_ONLY = re.compile(r"(?:(\d{4})-(\d{1,2})|([^\W\d_]+)\.?,?\s+(\d{4})(?:\s*г\.?)?)")
_YEAR_RANGE = (1800, 2200)  # what pandas' datetime64[ns] and a chart can hold, with margin
_ADVICE = "write it as YYYY-MM-DD, e.g. 2023-08-03"


def parse_day(text: str) -> dt.date:
    """Return the calendar day ``text`` names, or raise ValueError saying why it is refused."""
    _check_length(text, "a date", _ADVICE)
    raw = " ".join(text.split())
    if not raw:
        raise ValueError(f"empty date; {_ADVICE}")
    if "/" in raw:
        raise ValueError(
            f"ambiguous date {raw!r}: with slashes day and month can be read either way; {_ADVICE}"
        )
    if m := _ISO.fullmatch(raw):
        return _make_day(raw, int(m[1]), int(m[2]), int(m[3]))
    if m := _DOTTED.fullmatch(raw):
        return _make_day(raw, _year(raw, m[3]), int(m[2]), int(m[1]))
    if (m := _DAY_MONTH_YEAR.fullmatch(raw)) and m[2].lower() in _MONTHS:
        return _make_day(raw, _year(raw, m[3]), _MONTHS[m[2].lower()], int(m[1]))
    if (m := _MONTH_DAY_YEAR.fullmatch(raw)) and m[1].lower() in _MONTHS:
        return _make_day(raw, _year(raw, m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if (m := _MONTH_ONLY.fullmatch(raw)) and (m[1] or m[3].lower() in _MONTH_WORDS):
        raise ValueError(f"month only, no day: {raw!r}; {_ADVICE}")
    if re.fullmatch(r"\d{4}", raw):
        raise ValueError(f"year only, no day: {raw!r}; {_ADVICE}")
    if re.fullmatch(r"\d{1,2}-\d{1,2}-\d{2,4}", raw):
        raise ValueError(f"ambiguous date {raw!r}: day and month can be read either way; {_ADVICE}")
    raise ValueError(f"not a date: {raw!r}; {_ADVICE}")


def _check_length(text: str, what: str, advice: str) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise ValueError(
            f"too long for {what}: {len(text):,} characters (at most {MAX_CELL_CHARS}); {advice}"
        )


def _year(raw: str, digits: str) -> int:
    if len(digits) == 2:
        raise ValueError(f"ambiguous date {raw!r}: two-digit year; {_ADVICE}")
    if len(digits) != 4:
        raise ValueError(f"not a date: {raw!r}: the year must have four digits; {_ADVICE}")
    return int(digits)


def _make_day(raw: str, year: int, month: int, day: int) -> dt.date:
    if not _YEAR_RANGE[0] <= year <= _YEAR_RANGE[1]:
        raise ValueError(f"implausible year in {raw!r}; {_ADVICE}")
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(f"impossible date {raw!r}: there is no such day") from None
