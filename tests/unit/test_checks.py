"""Validation of whole uploads: every problem, with its physical line, column and reason."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recruitment import kinds
from recruitment.ingest.checks import ParsedFile, Problem, read_upload

DATA = Path(__file__).resolve().parent.parent / "data"
TODAY = dt.date(2026, 11, 25)
MEASURES = {
    "contract-ytd": "cumulative",
    "contract-period": "period_total",
    "contract-pace-daily": "daily_rate",
    "contract-pace-monthly": "monthly_rate",
}
HEADER = ",".join(kinds.CLAIMS.columns)
GOOD = {"series": "contract-ytd", "announced_on": "2023-08-03", "value": "231000", "outlet": "TASS"}


def row(**fields: str) -> str:
    """One claim line in the full column order: a good claim, changed by ``fields``."""
    cells = {**GOOD, **fields}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([cells.get(c, "") for c in kinds.CLAIMS.columns])
    return buffer.getvalue().removesuffix("\r\n")


def upload(text: str | bytes, kind: str = "claims") -> ParsedFile:
    data = text.encode() if isinstance(text, str) else text
    return read_upload(data, kind, series_measures=MEASURES, today=TODAY)


def claims(*rows: str, header: str = HEADER) -> ParsedFile:
    return upload("\n".join([header, *rows]) + "\n")


def assert_problems(parsed: ParsedFile, expected: list[tuple[int | None, str | None, str]]):
    """Exactly the expected problems, in order; each reason must contain the expected text."""
    found = [(p.line, p.column, p.reason) for p in parsed.problems]
    assert len(found) == len(expected), found
    for (line, column, reason), (want_line, want_column, want_reason) in zip(
        found, expected, strict=True
    ):
        assert (line, column) == (want_line, want_column), found
        assert want_reason in reason, found


# --- files that must parse -----------------------------------------------------------------


def _fixture_measures() -> dict[str, str]:
    series = read_upload(
        (DATA / "checks-series.csv").read_bytes(), "series", series_measures={}, today=TODAY
    )
    return dict(zip(series.rows["slug"], series.rows["measure"], strict=True))


@pytest.mark.parametrize(
    ("kind", "rows"), [("series", 4), ("claims", 8), ("events", 3), ("targets", 2)]
)
def test_messy_but_valid_files_parse_without_problems(kind, rows):
    parsed = read_upload(
        (DATA / f"checks-{kind}.csv").read_bytes(),
        kind,
        series_measures=_fixture_measures(),
        today=TODAY,
    )
    assert parsed.problems == []
    assert (parsed.total_rows, len(parsed.rows)) == (rows, rows)
    assert list(parsed.rows.columns) == ["line", *kinds.kind(kind).columns]
    assert parsed.encoding == "utf-8"


def test_messy_values_are_read_as_meant():
    parsed = read_upload(
        (DATA / "checks-claims.csv").read_bytes(),
        "claims",
        series_measures=_fixture_measures(),
        today=TODAY,
    )
    rows = parsed.rows.set_index("line")
    assert rows["value"].to_dict() == {
        2: 117_400, 3: 231_000, 5: 280_000, 6: 300_000, 7: 50_000, 8: 1_000, 9: 1_200_000,
        11: 490_000,
    }  # fmt: skip
    assert rows.loc[6, "announced_on"] == pd.Timestamp("2023-09-15")
    assert rows.loc[7, "qualifier"] == "at_least"  # written "at least"
    assert rows.loc[5, "verification"] == "corroborated"  # written "Corroborated"
    assert rows.loc[9, "note"] == "=not a formula"  # the export's apostrophe is removed
    assert rows.loc[3, "note"].endswith("the note spans two lines.")


def test_rows_have_the_documented_types():
    parsed = claims(
        row(low="231000", high="232000", speaker=" Dmitry Medvedev "),
        row(announced_on="2023-09-03", value="280000", url="https://example.org/a"),
    )
    rows = parsed.rows
    assert rows["line"].dtype == np.int64
    for name in ("announced_on", "as_of", "period_start", "period_end"):
        assert rows[name].dtype == "datetime64[ns]"
    assert rows["value"].dtype == np.int64
    assert rows["low"].dtype == "Int64" and rows["high"].dtype == "Int64"
    assert rows["low"].tolist()[1] is pd.NA
    for name in ("series", "qualifier", "speaker", "body", "outlet", "url", "quote", "note"):
        assert rows[name].dtype == object
    assert rows["speaker"].tolist() == ["Dmitry Medvedev", None]
    assert rows["url"].tolist() == [None, "https://example.org/a"]


@pytest.mark.parametrize(
    ("kind", "types"),
    [
        ("series", {"slug": object, "name": object, "measure": object, "unit": object}),
        ("events", {"date": "datetime64[ns]", "end_date": "datetime64[ns]", "label": object}),
        ("targets", {"period_start": "datetime64[ns]", "value": np.int64, "url": object}),
    ],
)
def test_rows_of_other_kinds_have_the_documented_types(kind, types):
    rows = read_upload(
        (DATA / f"checks-{kind}.csv").read_bytes(), kind, series_measures=MEASURES, today=TODAY
    ).rows
    assert rows["line"].dtype == np.int64
    for name, dtype in types.items():
        assert rows[name].dtype == dtype, name


def test_defaults_follow_the_measure():
    parsed = claims(
        row(announced_on="2023-08-03"),
        row(series="contract-period", announced_on="2023-10-03", period_start="2023-09-01",
            period_end="2023-09-30"),
        row(series="contract-pace-daily", announced_on="2023-06-22", value="1336"),
    )  # fmt: skip
    assert parsed.problems == []
    rows = parsed.rows
    days = {c: rows[c].dt.strftime("%Y-%m-%d") for c in ("as_of", "period_start", "period_end")}
    got = pd.DataFrame({**days, "qualifier": rows["qualifier"], "check": rows["verification"]})
    assert [[None if pd.isna(v) else v for v in r] for r in got.values.tolist()] == [
        ["2023-08-03", "2023-01-01", None, "approx", "unverified"],
        ["2023-09-30", "2023-09-01", "2023-09-30", "approx", "unverified"],
        ["2023-06-22", None, None, "approx", "unverified"],
    ]


def test_cumulative_period_starts_on_1_january_of_the_as_of_year():
    parsed = claims(row(announced_on="2024-01-05", as_of="2023-12-31"))
    assert parsed.rows.loc[0, "period_start"] == pd.Timestamp("2023-01-01")


def test_names_and_closed_words_are_matched_leniently():
    parsed = claims(
        row(series="Contract-YTD", qualifier="At least", verification=" Corroborated "),
        header=HEADER.upper(),
    )
    assert parsed.problems == []
    assert parsed.rows.loc[0, ["series", "qualifier", "verification"]].tolist() == [
        "contract-ytd", "at_least", "corroborated",
    ]  # fmt: skip


def test_utf8_with_bom_and_crlf_is_fine():
    text = "\r\n".join([HEADER, row(quote="first\r\nsecond"), row(value="280 тыс."), ""])
    parsed = upload(b"\xef\xbb\xbf" + text.encode())
    assert parsed.problems == []
    assert parsed.rows["line"].tolist() == [2, 4]
    assert parsed.rows["quote"].tolist() == ["first\r\nsecond", None]
    assert (parsed.encoding, parsed.encoding_note) == ("utf-8", None)


def test_cp1251_file_is_decoded_with_a_note():
    text = "\n".join([
        "series,announced_on,value,outlet,quote",
        "contract-ytd,2023-06-22,114000,Лента.ру,"
        "в ряды ВС уже набрано 114 тысяч человек по контракту и 52 тысячи добровольцев",
        "contract-ytd,19 декабря 2023,490 тыс.,Интерфакс-Россия,"
        "Только в этом году набрано около 490 тыс. военнослужащих по контракту и добровольцев",
        "",
    ])  # fmt: skip
    parsed = upload(text.encode("cp1251"))
    assert parsed.problems == []
    assert parsed.encoding == "windows-1251"
    assert "detected; check the preview" in parsed.encoding_note
    assert parsed.rows["outlet"].tolist() == ["Лента.ру", "Интерфакс-Россия"]
    assert parsed.rows["value"].tolist() == [114_000, 490_000]


def test_semicolon_separated_export_from_a_russian_excel_is_fine():
    text = "series;announced_on;value;outlet\r\ncontract-ytd;03.08.2023;117,4 тыс.;ТАСС\r\n"
    parsed = upload(text.encode("utf-8-sig"))
    assert parsed.problems == []
    assert parsed.rows.loc[0, ["value", "outlet"]].tolist() == [117_400, "ТАСС"]


def test_header_without_rows_is_an_empty_valid_file():
    parsed = claims()
    assert (parsed.problems, parsed.total_rows, len(parsed.rows)) == ([], 0, 0)


# --- file-level problems --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"\r\n \r\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "this is not a text CSV file"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "this is not a text CSV file"),
        (bytes(range(0x80, 0x100)) * 3, "encoding could not be recognised"),
        (b"series,announced_on,outlet\n", "missing required column 'value'"),
        (b"series,value,outlet\n", "missing required column 'announced_on'"),
        (b"series,announced_on,value\n", "missing a source column"),
        (b"series,announced_on,value,outlet,qualifer\n", "unknown column 'qualifer'"),
        (b"series,announced_on,value,outlet,url,url\n", "column 'url' appears more than once"),
        (b"series,,announced_on,value,outlet\n", "column 2 of the header has no name"),
        (b'series,announced_on,value,outlet\nx,"2023-01-01,1,T\n', "line 2: a quoted field"),
    ],
    ids=[
        "empty", "blank", "png", "zip", "undecodable", "no-value", "no-announced-on",
        "no-source", "typo", "duplicate", "nameless", "unclosed-quote",
    ],
)  # fmt: skip
def test_file_level_problem_refuses_the_whole_file(data, reason):
    parsed = upload(data)
    assert len(parsed.problems) == 1
    problem = parsed.problems[0]
    assert (problem.line, problem.column) == (None, None)
    assert reason in problem.reason
    assert parsed.file_level
    assert parsed.rows.empty and list(parsed.rows.columns) == ["line", *kinds.CLAIMS.columns]


def test_misspelt_column_suggests_the_right_name():
    parsed = upload(b"series,announced_on,value,outlet,qualifer\n")
    assert "did you mean 'qualifier'?" in parsed.problems[0].reason


def test_every_header_problem_is_reported_at_once():
    parsed = upload(b"series,series,value,speakr\n")
    reasons = [p.reason for p in parsed.problems]
    assert any("appears more than once" in r for r in reasons)
    assert any("unknown column 'speakr'" in r for r in reasons)
    assert any("missing required column 'announced_on'" in r for r in reasons)
    assert any("missing a source column" in r for r in reasons)


def test_trailing_empty_header_cells_from_a_spreadsheet_are_ignored():
    parsed = claims(row() + ",,", header=HEADER + ",,")
    assert parsed.problems == [] and len(parsed.rows) == 1


# --- row problems ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "column", "reason"),
    [
        ({"series": ""}, "series", "series is required"),
        ({"series": "contract-ytdd"}, "series", "unknown series 'contract-ytdd'"),
        ({"announced_on": ""}, "announced_on", "announced_on is required"),
        ({"announced_on": "2023-02-30"}, "announced_on", "impossible date '2023-02-30'"),
        ({"as_of": "31.04.2023"}, "as_of", "impossible date '31.04.2023'"),
        ({"announced_on": "03/08/2023"}, "announced_on", "ambiguous date '03/08/2023'"),
        ({"as_of": "03.08.23"}, "as_of", "two-digit year"),
        ({"announced_on": "August 2023"}, "announced_on", "month only"),
        ({"period_start": "2023-01"}, "period_start", "month only"),
        ({"value": ""}, "value", "value is required"),
        ({"value": "more than 5"}, "value", "not a number"),
        ({"value": "abc"}, "value", "not a number"),
        ({"value": "-5"}, "value", "negative"),
        ({"value": "280.000"}, "value", "ambiguous number '280.000'"),
        ({"value": "1.2345k"}, "value", "not a whole number"),
        ({"low": "2.5.1", "high": "9"}, "low", "not a number"),
        (
            {"value": "10", "low": "20", "high": "30"},
            "value",
            "value 10 is outside its range 20 to 30",
        ),
        (
            {"value": "40", "low": "20", "high": "30"},
            "value",
            "value 40 is outside its range 20 to 30",
        ),
        ({"low": "231000"}, "high", "low is given without high"),
        ({"high": "240000"}, "low", "high is given without low"),
        ({"value": "5", "low": "9", "high": "3"}, "low", "low 9 is greater than high 3"),
        (
            {"qualifier": "exact", "low": "231000", "high": "232000"},
            "qualifier",
            "exact takes no low/high",
        ),
        ({"qualifier": "roughly"}, "qualifier", "unknown qualifier 'roughly'"),
        ({"verification": "checked"}, "verification", "unknown verification 'checked'"),
        (
            {"as_of": "2023-08-01", "period_start": "2023-08-02"},
            "period_start",
            "period_start 2023-08-02 is after as_of 2023-08-01",
        ),
        ({"as_of": "2023-08-04"}, "as_of", "as_of 2023-08-04 is after announced_on 2023-08-03"),
        ({"announced_on": "2026-11-26"}, "announced_on", "in the future"),
        ({"period_end": "2023-12-31"}, "period_end", "a cumulative series has no period_end"),
        (
            {"series": "contract-period", "period_start": "2023-07-01"},
            "period_end",
            "period_end is required for a period_total series",
        ),
        (
            {"series": "contract-period", "period_end": "2023-07-31"},
            "period_start",
            "period_start is required for a period_total series",
        ),
        (
            {"series": "contract-period", "period_start": "2023-08-01", "period_end": "2023-07-31"},
            "period_start",
            "2023-08-01 is after period_end",
        ),
        (
            {
                "series": "contract-period",
                "as_of": "2023-07-30",
                "period_start": "2023-07-01",
                "period_end": "2023-07-31",
            },
            "as_of",
            "must equal period_end 2023-07-31",
        ),
        (
            {"series": "contract-period", "period_start": "2023-08-01", "period_end": "2023-08-31"},
            "period_end",
            "period_end 2023-08-31 (the as_of date) is after",
        ),
        (
            {"series": "contract-pace-daily", "period_start": "2023-01-01"},
            "period_start",
            "a stated rate has no period",
        ),
        (
            {"series": "contract-pace-monthly", "period_end": "2023-07-31"},
            "period_end",
            "a stated rate has no period",
        ),
        ({"outlet": "", "url": ""}, "url", "no source: give a url or an outlet"),
        ({"url": "javascript:alert(1)"}, "url", "must start with http:// or https://"),
        ({"url": "ftp://example.org/file.csv"}, "url", "must start with http:// or https://"),
        ({"url": "www.example.org/news"}, "url", "must start with http:// or https://"),
        ({"url": "https://"}, "url", "not a valid web address"),
        ({"url": "https://exa mple.org/"}, "url", "not a valid web address"),
        ({"quote": "x" * 1_000_000}, "quote", "quote is 1,000,000 characters long; the limit"),
    ],
)
def test_bad_claim_is_reported_on_its_line_and_column(fields, column, reason):
    parsed = claims(row(), row(**fields), row(announced_on="2023-09-03", value="280000"))
    assert_problems(parsed, [(3, column, reason)])
    assert parsed.rows["line"].tolist() == [2, 4]
    assert parsed.rejected_lines == {3}
    assert not parsed.file_level


@pytest.mark.parametrize(
    "fields",
    [
        {"url": "https://example.org/a,b?q=1#x"},
        {"url": "HTTP://EXAMPLE.ORG"},
        {"url": "https://user@example.org:8443/path"},
        {"url": "https://минобороны.рф/news"},
        {"url": "https://[2001:db8::1]/"},
        {"outlet": "", "url": "https://example.org/"},
        {"quote": "x" * 10_000},
        {"value": "0"},
        {"low": "231000", "high": "232000"},
        {"value": "231000", "low": "231000", "high": "231000", "qualifier": "approx"},
        {"announced_on": "2026-11-25"},
        {"as_of": "2023-08-03", "period_start": "2023-08-03"},
    ],
)
def test_edge_values_that_are_allowed(fields):
    assert claims(row(**fields)).problems == []


def test_every_problem_of_a_row_is_reported_in_column_order():
    parsed = claims(
        row(series="nope", announced_on="2023-13-01", value="-1", url="ftp://x", quote="q")
    )
    assert_problems(
        parsed,
        [
            (2, "series", "unknown series 'nope'"),
            (2, "announced_on", "impossible date"),
            (2, "value", "negative"),
            (2, "url", "must start with http:// or https://"),
        ],
    )
    assert parsed.rows.empty


def test_ninety_nine_good_rows_and_one_bad_give_one_problem():
    rows = [row(value=str(1000 + i), speaker=f"Speaker {i}") for i in range(100)]
    rows[49] = row(value="lots")
    parsed = claims(*rows)
    assert_problems(parsed, [(51, "value", "not a number")])
    assert parsed.total_rows == 100
    assert len(parsed.rows) == 99
    assert 51 not in set(parsed.rows["line"])
    assert parsed.rows["line"].tolist() == [n for n in range(2, 102) if n != 51]


def test_line_after_a_multi_line_quote_is_the_physical_line():
    parsed = claims(
        row(quote="first line\nsecond line\n\nfourth line"),
        row(announced_on="31.04.2023"),
    )
    assert_problems(parsed, [(6, "announced_on", "impossible date")])
    assert parsed.rows["line"].tolist() == [2]
    assert parsed.rows.loc[0, "quote"] == "first line\nsecond line\n\nfourth line"


def test_blank_lines_are_skipped_but_counted():
    parsed = claims(row(), "", ",,,", row(value="x"))
    assert_problems(parsed, [(5, "value", "not a number")])
    assert parsed.total_rows == 2


def test_row_with_more_fields_than_the_header_is_a_problem():
    parsed = claims(row() + ",surprise", row() + ",,")
    assert_problems(parsed, [(2, None, "18 fields, but the header has 17 columns")])
    assert parsed.rows["line"].tolist() == [3]


def test_row_with_fewer_fields_has_its_trailing_cells_empty():
    parsed = claims("contract-ytd,2023-08-03,,,,231000,,,,Speaker,,TASS")
    assert parsed.problems == []
    assert parsed.rows.loc[0, ["speaker", "outlet", "url", "verification"]].tolist() == [
        "Speaker", "TASS", None, "unverified",
    ]  # fmt: skip


def test_url_alone_is_a_source_when_there_is_no_outlet_column():
    header = "series,announced_on,value,url"
    assert claims("contract-ytd,2023-08-03,5,https://tass.com/x", header=header).problems == []
    parsed = claims("contract-ytd,2023-08-03,5,", header=header)
    assert_problems(parsed, [(2, "url", "no source")])


def test_same_bad_value_on_many_lines_is_reported_on_each():
    parsed = claims(*[row(announced_on="03/08/2023")] * 3)
    assert [(p.line, p.column) for p in parsed.problems] == [
        (2, "announced_on"), (3, "announced_on"), (4, "announced_on"),
    ]  # fmt: skip
    assert len({p.reason for p in parsed.problems}) == 1


# --- other kinds ----------------------------------------------------------------------------


def test_series_rules():
    text = "\n".join([
        "slug,name,measure,unit,definition",
        "contract-ytd,Contract,cumulative,people,",
        "Contract YTD,Bad slug,cumulative,,",
        "no-name,,cumulative,,",
        "pace,Pace,weekly_rate,,",
        "contract-ytd,Again,cumulative,,",
        "no-measure,No measure,,,",
        "",
    ])  # fmt: skip
    parsed = upload(text, "series")
    assert_problems(
        parsed,
        [
            (3, "slug", "lowercase letters, digits and single hyphens"),
            (4, "name", "name is required"),
            (5, "measure", "unknown measure 'weekly_rate'"),
            (6, "slug", "slug 'contract-ytd' already appears on line 2"),
            (7, "measure", "measure is required"),
        ],
    )
    assert parsed.rows["slug"].tolist() == ["contract-ytd"]


def test_event_rules():
    text = "\n".join([
        "date,end_date,label,description",
        "2023-06-24,,Mutiny,",
        "2023-06-24,2023-06-23,Ends before it starts,",
        ",,No date,",
        "2023-06-24,,,No label",
        "06/24/2023,,Slashes,",
        "",
    ])  # fmt: skip
    parsed = upload(text, "events")
    assert_problems(
        parsed,
        [
            (3, "end_date", "end_date 2023-06-23 is before date 2023-06-24"),
            (4, "date", "date is required"),
            (5, "label", "label is required"),
            (6, "date", "ambiguous date"),
        ],
    )
    assert parsed.rows["line"].tolist() == [2]


def test_target_rules():
    text = "\n".join([
        "series,period_start,period_end,value,qualifier,description,outlet,url",
        "contract-ytd,2023-01-01,2023-12-31,400k,,A plan,,",
        "unknown,2023-01-01,2023-12-31,1,,,,",
        "contract-ytd,2023-12-31,2023-01-01,1,,,,",
        "contract-ytd,,,-1,about,,,javascript:x",
        "",
    ])  # fmt: skip
    parsed = upload(text, "targets")
    assert_problems(
        parsed,
        [
            (3, "series", "unknown series 'unknown'"),
            (4, "period_start", "period_start 2023-12-31 is after period_end 2023-01-01"),
            (5, "period_start", "period_start is required"),
            (5, "period_end", "period_end is required"),
            (5, "value", "negative"),
            (5, "qualifier", "unknown qualifier 'about'"),
            (5, "url", "must start with http:// or https://"),
        ],
    )
    assert parsed.rows.loc[0, ["value", "qualifier"]].tolist() == [400_000, "approx"]


# --- reporting ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (Problem(3, "value", "negative"), "line 3, column value: negative"),
        (Problem(7, None, "17 fields"), "line 7: 17 fields"),
        (Problem(None, None, "the file is empty"), "the file is empty"),
    ],
)
def test_problem_reads_as_line_column_reason(problem, text):
    assert str(problem) == text


def test_rejected_lines_are_the_lines_with_problems():
    parsed = claims(row(value="x"), row(), row(value="-1", url="ftp://x"))
    assert parsed.rejected_lines == {2, 4}
    assert not parsed.file_level


def test_a_file_with_every_row_refused_reports_each_line_and_column_quickly():
    rows = [row(series="contract-ytdd", value="lots" if i % 2 else "5", announced_on=day)
            for i, day in enumerate(["2030-01-01", "2023-08-03"] * 10_000)]  # fmt: skip

    parsed = claims(*rows)

    assert parsed.rows.empty
    assert len(parsed.rejected_lines) == 20_000
    problems = parsed.problems
    assert len(problems) == 40_000
    assert [(p.line, p.column) for p in problems[:5]] == [
        (2, "series"), (2, "announced_on"), (3, "series"), (3, "value"), (4, "series"),
    ]  # fmt: skip
    assert str(problems[0]) == (
        "line 2, column series: unknown series 'contract-ytdd' (did you mean 'contract-ytd'?); "
        "add it to the series first"
    )
    assert str(problems[1]) == (
        "line 2, column announced_on: announced_on 2030-01-01 is in the future "
        "(today is 2026-11-25)"
    )
    assert str(problems[3]) == (
        "line 3, column value: not a number: 'lots'; write a whole number such as 280000"
    )
    assert [p.line for p in problems] == sorted(p.line for p in problems)
