"""Bytes to CSV records and frames to CSV text, with nothing lost or silently changed.

Uploads come from spreadsheets, so decoding tolerates a BOM and a confidently detected legacy
encoding (cp1251 from a Russian Excel) but refuses a guess. Every CSV the project writes
neutralises text cells that a spreadsheet would run as a formula (docs/methodology.md, "CSV
format"); the prefix is a bijection so export -> import -> export is byte-identical.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import re
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "FileProblem",
    "decode",
    "format_csv",
    "neutralise",
    "neutralise_column",
    "read_cells",
    "read_columns",
    "read_records",
    "unneutralise",
    "unneutralise_column",
]


class FileProblem(Exception):
    """The file as a whole cannot be read; ``message`` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# Legacy encodings a spreadsheet or old editor writes, most likely first. Detection is limited to
# these: with every codec in play, short Cyrillic text is "detected" as Big5 or Shift-JIS.
_LEGACY = ("cp1251", "cp1252", "cp1250", "koi8_r", "cp866")
_DISPLAY = {
    "cp1251": "windows-1251",
    "cp1252": "windows-1252",
    "cp1250": "windows-1250",
    "koi8_r": "KOI8-R",
    "cp866": "cp866",
}
_MAX_CHAOS = 0.1  # charset-normalizer's "mess" ratio: above it the text looks garbled
_MIN_COHERENCE = 0.3  # below it there is too little language in the file to tell encodings apart
_MIN_MARGIN = 0.1  # how far the best guess must lead any guess that reads differently
_CONTROL = bytes(range(1, 9)) + bytes(range(14, 32))


def decode(data: bytes) -> tuple[str, str, str | None]:
    """Return (text, encoding, note) for an uploaded file, or raise FileProblem.

    UTF-8 (a BOM is dropped) needs no note; a detected legacy encoding is accepted only when the
    detector is confident, and the note asks the user to check the preview.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _checked(data.decode("utf-16"), "utf-16", "decoded as UTF-16 (byte order mark)")
        except UnicodeDecodeError:
            raise FileProblem(_UNRECOGNISED) from None
    if not data or data.isspace():  # data.strip() would copy the whole file to say so
        raise FileProblem("the file is empty")
    sample = data[:65536]
    if b"\x00" in data or len(sample) - len(sample.translate(None, _CONTROL)) > len(sample) // 100:
        raise FileProblem("this is not a text CSV file (it looks like binary data)")
    try:
        return _checked(data.decode("utf-8"), "utf-8", None)
    except UnicodeDecodeError:
        pass
    encoding = _detect(data)
    if encoding is None:
        raise FileProblem(_UNRECOGNISED)
    name = _DISPLAY.get(encoding, encoding.replace("_", "-"))
    return _checked(data.decode(encoding), name, f"decoded as {name} (detected; check the preview)")


_UNRECOGNISED = (
    "the file's encoding could not be recognised: it is not UTF-8; "
    "save it as 'CSV UTF-8' and upload it again"
)


def _checked(text: str, encoding: str, note: str | None) -> tuple[str, str, str | None]:
    if "\x00" in text:
        raise FileProblem("this is not a text CSV file (it looks like binary data)")
    if not text or text.isspace():
        raise FileProblem("the file is empty")
    return text, encoding, note


def _detect(data: bytes) -> str | None:
    """The legacy encoding charset-normalizer is confident about, else None."""
    from charset_normalizer import from_bytes  # imported late: it is slow to import

    results = list(from_bytes(data, cp_isolation=list(_LEGACY)))
    if not results:
        return None
    best = max(results, key=lambda r: r.coherence - r.chaos)
    if best.chaos > _MAX_CHAOS or best.coherence < _MIN_COHERENCE:
        return None
    text = str(best)
    for other in results:
        lead = (best.coherence - best.chaos) - (other.coherence - other.chaos)
        if other is not best and lead < _MIN_MARGIN and str(other) != text:
            return None
    candidates = set(best.could_be_from_charset) | {best.encoding}
    return next((enc for enc in _LEGACY if enc in candidates), best.encoding)


def _raise_field_limit() -> None:
    """Let a huge field through so validation reports it as too long instead of csv crashing."""
    limit = 2**31 - 1  # fits a C long everywhere, unlike sys.maxsize on Windows
    if csv.field_size_limit() < limit:
        csv.field_size_limit(limit)


def read_records(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Split CSV text into a header (trimmed, lower-cased) and (physical line, fields) records.

    The header is line 1 of the text; a quoted field may span lines, so a record's number is the
    line where it starts. Blank lines (and rows of empty cells, as spreadsheets write them) are
    skipped. Malformed quoting raises FileProblem naming the line rather than guessing. Fields are
    separated by commas, or by semicolons or tabs when the header has those and no comma (Excel
    in a Russian or German locale saves "CSV" with semicolons).
    """
    _raise_field_limit()
    reader = csv.reader(io.StringIO(text, newline=""), strict=True, delimiter=_delimiter(text))
    header: list[str] | None = None
    records: list[tuple[int, list[str]]] = []
    last = 0
    try:
        for fields in reader:
            start, last = last + 1, reader.line_num
            if not fields or (not fields[0].strip() and not "".join(fields).strip()):
                continue  # a blank line, or a row of empty cells
            if header is None:
                header = [field.replace("\ufeff", "").strip().lower() for field in fields]
            else:
                records.append((start, fields))
    except csv.Error as error:
        start = last + 1
        if "unexpected end of data" in str(error):
            raise FileProblem(
                f"line {start}: a quoted field that starts here is never closed"
            ) from None
        raise FileProblem(f"line {start}: this line is not valid CSV ({error})") from None
    if header is None:
        raise FileProblem("the file is empty")
    return header, records


# Python's str.strip() takes these for whitespace and Arrow's trimming does not: a file holding
# them goes to read_records, so that blank rows are told apart the same way.
_PYTHON_ONLY_SPACE = "\x1c\x1d\x1e\x1f"


def read_columns(text: str) -> tuple[list[str], np.ndarray, list[pd.Series]] | None:
    """What ``read_records`` reads, by column: (header, the record's line numbers, one str
    Series per header column); or None when the file must go to ``read_records``.

    Arrow's CSV reader is many times faster than the csv module but reads malformed or
    unusual files its own way, so it only takes files on which both agree: one record per
    line (no line break inside quotes, no bare carriage return), every line in strict CSV form
    (a quote only around a whole field), and every record exactly as wide as the first.
    """
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pa_csv

    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    if any(c in text for c in _PYTHON_ONLY_SPACE):
        return None
    if not text:
        raise FileProblem("the file is empty")
    delimiter = _delimiter(text)
    data = text.encode("utf-8")
    raw = np.frombuffer(data, dtype=np.uint8)
    # Physical lines (each with its line break) as one Arrow array over the bytes, no copy.
    ends = np.flatnonzero(raw == ord("\n")) + 1
    if not len(ends) or ends[-1] != len(data):
        ends = np.append(ends, len(data))
    offsets = np.concatenate([[0], ends]).astype(np.int64)
    lines = pa.LargeStringArray.from_buffers(len(ends), pa.py_buffer(offsets), pa.py_buffer(data))
    sep = re.escape(delimiter)
    field = f'(?:"(?:[^"]|"")*"|[^"{sep}\r\n]*)'
    strict = pc.match_substring_regex(lines, f"^{field}(?:{sep}{field})*\r?\n?$")
    if not pc.all(strict).as_py():
        return None
    # Each line's length without its break, "\n" or "\r\n" (a lone "\r" was sent away above).
    length = np.diff(offsets)
    newline = raw[ends - 1] == ord("\n")
    length -= newline
    length -= newline & (length > 0) & (raw[np.maximum(ends - 2, 0)] == ord("\r"))
    numbers = np.flatnonzero(length > 0) + 1  # Arrow skips empty lines, as the csv module does
    if not len(numbers):
        raise FileProblem("the file is empty")
    first = lines[int(numbers[0]) - 1].as_py()
    _raise_field_limit()
    width = len(next(csv.reader([first], delimiter=delimiter)))
    _check_width(width)
    names = [f"c{i}" for i in range(width)]
    try:
        table = pa_csv.read_csv(
            pa.py_buffer(data),
            read_options=pa_csv.ReadOptions(column_names=names),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=False),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
            ),
        )
    except pa.ArrowException:  # say, a record wider or narrower than the first
        return None
    if table.num_rows != len(numbers):
        return None
    columns = [pd.Series(table.column(name), dtype="str") for name in names]
    rows = _filled_rows(columns)  # rows of empty cells, as spreadsheets write them, are skipped
    if not len(rows):
        raise FileProblem("the file is empty")
    header = [str(col.iloc[rows[0]]).replace("\ufeff", "").strip().lower() for col in columns]
    rows = rows[1:]
    if len(rows) and rows[-1] - rows[0] + 1 == len(rows):  # no blank row: slices, not copies
        records = [col.iloc[rows[0] : rows[-1] + 1].reset_index(drop=True) for col in columns]
    else:
        records = [col.iloc[rows].reset_index(drop=True) for col in columns]
    return header, numbers[rows].astype(np.int64), records


def _filled_rows(columns: list[pd.Series]) -> np.ndarray:
    """The rows with at least one cell that is not blank. A column is only looked at in the
    rows where every column before it was blank: after the first, that is hardly any."""
    blank = np.flatnonzero((columns[0].str.strip() == "").to_numpy())
    for col in columns[1:]:
        if not len(blank):
            break
        blank = blank[(col.iloc[blank].str.strip() == "").to_numpy()]
    filled = np.ones(len(columns[0]), dtype=bool)
    filled[blank] = False
    return np.flatnonzero(filled)


# No kind of file has more than 16 columns; a file with far more fields on a line is not one
# of ours (or not split where it should be), and reading it column by column would take long.
MAX_FIELDS = 1_000


def _check_width(width: int) -> None:
    if width > MAX_FIELDS:
        raise FileProblem(
            f"a line of this file has {width:,} fields, and a file here has at most "
            f"{MAX_FIELDS:,}: is it the CSV of statements, series, events or targets?"
        )


def read_cells(text: str) -> tuple[list[str], np.ndarray, list[pd.Series], np.ndarray]:
    """(header, record lines, one str Series per column, number of fields of each record).

    By ``read_columns`` when it takes the file, else ``read_records`` laid out by column: a
    short record padded with empty cells, and a column for every field past the header."""
    columns = read_columns(text)
    if columns is not None:
        header, lines, cells = columns
        return header, lines, cells, np.full(len(lines), len(header))
    header, records = read_records(text)
    lines = np.fromiter((line for line, _ in records), dtype=np.int64, count=len(records))
    fields = np.fromiter((len(f) for _, f in records), dtype=np.int64, count=len(records))
    width = max(len(header), int(fields.max()) if len(fields) else 0)
    _check_width(width)
    padded = [f if len(f) == width else f + [""] * (width - len(f)) for _, f in records]
    grid = np.array(padded, dtype=object).reshape(len(records), width)
    return header, lines, [pd.Series(grid[:, i], dtype="str") for i in range(width)], fields


# The first non-blank line is looked for in this much of the text first: a StringIO of the
# whole text would copy all of it.
_DELIMITER_SAMPLE = 1 << 16


def _delimiter(text: str) -> str:
    """The separator of the first non-blank line: a comma unless it has none but ; or a tab."""
    sample = text[:_DELIMITER_SAMPLE]
    line = _first_filled_line(sample, cut=len(sample) < len(text))
    if line is None and len(sample) < len(text):
        line = _first_filled_line(text, cut=False)
    return _separator(line) if line is not None else ","


def _first_filled_line(text: str, *, cut: bool) -> str | None:
    """The first line of `text` that is not blank; None when there is none, or when `cut`
    (the text is a sample) and the sample ends before such a line does."""
    for line in io.StringIO(text, newline=""):
        if cut and not line.endswith(("\n", "\r")):
            return None
        if line.strip():
            return line
    return None


def _separator(line: str) -> str:
    if "," not in line:
        for candidate in (";", "\t"):
            if candidate in line:
                return candidate
    return ","


_NEEDS_PREFIX = re.compile(r"'*[=+\-@]")
_HAS_PREFIX = re.compile(r"'+[=+\-@]")


def neutralise(s: str) -> str:
    """Prefix an apostrophe so a spreadsheet shows the cell as text, never runs it."""
    return "'" + s if _NEEDS_PREFIX.match(s) else s


def unneutralise(s: str) -> str:
    """Undo ``neutralise`` exactly: drop one apostrophe it would have added."""
    return s[1:] if _HAS_PREFIX.match(s) else s


def neutralise_column(values: pd.Series) -> pd.Series:
    """``neutralise`` for a column of str (missing values stay missing)."""
    mask = values.str.match(_NEEDS_PREFIX.pattern).fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        return values
    return values.where(~mask, "'" + values)


def unneutralise_column(values: pd.Series) -> pd.Series:
    """``unneutralise`` for a column of str (missing values stay missing)."""
    mask = values.str.match(_HAS_PREFIX.pattern).fillna(False).to_numpy(dtype=bool)
    if not mask.any():
        return values
    return values.where(~mask, values.str.slice(1))


def format_csv(frame: pd.DataFrame, columns: Sequence[str], text_columns: Collection[str]) -> str:
    """Write ``columns`` of ``frame`` as CSV text: header, ``\\n`` line ends, minimal quoting.

    Dates become YYYY-MM-DD, whole numbers plain integers, missing values empty cells; only
    ``text_columns`` are neutralised. Work is per column, so a million rows stay fast.
    """
    header = ",".join(_quote_scalar(name) for name in columns)
    if frame.empty:
        return header + "\n"
    cells = [
        _column_text(frame[name].reset_index(drop=True), name in text_columns) for name in columns
    ]
    if len(columns) == 1:  # a lone empty cell would read back as a blank line and vanish
        cells[0] = cells[0].mask(cells[0] == "", '""')
    return header + "\n" + "\n".join(_join_rows(cells)) + "\n"


def _join_rows(cells: list[pd.Series]) -> list[str]:
    """Join cells into lines; Arrow does it in one call when present (streamlit brings it)."""
    try:
        import pyarrow as pa
        import pyarrow.compute as pc
    except ImportError:  # pragma: no cover - pandas' own concatenation, about 3x slower
        lines = cells[0]
        for column in cells[1:]:
            lines = lines + "," + column
        return lines.tolist()
    arrays = [pa.array(column, type=pa.large_string()) for column in cells]
    comma = pa.scalar(",", type=pa.large_string())
    return pc.binary_join_element_wise(*arrays, comma).to_pylist()


def _quote(values: pd.Series) -> pd.Series:
    """Quote the cells that need it (a comma, quote or line break), as the csv module would."""
    needs = values.str.contains(r'[",\r\n]', regex=True).to_numpy(dtype=bool)
    if not needs.any():
        return values
    return values.where(~needs, '"' + values.str.replace('"', '""', regex=False) + '"')


def _quote_scalar(value: str) -> str:
    return f'"{value.replace(chr(34), chr(34) * 2)}"' if re.search(r'[",\r\n]', value) else value


def _column_text(values: pd.Series, is_text: bool) -> pd.Series:
    """One column as a str Series of cells, "" for missing (numpy/arrow work, no cell loop)."""
    missing = values.isna().to_numpy()
    dtype = values.dtype
    if is_text:  # astype("str") keeps missing values missing and str()s anything else
        return _quote(neutralise_column(values.astype("str").fillna("")))
    if pd.api.types.is_datetime64_any_dtype(dtype):
        if getattr(dtype, "tz", None) is not None:
            values = values.dt.tz_localize(None)
        codes, days = pd.factorize(values)  # few distinct days: format each once
        formatted = pd.Series(days).dt.strftime("%Y-%m-%d").to_numpy(dtype=object)
        cells = np.where(codes < 0, "", formatted[codes] if len(days) else "")
    elif pd.api.types.is_bool_dtype(dtype):
        cells = values.astype(object).to_numpy().astype(str)
    elif pd.api.types.is_integer_dtype(dtype):
        cells = values.astype("Int64").astype("str").to_numpy(dtype=object, na_value="")
    elif pd.api.types.is_float_dtype(dtype):
        cells = _floats(values.to_numpy(dtype="float64", na_value=np.nan))
    else:
        kind = pd.api.types.infer_dtype(values, skipna=True)
        if kind in ("string", "empty"):
            return _quote(values.astype("str").fillna(""))
        if kind in ("date", "datetime", "datetime64"):
            dates = pd.to_datetime(values)
            return _column_text(dates.astype("datetime64[ns]"), is_text=False)
        cells = values.map(_scalar_text, na_action="ignore").to_numpy(dtype=object)
        return _quote(pd.Series(np.where(missing, "", cells), index=values.index, dtype="str"))
    return pd.Series(np.where(missing, "", cells), index=values.index, dtype="str")


def _floats(array: np.ndarray) -> np.ndarray:
    """Whole floats as integers (no ".0"), others in their shortest round-trip form."""
    whole = np.isfinite(array) & (np.floor(array) == array) & (np.abs(array) < 2**63)
    cells = np.empty(len(array), dtype=object)
    cells[whole] = pd.Series(array[whole].astype("int64")).astype("str").to_numpy(dtype=object)
    cells[~whole] = [repr(float(x)) for x in array[~whole]]
    return cells


def _scalar_text(value: Any) -> str:
    """One cell of a column of mixed Python values."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, dt.date):  # also datetime and pd.Timestamp
        return value.isoformat()[:10]
    if isinstance(value, float | Decimal) and math.isfinite(value) and value == int(value):
        return str(int(value))
    return str(value)
