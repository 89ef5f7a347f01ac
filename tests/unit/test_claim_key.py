"""The duplicate key stored with every claim: stores hold it, so it must never change."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from recruitment.ingest.importer import claim_keys


def test_claim_key_is_the_hash_of_the_key_fields_as_text():
    rows = pd.DataFrame({
        "series": ["contract-ytd", "contract-ytd"],
        "announced_on": pd.to_datetime(["2024-03-01", "2024-03-02"]).astype("datetime64[ns]"),
        "as_of": pd.to_datetime(["2024-02-29", None]).astype("datetime64[ns]"),
        "period_start": pd.to_datetime([None, "2024-01-01"]).astype("datetime64[ns]"),
        "period_end": pd.Series([pd.NaT, pd.NaT], dtype="datetime64[ns]"),
        "value": np.array([100000, 5], dtype="int64"),
        "qualifier": ["approx", "exact"],
        "speaker": ["A Speaker", None],
        "url": ["https://example.org/a", None],
    })  # fmt: skip

    keys = claim_keys(rows).tolist()

    text = "contract-ytd\x1f2024-03-01\x1f2024-02-29\x1f\x1f\x1f100000\x1fapprox\x1fA Speaker"
    text += "\x1fhttps://example.org/a"
    assert keys[0] == hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
    # As stored by earlier versions: a changed key would make every stored claim look new.
    assert keys == ["e3fdbc787cd56eb943a02b53b6360170", "5ffeb668aa3c92628fef428dab9cd023"]
