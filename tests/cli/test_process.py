"""The real `python -m recruitment` process: a fresh store, and an import killed half-way."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import HEADER, row

ROOT = Path(__file__).resolve().parents[2]


def run(url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "recruitment", "--db", url, *args],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=300, **kwargs,
    )  # fmt: skip


def test_rates_from_another_working_directory_on_a_fresh_store(sqlite_url, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "recruitment", "--db", sqlite_url, "rates", "--format", "csv"],
        capture_output=True, text=True, cwd=tmp_path, check=False, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip

    assert result.returncode == 0, result.stderr
    assert "contract-ytd,2023-01-01,2023-08-03,2023-09-03,31,49000,48111,42220,53020," in (
        result.stdout.splitlines()
    )


@pytest.mark.slow
def test_killing_an_import_half_way_leaves_the_store_as_it_was(store_url, tmp_path):
    before = run(store_url, "export", "claims")
    assert before.returncode == 0, before.stderr
    big = tmp_path / "big.csv"
    lines = [row(value=str(200_000 + i), url=f"https://example.org/{i}") for i in range(60_000)]
    big.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")

    proc = subprocess.Popen(
        [sys.executable, "-m", "recruitment", "--db", store_url, "import", str(big)],
        stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, cwd=ROOT,
    )  # fmt: skip
    seen = []
    for line in proc.stderr:
        seen.append(line)
        if line.startswith("writing rows"):
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)

    assert proc.returncode == -signal.SIGKILL, "".join(seen)
    after = run(store_url, "export", "claims")
    assert after.returncode == 0, after.stderr
    assert after.stdout == before.stdout


def test_processes_opening_an_empty_store_at_once_migrate_and_seed_it_once(store_url):
    """Six processes start on an empty database together: one migrates and seeds it, the
    others wait for it; each reads the same export, and every seed file is one batch."""
    command = [sys.executable, "-m", "recruitment", "--db", store_url, "export", "series"]
    procs = [
        subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for _ in range(6)
    ]  # fmt: skip
    results = [(p.wait(timeout=300), *p.communicate()) for p in procs]

    assert [code for code, _, _ in results] == [0] * 6, [err for _, _, err in results]
    outputs = {out for _, out, _ in results}
    assert len(outputs) == 1 and "contract-ytd" in outputs.pop()
    from recruitment.service import Store, seed_files

    assert len(Store.open(store_url).history()) == len(seed_files())
