"""Mutated upload files of every kind, and what must hold when any of them is uploaded.

Each case starts from a valid file (a shipped one from data/, a template, or a fresh one whose
rows no store holds yet, so that imports happen too) and breaks it in one named way: the
mutation classes of ``MUTATIONS``, so that a failure says what kind of damage found it. A case
depends only on the seed, its index and the classes run, so any failure can be made again.

``run_case`` sends a file through ``recruitment.service.Store`` as the Upload page does and
asserts the invariants of docs/methodology.md ("CSV upload format", "Limits"): no exception
but ``ImportRefused`` escapes; every problem is one short visible line, and a row problem reads
"line N, column C: reason" or "line N: reason"; the preview table can always be drawn and
agrees with the counts; a file that is refused, or brings nothing new, leaves the data version
and every export as they were; an imported file changes its own kind's export only, that
export reads back with nothing new, and so does the same file uploaded again.

Long run, a fresh store every few hundred cases, failing inputs written to a folder:

    python -m tests.fuzz --cases 5000 --backend sqlite --out fuzz-failures/ [--seed N]
    python -m tests.fuzz --cases 5000 --backend postgresql --db URL   (or
        RECRUITMENT_TEST_POSTGRES_URL; the database's public schema is emptied)
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import functools
import io
import itertools
import random
import re
import sys
import tempfile
import time
import traceback
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
from sqlalchemy import create_engine, text

from recruitment import kinds
from recruitment.ingest.checks import Problem
from recruitment.ingest.importer import STATUSES, Preview
from recruitment.ingest.template import TEMPLATES, template_csv
from recruitment.service import ImportRefused, Store, seed_files
from recruitment.settings import test_postgres_url
from recruitment.vocab import QUALIFIERS
from tests.fixtures import csv_of, row

Grid = list[list[str]]  # a CSV file as rows of cells, the header first
Rng = random.Random
OUTCOMES = ("imported", "refused", "nothing new")
# How often each kind is drawn: claims have by far the most rules.
KIND_WEIGHTS = {"claims": 5, "series": 2, "events": 2, "targets": 2}
# A problem longer than this is no help on the Upload page (it echoes a whole cell, say).
MAX_MESSAGE = 1_000
# A case slower than this (seconds) is written out for a look, though it is not a failure.
SLOW_SECONDS = 10.0
# The sizes the limits are about: a field past the csv module's default limit of 131,072.
LONG_SIZES = (100_001, 131_073, 300_000)


class Case(NamedTuple):
    """One upload: the mutation class that made it, the kind it is uploaded as, its bytes."""

    name: str
    kind: str
    data: bytes


# ---------------------------------------------------------------- valid files to start from


@functools.cache
def valid_files() -> dict[str, tuple[str, ...]]:
    """The shipped data files and the templates, by kind: real text with Cyrillic, quotes,
    commas and every column in use."""
    files: dict[str, list[str]] = {name: [] for name in kinds.KIND_NAMES}
    for name, path in seed_files():
        files[name].append(path.read_text(encoding="utf-8"))
    for name in TEMPLATES:
        files[name].append(template_csv(name))
    return {name: tuple(texts) for name, texts in files.items()}


def grid_of(text_: str) -> Grid:
    """A CSV text as a fresh grid that a mutation may change in place."""
    return [list(fields) for fields in csv.reader(io.StringIO(text_, newline=""))]


def base_grid(rng: Rng, kind: str) -> Grid:
    """A valid file of ``kind``: half the time one whose rows no store holds yet."""
    if rng.random() < 0.5:
        return fresh_grid(rng, kind)
    return grid_of(rng.choice(valid_files()[kind]))


# Series of the shipped data with each measure, for fresh statements.
_FRESH_SERIES = (
    ("contract-ytd", "cumulative"), ("volunteer-ytd", "cumulative"),
    ("contract-period", "period_total"), ("contract-pace-daily", "daily_rate"),
    ("indep-intel-monthly", "monthly_rate"),
)  # fmt: skip
# The field of each kind changed to make a shipped row new (it is part of the duplicate key).
_RENEWED = {"claims": "speaker", "series": "slug", "events": "label", "targets": "value"}


def fresh_grid(rng: Rng, kind: str) -> Grid:
    """A valid file of new rows: a shipped file with one key field changed in every row, or
    (for claims) statements built with tests.fixtures.row."""
    token = f"{rng.getrandbits(40):010x}"
    if kind == "claims" and rng.random() < 0.5:
        days = [_day(rng) for _ in range(rng.randint(1, 4))]  # shared days: conflicts too
        rows = [_fresh_claim(rng, token, n, rng.choice(days)) for n in range(rng.randint(1, 12))]
        return grid_of(csv_of(*rows).decode())
    grid = grid_of(rng.choice(valid_files()[kind]))
    column = grid[0].index(_RENEWED[kind])
    for fields in grid[1:]:
        fields[column] = _renewed(rng, kind, fields[column], token)
    return grid


def _renewed(rng: Rng, kind: str, value: str, token: str) -> str:
    """A key field made new: a token added to text, another number for a target."""
    if kind == "targets":
        return str(rng.randrange(1, 10**6))
    return f"{value}-{token}" if kind == "series" else f"{value} {token}".strip()


def _day(rng: Rng) -> dt.date:
    """A day of 2022 to 2024: in the past, within the shipped data's years."""
    return dt.date(2022, 1, 1) + dt.timedelta(days=rng.randrange(3 * 365))


def _fresh_claim(rng: Rng, token: str, number: int, day: dt.date) -> str:
    """One valid statement no store holds yet (its url carries the token), of any measure."""
    series, measure = rng.choice(_FRESH_SERIES)
    value = rng.randrange(10**6)
    fields = {
        "series": series, "announced_on": day.isoformat(), "value": str(value),
        "qualifier": rng.choice(QUALIFIERS), "url": f"https://example.org/fuzz/{token}/{number}",
    }  # fmt: skip
    if measure == "period_total":
        start = day.replace(day=1)
        end = start + dt.timedelta(days=27)
        announced = end + dt.timedelta(days=rng.randrange(60))
        fields.update(
            period_start=start.isoformat(), period_end=end.isoformat(),
            announced_on=announced.isoformat(),
        )  # fmt: skip
    if fields["qualifier"] != "exact" and rng.random() < 0.3:
        fields.update(low=str(value), high=str(value + rng.randrange(1000)))
    return row(**fields)


# ---------------------------------------------------------------- writing a grid


def csv_text(
    grid: Grid, *, delimiter: str = ",", newline: str = "\n", quote_all: bool = False
) -> str:
    """A grid as CSV text, quoted as the csv module quotes."""
    out = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    csv.writer(out, delimiter=delimiter, lineterminator=newline, quoting=quoting).writerows(grid)
    return out.getvalue()


def utf8(text_: str) -> bytes:
    """UTF-8 bytes; a lone surrogate a mutation put in becomes the invalid bytes it would be."""
    return text_.encode("utf-8", "surrogatepass")


# ---------------------------------------------------------------- picking cells


def _data_rows(grid: Grid) -> list[int]:
    """Row numbers of the records (there is always one: a header-only grid gets an empty one)."""
    if len(grid) < 2:
        grid.append([""] * len(grid[0]))
    return list(range(1, len(grid)))


def _some(rng: Rng, items: list[int], most: int = 3) -> list[int]:
    """One to ``most`` of ``items``: a few damaged rows among good ones."""
    return rng.sample(items, rng.randint(1, min(most, len(items))))


def _put(grid: Grid, r: int, c: int, value: str) -> None:
    """Set a cell, padding a short row so that the cell lands under its column."""
    fields = grid[r]
    fields.extend([""] * (c + 1 - len(fields)))
    fields[c] = value


def _columns(grid: Grid, names: Iterable[str]) -> list[int]:
    """Positions of the header's columns with one of ``names`` (all when none has)."""
    wanted = set(names)
    found = [c for c, name in enumerate(grid[0]) if name.strip().lower() in wanted]
    return found or list(range(len(grid[0])))


def _cells(rng: Rng, grid: Grid, names: Iterable[str] = ()) -> list[tuple[int, int]]:
    """A few cells of the named columns (of any column when none is named or present)."""
    columns = _columns(grid, names)
    return [(r, rng.choice(columns)) for r in _some(rng, _data_rows(grid))]


def _insert(rng: Rng, value: str, extra: str) -> str:
    """``extra`` at the start, the end, the middle, or instead of ``value``."""
    at = rng.choice((0, len(value), rng.randint(0, len(value)), -1))
    return extra if at == -1 else value[:at] + extra + value[at:]


# ---------------------------------------------------------------- mutation classes

# A grid mutation changes a grid in place; a byte mutation makes the bytes itself.
GridMutation = Callable[[Rng, str, Grid], None]
Mutation = Callable[[Rng, str, Grid], bytes]
GRID_MUTATIONS: dict[str, GridMutation] = {}
MUTATIONS: dict[str, Mutation] = {}


def _grid_class(name: str) -> Callable[[GridMutation], GridMutation]:
    """Register a grid mutation as a class of its own (written as plain UTF-8) and for
    ``stacked``."""

    def register(mutate: GridMutation) -> GridMutation:
        GRID_MUTATIONS[name] = mutate

        def as_bytes(rng: Rng, kind: str, grid: Grid) -> bytes:
            mutate(rng, kind, grid)
            return utf8(csv_text(grid))

        MUTATIONS[name] = as_bytes
        return mutate

    return register


def _byte_class(name: str) -> Callable[[Mutation], Mutation]:
    """Register a mutation that needs the bytes: encodings, line ends, cut files."""

    def register(mutate: Mutation) -> Mutation:
        MUTATIONS[name] = mutate
        return mutate

    return register


@_byte_class("valid")
def _valid(rng: Rng, kind: str, grid: Grid) -> bytes:
    """The file as it is: the control group, and the imports the other classes build on."""
    return utf8(csv_text(grid))


@_grid_class("cell_deleted")
def _cell_deleted(rng: Rng, kind: str, grid: Grid) -> None:
    """Cells left out: the rest of the row slides left, under the wrong column names."""
    rows = _data_rows(grid)
    if rng.random() < 0.3:  # a column's cells gone from every record, its name kept
        column = rng.randrange(len(grid[0]))
        for r in rows:
            if column < len(grid[r]):
                del grid[r][column]
        return
    for r in _some(rng, rows):
        if grid[r]:
            del grid[r][rng.randrange(len(grid[r]))]


@_grid_class("cell_swapped")
def _cell_swapped(rng: Rng, kind: str, grid: Grid) -> None:
    """Two cells trade places: a date where a count belongs, a link in the speaker."""
    width = len(grid[0])
    rows = _data_rows(grid)
    chosen = rows if rng.random() < 0.3 else _some(rng, rows)
    for r in chosen:
        a, b = rng.randrange(width), rng.randrange(width)
        grid[r].extend([""] * (width - len(grid[r])))
        grid[r][a], grid[r][b] = grid[r][b], grid[r][a]


@_grid_class("cell_shifted")
def _cell_shifted(rng: Rng, kind: str, grid: Grid) -> None:
    """A cell added or dropped mid-row: every later cell moves one column over."""
    for r in _some(rng, _data_rows(grid)):
        at = rng.randint(0, len(grid[r]))
        if rng.random() < 0.5:
            grid[r].insert(at, rng.choice(("", "x", "2023-01-01", "1000", ",", " ")))
        elif grid[r]:
            del grid[r][min(at, len(grid[r]) - 1)]
            grid[r].append("")


@_grid_class("row_duplicated")
def _row_duplicated(rng: Rng, kind: str, grid: Grid) -> None:
    """Rows repeated near and far, and two files pasted together (the header as a record)."""
    if rng.random() < 0.25:
        grid.extend([list(fields) for fields in grid])
        return
    for r in _some(rng, _data_rows(grid)):
        for _ in range(rng.choice((1, 1, 2, 5, 50))):
            grid.insert(rng.randint(1, len(grid)), list(grid[r]))


@_byte_class("row_truncated")
def _row_truncated(rng: Rng, kind: str, grid: Grid) -> bytes:
    """A file cut short (mid-cell, mid-character) or records missing their last cells."""
    if rng.random() < 0.5:
        data = utf8(csv_text(grid))
        return data[: rng.randint(1, max(1, len(data) - 1))]
    for r in _some(rng, _data_rows(grid)):
        del grid[r][rng.randint(0, len(grid[r])) :]
    return utf8(csv_text(grid))


def _typo(rng: Rng, name: str) -> str:
    """A name with one letter dropped, doubled or two swapped: 'qualifer'."""
    if len(name) < 2:
        return name + "x"
    at = rng.randrange(len(name) - 1)
    return rng.choice((
        name[:at] + name[at + 1 :], name[:at] + name[at] + name[at:],
        name[:at] + name[at + 1] + name[at] + name[at + 2 :],
    ))  # fmt: skip


@_grid_class("header_unknown")
def _header_unknown(rng: Rng, kind: str, grid: Grid) -> None:
    """A column name that is not the kind's: a typo, spaces, a look-alike Cyrillic letter, a
    translation, or a column of its own."""
    header = grid[0]
    c = rng.randrange(len(header))
    name = header[c]
    choices = (
        _typo(rng, name), name.replace("_", " "), name.replace("_", "-"), name + "s",
        name.replace("e", "\u0435").replace("a", "\u0430"), name + "\u200b", "значение",
        "Unnamed: 0", "id", "notes", "x" * rng.choice((1, 200, 5_000)),
    )  # fmt: skip
    if rng.random() < 0.3:
        header.append(rng.choice(choices))
        for r in _data_rows(grid):
            _put(grid, r, len(header) - 1, rng.choice(("", "x", "1")))
        return
    header[c] = rng.choice(choices)


@_grid_class("header_duplicate")
def _header_duplicate(rng: Rng, kind: str, grid: Grid) -> None:
    """A column named twice: over another column, or again at the end with its own cells."""
    header = grid[0]
    if len(header) > 1 and rng.random() < 0.5:
        a, b = rng.sample(range(len(header)), 2)
        header[a] = rng.choice((header[b], header[b].upper(), f" {header[b]} "))
        return
    c = rng.randrange(len(header))
    header.append(header[c])
    for r in _data_rows(grid):
        _put(grid, r, len(header) - 1, grid[r][c] if c < len(grid[r]) else "")


@_grid_class("header_empty_name")
def _header_empty_name(rng: Rng, kind: str, grid: Grid) -> None:
    """A header cell with no name, or only spaces: refused, or ignored when it is the last."""
    header = grid[0]
    header[rng.randrange(len(header))] = rng.choice(("", " ", "\t", "\u00a0", "\u3000"))


@_grid_class("header_trailing_empty")
def _header_trailing_empty(rng: Rng, kind: str, grid: Grid) -> None:
    """A spreadsheet's trailing unnamed columns, the records' cells there empty or not."""
    header = grid[0]
    width = len(header)
    header.extend([rng.choice(("", "", " "))] * rng.randint(1, 5))
    for r in _data_rows(grid):
        for c in range(width, len(header)):
            _put(grid, r, c, "" if rng.random() < 0.8 else rng.choice(("x", " ", "0")))


# Names the preview table gives its own columns, and ones it makes for unnamed columns.
_RESERVED = ("line", "status", "detail", "Line", " STATUS ", "column 1", "column 2", "column 3")


@_grid_class("header_reserved_name")
def _header_reserved_name(rng: Rng, kind: str, grid: Grid) -> None:
    """A column named like the preview table's own columns (line, status, detail, column N,
    "x (column N)"), renamed or added with cells."""
    header = grid[0]
    c = rng.randrange(len(header))
    names = (*_RESERVED, f"{header[c]} (column {rng.randint(1, len(header) + 2)})")
    if rng.random() < 0.2:  # a repeated name, and the name the preview gives the repeat
        header.append(header[c])
        header[(c + 1) % (len(header) - 1)] = f"{header[c]} (column {len(header)})"
        return
    if rng.random() < 0.5:
        header[c] = rng.choice(names)
        return
    for name in rng.sample(names, rng.randint(1, 3)):
        header.append(name)
        for r in _data_rows(grid):
            _put(grid, r, len(header) - 1, rng.choice(("", "error", "new", "2")))


@_grid_class("header_bom_inside")
def _header_bom_inside(rng: Rng, kind: str, grid: Grid) -> None:
    """A byte order mark inside a header name, before a later line, or in a cell (files
    pasted together in an editor)."""
    where = rng.random()
    if where < 0.5:
        c = rng.randrange(len(grid[0]))
        grid[0][c] = _insert(rng, grid[0][c], "\ufeff")
    elif where < 0.75:
        r = rng.choice(_data_rows(grid))
        _put(grid, r, 0, "\ufeff" + (grid[r][0] if grid[r] else ""))
    else:
        for r, c in _cells(rng, grid):
            _put(grid, r, c, _insert(rng, grid[r][c] if c < len(grid[r]) else "", "\ufeff"))


@_grid_class("header_case")
def _header_case(rng: Rng, kind: str, grid: Grid) -> None:
    """Header names upper-cased, title-cased or padded with spaces, as the docs allow."""
    change = rng.choice((str.upper, str.title, str.swapcase, lambda s: f"  {s}\t", lambda s: s))
    grid[0] = [change(name) for name in grid[0]]
    if rng.random() < 0.5:
        c = rng.randrange(len(grid[0]))
        grid[0][c] = rng.choice(("\u00a0", "\u2009", "\u3000")) + grid[0][c].upper()


# C0 and C1 controls, DEL, and characters Python and Arrow disagree about as space or line end.
_CONTROLS = (
    *(chr(n) for n in range(1, 32)), "\x7f", "\x80", "\x85", "\x9f", "\u2028", "\u2029",
    "\u200b", "\ufffe", "\ufeff", "\x00",
)  # fmt: skip


@_grid_class("control_chars")
def _control_chars(rng: Rng, kind: str, grid: Grid) -> None:
    """Control characters at the start, middle or end of cells, alone in a cell, or in a
    header name."""
    for r, c in _cells(rng, grid):
        extra = "".join(rng.choices(_CONTROLS, k=rng.choice((1, 1, 3))))
        _put(grid, r, c, _insert(rng, grid[r][c] if c < len(grid[r]) else "", extra))
    if rng.random() < 0.2:
        c = rng.randrange(len(grid[0]))
        grid[0][c] = _insert(rng, grid[0][c], rng.choice(_CONTROLS))


# Overrides and isolates the checks refuse, and marks they allow.
_BIDI = (*(chr(n) for n in range(0x202A, 0x202F)), *(chr(n) for n in range(0x2066, 0x206A)),
         "\u200e", "\u200f", "\u061c")  # fmt: skip


@_grid_class("bidi_override")
def _bidi_override(rng: Rng, kind: str, grid: Grid) -> None:
    """Right-to-left overrides, isolates and marks in cells: text that shows other than typed."""
    for r, c in _cells(rng, grid):
        value = grid[r][c] if c < len(grid[r]) else ""
        _put(grid, r, c, _insert(rng, value, rng.choice(_BIDI)) + rng.choice(("", "\u202c")))


def _reencoded(rng: Rng, grid: Grid, codec: str) -> bytes:
    """The grid in a legacy codec, with some Cyrillic or accented text put in so detection has
    something to go on; what the codec cannot hold becomes '?'."""
    if rng.random() < 0.7:
        r, c = rng.choice(_cells(rng, grid, ("quote", "note", "description", "definition")))
        _put(grid, r, c, rng.choice(("Набор по контракту, тысяч человек", "Żółć déjà vu naïve")))
    return csv_text(grid).encode(codec, errors="replace")


@_byte_class("encoding_legacy")
def _encoding_legacy(rng: Rng, kind: str, grid: Grid) -> bytes:
    """A file saved by an old editor: windows-1251, KOI8-R, cp866, latin-1, Mac Cyrillic,
    Shift-JIS."""
    codecs_ = ("cp1251", "cp1251", "koi8_r", "cp866", "latin-1", "cp1252", "cp1250",
               "mac_cyrillic", "shift_jis", "gb18030")  # fmt: skip
    return _reencoded(rng, grid, rng.choice(codecs_))


@_byte_class("encoding_utf16")
def _encoding_utf16(rng: Rng, kind: str, grid: Grid) -> bytes:
    """UTF-16 with and without a byte order mark, either byte order, cut to an odd length,
    and UTF-32."""
    text_ = csv_text(grid, newline=rng.choice(("\n", "\r\n")))
    choice = rng.choice(("bom", "bom-be", "le", "be", "odd", "utf-32", "utf8-bom-utf16"))
    if choice == "bom":
        return text_.encode("utf-16")
    if choice == "bom-be":
        return codecs.BOM_UTF16_BE + text_.encode("utf-16-be")
    if choice in ("le", "be"):
        return text_.encode(f"utf-16-{choice}")
    if choice == "odd":
        return text_.encode("utf-16")[:-1]
    if choice == "utf-32":
        return text_.encode("utf-32")
    return codecs.BOM_UTF8 + text_.encode("utf-16")


# Byte sequences no UTF-8 decoder accepts: stray continuation bytes, cut sequences, overlong
# forms, encoded surrogates, code points past U+10FFFF.
_INVALID_UTF8 = (
    b"\x80", b"\xbf", b"\xc3", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc0\xaf", b"\xe0\x80\xaf",
    b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xfe", b"\xff",
)  # fmt: skip


@_byte_class("invalid_utf8")
def _invalid_utf8(rng: Rng, kind: str, grid: Grid) -> bytes:
    """UTF-8 with a few invalid byte sequences: in a cell, a header name, or at the end."""
    data = bytearray(utf8(csv_text(grid)))
    for _ in range(rng.choice((1, 1, 2, 10))):
        at = rng.choice((0, len(data), rng.randint(0, len(data))))
        data[at:at] = rng.choice(_INVALID_UTF8)
    return bytes(data)


@_byte_class("bom")
def _bom(rng: Rng, kind: str, grid: Grid) -> bytes:
    """Byte order marks: one, two, one before blank lines, one at every line, a UTF-16 or
    UTF-32 mark on UTF-8 text, or nothing but a mark."""
    data = utf8(csv_text(grid, newline=rng.choice(("\n", "\r\n"))))
    bom = codecs.BOM_UTF8
    return rng.choice((
        bom + data, bom + bom + data, bom + b"\r\n\n" + data,
        b"".join(bom + line for line in data.splitlines(keepends=True)),
        codecs.BOM_UTF16_LE + data, codecs.BOM_UTF16_BE + data, codecs.BOM_UTF32_LE + data,
        bom, bom + b"\n", bom + data.split(b"\n")[0],
    ))  # fmt: skip


@_byte_class("line_ends")
def _line_ends(rng: Rng, kind: str, grid: Grid) -> bytes:
    """CR only, CRLF, a mix line by line, CR CR LF, Unicode line separators, no final line
    end, and blank or whitespace lines between records."""
    ends = ("\n", "\r\n", "\r", "\r\r\n", "\n\r", "\u2028", "\x85")
    style = rng.random()
    if style < 0.4:
        text_ = csv_text(grid, newline=rng.choice(ends[:4]))
    else:
        text_ = "".join(csv_text([fields], newline=rng.choice(ends)) for fields in grid)
    if rng.random() < 0.3:
        lines = text_.splitlines(keepends=True)
        for _ in range(rng.randint(1, 5)):
            blank = rng.choice(("\n", "\r\n", "\r", "  \n", "\t\n", ",,,\n", " , ,\n", "\u00a0\n"))
            lines.insert(rng.randint(1, len(lines)), blank)
        text_ = "".join(lines)
    if rng.random() < 0.3:
        text_ = text_.rstrip("\r\n")
    return utf8(text_)


def _long_text(rng: Rng) -> str:
    """100,000 characters and more of one kind: letters, Cyrillic, digits, spaces, commas,
    quotes, line breaks."""
    unit = rng.choice(("x", "Ж", "1", " ", "a,b", '"', "\n", "1 ", "😀", "\r\n"))
    size = rng.choice(LONG_SIZES)
    return (unit * (size // len(unit) + 1))[:size]


@_grid_class("long_field")
def _long_field(rng: Rng, kind: str, grid: Grid) -> None:
    """A field of 100,000+ characters: in a text, number or date cell, the first header
    field, or another header name."""
    where = rng.random()
    long_ = _long_text(rng)
    if where < 0.2:
        grid[0][0] = grid[0][0] + long_ if rng.random() < 0.5 else long_
    elif where < 0.35:
        c = rng.randrange(len(grid[0]))
        grid[0][c] = long_
    else:
        names = rng.choice(((), ("value", "date", "announced_on", "period_start"), ("quote",)))
        r, c = rng.choice(_cells(rng, grid, names))
        _put(grid, r, c, long_)


# Dates at and past every edge the docs name, and forms they refuse.
_DATES = (
    "0001-01-01", "1-1-1", "9999-12-31", "0000-00-00", "2023-02-31", "2023-02-29",
    "2024-02-29", "1900-02-29", "2000-02-29", "31.02.2023", "29.02.2023", "2023/08/03",
    "03/08/2023", "3/8/23", "03.08.23", "3 Aug 23", "1799-12-31", "1800-01-01", "2200-12-31",
    "2201-01-01", "2262-04-12", "1677-09-21", "2023-8-3", "2023-08-03T10:00:00",
    "2023-08-03 00:00", "20230803", "2023-W31-4", "2023-215", "3 августа 2023 г.",
    "31 февраля 2023", "Feb 30, 2023", "August 2023", "2023-08", "2023", "-2023-08-03",
    "+2023-08-03", "2023-08-03Z", "２０２３-０８-０３", "٢٠٢٣-٠٨-٠٣", "99999-01-01",
    "2023-008-003", " 2023-08-03 ", "03-08-2023", "0", "-1", "NaT", "None", "null", "today",
    "1/1/0001", "2023-13-01", "2023-00-10", "2023-01-32", "3rd August 2023", "Sept 31, 2023",
    "3.\u00a0August\u00a02023", "2023\u201308\u201303", "1e3-01-01", "2023-08-03 г.",
)  # fmt: skip


def _random_date(rng: Rng) -> str:
    """A date of any year from 0 to 9999 and month and day just outside their ranges."""
    year, month, day = rng.randint(0, 9999), rng.randint(0, 13), rng.randint(0, 32)
    return rng.choice((
        f"{year:04d}-{month:02d}-{day:02d}", f"{day}.{month}.{year}", f"{day}/{month}/{year % 100}",
        f"{day} {rng.choice(('Jan', 'мая', 'Sept', 'Foo'))} {year}",
    ))  # fmt: skip


@_grid_class("extreme_dates")
def _extreme_dates(rng: Rng, kind: str, grid: Grid) -> None:
    """Year 1 and 9999, 0000-00-00, 31 February, slashes, two-digit years, times, other
    digits, in the date columns (in any column for series)."""
    for r, c in _cells(rng, grid, ("announced_on", "as_of", "period_start", "period_end",
                                    "date", "end_date")):  # fmt: skip
        _put(grid, r, c, rng.choice(_DATES) if rng.random() < 0.7 else _random_date(rng))


# Counts at and past every edge: 2^53 and 2^63, signs, exponents, infinities, separators in
# the wrong places, other digits, multipliers that carry past the limit.
_NUMBERS = (
    str(2**53 - 1), str(2**53), str(2**53 + 1), str(2**63 - 1), str(2**63), str(2**64),
    "-1", "-0", "\u22125", "\u20135", "1e400", "1e3", "1E3", "∞", "inf", "-inf", "NaN", "nan",
    "1,23,456", "1.234.567", "1,234.567", "1 234,5", "12,34", "1,,000", ",000", "1,000,",
    "000", "0", "0" * 20 + "1", "9" * 18, "9" * 19, "9" * 64, "9" * 65, "9 999 999 999 999 999",
    "1 000 000 000 000 000 000 000", "+", "+-1", "0x1F", "1_000", "١٢٣", "１２３", "²", "½",
    "12k", "12 тыс.", "1.5 млн", "1,5 million", "9007199254740.993 thousand",
    "9007199254740993 k", "9223372036854775807 k", "280\u00a0000", "280\u202f000", "280.000",
    "1 000 000 000 000 000", "123 456 789 012 345 678", "999,999,999,999,999,999",
    "1" + ",000" * 6, "٫5", "1.5", "2,5", "1 0000", "1\t000", "1\n000", ". ", ",",
)  # fmt: skip


def _huge_number(rng: Rng) -> str:
    """A megabyte of spaces and digits, or of digits alone."""
    return rng.choice(("1 " * 500_000, "1" * 1_000_000, " " * 999_999 + "1"))


@_grid_class("extreme_numbers")
def _extreme_numbers(rng: Rng, kind: str, grid: Grid) -> None:
    """Counts at 2^53 ± 1 and 2^63, negative, 1e400, ∞, NaN, separators gone wrong, a
    megabyte of digits, in the count columns (in any column for series and events)."""
    for r, c in _cells(rng, grid, kinds.kind(kind).counts):
        roll = rng.random()
        value = rng.choice(_NUMBERS) if roll < 0.8 else str(rng.randrange(2**70))
        _put(grid, r, c, _huge_number(rng) if roll > 0.97 else value)


# Cells valid at the edges, by what a column holds: they must import and read back unchanged.
_EDGE_TEXT = (
    "=1+1", "'=1+1", "''@x", "+7", "-", "@", "'", "''", "'x", "a\nb", "a\r\nb", "a\rb",
    "a\tb", "  padded  ", "e\u0301", "\u00e9", "👩\u200d👩\u200d👧", "مرحبا", "a\u200eb",
    '"quoted"', "a,b;c\td", "\\N", "NULL", "None", "nan", "", " ",
)  # fmt: skip
_EDGE_URLS = (
    "https://example.org/" + "a" * 1_980, "HTTP://EXAMPLE.ORG", "https://[::1]:8080/x",
    'https://example.org/?q=a,b"c', "https://user@host.example/p#f", "https://пример.рф/путь",
    "http://x.test/%00", "https://example.org/'=1",
)  # fmt: skip
_EDGE_COUNTS = (
    "0", "+0", "-0", "0 k", str(2**53), "9,007,199,254,740,992", "9 007 199 254 740 992",
    "9007199254740.992 k", "9007199254.740992 млн", "1,5 млн", "117,4 тыс.", "280 000",
)  # fmt: skip
_EDGE_DATES = (
    "1800-01-01", "1800-1-1", "1.1.1800", "3 August 2023", "Aug 3rd, 2023", "3.8.2023",
    "3 августа 2023 г.", "2023-8-3", "29 February 2024", "Sept 1, 2023", "3. August 2023",
)  # fmt: skip


def _edge(rng: Rng, kind: str, column: str) -> str:
    """A value valid at an edge for ``column``: text at its length limit, a formula-like
    text, a count of exactly 2^53, the earliest date."""
    spec = kinds.kind(kind)
    if column in spec.counts:
        return rng.choice(_EDGE_COUNTS)
    if column in spec.dates:
        return rng.choice(_EDGE_DATES)
    if column == "url":
        return rng.choice(_EDGE_URLS)
    limit = kinds.TEXT_LIMITS.get(column)
    if limit is not None and rng.random() < 0.4:
        return rng.choice(("x", "Ж", "😀")) * limit
    return rng.choice(_EDGE_TEXT)


@_grid_class("valid_edges")
def _valid_edges(rng: Rng, kind: str, grid: Grid) -> None:
    """Cells valid at the edges: text at its limit, formula-like text, line breaks in cells,
    2^53, the earliest date, every date form; most rows stay valid and import."""
    spec = kinds.kind(kind)
    names = [c for c in spec.columns if c not in ("series", "slug", "compare_with")]
    names += [c for c in names if c not in kinds.CLOSED_COLUMNS] * 2  # closed words rarely
    for r in _some(rng, _data_rows(grid), 5):
        name = rng.choice(names)
        if name in grid[0]:
            _put(grid, r, grid[0].index(name), _edge(rng, kind, name))


@_grid_class("wide")
def _wide(rng: Rng, kind: str, grid: Grid) -> None:
    """Many columns: trailing unnamed ones, records with many more fields than the header,
    many unknown names (a few thousand: time grows with the width)."""
    width = rng.choice((200, 1_000, 2_000))
    choice = rng.random()
    if choice < 0.4:
        grid[0].extend([""] * width)
    elif choice < 0.7:
        for r in _some(rng, _data_rows(grid)):
            grid[r].extend(rng.choice(("", "x")) for _ in range(width))
    else:
        grid[0].extend(f"extra{n}" for n in range(width))


@_byte_class("quoting")
def _quoting(rng: Rng, kind: str, grid: Grid) -> bytes:
    """Quotes gone wrong: never closed, inside a bare field, text after the closing quote,
    backslash escapes, a lone quote at the end; and quotes everywhere, which is fine."""
    choice = rng.random()
    if choice < 0.15:
        return utf8(csv_text(grid, quote_all=True))
    if choice < 0.25:
        out = io.StringIO()
        csv.writer(out, doublequote=False, escapechar="\\", lineterminator="\n").writerows(grid)
        return utf8(out.getvalue())
    lines = csv_text(grid).split("\n")
    for _ in range(rng.choice((1, 1, 2))):
        n = rng.randrange(len(lines))
        line = lines[n]
        commas = [m.end() for m in re.finditer(",", line)] or [0]
        at = rng.choice((0, len(line), rng.choice(commas), rng.randint(0, len(line))))
        piece = rng.choice(('"', '"', 'x"y', '""', '"a"b', ' "', '"""'))
        lines[n] = line[:at] + piece + line[at:]
    return utf8("\n".join(lines))


@_byte_class("separator")
def _separator(rng: Rng, kind: str, grid: Grid) -> bytes:
    """Semicolons or tabs (fine), a pipe or a space (one column), a header with one separator
    and records with another, a first line whose comma sits in a quoted cell."""
    choice = rng.random()
    if choice < 0.4:
        return utf8(csv_text(grid, delimiter=rng.choice((";", "\t"))))
    if choice < 0.55:
        return utf8(csv_text(grid, delimiter=rng.choice(("|", " "))))
    if choice < 0.8:
        first, rest = rng.sample((",", ";", "\t"), 2)
        return utf8(csv_text(grid[:1], delimiter=first) + csv_text(grid[1:], delimiter=rest))
    grid[0][rng.randrange(len(grid[0]))] += rng.choice((",x", ", value"))
    return utf8(csv_text(grid, delimiter=";"))


@_byte_class("empty_like")
def _empty_like(rng: Rng, kind: str, grid: Grid) -> bytes:
    """Nothing to read: an empty file, blank lines, spaces, a header alone, a header and rows
    of empty cells."""
    header = utf8(csv_text(grid[:1]))
    width = len(grid[0])
    return rng.choice((
        b"", b"\n", b"\n\n\n", b"\r\n" * 1000, b"   \n\t\n", b"\r", "\u00a0\n\u3000".encode(),
        codecs.BOM_UTF8, header, header.rstrip(b"\n"), header + b"\n\n\n",
        header + (b"," * (width - 1) + b"\n") * 3, b"," * (width - 1) + b"\n" + header,
        header + b'""\n', header + b" \n", b'""', b",\n,\n",
    ))  # fmt: skip


@_byte_class("byte_flip")
def _byte_flip(rng: Rng, kind: str, grid: Grid) -> bytes:
    """Random damage: bits flipped, bytes replaced, inserted or dropped."""
    data = bytearray(utf8(csv_text(grid)))
    for _ in range(rng.choice((1, 2, 4, 16))):
        at = rng.randrange(len(data))
        how = rng.random()
        if how < 0.5:
            data[at] ^= 1 << rng.randrange(8)
        elif how < 0.7:
            data[at] = rng.randrange(256)
        elif how < 0.85:
            data.insert(at, rng.randrange(256))
        elif len(data) > 1:
            del data[at]
    return bytes(data)


@_byte_class("wrong_kind")
def _wrong_kind(rng: Rng, kind: str, grid: Grid) -> bytes:
    """A valid file of another kind uploaded as this one (the wrong choice on the page)."""
    other = rng.choice([name for name in kinds.KIND_NAMES if name != kind])
    return utf8(csv_text(base_grid(rng, other)))


def _styled(rng: Rng, grid: Grid) -> bytes:
    """A grid written as spreadsheets write it: any separator, line end, BOM or encoding."""
    text_ = csv_text(grid, delimiter=rng.choice((",", ",", ";", "\t")),
                     newline=rng.choice(("\n", "\r\n", "\r")))  # fmt: skip
    encoding = rng.choice(("utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1251"))
    return text_.encode(encoding, errors="replace" if encoding == "cp1251" else "surrogatepass")


@_byte_class("stacked")
def _stacked(rng: Rng, kind: str, grid: Grid) -> bytes:
    """Two or three grid mutations on one file, written in any style: damage comes together."""
    for name in rng.sample(sorted(GRID_MUTATIONS), rng.randint(2, 3)):
        GRID_MUTATIONS[name](rng, kind, grid)
    return _styled(rng, grid)


CLASSES = tuple(MUTATIONS)


# ---------------------------------------------------------------- cases


def case(seed: int, index: int, classes: tuple[str, ...] = CLASSES) -> Case:
    """Case ``index`` of a run: its class in turn (every class gets its share), the rest drawn
    from a generator seeded by (seed, index, class) alone, so it can be made again."""
    name = classes[index % len(classes)]
    rng = random.Random(f"{seed}/{index}/{name}")
    kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
    return Case(name, kind, MUTATIONS[name](rng, kind, base_grid(rng, kind)))


def cases(
    seed: int, count: int, classes: tuple[str, ...] = CLASSES, start: int = 0
) -> Iterator[tuple[int, Case]]:
    """Cases ``start`` to ``start + count - 1`` of the run with ``seed``, numbered."""
    for index in range(start, start + count):
        yield index, case(seed, index, classes)


# ---------------------------------------------------------------- the invariants

_LINE_PROBLEM = re.compile(r"line [1-9][0-9]*(?:, column [a-z_]+)?: \S.*")
# What a message must not show: controls, line breaks and direction overrides from a cell.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def check_problems(problems: list[Problem], kind: str) -> None:
    """Every problem is one visible line of reasonable length; a row problem reads
    "line N, column C: reason" or "line N: reason" with C a column of the kind."""
    columns = kinds.kind(kind).columns
    for problem in problems:
        said = str(problem)
        assert problem.reason.strip(), f"a problem without a reason: {problem!r}"
        assert not _INVISIBLE.search(said), f"a problem shows invisible characters: {said[:200]!r}"
        assert len(said) <= MAX_MESSAGE, f"a problem of {len(said):,} characters: {said[:200]!r}"
        if problem.line is None:
            assert problem.column is None, f"a file-level problem names a column: {said!r}"
            continue
        assert _LINE_PROBLEM.fullmatch(said), f"a row problem not in the line form: {said!r}"
        assert problem.line >= 2, f"a row problem on the header's line: {said!r}"
        assert problem.column is None or problem.column in columns, f"unknown column: {said!r}"


def check_preview(prepared: Preview) -> None:
    """The preview table exists for any file, can be drawn (Streamlit sends it through Arrow),
    shows every record once with a known status, and explains every error it shows."""
    table = prepared.table()
    assert list(table.columns[:3]) == ["line", "status", "detail"], list(table.columns[:3])
    assert table.columns.is_unique, f"repeated preview columns: {list(table.columns)}"
    pa.Table.from_pandas(table, preserve_index=False)
    prepared.messages()
    counts = prepared.counts
    assert prepared.importable(valid_only=True) == (prepared.writable > 0 and not _file(prepared))
    if _file(prepared):
        return
    assert len(table) == prepared.parsed.total_rows, (len(table), prepared.parsed.total_rows)
    assert set(table["status"]) <= set(STATUSES), set(table["status"])
    shown = Counter(table["status"])
    assert shown["error"] == counts["rejected"], (shown, counts)
    assert all(shown[s] == counts[s] for s in ("new", "duplicate", "conflicting")), (shown, counts)
    errors = table[table["status"] == "error"]
    assert set(errors["line"]) == prepared.parsed.rejected_lines
    assert all(str(detail) for detail in errors["detail"]), "an error row without a reason"


def _file(prepared: Preview) -> bool:
    return prepared.parsed.file_level


def exports(store: Store) -> dict[str, str]:
    """Every kind as the store exports it: what a refused file must leave unchanged."""
    return {name: store.export(name) for name in kinds.KIND_NAMES}


# The exports each store had at its last comparison, with the data version they were read at:
# a case that starts at that version compares with them instead of exporting twice. (Every case
# checks the version; a change that left it alone in a case not compared would be reported by
# the next compared case.)
_LAST_EXPORTS: weakref.WeakKeyDictionary[Store, tuple[tuple, dict[str, str]]] = (
    weakref.WeakKeyDictionary()
)


def _exports_now(store: Store) -> dict[str, str]:
    """Export every kind afresh, and remember the result with the version it was read at."""
    version = store.version()
    found = exports(store)
    _LAST_EXPORTS[store] = (version, found)
    return found


def _exports_at(store: Store, version: tuple) -> dict[str, str]:
    """The exports at ``version``: remembered ones when the store is still at it."""
    remembered = _LAST_EXPORTS.get(store)
    return remembered[1] if remembered and remembered[0] == version else _exports_now(store)


def commit(store: Store, prepared: Preview) -> str:
    """Commit as the Upload page does (only the valid rows when some were rejected) and say
    what became of the file."""
    if _file(prepared):
        try:
            store.commit(prepared, created_by="fuzz", valid_only=True)
        except ImportRefused as refused:
            assert str(refused).strip(), "ImportRefused without a message"
            return "refused"
        raise AssertionError("a file with a file-level problem was committed")
    try:
        outcome = store.commit(
            prepared, created_by="fuzz", valid_only=prepared.counts["rejected"] > 0
        )
    except ImportRefused as refused:
        assert str(refused).strip(), "ImportRefused without a message"
        return "refused"
    assert outcome.counts == prepared.counts, (outcome.counts, prepared.counts)
    return "imported" if outcome.batch_id is not None else "nothing new"


def check_reads_back(store: Store, kind: str) -> None:
    """What the store holds reads back as written: its export, uploaded again, has no
    problems and nothing new (docs/methodology.md, round trip)."""
    again = store.preview(store.export(kind).encode(), kind=kind, filename="export.csv")
    assert not again.problems, (
        f"the export does not read back: {[str(p)[:200] for p in again.problems[:3]]}"
    )
    assert again.writable == 0, f"the export reads back as new rows: {again.counts}"


def run_case(store: Store, kind: str, data: bytes, *, compare_exports: bool = True) -> str:
    """Upload ``data`` as ``kind`` as the Upload page does: "imported", "refused" or
    "nothing new". Raises AssertionError when an invariant breaks; any exception but
    ImportRefused goes through.

    A refused file, or one with nothing new, must leave the data version as it was; with
    ``compare_exports`` (the slow part) every export too, and an imported file must read back.
    """
    version = store.version()
    before = _exports_at(store, version) if compare_exports else None
    prepared = store.preview(data, kind=kind, filename="fuzz.csv")
    check_problems(prepared.problems, kind)
    check_preview(prepared)
    outcome = commit(store, prepared)
    if outcome != "imported":
        assert store.version() == version, f"a file {outcome} changed the data version"
    if before is None:
        return outcome
    after = _exports_now(store)
    changed = sorted(name for name in after if after[name] != before[name])
    if outcome == "imported":
        assert changed == [kind], f"an import of {kind} changed the exports of {changed}"
        check_reads_back(store, kind)
        again = store.preview(data, kind=kind, filename="fuzz.csv")
        assert again.writable == 0, f"the same file again has rows to write: {again.counts}"
    else:
        assert not changed, f"a file {outcome} changed the exports of {changed}"
    return outcome


# ---------------------------------------------------------------- running many cases


@dataclass
class Failure:
    """A case that broke an invariant or raised, with the traceback that says how."""

    index: int
    case: Case
    error: str
    slow: bool = False  # not a failure: only slower than the run allows

    def __str__(self) -> str:
        last = self.error.strip().splitlines()[-1]
        return f"{self.case.name} #{self.index} ({self.case.kind}): {last[:300]}"


@dataclass
class Tally:
    """Cases and outcomes by class, and each class's slowest case: the run's table."""

    counts: dict[str, Counter] = field(default_factory=dict)
    slowest: dict[str, float] = field(default_factory=dict)

    def add(self, name: str, outcome: str, seconds: float, *, slow: bool = False) -> None:
        found = self.counts.setdefault(name, Counter())
        found["cases"] += 1
        found[outcome] += 1
        found["slow"] += slow
        self.slowest[name] = max(self.slowest.get(name, 0.0), seconds)

    def table(self) -> str:
        """One line per class and a total: cases, imported, refused, nothing new, failures,
        and the cases slower than the run's threshold."""
        heads = ("cases", *OUTCOMES, "failures", "slow")
        lines = [f"{'class':<22}" + "".join(f"{h:>12}" for h in heads) + f"{'slowest s':>11}"]
        total: Counter = Counter()
        for name in sorted(self.counts):
            total.update(self.counts[name])
            lines.append(self._line(name, self.counts[name], heads, self.slowest[name]))
        slowest = max(self.slowest.values(), default=0.0)
        lines.append(self._line("total", total, heads, slowest))
        return "\n".join(lines)

    @staticmethod
    def _line(name: str, counts: Counter, heads: tuple[str, ...], seconds: float) -> str:
        return f"{name:<22}" + "".join(f"{counts[h]:>12}" for h in heads) + f"{seconds:>11.2f}"


def run_cases(
    store: Store, numbered: Iterable[tuple[int, Case]], tally: Tally, *, exports_every: int = 1,
    slow: float = SLOW_SECONDS,
) -> list[Failure]:  # fmt: skip
    """Run each case on ``store``, counting outcomes; comparing exports on every
    ``exports_every``-th case keeps long runs fast. A case slower than ``slow`` seconds is
    returned too, as a failure whose error says so, but counted as slow, not failed."""
    failures = []
    for index, made in numbered:
        started = time.perf_counter()
        try:
            outcome = run_case(
                store, made.kind, made.data, compare_exports=index % exports_every == 0
            )
        except Exception:
            outcome = "failures"
            failures.append(Failure(index, made, traceback.format_exc()))
        seconds = time.perf_counter() - started
        tally.add(made.name, outcome, seconds, slow=seconds > slow)
        if seconds > slow and outcome != "failures":
            failures.append(Failure(index, made, f"slow: {seconds:.1f} s ({outcome})", slow=True))
    return failures


def sqlite_stores(folder: Path) -> Callable[[], Store]:
    """Fresh seeded SQLite stores in ``folder``; each call removes the files of the last."""
    numbers = itertools.count()

    def fresh() -> Store:
        for old in folder.glob("fuzz-*.db*"):
            old.unlink()
        return Store.open(f"sqlite:///{folder / f'fuzz-{next(numbers)}.db'}", seed=True)

    return fresh


def postgres_stores(url: str) -> Callable[[], Store]:
    """Fresh seeded stores on PostgreSQL: the public schema emptied, then opened again."""

    def fresh() -> Store:
        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        return Store.open(url, seed=True)

    return fresh


def write_failure(out: Path, failure: Failure, header: str) -> Path:
    """The failing (or slow) input as it was uploaded, and beside it a .txt with the
    traceback."""
    out.mkdir(parents=True, exist_ok=True)
    prefix = "slow-" if failure.slow else ""
    path = out / f"{prefix}{failure.case.name}-{failure.index:05d}.csv"
    path.write_bytes(failure.case.data)
    replay = f"python -m tests.fuzz --replay {path} --kind {failure.case.kind}"
    path.with_suffix(".txt").write_text(
        f"{header}\nclass {failure.case.name}, kind {failure.case.kind}, index {failure.index}\n"
        f"replay: {replay}\n\n{failure.error}",
        encoding="utf-8",
    )
    return path


def long_run(
    fresh_store: Callable[[], Store], seed: int, count: int, *, out: Path, header: str,
    classes: tuple[str, ...] = CLASSES, fresh_every: int = 250, exports_every: int = 5,
    slow: float = SLOW_SECONDS,
) -> tuple[Tally, list[Failure]]:  # fmt: skip
    """``count`` cases on a fresh store every ``fresh_every`` (so the store never grows
    without end), failures written to ``out`` as they come, progress printed."""
    tally, failures = Tally(), []
    started = time.monotonic()
    for start in range(0, count, fresh_every):
        size = min(fresh_every, count - start)
        store = fresh_store()
        try:
            found = run_cases(store, cases(seed, size, classes, start), tally,
                              exports_every=exports_every, slow=slow)  # fmt: skip
        finally:
            store.close()
        for failure in found:
            write_failure(out, failure, header)
            print(f"  {'SLOW' if failure.slow else 'FAIL'} {failure}", flush=True)
        failures += [failure for failure in found if not failure.slow]
        print(f"{start + size}/{count} cases, {len(failures)} failures, "
              f"{time.monotonic() - started:.0f} s", flush=True)  # fmt: skip
    return tally, failures


def replay(fresh_store: Callable[[], Store], path: Path, kind: str) -> int:
    """Upload one file (a written failure, say) to a fresh store with every check on."""
    store = fresh_store()
    try:
        print(run_case(store, kind, path.read_bytes()))
    except Exception:
        traceback.print_exc()
        return 1
    finally:
        store.close()
    return 0


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m tests.fuzz", description="Upload mutated files and check the invariants."
    )
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--db", help="PostgreSQL URL (default RECRUITMENT_TEST_POSTGRES_URL); "
                        "its public schema is emptied")  # fmt: skip
    parser.add_argument("--out", type=Path, default=Path("fuzz-failures"))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--classes", help="comma-separated classes (default: all)")
    parser.add_argument("--fresh-every", type=int, default=250, help="cases per fresh store")
    parser.add_argument("--exports-every", type=int, default=5, help="compare exports every N")
    parser.add_argument("--slow", type=float, default=SLOW_SECONDS,
                        help="write out cases slower than this many seconds")  # fmt: skip
    parser.add_argument("--replay", type=Path, help="upload this one file instead")
    parser.add_argument("--kind", choices=kinds.KIND_NAMES, default="claims")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """The long run: 1 when any case failed."""
    args = _arguments(argv)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as folder:
        if args.backend == "sqlite":
            fresh_store = sqlite_stores(Path(folder))
        else:
            url = args.db or test_postgres_url()
            if not url:
                sys.exit("--backend postgresql needs --db or RECRUITMENT_TEST_POSTGRES_URL")
            fresh_store = postgres_stores(url)
        if args.replay:
            return replay(fresh_store, args.replay, args.kind)
        classes = tuple(args.classes.split(",")) if args.classes else CLASSES
        unknown = set(classes) - set(CLASSES)
        if unknown:
            sys.exit(f"unknown classes {sorted(unknown)}; the classes are: {', '.join(CLASSES)}")
        header = f"seed {args.seed}, backend {args.backend}"
        print(f"{args.cases} cases, {header}, {len(classes)} classes", flush=True)
        started = time.monotonic()
        tally, failures = long_run(
            fresh_store, args.seed, args.cases, out=args.out, header=header, classes=classes,
            fresh_every=args.fresh_every, exports_every=args.exports_every, slow=args.slow,
        )  # fmt: skip
    print(tally.table())
    print(f"{len(failures)} failures in {time.monotonic() - started:.0f} s"
          + (f"; inputs in {args.out}/" if failures else ""))  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
