"""Counts and dates as people write them: accepted exactly, or refused with a reason."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recruitment.ingest.parsing import parse_count, parse_day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("280000", 280_000),
        ("  280000  ", 280_000),
        ("0", 0),
        ("280 000", 280_000),
        ("280\u00a0000", 280_000),  # no-break space
        ("280\u202f000", 280_000),  # narrow no-break space
        ("280\u2009000", 280_000),  # thin space
        ("1 234 567", 1_234_567),
        ("280k", 280_000),
        ("280K", 280_000),
        ("450k", 450_000),
        ("280 тыс.", 280_000),
        ("280 тыс", 280_000),
        ("117,4 тыс.", 117_400),
        ("117.4 thousand", 117_400),
        ("1.2 million", 1_200_000),
        ("1,2 млн", 1_200_000),
        ("1.2 mln", 1_200_000),
        ("1.2m", 1_200_000),
        ("1.5k", 1_500),
        ("1.500k", 1_500),  # with a multiplier the dot is a decimal point
        ("280000.0", 280_000),
        ("+5", 5),
    ],
)
def test_count_is_read_as_people_write_it(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("280,000", 280_000), ("1,234,567", 1_234_567), ("1,500", 1_500), ("231,000", 231_000)],
)
def test_comma_before_three_digits_separates_thousands(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(("text", "expected"), [("117,4 тыс.", 117_400), ("2,5k", 2_500)])
def test_comma_before_other_than_three_digits_is_a_decimal_comma(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["280.000", "1.500", "1.234.567"])
def test_dot_before_three_digits_without_multiplier_is_refused_as_ambiguous(text):
    with pytest.raises(ValueError, match="ambiguous") as error:
        parse_count(text)
    assert "280000" in str(error.value)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1.2345k", "not a whole number"),
        ("1,2345", "not a whole number"),
        ("117.45", "not a whole number"),
        ("-5", "negative"),
        ("\u2212280 000", "negative"),
        ("more than 5", "not a number"),
        ("abc", "not a number"),
        ("5 more", "not a number"),
        ("2.8e5", "not a number"),
        ("28 0000", "not a number"),
        ("", "empty"),
        ("   ", "empty"),
        ("9" * 25, "too large"),
        ("1" + " " * 40_000 + "!", "too long for a number: 40,002 characters"),
        ("1 2" * 350_000, "too long for a number"),
    ],
)
def test_count_that_is_not_a_whole_non_negative_number_is_refused(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_count(text)


@pytest.mark.parametrize("spaces", [1, 10, 55])
def test_count_with_a_run_of_spaces_inside_the_length_cap_is_read_or_refused(spaces):
    """Spaces before a unit word are allowed; spaces before junk are refused, whatever their
    number (the pattern gives each space one reading, so the work grows with the length)."""
    assert parse_count("7" + " " * spaces + "k") == 7000
    with pytest.raises(ValueError, match="not a number"):
        parse_count("1" + " " * spaces + "!")


@given(st.integers(min_value=0, max_value=10**15))
def test_count_written_plain_or_with_thousands_commas_reads_back(n):
    assert parse_count(f"{n}") == n
    assert parse_count(f"{n:,}") == n


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-08-03", dt.date(2023, 8, 3)),
        (" 2023-08-03 ", dt.date(2023, 8, 3)),
        ("3 August 2023", dt.date(2023, 8, 3)),
        ("03 Aug 2023", dt.date(2023, 8, 3)),
        ("24 January 2025", dt.date(2025, 1, 24)),
        ("August 3, 2023", dt.date(2023, 8, 3)),
        ("Sept 12, 2023", dt.date(2023, 9, 12)),
        ("03.08.2023", dt.date(2023, 8, 3)),
        ("3.8.2023", dt.date(2023, 8, 3)),
        ("3 августа 2023", dt.date(2023, 8, 3)),
        ("3 августа 2023 г.", dt.date(2023, 8, 3)),
        ("19 декабря 2023г.", dt.date(2023, 12, 19)),
        ("29.02.2024", dt.date(2024, 2, 29)),
    ],
)
def test_day_is_read_in_iso_written_and_dotted_forms(text, expected):
    assert parse_day(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("03/08/2023", "ambiguous date .*slashes"),
        ("8/3/2023", "ambiguous date .*slashes"),
        ("03.08.23", "two-digit year"),
        ("3 Aug 23", "two-digit year"),
        ("03-08-2023", "ambiguous date"),
        ("August 2023", "month only"),
        ("август 2023", "month only"),
        ("2023-08", "month only"),
        ("2023", "year only"),
        ("2023-02-30", "impossible date"),
        ("31.04.2023", "impossible date"),
        ("29.02.2023", "impossible date"),
        ("1700-01-01", "implausible year"),
        ("yesterday", "not a date"),
        ("3 Foo 2023", "not a date"),
        ("", "empty"),
        ("3" + " " * 100_000 + "August 2023", "too long for a date"),
    ],
)
def test_ambiguous_partial_or_impossible_day_is_refused_with_why(text, reason):
    with pytest.raises(ValueError, match=reason) as error:
        parse_day(text)
    if text:
        assert "YYYY-MM-DD" in str(error.value) or "no such day" in str(error.value)
