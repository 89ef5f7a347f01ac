"""What was said about each year's total, in the order it was said.

A year's total is the running count at the end of the year. Officials give it in December
("almost 440,000 so far"), as a final early the next year ("about 450,000 in 2024") and
sometimes again years later, restated. The statements about year Y are the running-count claims
of the counting period that starts on 1 January Y whose `as_of` falls in December Y, in the order
they were announced (docs/methodology.md, What was said about each year). A statement whose
range does not overlap the one before it changed the figure beyond what the wording of either
allows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recruitment.formatting import as_said
from recruitment.methodology.bounds import with_bounds

YEAR_COLUMNS = (
    "series", "year", "announced_on", "as_of", "value", "qualifier", "low", "high", "lo", "hi",
    "said", "change", "beyond_wording", "speaker", "body", "outlet", "url", "claim_id",
)  # fmt: skip
# The month whose statements speak of the year's total.
YEAR_END_MONTH = 12


def year_statements(claims: pd.DataFrame) -> pd.DataFrame:
    """Every statement about a year's total of each running count, by series, year and
    announcement. `change` is the value less the previous statement's; `beyond_wording` is
    True when the two ranges do not overlap. Columns: YEAR_COLUMNS."""
    cum = claims[(claims["measure"] == "cumulative").to_numpy()]
    as_of, start = cum["as_of"], cum["period_start"]
    about_year = (
        (start.dt.month == 1) & (start.dt.day == 1) & (as_of.dt.year == start.dt.year)
        & (as_of.dt.month == YEAR_END_MONTH)
    )  # fmt: skip
    chosen = with_bounds(cum[about_year.to_numpy()])
    if chosen.empty:
        return pd.DataFrame(columns=list(YEAR_COLUMNS))
    chosen = chosen.assign(year=chosen["period_start"].dt.year, claim_id=chosen["id"])
    chosen = chosen.sort_values(["series", "year", "announced_on", "as_of", "id"], kind="stable")
    chosen["said"] = [
        as_said(*v)
        for v in zip(chosen["value"], chosen["qualifier"], chosen["low"], chosen["high"],
                     strict=True)
    ]  # fmt: skip
    return _changes(chosen).loc[:, list(YEAR_COLUMNS)].reset_index(drop=True)


def _changes(frame: pd.DataFrame) -> pd.DataFrame:
    """Each statement against the one said before it about the same total."""
    group = frame.groupby(["series", "year"], sort=False)
    prev_value, prev_lo, prev_hi = (group[c].shift() for c in ("value", "lo", "hi"))
    change = frame["value"].astype("float64") - prev_value.astype("float64")
    apart = (frame["lo"] > prev_hi) | (frame["hi"] < prev_lo)
    return frame.assign(
        change=pd.array(np.where(prev_value.isna(), np.nan, change), dtype="Float64").round()
        .astype("Int64"),
        beyond_wording=apart.fillna(False).astype(bool) & prev_value.notna(),
    )  # fmt: skip
