"""The words of the printable brief: headline rows, escaped tables, sources, filters."""

from __future__ import annotations

from recruitment.i18n import language
from recruitment.methodology.summary import series_summary
from recruitment.reporting.brief import (
    HEADLINE_COLUMNS,
    filters_sentence,
    flag_words,
    headline_rows,
    markdown_table,
    sources,
)


def test_headline_row_says_the_figure_as_stated_with_its_provenance(make_claims):
    claims = make_claims(
        [
            {"value": 231_000, "announced_on": "2023-08-03", "qualifier": "at_least"},
            {"value": 280_000, "announced_on": "2023-09-03", "qualifier": "approx",
             "speaker": "Dmitry Medvedev", "body": "Security Council", "outlet": "MENAFN"},
        ]
    )  # fmt: skip
    summary = series_summary(claims, today=None)

    (row,) = headline_rows(summary, {"contract-ytd": "Contract recruits"})

    assert len(row) == len(HEADLINE_COLUMNS)
    assert row[0] == "Contract recruits"
    assert row[1] == "about 280,000 as of 3 Sep 2023"
    assert row[2] == "Dmitry Medvedev, Security Council on 3 Sep 2023, reported by MENAFN"
    assert row[4].startswith("48,111 (42,220 to 53,020), 3 Aug 2023 to 3 Sep 2023")


def test_markdown_table_escapes_uploaded_text():
    table = markdown_table(["a", "b"], [["[x](javascript:alert(1))", "<b>|</b>"]])

    assert "](" not in table.replace("\\](", "")
    assert "<b>" not in table
    assert table.splitlines()[2].count(" | ") == 1  # the pipe in the cell is not a column


def test_sources_are_listed_newest_first_with_their_statement_counts(make_claims):
    claims = make_claims(
        [
            {"value": 1, "announced_on": "2023-05-01", "outlet": "Old", "url": "https://o/1"},
            {"value": 2, "announced_on": "2023-09-01", "outlet": "New", "url": "https://n/1"},
            {"value": 3, "announced_on": "2023-06-01", "outlet": "Old", "url": "https://o/1"},
        ]
    )

    listed = sources(claims)

    assert listed["outlet"].tolist() == ["New", "Old"]
    assert listed["statements"].tolist() == [1, 2]


def test_filters_sentence_names_what_the_brief_is_limited_to():
    names = {"contract-ytd": "Contract recruits"}

    assert filters_sentence(series=(), years=(), speakers=(), verification=(), names=names) == (
        "All statements."
    )
    limited = filters_sentence(
        series=("contract-ytd",), years=(2024, 2023), speakers=(), verification=("disputed",),
        names=names,
    )  # fmt: skip

    assert (
        limited == "Limited to series Contract recruits; years 2023, 2024; verification disputed."
    )


def test_flags_of_the_latest_interval_are_words_in_the_brief_s_language(make_claims):
    """A lower figure after a higher one flags the interval; a Russian brief names the flag in
    Russian, not by its code."""
    claims = make_claims(
        [
            {"value": 231_000, "announced_on": "2023-08-03"},
            {"value": 230_000, "announced_on": "2023-09-03"},
        ]
    )
    summary = series_summary(claims, today=None)
    assert summary.iloc[0]["last_flags"] == "decrease"

    (english,) = headline_rows(summary, {})
    with language("ru"):
        (russian,) = headline_rows(summary, {})

    assert english[4].endswith("; flagged decrease")
    assert russian[4].endswith("; отмечено: снижение")
    assert flag_words("decrease;conflict") == "decrease, conflict"
