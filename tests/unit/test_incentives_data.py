"""The shipped incentives record: the seeded claims file is exactly what the converter makes
of the compilation, so the two never diverge."""

from __future__ import annotations

import importlib.util

from tests.fixtures import ROOT


def converter():
    spec = importlib.util.spec_from_file_location("convert", ROOT / "data/incentives/convert.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_seeded_claims_are_the_compilation_converted():
    convert = converter()
    made = convert.convert(convert.read(convert.SOURCE), convert.read(convert.SERIES))

    assert made == convert.TARGET.read_text(encoding="utf-8")


def test_only_rows_dated_to_the_day_are_kept_and_none_is_changed():
    convert = converter()
    levels = convert.read(convert.SOURCE)
    kept = levels[convert.dated_to_the_day(levels)]
    seeded = convert.read(convert.TARGET)

    assert len(seeded) == len(kept) < len(levels)
    for column in ("series", "region", "announced_on", "as_of", "value", "qualifier", "url"):
        assert seeded[column].tolist() == kept[column].tolist()
