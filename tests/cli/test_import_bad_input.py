"""Every bad file is refused with a clear message, exit code 1, and an unchanged store."""

from __future__ import annotations

import pytest

from recruitment.service import Store
from tests.fixtures import HEADER, csv_of, many_good, row

# (name, file bytes, text every message must contain, column named or None)
BAD_FILES = [
    ("empty file", b"", "empty", None),
    ("binary junk", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00" * 40, "not a text", None),
    ("undecodable encoding", b"series,value\n" + bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D]) * 50,
     "encoding", None),
    ("missing required column", b"series,announced_on,outlet\ncontract-ytd,2024-03-01,X\n",
     "value", None),
    ("unknown series", csv_of(row(series="no-such-series")), "line 2, column series", "series"),
    ("impossible date", csv_of(row(announced_on="2023-02-30")), "line 2, column announced_on",
     "announced_on"),
    ("ambiguous date", csv_of(row(announced_on="03/08/2023")), "line 2, column announced_on",
     "announced_on"),
    ("two-digit year", csv_of(row(announced_on="03.08.23")), "line 2, column announced_on",
     "announced_on"),
    ("value not a number", csv_of(row(value="lots")), "line 2, column value", "value"),
    ("negative value", csv_of(row(value="-5")), "line 2, column value", "value"),
    ("value outside low/high", csv_of(row(value="5", low="10", high="20")), "line 2, column value",
     "value"),
    ("only one of low/high", csv_of(row(low="100000")), "line 2, column", "high"),
    ("low above high", csv_of(row(value="30", low="30", high="20")), "line 2, column", "low"),
    ("as_of before period_start", csv_of(row(as_of="2024-01-05", period_start="2024-02-01")),
     "line 2, column", "period_start"),
    ("as_of after announced_on", csv_of(row(as_of="2024-03-05")), "line 2, column as_of", "as_of"),
    ("statement in the future", csv_of(row(announced_on="2999-01-01", as_of="2999-01-01")),
     "line 2, column announced_on", "announced_on"),
    ("period_total without period_end",
     csv_of(row(series="contract-period", period_start="2024-01-01")), "line 2, column",
     "period_end"),
    ("unknown qualifier", csv_of(row(qualifier="roughly")), "line 2, column qualifier",
     "qualifier"),
    ("url not http(s)", csv_of(row(url="javascript:alert(1)")), "line 2, column url", "url"),
    ("quote of a megabyte", csv_of(row(quote="x" * 1_000_000)), "line 2, column quote", "quote"),
    ("99 good rows and one bad", csv_of(*many_good(60), row(value="n/a"), *many_good(99)[60:]),
     "line 62, column value", "value"),
    # Found by fuzzing: each once ended in a traceback or a database error.
    ("period total without period_end, as_of given",
     csv_of(row(series="contract-period", period_start="2024-01-01", as_of="2024-01-31")),
     "line 2, column period_end: period_end is required", "period_end"),
    ("period total with an ambiguous as_of",
     csv_of(row(series="contract-period", period_start="2024-01-01", period_end="2024-01-31",
                as_of="30/09/2023")), "line 2, column as_of: ambiguous date", "as_of"),
    ("a column named line", (HEADER + ",line\n" + row() + ",x\n").encode(),
     "unknown column 'line'", None),
    ("a first field over 131,072 characters",
     ("series" + "x" * 140_000 + "," + HEADER + "\n" + row() + "\n").encode(),
     "unknown column", None),
    ("a cell of a million spaces and digits", csv_of(row(value="1 " * 500_000)),
     "line 2, column value: too long for a number", "value"),
    ("speaker over 300 characters", csv_of(row(speaker="x" * 301)),
     "line 2, column speaker: speaker is 301 characters long; the limit is 300", "speaker"),
    ("url of 2,100 characters", csv_of(row(url="https://example.org/" + "a" * 2_080)),
     "line 2, column url: url is 2,100 characters long", "url"),
    ("outlet and url too long to index together",
     csv_of(row(outlet="\U0001f600" * 200, url="https://example.org/" + "a" * 1_980)),
     "line 2, column url: the outlet and the url together are longer than", "url"),
    ("value above 2^53", csv_of(row(value=str(2**53 + 1))),
     "line 2, column value: too large", "value"),
    ("value of 2^63 - 1", csv_of(row(value=str(2**63 - 1))), "line 2, column value: too large",
     "value"),
    ("right-to-left override in a speaker", csv_of(row(speaker="Vladimir \u202eniputV")),
     "line 2, column speaker: speaker holds an invisible control character (U+202E)",
     "speaker"),
    ("a header of 50,001 fields (found slow by fuzzing: 33 s, now refused at once)",
     ("a,b" * 50_000 + "\n").encode(), "has 50,001 fields", None),
    ("bell character in a note", csv_of(row(note="a\x07b")),
     "line 2, column note: note holds an invisible control character (U+0007)", "note"),
    # Found by tests/fuzz.py: the message once repeated the whole name.
    ("an unknown column named with 100,000 characters",
     (HEADER + "," + "x" * 100_000 + "\n" + row() + ",1\n").encode(),
     "unknown column '" + "x" * 59 + "…'; the columns are", None),
]  # fmt: skip


@pytest.mark.parametrize(("name", "data", "expected", "column"), BAD_FILES,
                         ids=[b[0] for b in BAD_FILES])  # fmt: skip
def test_bad_file_exits_1_names_the_problem_and_changes_nothing(
    cli, tmp_path, name, data, expected, column
):
    before = cli.export()
    path = tmp_path / "upload.csv"
    path.write_bytes(data)

    result = cli("import", path)

    assert result.exit_code == 1, result.stderr
    assert expected in result.stderr
    if column is not None:
        assert f"column {column}" in result.stderr
    assert "Traceback" not in result.stderr
    assert cli.export() == before


def test_a_long_header_name_is_shown_cut_short(tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'store.db'}", seed=False)
    data = ("x" * 100_000 + ",series\n").encode()

    said = [str(p) for p in store.preview(data, kind="series").problems]
    store.close()

    assert said[0].startswith("unknown column 'xxx")
    assert max(len(s) for s in said) < 300


def test_preview_columns_stay_unique_when_a_name_is_one_the_preview_makes(store_url):
    # Found by tests/fuzz.py: "a (column 3)", "a", "a" once showed two columns named
    # "a (column 3)", and a table with repeated names cannot be drawn.
    store = Store.open(store_url, seed=False)
    prepared = store.preview(b"a (column 3),a,a,,column 4\n1,2,3,4,5\n", kind="events")
    table = prepared.table()
    store.close()

    assert list(table.columns) == [
        "line", "status", "detail", "a (column 3)", "a", "a (column 3) (column 3)",
        "column 4", "column 4 (column 5)",
    ]  # fmt: skip
    assert prepared.parsed.file_level


SERIES_HEADER = "slug,name,measure,unit,definition,origin,compare_with"
BAD_SERIES = [
    ("origin outside the two values", "est,An estimate,period_total,people,,guesswork,",
     "line 2, column origin: unknown origin"),
    ("an official series compared with another", "est,An estimate,period_total,people,,official,"
     "contract-ytd", "line 2, column compare_with: only an independent series"),
    ("compared with an unknown series", "est,An estimate,period_total,people,,independent,"
     "contract-yt", "line 2, column compare_with: unknown series"),
    ("compared with a series that is not a running count", "est,An estimate,period_total,"
     "people,,independent,contract-period", "line 2, column compare_with: 'contract-period' is "
     "not a running count"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "line", "expected"), BAD_SERIES, ids=[b[0] for b in BAD_SERIES])
def test_bad_series_file_is_refused_and_changes_nothing(cli, tmp_path, name, line, expected):
    before = cli.export("series")
    path = tmp_path / "series.csv"
    path.write_text(f"{SERIES_HEADER}\n{line}\n", encoding="utf-8")

    result = cli("import", path, "--kind", "series")

    assert result.exit_code == 1, result.stderr
    assert expected in result.stderr
    assert cli.export("series") == before


def test_an_independent_claim_on_an_unknown_series_is_refused(cli, tmp_path):
    before = cli.export()
    path = tmp_path / "estimates.csv"
    path.write_bytes(csv_of(row(series="indep-budget-payment", period_start="2024-01-01",
                                period_end="2024-06-30", announced_on="2024-09-09")))  # fmt: skip

    result = cli("import", path)

    assert result.exit_code == 1
    assert "line 2, column series: unknown series 'indep-budget-payment'" in result.stderr
    assert "did you mean 'indep-budget-payments'?" in result.stderr
    assert cli.export() == before


def test_bad_row_is_reported_with_every_problem_in_one_pass(sqlite_cli, tmp_path):
    path = tmp_path / "upload.csv"
    path.write_bytes(csv_of(row(value="lots", qualifier="roughly"), row(url="ftp://x"), row()))

    result = sqlite_cli("import", path)

    assert result.exit_code == 1
    assert "line 2, column value" in result.stderr
    assert "line 2, column qualifier" in result.stderr
    assert "line 3, column url" in result.stderr
    assert "rejected 2" in result.stderr


def test_valid_only_imports_the_good_rows_and_reports_the_bad(sqlite_cli, tmp_path):
    path = tmp_path / "upload.csv"
    path.write_bytes(csv_of(*many_good(3), row(value="n/a")))

    result = sqlite_cli("import", path, "--valid-only")

    assert result.exit_code == 0, result.stderr
    assert "line 5, column value" in result.stderr
    assert "new 3, duplicate 0, conflicting 0, rejected 1" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("batch ")


def test_dry_run_writes_nothing_and_exits_1_on_rejected_rows(sqlite_cli, tmp_path):
    before = sqlite_cli.export()
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_of(*many_good(2)))
    bad.write_bytes(csv_of(row(value="x")))

    assert sqlite_cli("import", good, "--dry-run").exit_code == 0
    assert sqlite_cli("import", bad, "--dry-run").exit_code == 1
    assert sqlite_cli.export() == before


def test_bom_and_crlf_file_is_not_bad_input(sqlite_cli, tmp_path):
    path = tmp_path / "excel.csv"
    text = "\r\n".join([HEADER, row(value="440 000"), row(value="450k", url="https://e.org/2")])
    path.write_bytes(b"\xef\xbb\xbf" + text.encode() + b"\r\n")

    result = sqlite_cli("import", path)

    assert result.exit_code == 0, result.stderr
    assert "new 2," in result.stderr
    assert "2024-03-01,2024-03-01,2024-01-01,,440000,approx" in sqlite_cli.export()


def test_unreachable_database_is_one_sentence_naming_the_url_without_password():
    from tests.fixtures import Cli

    url = "postgresql+psycopg://alice:s3cret@127.0.0.1:1/nowhere"
    result = Cli(url)("export", "claims")

    assert result.exit_code == 3
    assert "alice:***@127.0.0.1:1/nowhere" in result.stderr
    assert "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_sqlite_file_that_is_not_a_database_is_reported(tmp_path):
    from tests.fixtures import Cli

    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    result = Cli(f"sqlite:///{junk}")("export", "claims")

    assert result.exit_code == 3
    assert str(junk) in result.stderr
    assert "Traceback" not in result.stderr
