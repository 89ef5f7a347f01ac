"""Data versions on the command line: `version`, and `--version N` reading the store as it
stood, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from tests.fixtures import csv_of, many_good


def current(cli) -> int:
    result = cli("version")
    assert result.exit_code == 0, result.stderr
    return int(result.stdout)


def test_rates_and_exports_at_a_version_equal_those_taken_then(cli, tmp_path):
    version = current(cli)
    rates_then = cli("rates").stdout
    compare_then = cli("compare").stdout
    claims_then = cli.export()
    path = tmp_path / "new.csv"
    path.write_bytes(csv_of(*many_good(4)))
    assert cli("import", path).exit_code == 0
    assert current(cli) == version + 1
    assert cli("rates").stdout != rates_then

    assert cli("rates", "--version", version).stdout == rates_then
    assert cli("compare", "--version", version).stdout == compare_then
    assert cli("export", "claims", "--version", version).stdout == claims_then
    assert cli("rates", "--version", "latest").stdout == cli("rates").stdout


def test_version_history_lists_each_import_and_undo(sqlite_cli, tmp_path):
    path = tmp_path / "new.csv"
    path.write_bytes(csv_of(*many_good(2)))
    batch = sqlite_cli("import", path).stderr.strip().splitlines()[-1].split()[-1]
    sqlite_cli("undo", batch)

    lines = sqlite_cli("version", "--history").stdout.splitlines()

    assert lines[0] == "version,action,at,batch_id,kind,filename,by"
    newest, before = lines[1].split(","), lines[2].split(",")
    assert newest[:2] == [str(current(sqlite_cli)), "undo"]
    assert before[1] == "import" and before[3] == newest[3] == batch
    assert before[5] == "new.csv"


@pytest.mark.parametrize("command", [["rates"], ["compare"], ["export", "claims"]])
@pytest.mark.parametrize("asked", ["0", "999", "two"])
def test_an_unknown_version_exits_1_with_one_sentence(sqlite_cli, command, asked):
    result = sqlite_cli(*command, "--version", asked)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert "data version" in result.stderr
