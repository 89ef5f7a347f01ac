"""How numbers, dates and untrusted text are written for readers (recruitment.formatting)."""

from __future__ import annotations

import datetime as dt
import re
import string

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recruitment.formatting import (
    as_said,
    escape_hover,
    escape_markdown,
    fmt_count,
    fmt_counted,
    fmt_day,
    fmt_month,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (280_000, "280,000"),
        (-42_000, "-42,000"),
        (0, "0"),
        (117_400, "117,400"),
        (np.int64(1_234_567), "1,234,567"),
        (48_110.6, "48,111"),
        (30_437.5, "30,438"),
        (-2.5, "-3"),
        (2.4, "2"),
        (None, "–"),
        (pd.NA, "–"),
        (float("nan"), "–"),
        (np.nan, "–"),
    ],
)
def test_fmt_count_writes_thousands_separators_and_dash_for_missing(value, expected):
    assert fmt_count(value) == expected


def test_fmt_counted_gives_the_noun_in_the_right_number():
    assert fmt_counted(1, "statement") == "1 statement"
    assert fmt_counted(269, "statement") == "269 statements"
    assert fmt_counted(0, "row") == "0 rows"
    assert fmt_counted(1_200, "series", "series") == "1,200 series"


def test_fmt_count_never_uses_scientific_or_abbreviated_notation():
    assert fmt_count(2.8e5) == "280,000"
    assert fmt_count(1e15) == "1,000,000,000,000,000"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (pd.Timestamp("2023-09-03"), "3 Sep 2023"),
        (dt.date(2023, 9, 3), "3 Sep 2023"),
        (dt.datetime(2023, 12, 19, 15, 30), "19 Dec 2023"),
        (np.datetime64("2024-01-01"), "1 Jan 2024"),
        ("2023-08-03", "3 Aug 2023"),
        (pd.NaT, "–"),
        (None, "–"),
    ],
)
def test_fmt_day_writes_an_unambiguous_day(value, expected):
    assert fmt_day(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(pd.Timestamp("2023-09-01"), "Sep 2023"), (dt.date(2024, 1, 31), "Jan 2024"), (None, "–")],
)
def test_fmt_month_writes_month_and_year(value, expected):
    assert fmt_month(value) == expected


@pytest.mark.parametrize(
    ("value", "qualifier", "low", "high", "expected"),
    [
        (280_000, "approx", None, None, "about 280,000"),
        (231_000, "at_least", None, None, "more than 231,000"),
        (50_000, "at_most", None, None, "up to 50,000"),
        (117_400, "exact", None, None, "exactly 117,400"),
        (1_000, "at_least", 1_000, 1_500, "1,000 to 1,500"),
        (1_000, "approx", 1_000, 1_500, "1,000 to 1,500"),
        (1_000, "at_least", pd.NA, pd.NA, "more than 1,000"),
        (5_000, None, None, None, "about 5,000"),
        (5_000, pd.NA, None, None, "about 5,000"),
    ],
)
def test_as_said_words_the_figure_as_stated_and_a_range_wins(value, qualifier, low, high, expected):
    assert as_said(value, qualifier, low, high) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[x](javascript:alert(1))", r"\[x\]\(javascript\:alert\(1\)\)"),
        ("![i](http://x/y.png)", "\\!\\[i\\]\\(http\\:\\/\u2060\\/x\\/y\\.png\\)"),
        ("**b**", r"\*\*b\*\*"),
        ("_i_", r"\_i\_"),
        ("# h", r"\# h"),
        ("<img src=x>", r"&lt;img src\=x&gt;"),
        ("<script>alert(1)</script>", r"&lt;script&gt;alert\(1\)&lt;\/script&gt;"),
        ("AT&T", "AT&amp;T"),
        ("`code`", r"\`code\`"),
        ("| a | b |", r"\| a \| b \|"),
        (":red[text] $x$", r"\:red\[text\] \$x\$"),
        ("Медведев: 117,4 тыс.", r"Медведев\: 117\,4 тыс\."),
        (None, ""),
    ],
)
def test_escape_markdown_leaves_no_active_markdown_or_html(text, expected):
    assert escape_markdown(text) == expected


def test_escape_markdown_keeps_line_breaks_for_block_quotes():
    assert escape_markdown("one\n- two") == "one\n\\- two"


def _unescape_markdown(text: str) -> str:
    """What a CommonMark renderer shows for escape_markdown's output, less the invisible word
    joiners that keep bare links from becoming links."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text).replace("\u2060", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@given(st.text(alphabet=string.printable + "йё“”…", max_size=80))
def test_escape_markdown_shows_every_character_as_typed(text):
    escaped = escape_markdown(text)
    assert _unescape_markdown(escaped) == text
    # No punctuation is left bare (unescaped) and no raw angle bracket survives.
    bare = re.sub(r"\\[!-/:-@\[-`{-~]|&(lt|gt|amp);", "", escaped)
    assert not set(bare) & set(string.punctuation)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ("<b>bold</b> & more", "&lt;b&gt;bold&lt;/b&gt; &amp; more"),
        ('say "hi"', 'say "hi"'),
        (None, ""),
    ],
)
def test_escape_hover_escapes_html_plotly_would_render(text, expected):
    assert escape_hover(text) == expected


def test_escape_hover_cuts_at_the_limit_with_an_ellipsis():
    text = escape_hover("a" * 50 + " " + "b" * 50, limit=30)
    assert text == "a" * 29 + "…"


def test_escape_hover_wraps_long_text_into_lines_of_about_sixty_characters():
    words = " ".join(["word"] * 40)
    lines = escape_hover(words).split("<br>")
    assert len(lines) > 1
    assert all(len(line) <= 60 for line in lines)
    assert " ".join(lines) == words


def test_escape_hover_never_splits_an_entity_when_wrapping():
    lines = escape_hover("<" * 130).split("<br>")
    assert all(re.fullmatch(r"(&lt;)+", line) for line in lines)


def test_escape_hover_without_width_keeps_one_line():
    assert "<br>" not in escape_hover("x " * 100, width=None)
