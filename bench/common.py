"""What every benchmark shares: timing side by side, results, and the machine they ran on."""

from __future__ import annotations

import os
import platform
import statistics
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
# The keys of one row of results.json, in the order the table prints them.
RESULT_KEYS = ("figure", "value", "baseline", "ratio", "unit", "goal", "met", "note")


@dataclass
class Context:
    """Shared state of one bench run: the temporary folder, files and stores by size."""

    tmp: Path
    files: dict[str, Any]
    stores: dict[str, str]
    log: Callable[[str], None]


def result(
    figure: str,
    value: float | None,
    baseline: float | None,
    unit: str,
    goal: str,
    met: bool | None,
    note: str = "",
) -> dict[str, Any]:
    """One row of results.json; ratio is value / baseline (None when either is missing)."""
    ratio = value / baseline if value is not None and baseline else None
    return {
        "figure": figure,
        "value": value,
        "baseline": baseline,
        "ratio": ratio,
        "unit": unit,
        "goal": goal,
        "met": bool(met) if met is not None else False,
        "note": note,
    }


def failed(figure: str, unit: str, goal: str, error: BaseException) -> dict[str, Any]:
    """A figure that could not be measured: no value, goal not met, and why."""
    last = traceback.format_exception_only(type(error), error)[-1].strip()
    return result(figure, None, None, unit, goal, False, f"error: {last}")


def side_by_side(
    ours: Callable[[], float | None],
    baseline: Callable[[], float | None],
    repeats: int,
    *,
    baseline_repeats: int | None = None,
    warmup: bool = False,
    budget: float | None = None,
) -> tuple[list[float], list[float]]:
    """Alternate our run and the baseline's (A B A B ...), so a slow moment of the machine
    hits both alike; a slow baseline may run fewer times (then only ours runs at the end).
    Each callable returns its own measured seconds (so that setup, such as copying a fresh
    store, stays outside the clock), or None to time the whole call. With a `budget` in
    seconds, no new pair starts once it is spent (the first always runs)."""

    def once(fn: Callable[[], float | None]) -> float:
        t0 = time.perf_counter()
        measured = fn()
        return measured if measured is not None else time.perf_counter() - t0

    if warmup:
        once(ours)
        once(baseline)
    a, b = [], []
    started = time.perf_counter()
    for i in range(repeats):
        if i and budget is not None and time.perf_counter() - started > budget:
            break
        a.append(once(ours))
        if i < (repeats if baseline_repeats is None else baseline_repeats):
            b.append(once(baseline))
    return a, b


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float], scale: float = 1.0, digits: int = 2) -> str:
    """The individual runs, for the note: '1.23, 1.25, 1.31'."""
    return ", ".join(f"{v * scale:.{digits}f}" for v in values)


def machine() -> dict[str, Any]:
    """Cores, memory and versions: the numbers only mean something next to these."""
    import numpy
    import pandas
    import plotly
    import sqlalchemy
    import streamlit

    mem_kb = 0
    with open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    except OSError:
        pass
    return {
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": {
            "numpy": numpy.__version__,
            "pandas": pandas.__version__,
            "plotly": plotly.__version__,
            "sqlalchemy": sqlalchemy.__version__,
            "streamlit": streamlit.__version__,
        },
    }
