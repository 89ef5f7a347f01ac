"""The store on SQLite and PostgreSQL: migrations, seeding, the duplicate rule, concurrency."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, inspect, select
from sqlalchemy.exc import IntegrityError

from db import queries
from db.engine import StoreUnavailable, make_engine, upgrade, writing
from db.models import Claim
from recruitment.ingest import importer
from recruitment.service import Store, seed_files
from tests.fixtures import csv_of, many_good, row


def live_claims(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(
            select(func.count(Claim.id)).where(Claim.withdrawn_at.is_(None))
        ).scalar_one()


def test_fresh_store_is_migrated_and_seeded_with_every_data_file(store_url):
    store = Store.open(store_url)

    tables = set(inspect(store.engine).get_table_names())
    assert {"claim", "series", "source", "event", "target", "import_batch", "alembic_version"} <= (
        tables
    )
    batches = queries.load_batches(store.engine)
    assert sorted(batches["filename"]) == sorted(f"data/{p.name}" for _, p in seed_files())
    assert set(batches["created_by"]) == {"seed"}
    assert live_claims(store.engine) == 269  # one claim per row of data/claims-*.csv


def test_existing_store_is_only_migrated_not_seeded_again(store_url):
    store = Store.open(store_url)
    count = live_claims(store.engine)

    again = Store.open(store_url).engine

    assert live_claims(again) == count
    assert len(queries.load_batches(again)) == len(seed_files())


def test_no_seed_leaves_an_empty_store(store_url):
    store = Store.open(store_url, seed=False)

    assert live_claims(store.engine) == 0
    assert queries.series_measures(store.engine) == {}


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(sqlite_url):
    store = Store.open(sqlite_url, seed=False)

    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_database_refuses_a_second_live_copy_of_a_statement(store_url):
    store = Store.open(store_url)
    with store.engine.connect() as conn:
        first = conn.execute(select(Claim.__table__).order_by(Claim.id).limit(1)).mappings().one()
    copy = {k: v for k, v in first.items() if k not in ("id", "created_at", "updated_at")}

    with pytest.raises(IntegrityError), writing(store.engine) as conn:
        conn.execute(Claim.__table__.insert(), [copy])


def test_missing_directory_is_reported_as_unavailable(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.db'}")

    with pytest.raises(StoreUnavailable, match="cannot open the database sqlite:///"):
        upgrade(engine)


def test_two_concurrent_imports_of_one_file_store_each_statement_once(store_url, tmp_path):
    store = Store.open(store_url)
    before = live_claims(store.engine)
    data = csv_of(*many_good(400))
    outcomes, errors = [], []

    def run() -> None:
        try:
            prepared = store.preview(data, filename="same.csv")
            outcomes.append(store.commit(prepared, created_by="t"))
        except importer.ImportRefused as exc:  # the clear "try again" is allowed
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert live_claims(store.engine) == before + 400
    assert sum(o.counts["new"] for o in outcomes if o.batch_id) == 400
    assert all("try again" in str(e) for e in errors)


def test_two_concurrent_imports_of_different_files_both_land(store_url):
    store = Store.open(store_url)
    before = live_claims(store.engine)
    files = [csv_of(*many_good(300)), csv_of(*[r.replace("example.org", "example.net")
                                               for r in many_good(300)])]  # fmt: skip
    results = []

    def run(data: bytes) -> None:
        results.append(store.commit(store.preview(data)))

    threads = [threading.Thread(target=run, args=(d,)) for d in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert live_claims(store.engine) == before + 600
    assert len({r.batch_id for r in results}) == 2


def test_statements_imported_between_preview_and_commit_are_skipped(store_url):
    store = Store.open(store_url)
    before = live_claims(store.engine)
    rows = many_good(300)
    late = store.preview(csv_of(*rows), filename="late.csv")
    assert late.counts["new"] == 300

    store.commit(store.preview(csv_of(*rows[:200])))
    outcome = store.commit(late)

    assert (outcome.counts["new"], outcome.counts["duplicate"]) == (100, 200)
    assert live_claims(store.engine) == before + 300


def test_a_statement_imported_between_preview_and_commit_can_make_a_row_conflicting(store_url):
    store = Store.open(store_url)
    mine = row(announced_on="2024-06-15", value="100000", qualifier="exact")
    late = store.preview(csv_of(mine))
    assert late.counts == {"new": 1, "duplicate": 0, "conflicting": 0, "rejected": 0}

    other = row(announced_on="2024-06-15", value="150000", qualifier="exact",
                speaker="Another Speaker", url="https://example.org/other")  # fmt: skip
    store.commit(store.preview(csv_of(other)))
    outcome = store.commit(late)

    assert outcome.counts["conflicting"] == 1
    assert outcome.batch_id is not None


def test_an_undo_between_preview_and_commit_makes_the_rows_new_again(store_url):
    store = Store.open(store_url)
    data = csv_of(*many_good(50))
    first = store.commit(store.preview(data))
    again = store.preview(data)
    assert again.counts["duplicate"] == 50

    store.undo(first.batch_id, "t")
    outcome = store.commit(again)

    assert outcome.counts["new"] == 50
    assert outcome.batch_id is not None


def test_a_bulk_import_into_a_small_sqlite_store_keeps_its_indexes_and_duplicate_rule(sqlite_url):
    store = Store.open(sqlite_url)

    def indexes() -> list:
        with store.engine.connect() as conn:
            return conn.exec_driver_sql(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'claim' "
                "ORDER BY name"
            ).all()

    before, count = indexes(), live_claims(store.engine)
    rows = [row(url=f"https://example.org/bulk/{i}") for i in range(queries.BULK_REBUILD_ROWS)]

    outcome = store.commit(store.preview(csv_of(*rows)))

    assert outcome.counts["new"] == queries.BULK_REBUILD_ROWS
    assert live_claims(store.engine) == count + queries.BULK_REBUILD_ROWS
    assert indexes() == before
    with store.engine.connect() as conn:
        last = conn.execute(select(Claim.__table__).order_by(Claim.id.desc()).limit(1)).mappings()
        copy = {k: v for k, v in last.one().items() if k not in ("id", "created_at", "updated_at")}
    with pytest.raises(IntegrityError), writing(store.engine) as conn:
        conn.execute(Claim.__table__.insert(), [copy])


def test_a_series_undone_between_preview_and_commit_refuses_the_import_cleanly(store_url):
    store = Store.open(store_url)
    added = store.commit(
        store.preview(b"slug,name,measure\nlate-ytd,Late count,cumulative\n", kind="series")
    )
    late = store.preview(csv_of(row(series="late-ytd")), filename="late.csv")
    store.undo(added.batch_id, "t")

    with pytest.raises(importer.ImportRefused, match="late-ytd is no longer in the store"):
        store.commit(late)
    assert "late-ytd" not in store.export("claims")
