"""Sources for an import: one row per distinct (outlet, url), each claim given its own."""

from __future__ import annotations

from sqlalchemy import select

from db import queries
from db.models import Source
from recruitment.service import Store


def stored(conn) -> dict[int, tuple[str, str]]:
    return {
        sid: (outlet, url)
        for sid, outlet, url in conn.execute(select(Source.id, Source.outlet, Source.url))
    }


def check(conn, outlets: list[str], urls: list[str]) -> list[int]:
    ids = queries.ensure_sources(conn, outlets, urls)
    by_id = stored(conn)
    assert [by_id[i] for i in ids] == list(zip(outlets, urls, strict=True))
    return ids


def test_new_pairs_get_one_source_each_and_every_row_its_own(store_url):
    store = Store.open(store_url, seed=False)
    try:
        with store.engine.begin() as conn:
            outlets = ["TASS", "RBC", "TASS", "", "RBC", "TASS"]
            urls = ["https://t/2", "https://r/1", "https://t/1", "https://x/9", "https://r/1",
                    "https://t/2"]  # fmt: skip
            ids = check(conn, outlets, urls)
            assert len(stored(conn)) == 4
            assert ids[0] == ids[5] and ids[1] == ids[4]
            assert queries.ensure_sources(conn, [], []) == []
    finally:
        store.close()


def test_pairs_already_stored_keep_their_source(store_url):
    store = Store.open(store_url, seed=False)
    try:
        with store.engine.begin() as conn:
            first = check(conn, ["TASS", "RBC"], ["https://t/1", "https://r/1"])
            again = check(
                conn, ["Meduza", "RBC", "TASS", "Meduza"],
                ["https://m/1", "https://r/1", "https://t/1", "https://m/1"],
            )  # fmt: skip
            assert again[1] == first[1] and again[2] == first[0]
            assert again[0] == again[3] and again[0] not in first
            assert len(stored(conn)) == 3
    finally:
        store.close()
