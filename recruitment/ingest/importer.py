"""Import of an uploaded CSV: classify every row against the store, then commit atomically.

The CLI's `import` and the app's Upload page both call `preview` and `commit`: one
implementation, so a file behaves the same wherever it is imported.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from db import queries
from db.engine import writing
from recruitment.ingest.checks import ParsedFile, Problem, read_upload
from recruitment.ingest.csvio import FileProblem, decode, read_cells
from recruitment.methodology.bounds import with_bounds
from recruitment.vocab import CLAIM_KEY_COLUMNS

KINDS = ("claims", "series", "events", "targets")
STATUSES = ("new", "duplicate", "conflicting", "error")
# Fields compared to tell a person how a duplicate differs from the statement already stored.
CLAIM_DETAIL_COLUMNS = ("low", "high", "body", "outlet", "quote", "note", "verification")
# Concurrent imports that collide on the unique key are re-classified and retried this often.
COMMIT_ATTEMPTS = 3

Progress = Callable[[int, int], None]


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
    version: tuple | None = None

    @property
    def problems(self) -> list[Problem]:
        return self.parsed.problems

    @property
    def counts(self) -> dict[str, int]:
        status = self.rows["status"] if len(self.rows) else pd.Series(dtype=object)
        return {
            "new": int((status == "new").sum()),
            "duplicate": int((status == "duplicate").sum()),
            "conflicting": int((status == "conflicting").sum()),
            "rejected": len(self.parsed.rejected_lines),
        }

    def table(self) -> pd.DataFrame:
        """Every record of the file as written, with its status and what the import makes of
        it: the preview a person checks before importing."""
        try:
            text, _, _ = decode(self.data)
            header, lines, cells, _ = read_cells(text)
        except FileProblem:
            return pd.DataFrame(columns=["line", "status", "detail"])
        raw = pd.DataFrame(dict(enumerate(cells[: len(header)])), index=range(len(lines)))
        raw = raw.set_axis(header, axis=1)
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


def _differs(fields: str) -> str:
    return f"differs in {fields}" if fields else ""


def _describe(row) -> str:
    if row.status == "duplicate":
        differs = f"; differs in {row.differs}" if row.differs else ""
        return f"line {row.line}: duplicate of {row.duplicate_of}, skipped{differs}"
    return f"line {row.line}: conflicting: {row.duplicate_of}; stored and flagged"


def checksum(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def preview(
    engine: Engine, data: bytes, *, kind: str = "claims", filename: str = "",
    today: dt.date | None = None,
) -> Preview:  # fmt: skip
    """Validate `data` and classify each valid row as new, duplicate or conflicting."""
    if kind not in KINDS:
        raise ImportRefused(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    with engine.connect() as conn:
        # Read before anything it vouches for: a change after it makes commit classify again.
        version = queries.data_version(conn)
        parsed = read_upload(
            data, kind, series_measures=queries.series_measures(conn),
            today=today or dt.date.today(),
        )  # fmt: skip
        rows = classify(conn, kind, parsed)
    return Preview(kind, filename, checksum(data), parsed, rows, data, version)


def classify(conn: Connection, kind: str, parsed: ParsedFile) -> pd.DataFrame:
    """The valid rows with `status`, `duplicate_of` (what they match) and `differs`."""
    rows = parsed.rows.copy()
    rows["status"] = "new"
    rows["duplicate_of"] = ""
    rows["differs"] = ""
    if parsed.file_level or rows.empty:
        return rows
    if kind == "claims":
        return _classify_claims(conn, rows)
    if kind == "series":
        return _classify_series(conn, rows, parsed)
    stored = queries.load_events(conn) if kind == "events" else queries.load_targets(conn)
    key = ["date", "end_date", "label"] if kind == "events" else [
        "series", "period_start", "period_end", "value", "qualifier"
    ]  # fmt: skip
    return _mark_duplicates(rows, _keys(rows, key), _keys(stored, key), stored["id"])


def claim_keys(rows: pd.DataFrame) -> pd.Series:
    """The duplicate key of DESIGN.md as a short hash (empty equals empty)."""
    joined = _keys(rows, CLAIM_KEY_COLUMNS).tolist()
    return pd.Series(
        [hashlib.blake2b(s.encode(), digest_size=16).hexdigest() for s in joined],
        index=rows.index, dtype="str",
    )  # fmt: skip


def _keys(frame: pd.DataFrame, columns) -> pd.Series:
    """Each row's `columns` as text, joined by the unit separator (by Arrow, in one call)."""
    if not columns:
        return pd.Series([""] * len(frame), index=frame.index)
    parts = [pa.array(_as_text(frame[c]).to_numpy(dtype=object), pa.large_string())
             for c in columns]  # fmt: skip
    joined = pc.binary_join_element_wise(*parts, pa.scalar("\x1f", pa.large_string()))
    return pd.Series(joined.to_numpy(zero_copy_only=False), index=frame.index, dtype=object)


def _as_text(col: pd.Series) -> pd.Series:
    """Every value as str, "" for a missing one: what keys and comparisons are made of.

    Whole columns of dates, integers or text are converted at once; only a column of mixed
    values goes value by value."""
    if pd.api.types.is_datetime64_any_dtype(col):
        codes, days = pd.factorize(col)  # few distinct days: format each once
        text = np.append(days.strftime("%Y-%m-%d").to_numpy(dtype=object), "")
        return pd.Series(text[codes], index=col.index, dtype=object)  # code -1 picks the ""
    if pd.api.types.is_integer_dtype(col.dtype):
        return col.astype("str").fillna("").astype(object)
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
    first_line = rows["line"].groupby(keys).transform("first")
    in_file = ~is_stored & (first_line != rows["line"])
    rows.loc[in_file, "status"] = "duplicate"
    rows.loc[in_file, "duplicate_of"] = "line " + first_line[in_file].astype(str)
    return rows


def _classify_claims(conn: Connection, rows: pd.DataFrame) -> pd.DataFrame:
    rows["claim_key"] = claim_keys(rows)
    stored = queries.load_claims(conn, series=rows["series"].unique().tolist())
    rows = _mark_duplicates(rows, rows["claim_key"], stored["claim_key"], stored["id"])
    rows["differs"] = _differences(rows, stored)
    # Conflict: the row's bounds miss those of another live claim (or new row) on its point.
    live = rows[rows["status"] == "new"]
    bounded = with_bounds(pd.concat([stored, live], ignore_index=True))
    point = ["series", "period_start", "period_end", "as_of"]
    grouped = bounded.groupby([bounded[c].astype(str) for c in point], sort=False, dropna=False)
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


def _classify_series(conn: Connection, rows: pd.DataFrame, parsed: ParsedFile) -> pd.DataFrame:
    """A known slug with identical fields is a duplicate; with different fields, an error:
    a series definition is changed on purpose, never by re-importing a file."""
    stored = queries.load_series(conn)
    fields = ["slug", "name", "measure", "unit", "definition"]
    rows = _mark_duplicates(rows, _keys(rows, fields), _keys(stored, fields), stored["id"])
    changed = (rows["status"] == "new") & rows["slug"].isin(set(stored["slug"]))
    for line in rows.loc[changed, "line"]:
        parsed.problems.append(
            Problem(int(line), "slug", "this series already exists with other fields")
        )
    parsed.problems.sort(key=lambda p: p.line or 0)
    return rows[~changed]


# ---------------------------------------------------------------- undo


def undo(engine: Engine, batch_id: int, undone_by: str | None) -> int:
    """Withdraw every row of one batch (kept in history) and record who undid it."""
    with writing(engine) as conn:
        found = queries.batch_exists(conn, batch_id)
        if found is None:
            raise ImportRefused(f"there is no batch {batch_id}")
        if found.undone_at is not None:
            raise ImportRefused(
                f"batch {batch_id} was already undone on {found.undone_at:%Y-%m-%d %H:%M}"
            )
        if queries.live_claims_referencing_series(conn, batch_id):
            raise ImportRefused(
                f"batch {batch_id} added series that statements of other batches still use; "
                "undo those batches first"
            )
        return queries.undo_batch(conn, batch_id, undone_by)


# ---------------------------------------------------------------- commit


@dataclass
class Outcome:
    batch_id: int | None
    counts: dict[str, int]


def commit(
    engine: Engine, prepared: Preview, *, created_by: str | None = None,
    valid_only: bool = False, progress: Progress | None = None,
) -> Outcome:  # fmt: skip
    """Write every new and conflicting row in one transaction, or nothing.

    Rows are classified again inside the transaction when the store changed since the
    preview, so an import that ran in between is taken into account; a collision with a
    concurrent import is retried, then refused."""
    parsed = prepared.parsed
    if parsed.file_level:
        raise ImportRefused("; ".join(str(p) for p in parsed.problems))
    rejected = prepared.counts["rejected"]
    if rejected and not valid_only:
        raise ImportRefused(
            f"{rejected} row(s) rejected, so nothing was imported; fix them, or import only "
            "the valid rows"
        )
    for attempt in range(COMMIT_ATTEMPTS):
        try:
            with writing(engine) as conn:
                if queries.data_version(conn) == prepared.version:
                    rows = prepared.rows
                else:
                    rows = classify(conn, prepared.kind, parsed)
                counts = _counts(rows, rejected)
                to_write = rows[rows["status"].isin(["new", "conflicting"])]
                if to_write.empty:
                    return Outcome(None, counts)
                batch_id = queries.insert_batch(
                    conn, kind=prepared.kind, filename=prepared.filename or None,
                    checksum=prepared.checksum, created_by=created_by,
                    new_rows=counts["new"], conflicting_rows=counts["conflicting"],
                    duplicate_rows=counts["duplicate"], rejected_rows=rejected,
                )  # fmt: skip
                table, frame = _insertable(conn, prepared.kind, to_write, batch_id)
                queries.insert_rows(conn, table, frame, progress)
            return Outcome(batch_id, counts)
        except (IntegrityError, OperationalError) as exc:
            if attempt == COMMIT_ATTEMPTS - 1:
                raise ImportRefused(
                    "another import was writing the same statements at the same moment; "
                    "nothing was imported: try again"
                ) from exc
    raise AssertionError("unreachable")


def _counts(rows: pd.DataFrame, rejected: int) -> dict[str, int]:
    status = rows["status"]
    return {
        "new": int((status == "new").sum()),
        "duplicate": int((status == "duplicate").sum()),
        "conflicting": int((status == "conflicting").sum()),
        "rejected": rejected,
    }


def _insertable(
    conn: Connection, kind: str, rows: pd.DataFrame, batch_id: int
) -> tuple[str, pd.DataFrame]:
    """(table, frame of its columns) ready for INSERT, with series and sources resolved to ids."""
    frame = pd.DataFrame(index=rows.index)
    if kind in ("claims", "targets"):
        ids = queries.series_ids(conn)
        frame["series_id"] = pd.Series([ids[s] for s in rows["series"]], index=rows.index)
        outlet, url = _as_text(rows["outlet"]), _as_text(rows["url"])
        given = (outlet != "") | (url != "")
        if kind == "claims" or given.any():
            ids = queries.ensure_sources(conn, outlet.tolist(), url.tolist())
            frame["source_id"] = pd.Series(ids, index=rows.index, dtype=object).where(given, None)
    columns = {
        "claims": ("announced_on", "as_of", "period_start", "period_end", "value", "qualifier",
                   "low", "high", "speaker", "body", "quote", "note", "verification",
                   "claim_key"),
        "series": ("slug", "name", "measure", "unit", "definition"),
        "events": ("date", "end_date", "label", "description"),
        "targets": ("period_start", "period_end", "value", "qualifier", "description"),
    }[kind]  # fmt: skip
    for col in columns:
        frame[col] = rows[col]
    frame["batch_id"] = batch_id
    table = {"claims": "claim", "series": "series", "events": "event", "targets": "target"}[kind]
    return table, frame
