"""Levels: amounts in force from a date until the next statement of the same series and
region (docs/methodology.md, Levels).

A level is never differenced, summed or turned into a rate. What is worked out here: one
statement per series, region and date (the representative), the amount in force in each region
at every date (a step function), the median across regions at each date a region's amount
changes, counting only regions with a statement in force by then, and the latest amount of each
region. Pure and vectorised: pivots and forward fills, no loop over dates.
"""

from __future__ import annotations

import pandas as pd

from recruitment.methodology.bounds import with_bounds
from recruitment.vocab import LEVEL

# The region of a federal amount (a level statement without a region), in frames here.
NATIONAL = ""
MEDIAN_COLUMNS = ("series", "date", "median", "regions")
# The `kind` of the series drawn beside regional amounts as the federal payment.
FEDERAL_KIND = "one-time federal payment"


def level_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims of level series, every other measure left out."""
    return claims[(claims["measure"] == LEVEL).to_numpy(dtype=bool)]


def count_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """The claims of every measure but levels: what counts, rates and comparisons read."""
    return claims[(claims["measure"] != LEVEL).to_numpy(dtype=bool)]


def region_of(claims: pd.DataFrame) -> pd.Series:
    """Each claim's region as text, NATIONAL for none (a category column may hold NaN)."""
    return claims["region"].astype(object).where(claims["region"].notna(), NATIONAL).astype(str)


def statements(claims: pd.DataFrame) -> pd.DataFrame:
    """One statement per series, region and `as_of`: the representative, as for a point of a
    running count (narrowest bounds, then latest announced_on, then the claim stored first),
    with `statements` (how many claims said something about that date) and `conflict` (their
    bounds do not all overlap). Sorted by series, region, as_of."""
    levels = with_bounds(level_claims(claims)).assign(region=lambda f: region_of(f))
    if levels.empty:
        return levels.assign(statements=pd.Series(dtype="int64"), conflict=False)
    key = ["series", "region", "as_of"]
    levels["series"] = levels["series"].astype(str)
    grouped = levels.groupby(key, sort=False)
    levels["statements"] = grouped["id"].transform("size")
    levels["conflict"] = grouped["lo"].transform("max") > grouped["hi"].transform("min")
    levels["width"] = levels["hi"] - levels["lo"]
    ranked = levels.sort_values(
        [*key, "width", "announced_on", "id"], ascending=[True, True, True, True, False, True],
        kind="stable",
    )  # fmt: skip
    return ranked.drop_duplicates(key).drop(columns="width").reset_index(drop=True)


def in_force(reps: pd.DataFrame, series: str) -> pd.DataFrame:
    """The amount in force in each region of `series` at each date any of its regions
    changed: dates as the index, regions as columns, NaN before a region's first statement."""
    mine = reps[reps["series"] == series]
    if mine.empty:
        return pd.DataFrame(index=pd.DatetimeIndex([], name="as_of"), dtype="float64")
    table = mine.pivot(index="as_of", columns="region", values="value").sort_index()
    return table.astype("float64").ffill()


def regional_median(reps: pd.DataFrame, series: str) -> pd.DataFrame:
    """The median across regions of `series` at each date an amount changed, with how many
    regions it rests on: at each date, the amount in force in every region that has made a
    statement by then; regions without one yet are not counted, and a federal amount (no
    region) is not a region."""
    table = in_force(reps, series)
    table = table.drop(columns=[NATIONAL], errors="ignore")
    counted = table.notna().sum(axis=1)
    out = pd.DataFrame(
        {"series": series, "date": table.index, "median": table.median(axis=1, skipna=True),
         "regions": counted.astype("int64")},
    )  # fmt: skip
    out = out[out["regions"] > 0]
    # A date on which nothing changed in force (a repeated statement) adds no step.
    changed = out[["median", "regions"]].ne(out[["median", "regions"]].shift()).any(axis=1)
    return out[changed].reset_index(drop=True).loc[:, list(MEDIAN_COLUMNS)]


def latest(reps: pd.DataFrame, series: str) -> pd.DataFrame:
    """The latest statement of each region of `series`, highest amount first."""
    mine = reps[reps["series"] == series]
    last = mine.sort_values("as_of", kind="stable").drop_duplicates("region", keep="last")
    return last.sort_values(["value", "region"], ascending=[False, True]).reset_index(drop=True)


def federal_series(series: pd.DataFrame, unit: str) -> str | None:
    """The slug of the federal one-time payment in `unit` (series kind FEDERAL_KIND), if any."""
    if not {"kind", "unit"} <= set(series.columns):
        return None
    mine = series[(series["kind"] == FEDERAL_KIND) & (series["unit"] == unit)]
    return str(mine["slug"].iloc[0]) if len(mine) else None


def richest_series(reps: pd.DataFrame) -> str | None:
    """The level series stated for the most regions: what pages and images show first."""
    regional = reps[reps["region"] != NATIONAL]
    if regional.empty:
        return None
    counts = regional.groupby("series")["region"].nunique()
    return str(counts.sort_values(ascending=False, kind="stable").index[0])
