"""Decoding uploads, splitting CSV records, formula neutralisation and CSV writing."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from recruitment.ingest.csvio import (
    FileProblem,
    decode,
    format_csv,
    neutralise,
    neutralise_column,
    read_columns,
    read_records,
    unneutralise,
    unneutralise_column,
)

RUSSIAN = (
    "series,announced_on,value,outlet,quote\n"
    "contract-ytd,2023-06-22,114000,Lenta.ru,"
    "в ряды ВС уже набрано 114 тысяч человек по контракту и 52 тысячи добровольцев\n"
    "contract-ytd,2023-10-05,335000,Москва 24,"
    '"На сегодняшний день уже 335 тысяч людей, которые добровольно пришли и заключили контракты"\n'
)


# --- decode ---------------------------------------------------------------------------------


def test_utf8_is_decoded_without_a_note():
    assert decode("a,b\nТАСС,1\n".encode()) == ("a,b\nТАСС,1\n", "utf-8", None)


def test_utf8_byte_order_mark_is_removed():
    text, encoding, note = decode(b"\xef\xbb\xbfseries,value\r\nx,1\r\n")
    assert (text, encoding, note) == ("series,value\r\nx,1\r\n", "utf-8", None)


def test_cp1251_from_excel_is_decoded_with_a_note_to_check_the_preview():
    text, encoding, note = decode(RUSSIAN.encode("cp1251"))
    assert text == RUSSIAN
    assert encoding == "windows-1251"
    assert note == "decoded as windows-1251 (detected; check the preview)"


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \n"])
def test_empty_or_blank_file_is_refused(data):
    with pytest.raises(FileProblem, match="the file is empty"):
        decode(data)


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("claims.csv", "series,value\n")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10",
        _zip_bytes(),
        bytes(range(1, 32)) * 20,  # control characters without a NUL
    ],
    ids=["png", "zip", "control-characters"],
)
def test_binary_junk_is_not_a_text_csv(data):
    with pytest.raises(FileProblem, match="this is not a text CSV file"):
        decode(data)


@pytest.mark.parametrize(
    "data",
    [
        "series,announced_on,value,outlet\ncontract-ytd,2023-08-03,231000,ТАСС\n".encode("cp1251"),
        bytes(range(0x80, 0x100)) * 4,
    ],
    ids=["too-little-text-to-tell", "high-bytes"],
)
def test_encoding_that_cannot_be_recognised_confidently_is_refused(data):
    with pytest.raises(FileProblem, match=r"encoding could not be recognised.*UTF-8"):
        decode(data)


# --- read_records ---------------------------------------------------------------------------


def test_header_is_trimmed_and_lower_cased():
    header, records = read_records(" Series , Announced_On,VALUE\nx,2023-01-01,1\n")
    assert header == ["series", "announced_on", "value"]
    assert records == [(2, ["x", "2023-01-01", "1"])]


def test_record_line_is_the_physical_line_where_it_starts():
    text = 'a,b\n1,"one\ntwo\r\nthree"\n\n2,x\r\n,\n3,y\n'
    header, records = read_records(text)
    assert header == ["a", "b"]
    assert records == [(2, ["1", "one\ntwo\r\nthree"]), (6, ["2", "x"]), (8, ["3", "y"])]


def test_crlf_and_lf_give_the_same_records():
    lf = "a,b\n1,2\n3,4\n"
    assert read_records(lf.replace("\n", "\r\n")) == read_records(lf)


@pytest.mark.parametrize("separator", [";", "\t"])
def test_semicolon_or_tab_separated_file_from_a_spreadsheet_is_read(separator):
    text = separator.join(["series", "value", "quote"]) + "\n"
    text += separator.join(["contract-ytd", "117,4 тыс.", '"a; b, c"']) + "\n"
    header, records = read_records(text)
    assert header == ["series", "value", "quote"]
    assert records == [(2, ["contract-ytd", "117,4 тыс.", "a; b, c"])]


def test_header_with_a_comma_is_comma_separated_even_with_semicolons():
    assert read_records("a,b;c\n1,2;3\n") == (["a", "b;c"], [(2, ["1", "2;3"])])


def test_stray_byte_order_mark_in_the_header_is_dropped():
    assert read_records("\ufeffseries,value\n")[0] == ["series", "value"]


def test_blank_lines_before_the_header_are_skipped():
    header, records = read_records("\n\na,b\n1,2\n")
    assert header == ["a", "b"]
    assert records == [(4, ["1", "2"])]


def test_field_of_a_megabyte_is_read_not_refused():
    quote = "x" * 1_000_000
    _, records = read_records(f'a,b\n1,"{quote}"\n')
    assert records[0][1][1] == quote


def test_quote_never_closed_is_a_file_problem_naming_its_line():
    with pytest.raises(FileProblem, match=r"line 3: a quoted field .* never closed"):
        read_records('a,b\n1,2\n3,"open\n4,5\n')


def test_text_after_a_closing_quote_is_a_file_problem_naming_its_line():
    with pytest.raises(FileProblem, match="line 2: this line is not valid CSV"):
        read_records('a,b\n1,"x"y\n')


def test_file_of_blank_lines_has_no_header():
    with pytest.raises(FileProblem, match="empty"):
        read_records("\n,,\n \n")


# --- read_columns ---------------------------------------------------------------------------


def by_records(text: str) -> tuple[list[str], list[int], list[list[str]]]:
    header, records = read_records(text)
    return header, [line for line, _ in records], [fields for _, fields in records]


def by_columns(text: str) -> tuple[list[str], list[int], list[list[str]]] | None:
    read = read_columns(text)
    if read is None:
        return None
    header, lines, columns = read
    assert all(len(column) == len(lines) for column in columns)
    rows = zip(*(column.tolist() for column in columns), strict=True)
    return header, lines.tolist(), [list(row) for row in rows]


@pytest.mark.parametrize(
    "text",
    [
        "a,b\n1,2\n3,4\n",
        "a,b\r\n1,2\r\n\r\n3,4\r\n",
        "\n\n A , B \n\n1,2\n,\n , \n3,4",
        "\ufeffseries;value\ncontract-ytd;117,4 тыс.\n",
        'series\tquote\nx\t"a\t b, c"\n',
        'a,b\n"1,5","say ""hi"""\n"",\n',
        "a,b,,\n1,2,,\n3,4,x,\n",
        "a,b\n  padded  ,Москва 24\n",
    ],
)
def test_columns_are_the_records_of_a_plain_file(text):
    assert by_columns(text) == by_records(text)


@pytest.mark.parametrize(
    "text",
    [
        'a,b\n1,"one\ntwo"\n',  # a line break inside quotes
        "a,b\n1,2,3\n4\n",  # records wider or narrower than the header
        'a,b\n1,"x"y\n',  # text after a closing quote
        'a,b\n1,x"y\n',  # a quote inside a field
        "a,b\r1,2\r",  # bare carriage returns
        "a,b\n\x1f,\n1,2\n",  # whitespace to Python only
    ],
)
def test_files_that_are_not_plain_are_left_to_read_records(text):
    assert read_columns(text) is None


@given(
    st.lists(
        st.lists(st.text(alphabet=st.sampled_from('ab ,;"\t\r\n\x1fé'), max_size=6),
                 min_size=2, max_size=2),
        min_size=1, max_size=8,
    ),
    st.sampled_from(["\n", "\r\n"]),
)  # fmt: skip
def test_columns_agree_with_records_or_defer_to_them(rows, ending):
    out = io.StringIO()
    csv.writer(out, lineterminator=ending).writerows([["h1", "h2"], *rows])
    text = out.getvalue()
    try:
        expected = by_records(text)
    except FileProblem:
        return
    columns = by_columns(text)
    assert columns is None or columns == expected


# --- neutralise -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+7 495", "'+7 495"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("'=x", "''=x"),
        ("''-x", "'''-x"),
        ("'quoted'", "'quoted'"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_formula_cells_get_one_more_apostrophe_and_lose_exactly_one(cell, written):
    assert neutralise(cell) == written
    assert unneutralise(written) == cell


@given(st.text())
def test_neutralise_round_trips_any_text(text):
    assert unneutralise(neutralise(text)) == text


@given(st.lists(st.one_of(st.none(), st.text(max_size=12)), max_size=20))
def test_column_neutralise_matches_the_cell_functions(cells):
    column = pd.Series(cells, dtype="str")
    written = neutralise_column(column)
    expected = [None if c is None else neutralise(c) for c in cells]
    assert [None if pd.isna(c) else c for c in written] == expected
    back = unneutralise_column(written)
    assert [None if pd.isna(c) else c for c in back] == cells


# --- format_csv -----------------------------------------------------------------------------


def test_frame_is_written_with_iso_dates_plain_integers_and_empty_missing_cells():
    frame = pd.DataFrame(
        {
            "day": pd.to_datetime(["2023-08-03", None]),
            "count": [231_000, 280_000],
            "low": pd.array([1_000, None], dtype="Int64"),
            "whole": [280_000.0, np.nan],
            "ratio": [0.5, 2.0],
            "date": [dt.date(2023, 9, 3), None],
            "text": ["about 280,000", pd.NA],
        }
    )
    out = format_csv(frame, list(frame.columns), {"text"})
    assert out == (
        "day,count,low,whole,ratio,date,text\n"
        '2023-08-03,231000,1000,280000,0.5,2023-09-03,"about 280,000"\n'
        ",280000,,,2,,\n"
    )


def test_only_text_columns_are_neutralised():
    frame = pd.DataFrame({"note": ["=1+2", "-x"], "code": ["=1+2", "-x"], "n": [-5, 3]})
    assert format_csv(frame, ["note", "code", "n"], {"note"}) == (
        "note,code,n\n'=1+2,=1+2,-5\n'-x,-x,3\n"
    )


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("plain", "plain"),
        ("a,b", '"a,b"'),
        ('say "hi"', '"say ""hi"""'),
        ("two\nlines", '"two\nlines"'),
        ("carriage\rreturn", '"carriage\rreturn"'),
        (" padded ", " padded "),
    ],
)
def test_cells_are_quoted_only_when_needed(cell, written):
    assert format_csv(pd.DataFrame({"t": [cell], "n": [1]}), ["t", "n"], {"t"}) == (
        f"t,n\n{written},1\n"
    )


def test_columns_are_written_in_the_order_given():
    frame = pd.DataFrame({"b": [2], "a": [1], "unused": [0]})
    assert format_csv(frame, ["a", "b"], ()) == "a,b\n1,2\n"


def test_empty_frame_is_just_the_header():
    assert format_csv(pd.DataFrame({"a": [], "b": []}), ["a", "b"], ()) == "a,b\n"


def test_lone_empty_cell_is_quoted_so_the_row_is_not_a_blank_line():
    out = format_csv(pd.DataFrame({"a": [None, "x"]}), ["a"], {"a"})
    assert out == 'a\n""\nx\n'
    assert list(csv.reader(io.StringIO(out))) == [["a"], [""], ["x"]]


def test_written_csv_reads_back_cell_for_cell():
    cells = ["=cmd", "a,b", 'q"q', "multi\nline\r\nend", "", "'@x", "Москва"]
    frame = pd.DataFrame({"text": cells, "n": range(len(cells))})
    header, records = read_records(format_csv(frame, ["text", "n"], {"text"}))
    assert header == ["text", "n"]
    assert [unneutralise(fields[0]) for _, fields in records] == cells
