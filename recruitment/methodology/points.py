"""Points: the claims about one count on one date, reduced to one representative figure.

A point is a (series, measure, period_start, period_end, as_of). Several outlets or speakers
often report the same count; the narrowest claim represents the point and the point is flagged
`conflict` when the claims cannot all be true (docs/methodology.md, Representative and conflict).

The work is done on plain numpy arrays (`point_arrays`) so `rates.intervals` can reuse it on a
million claims without building intermediate DataFrames.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from recruitment.methodology.bounds import bounds_arrays

# The measures that have points; rate series (daily_rate, monthly_rate) are never differenced.
POINT_MEASURES = ("cumulative", "period_total")
POINT_COLUMNS = (
    "series", "measure", "period_start", "period_end", "as_of", "value", "lo", "hi",
    "claim_id", "n_claims", "conflict",
)  # fmt: skip

DAY_NS = 86_400 * 10**9
_INT64_MAX = np.iinfo(np.int64).max


@dataclass(frozen=True)
class PointArrays:
    """Points as aligned arrays, sorted by series, measure, period_start, period_end, as_of.

    Dates are int64 nanoseconds (NaT as numpy's NaT value); `series_code` is the alphabetical
    rank of the series name, so callers sort on integers rather than text.
    """

    series_code: np.ndarray
    series_names: np.ndarray
    measure_code: np.ndarray
    measure_names: np.ndarray
    period_start: np.ndarray
    period_end: np.ndarray
    as_of: np.ndarray
    value: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    claim_id: np.ndarray
    n_claims: np.ndarray
    conflict: np.ndarray

    def __len__(self) -> int:
        return self.value.size

    def take(self, keep: np.ndarray) -> PointArrays:
        """The points where `keep` is true, in the same order."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return PointArrays(**{k: v if k.endswith("_names") else v[keep] for k, v in fields.items()})

    def series(self) -> pd.api.extensions.ExtensionArray | np.ndarray:
        """Series names, one per point, in pandas' default text dtype."""
        return labels(self.series_names, self.series_code)

    def measure(self) -> pd.api.extensions.ExtensionArray | np.ndarray:
        """Measure names, one per point, in pandas' default text dtype."""
        return labels(self.measure_names, self.measure_code)

    def is_measure(self, name: str) -> np.ndarray:
        """Mask of points whose measure is `name`."""
        return np.isin(self.measure_code, np.flatnonzero(self.measure_names == name))


def point_keys(frame: pd.DataFrame) -> pd.MultiIndex:
    """(series, period_start, as_of) of each row: a claim's point (for one measure), made
    comparable across frames whatever their text and date dtypes."""
    return pd.MultiIndex.from_arrays(
        [
            frame["series"].astype(object).to_numpy(),
            frame["period_start"].to_numpy(dtype="datetime64[ns]"),
            frame["as_of"].to_numpy(dtype="datetime64[ns]"),
        ]
    )


def ns(column: pd.Series) -> np.ndarray:
    """A date column as int64 nanoseconds (whatever its stored resolution)."""
    return column.to_numpy(dtype="datetime64[ns]").view(np.int64)


def _days_code(dates_ns: np.ndarray) -> np.ndarray:
    """Dates as day numbers, NaT just below the earliest date, so ranges stay small for packing."""
    nat = dates_ns == np.iinfo(np.int64).min
    days = dates_ns // DAY_NS
    floor = days[~nat].min() - 1 if (~nat).any() else 0
    return np.where(nat, floor, days)


def pack(keys: list[np.ndarray]) -> list[np.ndarray]:
    """Pack integer sort keys (most significant first) into as few int64 words as fit.

    Each key is shifted to start at 0 and combined in mixed radix while the product of ranges
    fits in int64. Sorting one word is several times faster than np.lexsort on five keys.
    """
    if keys[0].size == 0:
        return [np.zeros(0, dtype=np.int64)]
    words: list[np.ndarray] = []
    word, radix = None, 1
    for key in keys:
        low = int(key.min())
        span = int(key.max()) - low + 1
        code = key - low
        if word is not None and radix * span <= _INT64_MAX:
            word, radix = word * span + code, radix * span
        else:
            if word is not None:
                words.append(word)
            word, radix = code.astype(np.int64), span
    if word is not None:
        words.append(word)
    return words


def labels(names: object, codes: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """names[codes] as a column, built by one take on the few distinct names.

    Handing pandas a million-row object array makes it convert every string to its default text
    dtype (about 80 ms per column); taking from the converted distinct names is several times
    cheaper and gives the same dtype.
    """
    return pd.Index(np.asarray(names, dtype=object), dtype="str").take(codes).array


def sort_order(words: list[np.ndarray]) -> np.ndarray:
    """The permutation that sorts rows by packed key words (most significant first).

    When the key and the row number fit in one int64 together, sorting the values (SIMD sort)
    and reading the row number back from the low bits is about three times faster than
    np.argsort. Equal keys then come out in row order, so the result is also stable.
    """
    n = words[0].size
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    row_bits = max(int(n - 1).bit_length(), 1)
    if len(words) == 1 and int(words[0].max()) < 1 << (63 - row_bits):
        packed = np.sort((words[0] << row_bits) | np.arange(n, dtype=np.int64))
        return packed & ((1 << row_bits) - 1)
    return np.lexsort(words[::-1])


def _text_rank(column: pd.Series) -> np.ndarray:
    """Alphabetical rank of each text; missing or blank text ranks last.

    Last, so an unattributed or unlinked claim never represents a point when an equally
    precise, equally recent sourced one exists.
    """
    codes, names = pd.factorize(column, sort=True)
    if len(names) == 0:
        return np.zeros(len(codes), dtype=np.int64)
    # Blank is decided on the few distinct texts, not on every row.
    blank = np.array([not str(n).strip() for n in names], dtype=bool)
    rank = np.where(blank, len(names), np.arange(len(names)))
    return np.where(codes < 0, len(names), rank[codes])


def _group_sizes(group: np.ndarray) -> np.ndarray:
    """For sorted group ids, the size of each row's group."""
    starts = np.flatnonzero(np.diff(group, prepend=group[:1] - 1))
    sizes = np.diff(np.append(starts, group.size))
    return np.repeat(sizes, sizes)


def _is_group_min(group: np.ndarray, key: np.ndarray) -> np.ndarray:
    """For sorted group ids, whether each row's key is the smallest of its group."""
    starts = np.flatnonzero(np.diff(group, prepend=group[:1] - 1))
    sizes = np.diff(np.append(starts, group.size))
    return key == np.repeat(np.minimum.reduceat(key, starts), sizes)


def _measure_codes(claims: pd.DataFrame, measures: tuple[str, ...]) -> np.ndarray:
    """Each claim's index in POINT_MEASURES, or -1 when left out: which claims make points."""
    # One hash pass over the measure text; the few distinct names are then mapped to codes
    # (-1 for measures left out, such as rates, which have no points).
    codes, names = pd.factorize(claims["measure"])
    name_code = np.array(
        [POINT_MEASURES.index(n) if n in measures else -1 for n in names], dtype=np.int64
    )
    return name_code[codes] if codes.size and names.size else np.full(len(claims), -1)


def _no_points(measure_names: np.ndarray) -> PointArrays:
    """No points, in the dtypes of real ones, so callers need no special case."""
    empty_i, empty_f = np.zeros(0, np.int64), np.zeros(0, np.float64)
    return PointArrays(
        empty_i, np.zeros(0, object), empty_i, measure_names, empty_i, empty_i,
        empty_i, empty_i, empty_f, empty_f, empty_i, empty_i, np.zeros(0, bool),
    )  # fmt: skip


def _point_runs(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Claims in point order, where each point's run starts, and each sorted row's point."""
    # Sort by the point key only; the representative is then chosen by reductions over each
    # point's rows, which is cheaper than sorting on the tie-breakers too.
    words = pack(keys)
    order = sort_order(words)
    new_point = np.zeros(order.size, dtype=bool)
    new_point[0] = True
    for word in words:
        w = word[order]
        new_point[1:] |= w[1:] != w[:-1]
    return order, np.flatnonzero(new_point), np.cumsum(new_point) - 1


def _settle_ties(
    rep: np.ndarray,
    grp: np.ndarray,
    tied_rows: np.ndarray,
    ranks: tuple[Callable[[np.ndarray], np.ndarray], ...],
) -> np.ndarray:
    """Settle the tied points of `rep` rank by rank, ranking only rows still tied (text is slow)."""
    for rank in ranks:
        if grp.size == 0:
            break
        best = _is_group_min(grp, rank(tied_rows))
        grp, tied_rows = grp[best], tied_rows[best]
        rep[grp] = tied_rows  # the last stage leaves one row per point
        still = _group_sizes(grp) > 1
        grp, tied_rows = grp[still], tied_rows[still]
    return rep


def _representatives(
    order: np.ndarray,
    starts: np.ndarray,
    point: np.ndarray,
    width: np.ndarray,
    announced: np.ndarray,
    ties: tuple[Callable[[np.ndarray], np.ndarray], ...],
) -> np.ndarray:
    """Each point's representative claim: narrowest, then latest announced, then by `ties`."""
    # Narrow the candidates step by step; only points still tied after the numbers need the
    # text (`ties` rank claims by their position among the counted ones).
    candidate = width == np.minimum.reduceat(width, starts)[point]
    latest = np.maximum.reduceat(np.where(candidate, announced, announced.min() - 1), starts)
    candidate &= announced == latest[point]
    cand_pos = np.flatnonzero(candidate)
    cand_point = point[cand_pos]
    first_cand = np.ones(cand_pos.size, dtype=bool)
    first_cand[1:] = cand_point[1:] != cand_point[:-1]
    rep = order[cand_pos[first_cand]]  # positions among the counted claims, one per point
    tied = np.bincount(cand_point, minlength=starts.size)[cand_point] > 1
    return _settle_ties(rep, cand_point[tied], order[cand_pos[tied]], ties)


def point_arrays(claims: pd.DataFrame, measures: tuple[str, ...] = POINT_MEASURES) -> PointArrays:
    """Group claims into points and pick each point's representative (see `points`).

    Only claims of `measures` (some of POINT_MEASURES) count. Columns are read as arrays and
    narrowed to those claims one at a time, never as a copy of the frame: at a million claims
    a copy would cost more memory than everything else here."""
    measure_code = _measure_codes(claims, measures)
    measure_names = np.array(POINT_MEASURES, dtype=object)
    rows = np.flatnonzero(measure_code >= 0)
    if rows.size == 0:
        return _no_points(measure_names)
    every = rows.size == len(claims)

    def column(name: str, as_array: Any) -> np.ndarray:
        values = as_array(claims[name])
        return values if every else values[rows]

    measure_code = measure_code[rows]
    all_codes, series_names = pd.factorize(claims["series"], sort=True)
    series_code = all_codes if every else all_codes[rows]
    start, end, as_of = (column(c, ns) for c in ("period_start", "period_end", "as_of"))
    lo, hi = bounds_arrays(claims)
    if not every:
        lo, hi = lo[rows], hi[rows]
    ids = column("id", lambda c: c.to_numpy(dtype=np.int64))
    value = column("value", lambda c: c.to_numpy(dtype=np.int64))
    announced_ns = column("announced_on", ns)

    keys = [series_code, measure_code, _days_code(start), _days_code(end), _days_code(as_of)]
    order, starts, point = _point_runs(keys)
    lo_s, hi_s = lo[order], hi[order]
    conflict = np.maximum.reduceat(lo_s, starts) > np.minimum.reduceat(hi_s, starts)
    # Ties after the numbers: speaker, then url, then id.
    rep = _representatives(
        order,
        starts,
        point,
        hi_s - lo_s,
        _days_code(announced_ns)[order],
        ties=(
            lambda r: _text_rank(claims["speaker"].iloc[rows[r]]),
            lambda r: _text_rank(claims["url"].iloc[rows[r]]),
            lambda r: ids[r],
        ),
    )

    return PointArrays(
        series_code=series_code[rep],
        series_names=np.asarray(series_names, dtype=object),
        measure_code=measure_code[rep],
        measure_names=measure_names,
        period_start=start[rep],
        period_end=end[rep],
        as_of=as_of[rep],
        value=value[rep],
        lo=lo[rep],
        hi=hi[rep],
        claim_id=ids[rep],
        n_claims=np.diff(np.append(starts, order.size)).astype(np.int64),
        conflict=conflict,
    )


def points(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per point of every cumulative and period_total series (rate series excluded).

    Columns: series, measure, period_start, period_end, as_of, value, lo, hi (of the
    representative claim), claim_id (the representative), n_claims, conflict. Representative:
    narrowest hi - lo; ties: latest announced_on, then speaker, then url (alphabetically,
    missing last), then claim id. Sorted by series, measure, period_start, period_end, as_of.
    """
    p = point_arrays(claims)
    return pd.DataFrame(
        {
            "series": p.series(),
            "measure": p.measure(),
            "period_start": p.period_start.view("datetime64[ns]"),
            "period_end": p.period_end.view("datetime64[ns]"),
            "as_of": p.as_of.view("datetime64[ns]"),
            "value": p.value,
            "lo": p.lo,
            "hi": p.hi,
            "claim_id": p.claim_id,
            "n_claims": p.n_claims,
            "conflict": p.conflict,
        }
    )
