"""A bounded fuzz run of uploads: tests/fuzz.py makes the files and holds the invariants.

Each mutation class has a test of its own on SQLite, so that a failure names its class; a run
of mixed cases goes through each backend of the ``store_url`` fixture. The seed is fixed, so a
failing case is made again with ``fuzz.case(SEED, index, (name,))``. Long runs:
``python -m tests.fuzz --cases 5000 --backend sqlite|postgresql``.
"""

from __future__ import annotations

import math
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from recruitment.service import Store
from tests import fuzz

SEED = 20261129
# Cases per class on SQLite, and mixed cases per backend: about 300 on SQLite and 150 on
# PostgreSQL, under a minute together on two cores.
PER_CLASS = 8
MIXED = {"sqlite": 60, "postgresql": 150}
# Comparing every export is the slow part; every fourth case still checks dozens of refusals.
EXPORTS_EVERY = 4


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One seeded SQLite store that the class tests copy: seeding each takes longer than its
    cases."""
    path = tmp_path_factory.mktemp("fuzz") / "seeded.db"
    Store.open(f"sqlite:///{path}", seed=True).close()
    return path


@pytest.fixture
def seeded_store(seeded_file: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "store.db"
    shutil.copyfile(seeded_file, copy)
    store = Store.open(f"sqlite:///{copy}", seed=True)
    yield store
    store.close()


def _failures(store: Store, numbered: Iterator[tuple[int, fuzz.Case]]) -> str:
    """The failures of a run, one line each and the first traceback in full; "" when none."""
    found = fuzz.run_cases(store, numbered, fuzz.Tally(), exports_every=EXPORTS_EVERY,
                           slow=math.inf)  # fmt: skip
    if not found:
        return ""
    lines = [f"{len(found)} failing case(s), seed {SEED}:", *map(str, found)]
    return "\n".join([*lines, "", found[0].error])


@pytest.mark.parametrize("name", fuzz.CLASSES)
def test_every_mutation_class_keeps_the_upload_invariants(name, seeded_store):
    failures = _failures(seeded_store, fuzz.cases(SEED, PER_CLASS, (name,)))

    assert not failures, failures


def test_mixed_cases_keep_the_upload_invariants_on_each_backend(store_url):
    backend = "postgresql" if store_url.startswith("postgresql") else "sqlite"
    store = Store.open(store_url, seed=True)
    try:
        failures = _failures(store, fuzz.cases(SEED, MIXED[backend]))
    finally:
        store.close()

    assert not failures, failures


def test_unmutated_files_have_no_problems_and_import(seeded_store):
    outcomes = []
    for _, made in fuzz.cases(SEED, 12, ("valid",)):
        prepared = seeded_store.preview(made.data, kind=made.kind, filename="valid.csv")
        assert [str(p) for p in prepared.problems] == [], made.kind
        outcomes.append(fuzz.commit(seeded_store, prepared))

    assert "imported" in outcomes
    assert "refused" not in outcomes


def test_cases_depend_only_on_seed_and_index():
    first = [made for _, made in fuzz.cases(SEED, 2 * len(fuzz.CLASSES))]
    again = [fuzz.case(SEED, index) for index in range(2 * len(fuzz.CLASSES))]

    assert first == again
    assert {made.name for made in first} == set(fuzz.CLASSES)
    assert fuzz.case(SEED + 1, 0).data != first[0].data or fuzz.case(SEED + 1, 1) != first[1]
