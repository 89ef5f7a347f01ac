"""Level claims at import: each kind of bad input refused with its line and column and nothing
written, and the round trip of level claims byte for byte, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import insert

from db.models import Series
from recruitment.service import Store
from tests.fixtures import Cli, csv_of, row


def level(**changes: str) -> str:
    """A valid level claim of the seeded regional payment, changed as a test says."""
    given = {"series": "regional-signup-payment", "announced_on": "2025-03-01",
             "value": "1500000", "qualifier": "exact", "region": "Saint Petersburg"}  # fmt: skip
    return row(**{**given, **changes})


BAD_LEVELS = [
    ("unknown region, closest name offered", level(region="St Peterburg"),
     "line 2, column region: unknown region 'St Peterburg' (did you mean 'Saint Petersburg'?)"),
    ("negative amount", level(value="-400000"), "line 2, column value: negative"),
    ("a rate series with a region", row(series="contract-pace-daily", value="1000",
                                        region="Moscow"),
     "line 2, column region: a region is only for level series; 'contract-pace-daily' is a "
     "'daily_rate' series"),
    ("a running count with a region", row(region="Moscow"),
     "line 2, column region: a region is only for level series"),
    ("a level with a period", level(period_start="2025-01-01"),
     "line 2, column period_start: a level has no period"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "line", "expected"), BAD_LEVELS, ids=[b[0] for b in BAD_LEVELS])
def test_bad_level_claim_is_refused_and_nothing_is_written(cli, tmp_path, name, line, expected):
    before = cli.export()
    path = tmp_path / "levels.csv"
    path.write_bytes(csv_of(level(announced_on="2025-02-01"), line))

    result = cli("import", path)

    assert result.exit_code == 1, result.stderr
    assert expected.replace("line 2", "line 3") in result.stderr
    assert "rejected 1" in result.stderr
    assert cli.export() == before


def test_a_level_claim_of_a_series_without_a_unit_is_refused(store_url, tmp_path):
    store = Store.open(store_url)
    # Stored directly: the series checks refuse a level series without a unit at import.
    with store.engine.begin() as conn:
        conn.execute(insert(Series).values(slug="bonus-no-unit", name="A bonus",
                                           measure="level", origin="official"))  # fmt: skip
    store.close()
    cli = Cli(store_url)
    before = cli.export()
    path = tmp_path / "levels.csv"
    path.write_bytes(csv_of(level(series="bonus-no-unit")))

    result = cli("import", path)

    assert result.exit_code == 1
    assert "line 2, column series: series 'bonus-no-unit' has no unit" in result.stderr
    assert cli.export() == before


def test_a_level_series_without_a_unit_is_refused(cli, tmp_path):
    before = cli.export("series")
    path = tmp_path / "series.csv"
    path.write_text("slug,name,measure,unit,kind\nbonus,A bonus,level,,one-time payment\n")

    result = cli("import", path, "--kind", "series")

    assert result.exit_code == 1
    assert "line 2, column unit: a level series needs a unit" in result.stderr
    assert cli.export("series") == before


def test_a_region_variant_is_stored_under_its_declared_name(cli, tmp_path):
    path = tmp_path / "levels.csv"
    path.write_bytes(csv_of(level(region="st. petersburg", value="1234567")))

    assert cli("import", path).exit_code == 0
    assert ",1234567,exact," in cli.export()
    assert "unverified,Saint Petersburg\n" in cli.export().split("1234567")[1].split("\n")[0] + "\n"


def test_level_claims_differ_by_region_and_conflict_within_one(cli, tmp_path):
    path = tmp_path / "levels.csv"
    other = level(region="Moscow", value="900000", url="https://example.org/b")
    path.write_bytes(csv_of(level(region="Moscow"), level(region="Tula Oblast"), other))

    result = cli("import", path, "--dry-run")

    # Both rows about Moscow on that day are flagged, earlier or later in the file.
    assert "new 1, duplicate 0, conflicting 2, rejected 0" in result.stderr, result.stderr
    assert "line 4: conflicting" in result.stderr


def test_level_claims_round_trip_byte_for_byte(cli, tmp_path):
    levels = cli.export()
    series = cli.export("series")
    assert ",Saint Petersburg\n" in levels and ",Central Asia (migrants in Russia)\n" in levels
    (tmp_path / "claims.csv").write_text(levels, encoding="utf-8")
    (tmp_path / "series.csv").write_text(series, encoding="utf-8")
    empty = Cli(cli.url.replace("store.db", "copy.db")) if "sqlite" in cli.url else None
    if empty is None:  # PostgreSQL: the same database, emptied
        from tests.conftest import _reset_postgres

        _reset_postgres(cli.url)
        empty = cli

    assert empty("import", tmp_path / "series.csv", "--kind", "series", seed=False).exit_code == 0
    assert empty("import", tmp_path / "claims.csv", seed=False).exit_code == 0
    assert empty.export(seed=False).encode() == levels.encode()
