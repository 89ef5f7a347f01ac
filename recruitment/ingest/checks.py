"""Validate an uploaded CSV in one pass and report every problem, each with its line and column.

The rules are docs/methodology.md's "Data model" and "CSV format for uploads". A file is read
into one frame of strings; each distinct date or number string is parsed once; the rules are
boolean masks over the whole frame, turned into ``Problem`` records at the end. That keeps a
100,000-row file to about a second (Arrow reads a plain CSV file; Python's csv module any
other), and one bad row never hides another.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from recruitment import kinds, regions
from recruitment.ingest.csvio import FileProblem, decode, read_cells, unneutralise_column
from recruitment.ingest.parsing import MAX_COUNT, parse_count, parse_day
from recruitment.vocab import (
    DEFAULT_ORIGIN,
    DEFAULT_QUALIFIER,
    DEFAULT_VERIFICATION,
    LEVEL,
    MEASURES,
    ORIGINS,
    QUALIFIERS,
    RATE_MEASURES,
    VERIFICATIONS,
)

__all__ = ["ParsedFile", "Problem", "read_upload"]


class Problem(NamedTuple):
    """One reason a row (or, with no line, the whole file) is refused.

    A named tuple rather than a frozen dataclass: a file with every row refused makes hundreds
    of thousands of these, and a tuple is made several times faster."""

    line: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.reason}" if where else self.reason


@dataclass
class ParsedFile:
    """An upload after validation: the valid rows, in file order, and every problem found."""

    kind: str
    rows: pd.DataFrame
    problems: list[Problem]
    total_rows: int
    encoding: str
    encoding_note: str | None = None

    @property
    def file_level(self) -> bool:
        """True when the file as a whole was refused (then ``rows`` is empty)."""
        return any(problem.line is None for problem in self.problems)

    @property
    def rejected_lines(self) -> set[int]:
        return {problem.line for problem in self.problems if problem.line is not None}


# Patterns run on whole columns avoid \d, \s and lookarounds so that pandas runs them in Arrow.
_SLUG = "[a-z0-9]+(?:-[a-z0-9]+)*"
# Characters a web address cannot hold unescaped: ASCII controls and spaces, Unicode spaces.
_NO_URL = "\x00-\x20\x7f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff"
# http(s), optional user info, a host (name or [IPv6]), optional port, then no spaces.
_WEB_URL = (
    f"(?i:https?)://(?:[^/?#@{_NO_URL}]*@)?(?:[^/?#:@\\[\\]{_NO_URL}]+|\\[[0-9A-Fa-f:.]+\\])"
    f"(?::[0-9]*)?(?:[/?#][^{_NO_URL}]*)?"
)
_ISO_DAY = "(?:1[89]|2[01])[0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
# Whole numbers, bare or with thousands separators, exactly as parse_count reads them.
_PLAIN_COUNT = "[0-9]{1,18}"
_GROUPED_COUNT = "[0-9]{1,3}(?:[, \u00a0\u202f\u2009][0-9]{3}){1,5}"
_SHOWN_CHARS = 60
# Characters a text cell may not hold: C0 controls but tab and line ends, DEL, C1 controls,
# and the bidirectional overrides and isolates that reorder what a reader sees.
_HIDDEN_CHARS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_HIDDEN_RE = re.compile(_HIDDEN_CHARS)


def read_upload(
    data: bytes, kind: str, *, series_measures: Mapping[str, str], today: dt.date,
    series_units: Mapping[str, str | None] | None = None,
) -> ParsedFile:  # fmt: skip
    """Decode, parse and validate an uploaded file of ``kind`` (claims|series|events|targets).

    ``series_measures`` maps every known series slug to its measure, ``series_units`` to its
    unit (a level claim needs one); ``today`` bounds announced_on. Nothing is stored here:
    the caller decides what to do with the result.
    """
    spec = kinds.kind(kind)
    encoding, note = "", None
    try:
        text, encoding, note = decode(data)
        header, lines, cells, fields = read_cells(text)
    except FileProblem as problem:
        return ParsedFile(
            kind, _empty(spec), [Problem(None, None, problem.message)], 0, encoding, note
        )
    width, header_problems = _check_header(header, kind, spec)
    if header_problems:
        return ParsedFile(kind, _empty(spec), header_problems, len(lines), encoding, note)
    frame, extra = _frame(header[:width], cells, spec)
    check = _Checks(lines, spec.columns)
    check.add(
        None,
        extra,
        lambda where: [
            f"{n} fields, but the header has {width} columns" for n in fields[where].tolist()
        ],
    )
    _text_cells(check, frame, spec)
    if kind == "claims":
        rows = _claims(check, frame, series_measures=series_measures, today=today)
        _claim_levels(check, frame, rows, series_measures, series_units or {})
    else:
        rules = {"series": _series, "events": _events, "targets": _targets}[kind]
        rows = rules(check, frame, series_measures=series_measures, today=today)
    problems, bad = check.problems()
    rows = rows.loc[~bad, list(spec.columns)].reset_index(drop=True)
    rows.insert(0, "line", lines[~bad].astype("int64"))
    return ParsedFile(kind, rows, problems, len(lines), encoding, note)


# --- reading ---------------------------------------------------------------------------------


def _check_header(header: list[str], kind: str, spec: kinds.Kind) -> tuple[int, list[Problem]]:
    """Return the number of named columns and the file-level problems of the header."""
    width = len(header)
    while width and not header[width - 1]:
        width -= 1  # a spreadsheet's trailing empty columns
    names = header[:width]
    problems: list[Problem] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        if not name:
            problems.append(Problem(None, None, f"column {position} of the header has no name"))
        elif name in seen:
            problems.append(Problem(None, None, f"column {_show(name)} appears more than once"))
        elif name not in spec.columns:
            hint = difflib.get_close_matches(name, spec.columns, n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            known = ", ".join(spec.columns)
            problems.append(
                Problem(None, None, f"unknown column {_show(name)}{also}; the columns are: {known}")
            )
        seen.add(name)
    for name in spec.required:
        if name not in seen:
            problems.append(Problem(None, None, f"missing required column {name!r}"))
    if kind == "claims" and not {"url", "outlet"} & seen:
        problems.append(
            Problem(None, None, "missing a source column: add a 'url' or an 'outlet' column")
        )
    return width, problems


def _frame(
    header: list[str], cells: list[pd.Series], spec: kinds.Kind
) -> tuple[pd.DataFrame, np.ndarray]:
    """All spec columns as trimmed str (NA when empty), and the rows with a non-empty field
    past the named columns."""
    rows = len(cells[0]) if cells else 0
    extra = np.zeros(rows, dtype=bool)
    for col in cells[len(header) :]:  # more fields than named columns: a problem unless empty
        extra |= np.array([bool(cell.strip()) for cell in col.tolist()], dtype=bool)
    frame = pd.DataFrame(index=pd.RangeIndex(rows))
    for name in spec.columns:
        if name in header:
            values = cells[header.index(name)].str.strip()
            frame[name] = values.mask(values == "")
        else:
            frame[name] = pd.Series(pd.NA, index=frame.index, dtype="str")
    for name in spec.text:
        frame[name] = unneutralise_column(frame[name])
    return frame, extra


def _empty(spec: kinds.Kind) -> pd.DataFrame:
    frame = _typed(pd.DataFrame({name: pd.Series(dtype="str") for name in spec.columns}), spec)
    frame.insert(0, "line", pd.Series(dtype="int64"))
    return frame


def _typed(frame: pd.DataFrame, spec: kinds.Kind) -> pd.DataFrame:
    """The types ParsedFile.rows promises: datetime64[ns], int64 / Int64, else str or None."""
    for name in spec.columns:
        if name in spec.dates or name in spec.counts:
            continue
        values = frame[name]
        frame[name] = pd.Series(
            np.where(values.isna(), None, values.astype(object)), index=frame.index, dtype=object
        )
    for name in spec.dates:
        frame[name] = frame[name].astype("datetime64[ns]")
    for position, name in enumerate(spec.counts):
        frame[name] = frame[name].astype("int64" if position == 0 else "Int64")
    return frame


# --- parsing each distinct string once ----------------------------------------------------


def _distinct(
    values: pd.Series, parse: Callable[[str], Any], todo: np.ndarray
) -> tuple[list[Any], list[str | None]]:
    """Parse each distinct string of ``values[todo]`` once: (value or None, reason or None)."""
    subset = values[todo].tolist()
    parsed: dict[str, Any] = {}
    reasons: dict[str, str] = {}
    for text in set(subset):
        try:
            parsed[text] = parse(text)
        except ValueError as error:
            reasons[text] = str(error)
    return [parsed.get(text) for text in subset], [reasons.get(text) for text in subset]


def _parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(datetime64[ns] with NaT for missing or bad, reason or None by row).

    A file names few distinct days: each is read once, then spread over its rows."""
    codes, distinct = pd.factorize(values)  # a missing value has code -1
    if len(distinct) * 2 > len(values):
        return _parse_each_date(values)
    days, reasons = _parse_each_date(pd.Series(distinct, dtype=values.dtype))
    slot = np.where(codes < 0, len(distinct), codes)  # the extra slot: missing, no reason
    return (
        pd.Series(np.append(days.to_numpy(), np.datetime64("NaT", "ns"))[slot],
                  index=values.index, dtype="datetime64[ns]"),
        pd.Series(np.append(reasons.to_numpy(dtype=object), np.nan)[slot], index=values.index,
                  dtype=object),
    )  # fmt: skip


def _parse_each_date(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    days = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    reasons = pd.Series(None, index=values.index, dtype=object)
    present = values.notna().to_numpy()
    # Fast path: ISO days in a plausible range, parsed in one vectorised call.
    iso = _bool(values.str.fullmatch(_ISO_DAY))
    if iso.any():
        quick = pd.to_datetime(values.where(iso), format="%Y-%m-%d", errors="coerce")
        iso = iso & quick.notna().to_numpy()
        days[iso] = quick[iso].astype("datetime64[ns]").to_numpy()
    slow = present & ~iso
    if slow.any():
        parsed, why = _distinct(values, parse_day, slow)
        days[slow] = pd.to_datetime(pd.Series(parsed, dtype=object)).to_numpy("datetime64[ns]")
        reasons[slow] = why
    return days, reasons


def _parse_counts(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(Int64 with NA for missing or bad, reason or None by row)."""
    counts = pd.Series(pd.NA, index=values.index, dtype="Int64")
    reasons = pd.Series(None, index=values.index, dtype=object)
    present = values.notna().to_numpy()
    plain = _bool(values.str.fullmatch(_PLAIN_COUNT))
    if plain.any():
        counts[plain] = values[plain].astype("int64").to_numpy()
    grouped = ~plain & _bool(values.str.fullmatch(_GROUPED_COUNT))
    if grouped.any():
        digits = values[grouped].str.replace("[^0-9]", "", regex=True)
        counts[grouped] = digits.astype("int64").to_numpy()
    slow = present & ~plain & ~grouped
    if slow.any():
        parsed, why = _distinct(values, parse_count, slow)
        counts[slow] = pd.array(parsed, dtype="Int64")
        reasons[slow] = why
    big = _bool(counts > MAX_COUNT)
    if big.any():  # the fast paths read up to 18 digits
        counts[big] = pd.NA
        reasons[big] = f"too large: the largest count kept exactly is {MAX_COUNT:,}"
    return counts, reasons


# --- collecting problems -------------------------------------------------------------------

Reason = str | pd.Series | Callable[[np.ndarray], Iterable[str]]


class _Checks:
    """Masks with a column and a reason, turned into sorted Problems at the end."""

    def __init__(self, lines: np.ndarray, columns: tuple[str, ...]) -> None:
        self.lines = lines
        self.order = {name: position for position, name in enumerate(columns)}
        self.found: list[tuple[str | None, np.ndarray, Reason]] = []

    def add(self, column: str | None, mask: Any, reason: Reason) -> None:
        """Record a problem in ``column`` for every row where ``mask`` holds.

        ``reason`` is a string, a Series of reasons by row, or a function of the failing row
        positions returning their reasons (so messages are only built for failing rows).
        """
        mask = _bool(mask)
        if mask.any():
            self.found.append((column, mask, reason))

    def parsed(self, column: str, reasons: pd.Series) -> None:
        self.add(column, reasons.notna(), reasons)

    def problems(self) -> tuple[list[Problem], np.ndarray]:
        """Every problem, by line, then column order, then the order the checks ran in."""
        bad = np.zeros(len(self.lines), dtype=bool)
        parts: list[tuple[np.ndarray, int, int, str | None, np.ndarray]] = []
        for number, (column, mask, reason) in enumerate(self.found):
            bad |= mask
            where = np.flatnonzero(mask)
            if isinstance(reason, str):
                texts = np.full(len(where), reason, dtype=object)
            elif isinstance(reason, pd.Series):
                texts = reason.to_numpy(dtype=object)[where]
            else:
                texts = np.array(list(reason(where)), dtype=object)
            position = -1 if column is None else self.order[column]
            parts.append((self.lines[where], position, number, column, texts))
        if not parts:
            return [], bad
        lines = np.concatenate([p[0] for p in parts])
        positions = np.concatenate([np.full(len(p[0]), p[1]) for p in parts])
        numbers = np.concatenate([np.full(len(p[0]), p[2]) for p in parts])
        columns = np.concatenate([np.full(len(p[0]), p[3], dtype=object) for p in parts])
        texts = np.concatenate([p[4] for p in parts])
        order = np.lexsort((numbers, positions, lines))
        problems = list(
            map(Problem, lines[order].tolist(), columns[order].tolist(), map(str, texts[order]))
        )
        return problems, bad


def _bool(mask: Any) -> np.ndarray:
    """A plain numpy bool array, NA counted as False (comparisons with missing values)."""
    if isinstance(mask, pd.Series | pd.Index):
        return mask.fillna(False).to_numpy(dtype=bool)
    return np.asarray(mask, dtype=bool)


def _show(value: Any) -> str:
    """A value for a message: dates as ISO, numbers plain, text quoted and cut short, and a
    missing or unreadable one (an empty or refused date, say) as "empty"."""
    if value is None or value is pd.NA or value is pd.NaT or value != value:
        return "empty"
    if isinstance(value, pd.Timestamp | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | np.integer):
        return str(value)
    text = str(value)
    return repr(text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…")


def _fmt(template: str, **columns: pd.Series) -> Callable[[np.ndarray], list[str]]:
    """A reason builder: ``template`` filled with each failing row's values, shown short."""

    def build(where: np.ndarray) -> list[str]:
        shown = {}
        for name, series in columns.items():
            values = series.to_numpy(dtype=object)[where]
            text = {value: _show(value) for value in set(values)}  # each distinct value once
            shown[name] = [text[value] for value in values]
        names = list(shown)
        return [
            template.format(**dict(zip(names, row, strict=True)))
            for row in zip(*shown.values(), strict=True)
        ]

    return build


# --- shared rules --------------------------------------------------------------------------


def _required(check: _Checks, frame: pd.DataFrame, *names: str) -> None:
    for name in names:
        check.add(name, frame[name].isna(), f"{name} is required")


def _choice(
    check: _Checks, frame: pd.DataFrame, name: str, allowed: tuple[str, ...], default: str | None
) -> pd.Series:
    """Normalise a closed-vocabulary column ("At least" -> at_least), default when empty."""
    raw = frame[name]
    normal = {
        text: "_".join(text.lower().replace("-", " ").split()) for text in raw.dropna().unique()
    }
    values = raw.map(normal) if normal else raw
    unknown = values.notna() & ~values.isin(allowed)
    check.add(
        name, unknown, _fmt(f"unknown {name} {{v}}; use one of {', '.join(allowed)}", v=frame[name])
    )
    return values.fillna(default) if default is not None else values


def _web_url(check: _Checks, frame: pd.DataFrame) -> None:
    url = frame["url"]
    given = url.notna().to_numpy()
    scheme = _bool(url.str.match(r"(?i:https?)://"))
    valid = _bool(url.str.fullmatch(_WEB_URL))
    check.add(
        "url",
        given & ~scheme,
        _fmt("not a web address {v}: it must start with http:// or https://", v=url),
    )
    check.add(
        "url",
        given & scheme & ~valid,
        _fmt("not a valid web address {v}: it has no host, or has spaces", v=url),
    )


def _series_known(
    check: _Checks, frame: pd.DataFrame, series_measures: Mapping[str, str]
) -> tuple[pd.Series, pd.Series]:
    """Lower-cased series slugs and their measures (NA when unknown)."""
    slug = frame["series"].str.lower()
    measure = slug.map(dict(series_measures)).astype(object)
    unknown = slug.notna() & measure.isna()
    known = sorted(series_measures)

    def reason(where: np.ndarray) -> list[str]:
        values = slug.to_numpy(dtype=object)[where]
        said = {}
        for value in set(values):  # the close-match search is slow: once per distinct slug
            hint = difflib.get_close_matches(value, known, n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            said[value] = f"unknown series {_show(value)}{also}; add it to the series first"
        return [said[value] for value in values]

    check.add("series", unknown, reason)
    return slug, measure


def _ordered(check: _Checks, first: str, a: pd.Series, second: str, b: pd.Series) -> None:
    check.add(first, a > b, _fmt(f"{first} {{a}} is after {second} {{b}}", a=a, b=b))


# --- the four kinds ------------------------------------------------------------------------


def _claims(
    check: _Checks, frame: pd.DataFrame, *, series_measures: Mapping[str, str], today: dt.date
) -> pd.DataFrame:
    _required(check, frame, "series", "announced_on", "value")
    out = frame.copy()
    out["series"], measure = _series_known(check, frame, series_measures)
    day: dict[str, pd.Series] = {}
    for name in kinds.CLAIMS.dates:
        day[name], reasons = _parse_dates(frame[name])
        check.parsed(name, reasons)
    count: dict[str, pd.Series] = {}
    for name in kinds.CLAIMS.counts:
        count[name], reasons = _parse_counts(frame[name])
        check.parsed(name, reasons)
    out["qualifier"] = _choice(check, frame, "qualifier", QUALIFIERS, DEFAULT_QUALIFIER)
    out["verification"] = _choice(check, frame, "verification", VERIFICATIONS, DEFAULT_VERIFICATION)
    _claim_range(check, frame, count, exact=out["qualifier"] == "exact")
    _claim_provenance(check, frame)
    as_of, start = _claim_dates(check, frame, day, measure, today)

    for name in kinds.CLAIMS.dates:
        out[name] = day[name]
    out["as_of"], out["period_start"] = as_of, start
    for name in kinds.CLAIMS.counts:
        out[name] = count[name]
    out["value"] = out["value"].fillna(0)  # only for rejected rows, which are dropped
    return _typed(out, kinds.CLAIMS)


def _claim_range(
    check: _Checks, frame: pd.DataFrame, count: dict[str, pd.Series], *, exact: pd.Series
) -> None:
    """A stated range: both ends or neither, ordered, around the value; never with "exact"."""
    has_low, has_high = frame["low"].notna(), frame["high"].notna()
    check.add("high", has_low & ~has_high, "low is given without high: give both or neither")
    check.add("low", has_high & ~has_low, "high is given without low: give both or neither")
    low, high, value = count["low"], count["high"], count["value"]
    check.add("low", low > high, _fmt("low {l} is greater than high {h}", l=low, h=high))
    outside = (low <= high) & ((value < low) | (value > high))
    check.add(
        "value", outside, _fmt("value {v} is outside its range {l} to {h}", v=value, l=low, h=high)
    )
    check.add("qualifier", exact & (has_low | has_high), "exact takes no low/high: use approx")


def _claim_provenance(check: _Checks, frame: pd.DataFrame) -> None:
    """A source: a web address or an outlet."""
    check.add(
        "url", frame["url"].isna() & frame["outlet"].isna(), "no source: give a url or an outlet"
    )
    _web_url(check, frame)


def _text_cells(check: _Checks, frame: pd.DataFrame, spec: kinds.Kind) -> None:
    """Every text cell within its length (kinds.TEXT_LIMITS) and free of control characters
    and direction overrides, which would not show as the text typed; an outlet and a link
    short enough to be indexed together."""
    for name in spec.text:
        values = frame[name]
        limit = kinds.TEXT_LIMITS.get(name)
        if limit is not None:
            length = values.str.len()
            check.add(
                name,
                _bool(length > limit),
                lambda where, length=length, name=name, limit=limit: [
                    f"{name} is {int(n):,} characters long; the limit is {limit:,} (shorten it)"
                    for n in length.to_numpy(dtype=object)[where]
                ],
            )
        hidden = _bool(values.str.contains(_HIDDEN_CHARS, regex=True))
        check.add(name, hidden, _hidden_reason(values, name))
    if "url" in spec.text and "outlet" in spec.text:
        joined = frame["outlet"].fillna("") + frame["url"].fillna("")
        size = joined.str.len().astype(np.int64)
        # Only texts that could be too long are encoded: 4 bytes a character at most.
        wide = (size * 4 > kinds.SOURCE_KEY_BYTES).to_numpy()
        if wide.any():
            size[wide] = joined[wide].map(lambda t: len(t.encode("utf-8"))).astype(np.int64)
        check.add(
            "url",
            _bool(size > kinds.SOURCE_KEY_BYTES),
            f"the outlet and the url together are longer than {kinds.SOURCE_KEY_BYTES:,} bytes; "
            "shorten the outlet or use a shorter link",
        )


def _hidden_reason(values: pd.Series, name: str) -> Callable[[np.ndarray], list[str]]:
    def build(where: np.ndarray) -> list[str]:
        out = []
        for text in values.to_numpy(dtype=object)[where]:
            found = next(ch for ch in text if _HIDDEN_RE.search(ch))
            out.append(
                f"{name} holds an invisible control character (U+{ord(found):04X}); remove it"
            )
        return out

    return build


def _claim_dates(
    check: _Checks, frame: pd.DataFrame, day: dict[str, pd.Series], measure: pd.Series,
    today: dt.date,
) -> tuple[pd.Series, pd.Series]:  # fmt: skip
    """The dates each measure needs, with their defaults filled in (docs/methodology.md,
    "Data model"): (as_of, period_start)."""
    announced = day["announced_on"]
    check.add(
        "announced_on",
        announced > pd.Timestamp(today),
        _fmt(f"announced_on {{d}} is in the future (today is {today:%Y-%m-%d})", d=announced),
    )
    cumulative = (measure == "cumulative").to_numpy(dtype=bool)
    total = (measure == "period_total").to_numpy(dtype=bool)
    rate = measure.isin(RATE_MEASURES).to_numpy(dtype=bool)
    level = (measure == LEVEL).to_numpy(dtype=bool)
    given = {name: frame[name].notna().to_numpy() for name in kinds.CLAIMS.dates}

    as_of = day["as_of"].where(given["as_of"], announced)
    as_of = as_of.where(~(total & ~given["as_of"]), day["period_end"])
    start = day["period_start"].copy()
    default_start = cumulative & ~given["period_start"]
    start[default_start] = (
        as_of[default_start].dt.to_period("Y").dt.start_time.astype("datetime64[ns]")
    )

    check.add(
        "period_end", cumulative & given["period_end"], "a cumulative series has no period_end"
    )
    check.add(
        "period_start",
        cumulative & (start > as_of),
        _fmt("period_start {s} is after as_of {a}", s=start, a=as_of),
    )
    for name in ("period_start", "period_end"):
        check.add(name, total & ~given[name], f"{name} is required for a period_total series")
        check.add(name, rate & given[name], "a stated rate has no period: leave it empty")
        check.add(name, level & given[name], "a level has no period: leave it empty")
    _ordered(check, "period_start", start.where(total), "period_end", day["period_end"])
    check.add(
        "as_of",
        # Only between two dates read: a missing or refused one has its own message.
        total
        & _bool(day["as_of"].notna() & day["period_end"].notna())
        & (day["as_of"] != day["period_end"]).to_numpy(),
        _fmt(
            "as_of {a} must equal period_end {e} for a period_total series",
            a=day["as_of"],
            e=day["period_end"],
        ),
    )
    check.add(
        "as_of",
        # An amount may be announced before the day it takes effect.
        given["as_of"] & ~level & (as_of > announced),
        _fmt("as_of {a} is after announced_on {d}", a=as_of, d=announced),
    )
    check.add(
        "period_end",
        total & ~given["as_of"] & (as_of > announced),
        _fmt("period_end {a} (the as_of date) is after announced_on {d}", a=as_of, d=announced),
    )
    return as_of, start


def _claim_levels(
    check: _Checks, frame: pd.DataFrame, out: pd.DataFrame, series_measures: Mapping[str, str],
    series_units: Mapping[str, str | None],
) -> None:  # fmt: skip
    """A region only on a level claim, and only a declared one (stored under its declared
    name); a level claim only for a series with a unit, since an amount means nothing
    without one."""
    slug = frame["series"].str.lower()
    measure = slug.map(dict(series_measures)).astype(object)
    level = _bool(measure == LEVEL)
    with_unit = {s for s, unit in series_units.items() if isinstance(unit, str) and unit.strip()}
    check.add(
        "series",
        level & ~slug.isin(with_unit).to_numpy(),
        _fmt("series {s} has no unit; a level needs one: define the series with a unit such "
             "as RUB, USD or people", s=slug),
    )  # fmt: skip
    raw = frame["region"]
    given = raw.notna().to_numpy()
    check.add(
        "region",
        given & measure.notna().to_numpy() & ~level,
        _fmt("a region is only for level series; {s} is a {m} series: leave it empty",
             s=slug, m=measure),
    )  # fmt: skip
    names = {text: regions.canonical(text) for text in raw.dropna().unique()}
    named = raw.map(names) if names else raw
    unknown = given & named.isna().to_numpy()

    def reason(where: np.ndarray) -> list[str]:
        said = {}
        for text in set(raw.to_numpy(dtype=object)[where]):
            hint = regions.closest(text)
            also = f" (did you mean {hint!r}?)" if hint else ""
            said[text] = f"unknown region {_show(text)}{also}; see recruitment/regions.py"
        return [said[text] for text in raw.to_numpy(dtype=object)[where]]

    check.add("region", unknown, reason)
    out["region"] = named.astype(object).where(named.notna(), None)


def _series(
    check: _Checks, frame: pd.DataFrame, *, series_measures: Mapping[str, str], today: dt.date
) -> pd.DataFrame:
    _required(check, frame, "slug", "name", "measure")
    out = frame.copy()
    slug = frame["slug"]
    check.add(
        "slug",
        slug.notna() & ~_bool(slug.str.fullmatch(_SLUG)),
        _fmt(
            "slug {s} must be lowercase letters, digits and single hyphens, e.g. contract-ytd",
            s=slug,
        ),
    )
    first_line = (
        pd.Series(check.lines, index=frame.index).groupby(slug).transform("min").astype("Int64")
    )
    repeated = slug.notna() & slug.duplicated(keep="first")
    check.add("slug", repeated, _fmt("slug {s} already appears on line {n}", s=slug, n=first_line))
    out["measure"] = _choice(check, frame, "measure", MEASURES, None)
    check.add(
        "unit",
        (out["measure"] == LEVEL) & frame["unit"].isna(),
        "a level series needs a unit, such as RUB, USD or people",
    )
    out["origin"] = _choice(check, frame, "origin", ORIGINS, DEFAULT_ORIGIN)
    _compare_with(check, frame, out, series_measures)
    return _typed(out, kinds.SERIES)


def _compare_with(
    check: _Checks, frame: pd.DataFrame, out: pd.DataFrame, series_measures: Mapping[str, str]
) -> None:
    """An independent series may name the official running count its estimates are compared
    with: a cumulative series stored already or defined in the same file."""
    target = frame["compare_with"].str.lower()
    given = target.notna()
    check.add(
        "compare_with",
        given & (out["origin"] != "independent"),
        "only an independent series is compared with another series: leave it empty",
    )
    in_file = dict(zip(out["slug"].str.lower(), out["measure"], strict=True))
    measure = target.map(lambda t: series_measures.get(t) or in_file.get(t))
    check.add(
        "compare_with",
        given & measure.isna(),
        _fmt("unknown series {t}; name a series stored or defined in this file", t=target),
    )
    check.add(
        "compare_with",
        given & measure.notna() & (measure != "cumulative"),
        _fmt("{t} is not a running count (measure cumulative); compare with one", t=target),
    )
    out["compare_with"] = target


def _events(
    check: _Checks, frame: pd.DataFrame, *, series_measures: Mapping[str, str], today: dt.date
) -> pd.DataFrame:
    _required(check, frame, "date", "label")
    out = frame.copy()
    for name in ("date", "end_date"):
        out[name], reasons = _parse_dates(frame[name])
        check.parsed(name, reasons)
    check.add(
        "end_date",
        out["end_date"] < out["date"],
        _fmt("end_date {e} is before date {d}", e=out["end_date"], d=out["date"]),
    )
    return _typed(out, kinds.EVENTS)


def _targets(
    check: _Checks, frame: pd.DataFrame, *, series_measures: Mapping[str, str], today: dt.date
) -> pd.DataFrame:
    _required(check, frame, "series", "period_start", "period_end", "value")
    out = frame.copy()
    out["series"], _ = _series_known(check, frame, series_measures)
    for name in ("period_start", "period_end"):
        out[name], reasons = _parse_dates(frame[name])
        check.parsed(name, reasons)
    _ordered(check, "period_start", out["period_start"], "period_end", out["period_end"])
    out["value"], reasons = _parse_counts(frame["value"])
    check.parsed("value", reasons)
    out["value"] = out["value"].fillna(0)  # only for rejected rows, which are dropped
    out["qualifier"] = _choice(check, frame, "qualifier", QUALIFIERS, DEFAULT_QUALIFIER)
    _web_url(check, frame)
    return _typed(out, kinds.TARGETS)
