"""Exports of the store as CSV (the upload format, formulas neutralised) or JSON.

An export imported into an empty store and exported again is byte-identical: rows are sorted on
every column, and every default is written out explicitly.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import pandas as pd

from recruitment import kinds
from recruitment.ingest.csvio import format_csv

FORMATS = ("csv", "json")


def export_rows(frame: pd.DataFrame, kind: kinds.Kind) -> pd.DataFrame:
    """The stored rows of `kind` in its columns and export order."""
    return sort_rows(frame.loc[:, list(kind.columns)], kind.sort_columns)


def sort_rows(frame: pd.DataFrame, order: Sequence[str]) -> pd.DataFrame:
    """Sort on the text form of each column (missing first), so order never depends on ids."""
    if frame.empty:
        return frame.reset_index(drop=True)
    keys = pd.DataFrame({c: _sort_text(frame[c]) for c in order})
    return frame.loc[keys.sort_values(list(order), kind="stable").index].reset_index(drop=True)


def _sort_text(col: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(col):
        return col.dt.strftime("%Y-%m-%d").fillna("")
    if pd.api.types.is_integer_dtype(col):
        # Zero-padded so that 9 sorts before 10 as text.
        return col.astype("Int64").map(lambda v: "" if v is pd.NA else f"{int(v):020d}")
    return col.map(lambda v: "" if v is None or v is pd.NA else str(v))


def render(frame: pd.DataFrame, columns: Sequence[str], fmt: str) -> str:
    """The frame as CSV or JSON text, in the given column order."""
    if fmt == "csv":
        return format_csv(frame, columns, kinds.TEXT_COLUMNS)
    if fmt == "json":
        return json.dumps(_json_records(frame, columns), ensure_ascii=False, indent=2) + "\n"
    raise ValueError(f"unknown format {fmt!r}")


def _json_records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict]:
    out: dict[str, list] = {}
    for col in columns:
        series = frame[col]
        if pd.api.types.is_datetime64_any_dtype(series):
            out[col] = [None if pd.isna(v) else v.strftime("%Y-%m-%d") for v in series]
        elif pd.api.types.is_integer_dtype(series):
            out[col] = [None if v is pd.NA else int(v) for v in series.astype("Int64")]
        elif pd.api.types.is_float_dtype(series):
            out[col] = [None if pd.isna(v) else (int(v) if float(v).is_integer() else v)
                        for v in series]  # fmt: skip
        else:
            out[col] = [None if v is None or v is pd.NA or v == "" else v for v in series]
    return [dict(zip(columns, combo, strict=True)) for combo in zip(*out.values(), strict=True)]


def export_text(frame: pd.DataFrame, kind: kinds.Kind, fmt: str = "csv") -> str:
    """The stored rows of `kind` as an export file: the upload format, byte for byte the same
    whatever order they were stored in."""
    return render(export_rows(frame, kind), kind.columns, fmt)
