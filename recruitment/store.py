"""Opening the store: engine, migrations, and the seed data on a fresh store.

The CLI and the app both open the store here, so both migrate and seed the same way.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from db.engine import make_engine, upgrade
from recruitment.ingest import importer
from recruitment.settings import DATA_DIR, database_url

# Seed files in import order: series first, since claims and targets refer to them.
SEED_FILES = (
    ("series", "series.csv"),
    ("claims", "claims-*.csv"),
    ("targets", "targets.csv"),
    ("events", "events.csv"),
)
SEED_AUTHOR = "seed"


def open_store(url: str | None = None, *, seed: bool = True) -> Engine:
    """An engine on an upgraded store; a store that had no tables is seeded from data/."""
    engine = make_engine(database_url(url))
    fresh = upgrade(engine)
    if fresh and seed:
        seed_store(engine)
    return engine


def seed_files(data_dir: Path = DATA_DIR) -> list[tuple[str, Path]]:
    return [(kind, path) for kind, pattern in SEED_FILES for path in sorted(data_dir.glob(pattern))]


def seed_store(engine: Engine, data_dir: Path = DATA_DIR) -> list[int]:
    """Import the shipped data, one undoable batch per file; already stored rows are skipped,
    so seeding twice changes nothing."""
    batches = []
    for kind, path in seed_files(data_dir):
        prepared = importer.preview(
            engine, path.read_bytes(), kind=kind, filename=f"data/{path.name}"
        )
        outcome = importer.commit(engine, prepared, created_by=SEED_AUTHOR)
        if outcome.batch_id is not None:
            batches.append(outcome.batch_id)
    return batches
