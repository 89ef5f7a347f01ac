"""Data versions: every import and undo is one version, and any version reads again exactly
as it stood, on SQLite and PostgreSQL; stores made before versions get them in time order."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import insert, select, update

from db.engine import alembic_config, make_engine
from db.models import DataRevision, ImportBatch
from recruitment.service import Store, UnknownVersion
from tests.fixtures import csv_of, many_good, row


def imported(store: Store, *rows: str) -> int:
    outcome = store.commit(store.preview(csv_of(*rows), filename="t.csv"), created_by="t")
    return outcome.batch_id


def test_each_import_and_undo_is_the_next_version(store_url):
    store = Store.open(store_url)
    seeded = store.version()

    first = imported(store, *many_good(3))
    second = imported(store, row(announced_on="2021-05-05", value="5"))
    store.undo(first, "t")

    history = store.revisions()
    assert store.version() == seeded + 3
    assert history["version"].tolist()[:3] == [seeded + 3, seeded + 2, seeded + 1]
    assert history["action"].tolist()[:3] == ["undo", "import", "import"]
    assert history["batch_id"].tolist()[:3] == [first, second, first]
    assert history["by"].tolist()[:3] == ["t", "t", "t"]


def test_an_earlier_version_reads_as_it_stood_after_imports_and_undos(store_url):
    store = Store.open(store_url)
    first = imported(store, *many_good(3))
    before = store.version()
    exported, rates = store.export("claims"), store.view().rates_table(0)
    snapshot_ids = sorted(store.snapshot().claims["id"])

    imported(store, row(announced_on="2021-05-05", value="5"))
    store.undo(first, "t")

    assert store.export("claims") != exported  # the store did change
    assert store.export("claims", version=before) == exported
    assert store.view(version=before).rates_table(0).equals(rates)
    assert sorted(store.snapshot(before).claims["id"]) == snapshot_ids
    # Withdrawn claims read by id (a hover, a note) still have their texts.
    assert store.claims(ids=snapshot_ids)["id"].tolist() == snapshot_ids


def test_a_version_before_a_series_existed_does_not_have_it(store_url):
    store = Store.open(store_url, seed=False)
    header = "slug,name,measure,unit,definition,origin,compare_with"
    series = f"{header}\ncontract-ytd,Contract,cumulative,people,def,official,\n".encode()
    store.commit(store.preview(series, kind="series"), created_by="t")
    imported(store, *many_good(2))
    other = f"{header}\nother,Other,cumulative,people,def,official,\n".encode()
    store.commit(store.preview(other, kind="series"), created_by="t")

    assert store.snapshot(2).series["slug"].tolist() == ["contract-ytd"]
    assert len(store.snapshot(2).claims) == 2
    assert store.snapshot(1).claims.empty
    assert store.snapshot(3).series["slug"].tolist() == ["contract-ytd", "other"]


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        ("0", "'0' is not a data version: give a whole number from 1 to"),
        ("-3", "'-3' is not a data version"),
        ("abc", "'abc' is not a data version"),
        ("007", "'007' is not a data version"),
        ("99999", "there is no data version 99999 yet: the latest is"),
    ],
)
def test_an_unknown_version_is_refused_with_one_sentence(sqlite_url, asked, message):
    store = Store.open(sqlite_url)

    with pytest.raises(UnknownVersion, match=message):
        store.checked_version(asked)


def test_latest_and_no_version_mean_the_current_one(sqlite_url):
    store = Store.open(sqlite_url)

    assert store.checked_version(None) == store.checked_version("latest") == store.version()
    assert store.checked_version(str(store.version())) == store.version()


def test_a_store_made_before_versions_gets_them_in_the_order_things_happened(store_url):
    engine = make_engine(store_url)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0005")
    t0 = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    with engine.begin() as conn:
        for batch, minutes in ((1, 0), (2, 10), (3, 20)):
            conn.execute(
                insert(ImportBatch).values(
                    id=batch, kind="claims", created_at=t0 + dt.timedelta(minutes=minutes)
                )
            )
        # Batch 1 was undone between the imports of batches 2 and 3.
        conn.execute(
            update(ImportBatch)
            .where(ImportBatch.id == 1)
            .values(undone_at=t0 + dt.timedelta(minutes=15), undone_by="x")
        )
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")

    with engine.connect() as conn:
        found = conn.execute(
            select(DataRevision.id, DataRevision.batch_id, DataRevision.action).order_by(
                DataRevision.id
            )
        ).all()
    assert [tuple(r) for r in found] == [
        (1, 1, "import"), (2, 2, "import"), (3, 1, "undo"), (4, 3, "import"),
    ]  # fmt: skip
    engine.dispose()
