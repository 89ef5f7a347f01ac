"""Stated paces ("1,000 a day") on the same per-month scale as the implied rates.

Officials often give a pace rather than a running count. Those claims are never differenced;
they are shown beside the implied rates, so each is converted to people per month with the
same 30.4375-day month and keeps the range its wording allows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recruitment.formatting import as_said
from recruitment.i18n import N_, tr
from recruitment.methodology.bounds import with_bounds
from recruitment.vocab import DAYS_PER_MONTH

PACE_COLUMNS = (
    "claim_id",
    "series",
    "as_of",
    "announced_on",
    "per_month",
    "per_month_low",
    "per_month_high",
    "said",
    "speaker",
    "outlet",
    "url",
    "body",
    "verification",
    "quote",
)
# Days a stated pace of each measure covers: a day, or an average month.
PACE_DAYS = {"daily_rate": DAYS_PER_MONTH, "monthly_rate": 1.0}
# How each pace measure is said after its number (in the active language, through tr).
PACE_UNITS = {"daily_rate": N_("a day"), "monthly_rate": N_("a month")}


def _text(column: pd.Series) -> pd.Series:
    """A text column with None for missing (whatever missing marker pandas gave it)."""
    return column.astype(object).where(column.notna(), None)


def stated_paces(claims: pd.DataFrame) -> pd.DataFrame:
    """One row per daily_rate or monthly_rate claim, with the pace per month and its bounds.

    per_month = value x 30.4375 for a daily pace (value for a monthly one); per_month_low and
    per_month_high are the claim's bounds (`with_bounds`) on the same scale, unrounded.
    `said` is the figure as stated with its unit ("1,000 to 1,500 a day"). Sorted by series,
    as_of, announced_on, claim_id. Columns: PACE_COLUMNS.
    """
    rates = claims[claims["measure"].isin(list(PACE_DAYS))]
    if rates.empty:
        return pd.DataFrame(
            {
                c: pd.Series(dtype=dtype)
                for c, dtype in zip(
                    PACE_COLUMNS,
                    ("int64", "str", "datetime64[ns]", "datetime64[ns]", "float64", "float64")
                    + ("float64",)
                    + ("object",) * 7,
                    strict=True,
                )
            }
        )
    rates = with_bounds(rates).sort_values(["series", "as_of", "announced_on", "id"])
    scale = rates["measure"].map(PACE_DAYS).to_numpy(dtype=np.float64)
    said = [
        f"{as_said(v, q, lo, hi)} {tr(PACE_UNITS[m])}"
        for v, q, lo, hi, m in zip(
            rates["value"],
            rates["qualifier"],
            rates["low"],
            rates["high"],
            rates["measure"],
            strict=True,
        )
    ]
    out = pd.DataFrame(
        {
            "claim_id": rates["id"].to_numpy(dtype=np.int64),
            "series": rates["series"].astype("str").to_numpy(),
            "as_of": rates["as_of"].to_numpy(dtype="datetime64[ns]"),
            "announced_on": rates["announced_on"].to_numpy(dtype="datetime64[ns]"),
            "per_month": rates["value"].to_numpy(dtype=np.float64) * scale,
            "per_month_low": rates["lo"].to_numpy(dtype=np.float64) * scale,
            "per_month_high": rates["hi"].to_numpy(dtype=np.float64) * scale,
            "said": pd.Series(said, dtype=object).to_numpy(),
        }
    )
    for column in ("speaker", "outlet", "url", "body", "verification", "quote"):
        if column in rates:
            out[column] = _text(rates[column]).to_numpy()
        else:
            out[column] = None
    return out[list(PACE_COLUMNS)]
