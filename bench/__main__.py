"""`python -m bench` (or `make bench`): every figure side by side with its baseline, one table.

Writes bench/results.json (a list of rows: figure, value, baseline, ratio, unit, goal, met,
note) and bench/machine.json (cores, memory, versions), and prints both. A figure that fails
is recorded with no value, met false and the error, and the run goes on.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import cold_start, data, export_speed, import_speed, memory, pages, rates_speed, readers
from bench.common import BENCH_DIR, RESULT_KEYS, Context, failed, machine

GROUPS = ("import", "rates", "pages", "readers", "cold", "export", "memory")
# (group, figure name, unit, goal) of every row, so a group that fails still has its rows.
ROWS = (
    ("import", import_speed.PANDAS_FIGURE, "s", "at most 1.0x the baseline"),
    ("import", import_speed.SCHEMA_FIGURE, "s", "at most 1.5x the baseline"),
    ("import", import_speed.BARE_FIGURE, "s", "none (reported)"),
    ("rates", "implied rates, 1M claims in memory (rates.intervals) vs per-row Python loop",
     "s", "under 1 s and at least 20x faster"),
    *(row for page in pages.PAGES for row in (
        ("pages", pages.ready_figure(page), "s", "at most 1.0x the baseline"),
        *((("pages", pages.filter_figure(page), "ms", "at most 1.0x the baseline"),)
          if page.filter_change else ()),
    )),
    *(("readers", readers.figure(label, size), "s", f"at most {readers.GOAL_RATIO}x the "
       "baseline") for label, size, _ in readers.CASES),
    *(("readers", readers.reference_figure(label), "s", "none (reported)")
      for label in readers.REFERENCES),
    ("cold", cold_start.figure(), "s", f"at most {cold_start.GOAL_RATIO}x the baseline"),
    ("export",
     "PNG export of the trend chart, warm browser, 100k claims vs plain fig.write_image",
     "s", "at most 1.2x the baseline"),
    ("memory", "peak RSS of the app server (process tree) after /trend and Overview, 1M "
     "claims vs empty store", "MB", "under 500 MB above the baseline"),
)  # fmt: skip


class Run:
    def __init__(self) -> None:
        self.started = time.perf_counter()

    def log(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.0f} s] {message}", file=sys.stderr,
              flush=True)  # fmt: skip


def _group(
    group: str, ctx: Context, measure: Callable[[Context], Any], *rows: Callable[[Any], dict]
) -> list[dict[str, Any]]:
    """The rows of one group; on any failure, one failed row per figure of the group."""
    try:
        measured = measure(ctx)
        return [r for row in rows for r in _as_list(row(measured))]
    except Exception as exc:  # any failure: record it and go on to the next group
        ctx.log(f"{group}: FAILED: {type(exc).__name__}: {exc}")
        return [failed(name, unit, goal, exc) for g, name, unit, goal in ROWS if g == group]


def _as_list(rows: dict | list[dict]) -> list[dict]:
    return rows if isinstance(rows, list) else [rows]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "ms" or unit == "MB":
        return f"{value:,.0f} {unit}"
    return f"{value:,.3f} {unit}" if value < 10 else f"{value:,.1f} {unit}"


def table(results: list[dict[str, Any]], about: dict[str, Any]) -> str:
    lines = [
        f"Machine: {about['cores']} cores ({about['cpu']}), {about['memory_gb']} GB memory, "
        f"load average at start {about['load_average']}, Python {about['python']}, "
        + ", ".join(f"{k} {v}" for k, v in about["versions"].items()),
        "",
    ]
    head = ("figure", "value", "baseline", "ratio", "goal", "met")
    body = [
        (
            r["figure"], _fmt(r["value"], r["unit"]), _fmt(r["baseline"], r["unit"]),
            "-" if r["ratio"] is None else f"{r['ratio']:.2f}x", r["goal"],
            "yes" if r["met"] else "NO",
        )
        for r in results
    ]  # fmt: skip
    widths = [max(len(str(row[i])) for row in (head, *body)) for i in range(len(head))]
    rule = "-+-".join("-" * w for w in widths)
    lines.append(" | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)))
    lines.append(rule)
    for row in body:
        lines.append(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    lines.append("")
    lines.append("Notes (values are medians of the runs listed):")
    for i, r in enumerate(results, start=1):
        lines.append(f"{i}. {r['figure']}: {r['note']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", default=",".join(GROUPS),
                        help=f"comma-separated groups to run ({', '.join(GROUPS)})")  # fmt: skip
    parser.add_argument("--series", type=int, default=None,
                        help="series count of the stores the app serves (default: as in "
                        "bench/data.py SIZES)")  # fmt: skip
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--out", type=Path, default=BENCH_DIR / "results.json")
    args = parser.parse_args(argv)
    only = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = set(only) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
    sizes = dict(data.SIZES)
    if args.series:
        for name in data.PAGE_SIZES:
            sizes[name] = dataclasses.replace(sizes[name], series=args.series)

    run = Run()
    about = machine()
    about["sizes"] = {s.name: {"claims": s.claims, "series": s.series} for s in sizes.values()}
    machine_path = args.out.parent / "machine.json"
    machine_path.write_text(json.dumps(about, indent=2) + "\n", encoding="utf-8")
    tmp = Path(tempfile.mkdtemp(prefix="recruitment-bench-"))
    ctx = Context(tmp, {}, {}, run.log)
    run.log(f"working in {tmp}")
    results: list[dict[str, Any]] = []

    def files(name: str) -> data.Files:
        if name not in ctx.files:
            ctx.files[name] = data.write_files(sizes[name], tmp / "data")
            run.log(f"data: {name} written in {ctx.files[name].seconds:.1f} s")
        return ctx.files[name]

    def store_100k() -> str:
        if "100k" not in ctx.stores:
            imported = tmp / "import" / "ours.db"
            if imported.exists():  # the import figure's last run: the importer's own store
                ctx.stores["100k"] = data.copy_store(imported, tmp / "store-100k.db")
            else:
                ctx.stores["100k"] = data.imported_store(tmp / "store-100k.db", files("100k"))
        return ctx.stores["100k"]

    def step(what: str, action: Callable[[], object]) -> None:
        """Setup that figures depend on: a failure is logged, and those figures then fail."""
        try:
            action()
        except Exception as exc:  # the figures that need it record the failure
            run.log(f"{what}: FAILED: {type(exc).__name__}: {exc}")

    try:
        step("data 1k", lambda: data.check_typed(files("1k"), tmp))
        step("data 100k", lambda: files("100k"))
        if "import" in only:
            results += _group(
                "import", ctx, import_speed.measure, import_speed.vs_pandas,
                import_speed.vs_schema, import_speed.vs_sqlite3,
            )  # fmt: skip
        if "rates" in only:
            step("data 1M", lambda: files("1M"))
            results += _group("rates", ctx, rates_speed.rates_1m, lambda row: row)
            ctx.files.pop("1M", None)  # a few hundred MB the rest does not need
        if "memory" in only:
            t0 = time.perf_counter()
            big = memory.SIZE
            step(f"store {big}", lambda: ctx.stores.update(
                {big: data.bulk_store(tmp / f"store-{big}.db", files(big))}
            ))  # fmt: skip
            ctx.files.pop(big, None)
            run.log(f"data: {big} store by the bulk path in {time.perf_counter() - t0:.1f} s")
        if {"pages", "readers", "cold"} & set(only):
            step("store 1k", lambda: ctx.stores.update(
                {"1k": data.imported_store(tmp / "store-1k.db", files("1k"))}
            ))  # fmt: skip
        if "pages" in only or "export" in only:
            step("store 100k", store_100k)
        if "pages" in only:
            step("store shipped", lambda: ctx.stores.update(
                {"shipped": data.shipped_store(tmp / "store-shipped.db")}
            ))  # fmt: skip
        if "pages" in only:
            results += _group("pages", ctx, pages.measure, pages.rows)
        if "readers" in only:
            results += _group("readers", ctx, readers.measure, readers.rows)
        if "cold" in only:
            results += _group("cold", ctx, cold_start.measure, cold_start.cold_start)
        if "export" in only:
            results += _group("export", ctx, export_speed.measure, export_speed.export_png)
        if "memory" in only:
            results += _group("memory", ctx, memory.measure, memory.peak_memory)
    finally:
        if args.keep:
            run.log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    order = {name: i for i, (_, name, _, _) in enumerate(ROWS)}
    results.sort(key=lambda r: order.get(r["figure"], len(order)))
    results = [{k: r[k] for k in RESULT_KEYS} for r in results]
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results, about))
    run.log(f"done: wrote {args.out} and {machine_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
