"""Import of an uploaded CSV: classify every row against what is stored, and make the rows
ready to write.

Pure: the store's rows come in as DataFrames and the rows to write go out as one, so the
rules are tested without a database. `recruitment.service.Store.preview` and `.commit` do
the reading and writing (in one transaction), for the CLI's `import` and the Upload page
alike: a file behaves the same wherever it is imported.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from recruitment import kinds
from recruitment.ingest.checks import ParsedFile, Problem
from recruitment.ingest.csvio import FileProblem, decode, read_cells
from recruitment.methodology.bounds import with_bounds

STATUSES = ("new", "duplicate", "conflicting", "error")
# Fields compared to tell a person how a duplicate differs from the statement already stored.
CLAIM_DETAIL_COLUMNS = ("low", "high", "body", "outlet", "quote", "note", "verification")
Progress = Callable[[int, int], None]
# The source id of each (outlet, url) pair, creating missing sources: the store's part.
SourceIds = Callable[[list[str], list[str]], list[int]]


class ImportRefused(Exception):
    """The file (or the moment) does not allow an import; nothing was written."""


@dataclass
class Preview:
    """What an import would do, row by row; nothing has been written yet."""

    kind: str
    filename: str
    checksum: str
    parsed: ParsedFile
    rows: pd.DataFrame = field(repr=False)  # valid rows + status, duplicate_of, differs
    data: bytes = field(default=b"", repr=False)
    # The store's data_version when the rows were classified: commit classifies them again
    # only if the store changed since.
    version: int | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.parsed.problems

    @property
    def counts(self) -> dict[str, int]:
        return counts(self.rows, len(self.parsed.rejected_lines))

    @property
    def writable(self) -> int:
        """How many rows a commit would write (new and conflicting)."""
        return self.counts["new"] + self.counts["conflicting"]

    def importable(self, *, valid_only: bool) -> bool:
        """Whether a commit would write anything: some rows to write, and no rejected rows
        unless only the valid ones are asked for."""
        return self.writable > 0 and refusal(self, valid_only=valid_only) is None

    def table(self) -> pd.DataFrame:
        """Every record of the file as written, with its status and what the import makes of
        it: the preview a person checks before importing."""
        try:
            text, _, _ = decode(self.data)
            header, lines, cells, _ = read_cells(text)
        except FileProblem:
            return pd.DataFrame(columns=["line", "status", "detail"])
        raw = pd.DataFrame(dict(enumerate(cells[: len(header)])), index=range(len(lines)))
        raw = raw.set_axis(_display_names(header), axis=1)
        raw.insert(0, "line", lines)
        by_line = {}
        for p in self.problems:
            if p.line is not None:
                by_line.setdefault(p.line, []).append(
                    f"{p.column}: {p.reason}" if p.column else p.reason
                )
        status = dict(zip(self.rows["line"], self.rows["status"], strict=True))
        detail = dict(zip(self.rows["line"], self.rows["duplicate_of"], strict=True))
        differs = dict(zip(self.rows["line"], self.rows["differs"], strict=True))
        raw.insert(1, "status", [
            "error" if line in by_line else status.get(line, "error") for line in raw["line"]
        ])  # fmt: skip
        raw.insert(2, "detail", [
            "; ".join(by_line[line]) if line in by_line
            else ", ".join(x for x in (detail.get(line, ""), _differs(differs.get(line, ""))) if x)
            for line in raw["line"]
        ])  # fmt: skip
        return raw

    def messages(self) -> list[tuple[int, str]]:
        """(line, message) for every rejected or non-new row, in line order."""
        out = [(p.line or 0, str(p)) for p in self.problems]
        for row in self.rows[self.rows["status"] != "new"].itertuples():
            out.append((row.line, _describe(row)))
        return sorted(out, key=lambda item: item[0])


# The preview's own columns, before the file's.
PREVIEW_COLUMNS = ("line", "status", "detail")


def _display_names(header: list[str]) -> list[str]:
    """The file's column names as the preview shows them, each once: an empty name becomes
    "column N", a repeated one or one of the preview's own gets its position added (again,
    until it is unique: an earlier column may be named "x (column 3)" itself)."""
    out: list[str] = []
    taken = set(PREVIEW_COLUMNS)  # a set: a header may have thousands of columns
    for position, name in enumerate(header, start=1):
        shown = name or f"column {position}"
        while shown in taken:
            shown = f"{shown} (column {position})"
        out.append(shown)
        taken.add(shown)
    return out


def _differs(fields: str) -> str:
    return f"differs in {fields}" if fields else ""


def _describe(row) -> str:
    if row.status == "duplicate":
        differs = f"; differs in {row.differs}" if row.differs else ""
        return f"line {row.line}: duplicate of {row.duplicate_of}, skipped{differs}"
    return f"line {row.line}: conflicting: {row.duplicate_of}; stored and flagged"


def size_problem(size: int, limit_mb: int) -> str | None:
    """Why a file of `size` bytes is refused under a limit of `limit_mb` MB, or None."""
    if size > limit_mb * 1024 * 1024:
        return f"This file is {size / 1024 / 1024:.1f} MB; the limit is {limit_mb} MB."
    return None


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def prepare(
    parsed: ParsedFile, stored: pd.DataFrame, *, data: bytes, filename: str, version: int
) -> Preview:
    """The preview of a parsed file, its rows classified against the `stored` rows of its kind
    (for claims, those of the series the file names) at store version `version`."""
    rows = classify(parsed, stored)
    return Preview(parsed.kind, filename, checksum(data), parsed, rows, data, version)


def classify(parsed: ParsedFile, stored: pd.DataFrame) -> pd.DataFrame:
    """The valid rows with `status`, `duplicate_of` (what they match) and `differs`."""
    rows = parsed.rows.copy()
    rows["status"] = "new"
    rows["duplicate_of"] = ""
    rows["differs"] = ""
    if parsed.file_level or rows.empty:
        return rows
    if parsed.kind == "claims":
        return _classify_claims(rows, stored)
    if parsed.kind == "series":
        return _classify_series(rows, stored, parsed)
    key = kinds.kind(parsed.kind).duplicate_key
    return _mark_duplicates(rows, _keys(rows, key), _keys(stored, key), stored["id"])


def claim_keys(rows: pd.DataFrame) -> pd.Series:
    """The duplicate key of a claim (kinds.CLAIMS.duplicate_key, then each of
    kinds.CLAIMS.key_when_given that is given) as a short hash; empty equals empty. A claim
    without a region keeps the key it had before regions existed."""
    joined = _joined(rows, kinds.CLAIMS.duplicate_key)
    for name in kinds.CLAIMS.key_when_given:
        if name not in rows.columns:
            continue
        extra = _arrow_text(rows[name])
        tagged = pc.binary_join_element_wise(_text(f"\x1f{name}="), extra, _text(""))
        joined = pc.binary_join_element_wise(
            joined, pc.if_else(pc.equal(extra, ""), _text(""), tagged), _text("")
        )
    blake2b = hashlib.blake2b
    keys = joined.cast(pa.large_binary()).to_numpy(zero_copy_only=False)
    return pd.Series(
        [blake2b(key, digest_size=16).hexdigest() for key in keys], index=rows.index, dtype="str"
    )


def _keys(frame: pd.DataFrame, columns) -> pd.Series:
    """Each row's `columns` as text, joined by the unit separator."""
    if not columns:
        return pd.Series([""] * len(frame), index=frame.index)
    joined = _joined(frame, columns).to_numpy(zero_copy_only=False)
    return pd.Series(joined, index=frame.index, dtype=object)


def _joined(frame: pd.DataFrame, columns) -> pa.Array:
    """Each row's `columns` as text joined by the unit separator, by Arrow in one call."""
    return pc.binary_join_element_wise(*(_arrow_text(frame[c]) for c in columns), _text("\x1f"))


def _text(value: str) -> pa.Scalar:
    return pa.scalar(value, pa.large_string())


def _written_by_arrow(col: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(col) or pd.api.types.is_integer_dtype(col.dtype)


def _arrow_text(col: pd.Series) -> pa.Array:
    """``_as_text`` as an Arrow array. Dates and integers are written by Arrow (a day once
    per distinct day), without a Python string per row."""
    if pd.api.types.is_datetime64_any_dtype(col):
        codes, days = pd.factorize(col)  # few distinct days: format each once
        text = np.append(days.strftime("%Y-%m-%d").to_numpy(dtype=object), "")
        return pc.take(pa.array(text, pa.large_string()), np.where(codes < 0, len(days), codes))
    if pd.api.types.is_integer_dtype(col.dtype):
        numbers = pa.array(col.to_numpy(dtype="int64", na_value=0), mask=col.isna().to_numpy())
        return pc.fill_null(numbers.cast(pa.large_string()), _text(""))
    return pa.array(_as_text(col).to_numpy(dtype=object), pa.large_string())


def _as_text(col: pd.Series) -> pd.Series:
    """Every value as str, "" for a missing one: what keys and comparisons are made of.

    Whole columns of dates, integers or text are converted at once; only a column of mixed
    values goes value by value."""
    if _written_by_arrow(col):
        text = _arrow_text(col).to_numpy(zero_copy_only=False)
        return pd.Series(text, index=col.index, dtype=object)
    values = col.to_numpy(dtype=object, na_value="")
    if pd.api.types.infer_dtype(values, skipna=False) in ("string", "empty"):
        return pd.Series(values, index=col.index, dtype=object)
    return col.astype(object).map(lambda v: "" if v is None or v is pd.NA or v != v else str(v))


def _mark_duplicates(
    rows: pd.DataFrame, keys: pd.Series, stored_keys: pd.Series, stored_ids: pd.Series
) -> pd.DataFrame:
    """Duplicates of stored rows (by id) and of earlier rows of the same file (by line)."""
    stored_by_key = dict(zip(stored_keys, stored_ids, strict=True))
    hit = keys.map(stored_by_key)
    is_stored = hit.notna()
    rows.loc[is_stored, "status"] = "duplicate"
    rows.loc[is_stored, "duplicate_of"] = "stored #" + hit[is_stored].astype("int64").astype(str)
    in_file = ~is_stored & keys.duplicated(keep="first")
    if in_file.any():  # each repeat names the line of the key's first row
        first_line = rows["line"].groupby(keys).transform("first")
        rows.loc[in_file, "status"] = "duplicate"
        rows.loc[in_file, "duplicate_of"] = "line " + first_line[in_file].astype(str)
    return rows


def _classify_claims(rows: pd.DataFrame, stored: pd.DataFrame) -> pd.DataFrame:
    rows["claim_key"] = claim_keys(rows)
    rows = _mark_duplicates(rows, rows["claim_key"], stored["claim_key"], stored["id"])
    rows["differs"] = _differences(rows, stored)
    # Conflict: the row's bounds miss those of another live claim (or new row) on its point.
    live = rows[rows["status"] == "new"]
    bounded = with_bounds(pd.concat([stored, live], ignore_index=True))
    point = ["series", "period_start", "period_end", "as_of", "region"]
    # As text, so that a missing region reads the same from the store and from a file.
    grouped = bounded.groupby(_keys(bounded, point), sort=False, dropna=False)
    bounded["max_lo"] = grouped["lo"].transform("max")
    bounded["min_hi"] = grouped["hi"].transform("min")
    new_part = bounded.iloc[len(stored) :].set_index(live.index)
    clash = (new_part["max_lo"] > new_part["hi"]) | (new_part["min_hi"] < new_part["lo"])
    clash_idx = clash[clash].index
    if clash_idx.empty:
        return rows
    rows.loc[clash_idx, "status"] = "conflicting"
    hit = new_part.loc[clash_idx]
    rows.loc[clash_idx, "duplicate_of"] = (
        "its range " + _fmt(hit["lo"]) + " to " + _fmt(hit["hi"])
        + " does not overlap other statements about the same date (highest low "
        + _fmt(hit["max_lo"]) + ", lowest high " + _fmt(hit["min_hi"]) + ")"
    )  # fmt: skip
    return rows


def _fmt(values: pd.Series) -> pd.Series:
    return values.map(lambda v: f"{v:,.0f}").astype(object)


def _differences(rows: pd.DataFrame, stored: pd.DataFrame) -> pd.Series:
    """For duplicates of a stored claim: which non-key fields differ from it, comma-separated."""
    out = pd.Series("", index=rows.index, dtype=object)
    dup = rows["duplicate_of"].str.startswith("stored #")
    if not dup.any() or stored.empty:
        return out
    matched = rows.loc[dup, ["claim_key"]].merge(
        stored.drop_duplicates("claim_key"), on="claim_key", how="left"
    ).set_index(rows.index[dup])  # fmt: skip
    names = []
    for col in CLAIM_DETAIL_COLUMNS:
        mine, theirs = _as_text(rows.loc[dup, col]), _as_text(matched[col])
        names.append(np.where(mine != theirs, col, ""))
    out[dup] = [", ".join(n for n in combo if n) for combo in zip(*names, strict=True)]
    return out


def _classify_series(rows: pd.DataFrame, stored: pd.DataFrame, parsed: ParsedFile) -> pd.DataFrame:
    """A known slug with identical fields is a duplicate; with different fields, an error:
    a series definition is changed on purpose, never by re-importing a file."""
    fields = kinds.SERIES.duplicate_key
    rows = _mark_duplicates(rows, _keys(rows, fields), _keys(stored, fields), stored["id"])
    changed = (rows["status"] == "new") & rows["slug"].isin(set(stored["slug"]))
    for line in rows.loc[changed, "line"]:
        parsed.problems.append(
            Problem(int(line), "slug", "this series already exists with other fields")
        )
    parsed.problems.sort(key=lambda p: p.line or 0)
    return rows[~changed]


# ---------------------------------------------------------------- commit


@dataclass
class Outcome:
    batch_id: int | None
    counts: dict[str, int]


def refusal(prepared: Preview, *, valid_only: bool) -> str | None:
    """Why `prepared` may not be committed, or None: a refused file, or rejected rows
    without `valid_only`."""
    if prepared.parsed.file_level:
        return "; ".join(str(p) for p in prepared.problems)
    rejected = prepared.counts["rejected"]
    if rejected and not valid_only:
        return (
            f"{rejected} row(s) rejected, so nothing was imported; fix them, or import only "
            "the valid rows"
        )
    return None


def writable(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows a commit writes: new and conflicting ones."""
    return rows[rows["status"].isin(["new", "conflicting"])]


def counts(rows: pd.DataFrame, rejected: int) -> dict[str, int]:
    """How many rows are new, duplicate and conflicting, and how many lines were rejected."""
    status = rows["status"] if len(rows) else pd.Series(dtype=object)
    return {
        "new": int((status == "new").sum()),
        "duplicate": int((status == "duplicate").sum()),
        "conflicting": int((status == "conflicting").sum()),
        "rejected": rejected,
    }


def insertable(
    kind: kinds.Kind, rows: pd.DataFrame, batch_id: int, *, series_ids: dict[str, int],
    source_ids: SourceIds,
) -> pd.DataFrame:  # fmt: skip
    """The rows as the columns of `kind.table`, with series and sources resolved to ids.

    A series that is no longer stored (its batch undone since the preview) refuses the
    import instead of failing on a missing key."""
    frame = pd.DataFrame(index=rows.index)
    if "series" in kind.columns:
        missing = sorted(set(rows["series"]) - set(series_ids))
        if missing:
            raise ImportRefused(
                f"series {', '.join(missing)} is no longer in the store (undone since the "
                "preview?); nothing was imported: check the file again"
            )
        frame["series_id"] = rows["series"].map(series_ids).astype("int64")
    if "url" in kind.columns:
        outlet, url = _as_text(rows["outlet"]), _as_text(rows["url"])
        given = (outlet != "") | (url != "")
        if kind is kinds.CLAIMS or given.any():
            ids = source_ids(outlet.tolist(), url.tolist())
            frame["source_id"] = pd.Series(ids, index=rows.index, dtype=object).where(given, None)
    for col in kind.stored_columns:
        frame[col] = rows[col]
    if kind is kinds.CLAIMS:
        frame["claim_key"] = rows["claim_key"]
    frame["batch_id"] = batch_id
    return frame
