"""Free-text search over claims, for the Sources page."""

from __future__ import annotations

import pandas as pd

# The columns a reader might remember a statement by.
SEARCHED = ("speaker", "body", "outlet", "url", "quote", "note", "series")


def search_claims(claims: pd.DataFrame, text: str | None) -> pd.DataFrame:
    """Claims where every word of `text` occurs in one of the searched columns (any case)."""
    words = (text or "").lower().split()
    if not words or claims.empty:
        return claims
    haystack = claims[list(SEARCHED)].astype(object).fillna("").astype(str).agg(" ".join, axis=1)
    haystack = haystack.str.lower()
    keep = pd.Series(True, index=claims.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return claims[keep]
