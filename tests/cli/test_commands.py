"""The command line's contract: rates of the shipped data, exports, undo and round trips."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from recruitment.cli import main
from recruitment.vocab import RATE_COLUMNS
from tests.fixtures import csv_of, many_good, row

README = Path(__file__).resolve().parents[2] / "README.md"


def rate_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_rates_of_a_fresh_store_include_the_worked_example(cli):
    result = cli("rates", "--format", "csv")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == ",".join(RATE_COLUMNS)
    rows = rate_rows(result.stdout)
    aug_sep = [r for r in rows if r["from_date"] == "2023-08-03" and r["to_date"] == "2023-09-03"]
    assert aug_sep == [{
        "series": "contract-ytd", "period_start": "2023-01-01", "from_date": "2023-08-03",
        "to_date": "2023-09-03", "days": "31", "increase": "49000", "monthly_rate": "48111",
        "monthly_rate_low": "42220", "monthly_rate_high": "53020", "flags": "",
    }]  # fmt: skip
    first = next(r for r in rows if r["to_date"] == "2023-05-19")
    assert (first["from_date"], first["days"]) == ("2023-01-01", "139")


def test_rates_filters_apply_before_intervals(sqlite_cli):
    everything = rate_rows(sqlite_cli("rates").stdout)
    putin = rate_rows(sqlite_cli("rates", "--speaker", "Vladimir Putin").stdout)
    spaced = rate_rows(sqlite_cli("rates", "--series", "contract-ytd", "--min-days", "30").stdout)

    assert {r["series"] for r in everything} >= {"contract-ytd", "contract-period"}
    assert 0 < len(putin) < len(everything)
    assert putin[0]["from_date"] == "2023-01-01"
    assert {r["series"] for r in spaced} == {"contract-ytd"}
    assert len(spaced) < sum(r["series"] == "contract-ytd" for r in everything)


def test_rates_json_has_the_same_numbers_as_csv(sqlite_cli):
    as_csv = rate_rows(sqlite_cli("rates").stdout)
    as_json = json.loads(sqlite_cli("rates", "--format", "json").stdout)

    assert len(as_json) == len(as_csv)
    assert as_json[0]["monthly_rate"] == int(as_csv[0]["monthly_rate"])


def test_seeding_twice_changes_nothing(sqlite_cli, tmp_path):
    from recruitment.service import Store

    before = sqlite_cli.export()

    assert Store.open(sqlite_cli.url).seed() == []
    assert sqlite_cli.export() == before


def test_import_of_known_statements_is_all_duplicates_and_makes_no_batch(sqlite_cli, tmp_path):
    path = tmp_path / "again.csv"
    path.write_text(sqlite_cli.export(), encoding="utf-8")

    result = sqlite_cli("import", path)

    assert result.exit_code == 0, result.stderr
    assert "new 0," in result.stderr
    assert "nothing new" in result.stderr


def test_undo_restores_the_exact_previous_export(cli, tmp_path):
    before = cli.export()
    path = tmp_path / "new.csv"
    path.write_bytes(csv_of(*many_good(5)))
    imported = cli("import", path)
    batch = int(imported.stderr.strip().splitlines()[-1].split()[-1])
    assert cli.export() != before

    undone = cli("undo", batch)

    assert undone.exit_code == 0, undone.stderr
    assert "withdrew 5" in undone.stderr
    assert cli.export() == before
    assert cli("undo", batch).exit_code == 1  # already undone
    assert cli("undo", 9999).exit_code == 1  # unknown


def test_undone_statements_can_be_imported_again(sqlite_cli, tmp_path):
    path = tmp_path / "new.csv"
    path.write_bytes(csv_of(*many_good(2)))
    first = sqlite_cli("import", path).stderr.strip().splitlines()[-1].split()[-1]
    sqlite_cli("undo", first)

    again = sqlite_cli("import", path)

    assert "new 2," in again.stderr


def test_export_import_into_empty_store_is_byte_identical(cli, tmp_path):
    from tests.fixtures import Cli

    exports = {kind: cli.export(kind) for kind in ("series", "claims", "targets", "events")}
    copy = Cli(f"sqlite:///{tmp_path / 'copy.db'}")
    for kind, text in exports.items():
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8", newline="")
        result = copy("import", path, "--kind", kind, seed=False)
        assert result.exit_code == 0, result.stderr

    for kind, text in exports.items():
        assert copy.export(kind, seed=False) == text


def test_claim_export_columns_order_and_line_ends(sqlite_cli):
    text = sqlite_cli.export()

    assert text.startswith("series,announced_on,as_of,period_start,period_end,value,qualifier,")
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    keys = [(r["series"], r["period_start"], r["as_of"], r["announced_on"]) for r in rows]
    assert keys == sorted(keys)


def test_export_neutralises_formulas_and_import_restores_them(sqlite_cli, tmp_path):
    path = tmp_path / "formula.csv"
    path.write_bytes(csv_of(row(speaker="=HYPERLINK(1)", note="-minus", quote="@at")))
    assert sqlite_cli("import", path).exit_code == 0

    text = sqlite_cli.export()

    assert "'=HYPERLINK(1)" in text and "'-minus" in text and "'@at" in text
    again = tmp_path / "again.csv"
    again.write_text(text, encoding="utf-8")
    assert "new 0," in sqlite_cli("import", again).stderr


def test_export_json_uses_null_for_missing(sqlite_cli):
    records = json.loads(sqlite_cli("export", "claims", "--format", "json").stdout)

    rate = next(r for r in records if r["series"] == "contract-pace-daily")
    assert rate["period_start"] is None and rate["period_end"] is None
    assert isinstance(rate["value"], int)


def test_export_to_file(sqlite_cli, tmp_path):
    out = tmp_path / "claims.csv"
    result = sqlite_cli("export", "claims", "--out", out)

    assert result.exit_code == 0
    assert result.stdout == ""
    assert out.read_text(encoding="utf-8") == sqlite_cli.export()


def test_backup_copies_a_sqlite_store(sqlite_cli, tmp_path):
    from tests.fixtures import Cli

    target = tmp_path / "backup.db"
    result = sqlite_cli("backup", target)

    assert result.exit_code == 0, result.stderr
    assert Cli(f"sqlite:///{target}").export() == sqlite_cli.export()
    assert sqlite_cli("backup", target).exit_code == 1  # never overwrites


@pytest.mark.postgres
def test_backup_of_postgres_points_to_pg_dump(postgres_url, tmp_path):
    from tests.fixtures import Cli

    result = Cli(postgres_url)("backup", tmp_path / "b.db")

    assert result.exit_code == 1
    assert "pg_dump" in result.stderr


COMMANDS = sorted(main.commands)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    from click.testing import CliRunner

    result = CliRunner().invoke(main, [command, "--help"])

    assert result.exit_code == 0
    assert "Usage:" in result.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_documents_every_command(command):
    readme = README.read_text(encoding="utf-8")

    assert re.search(rf"python -m recruitment(?: \[[^\]]*\])* {command}\b", readme), command


@pytest.mark.parametrize("kind", ["claims", "series"])
def test_each_template_is_a_valid_file_of_its_kind(sqlite_cli, tmp_path, kind):
    from recruitment.ingest.template import template_csv

    path = tmp_path / f"{kind}.csv"
    path.write_text(template_csv(kind), encoding="utf-8")

    result = sqlite_cli("import", path, "--kind", kind, "--dry-run")

    assert result.exit_code == 0, result.stderr
    assert "rejected 0" in result.stderr
