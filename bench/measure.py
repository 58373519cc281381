"""What every bench script shares: medians of repeated timings, and one row of the issue's target table."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Generated workspaces and import files: $STATUSTUI_BENCH_DATA, else bench-data/ at the repository's top
# (ignored by git; a 1M workspace is several GB).
BENCH_DATA = Path(
    os.environ.get("STATUSTUI_BENCH_DATA") or Path(__file__).resolve().parent.parent / "bench-data"
)


def median_seconds(work: Callable[[], Any], repeat: int = 5, warmup: int = 1) -> float:
    """The median wall time of `work()` over `repeat` runs after `warmup` untimed runs (a shared machine)."""
    for _ in range(warmup):
        work()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


@dataclass
class Row:
    """One line of the target table: our figure next to its anchor measured in the same run.

    `ratio` is ours/anchor for times and anchor/ours for throughputs, so above 1 always means slower than
    the anchor. `met` is decided by the caller, which knows the target's exact wording.
    """

    what: str
    target: str
    anchor: str
    ours: str
    ratio: float | None
    met: bool


def fmt_ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.1f} s"


def fmt_rate(per_second: float, unit: str) -> str:
    return f"{per_second:,.0f} {unit}/s"


def print_table(rows: list[Row]) -> None:
    headers = ("what", "target", "anchor", "ours", "ratio", "met?")
    cells = [
        (
            r.what,
            r.target,
            r.anchor,
            r.ours,
            "-" if r.ratio is None else f"{r.ratio:.2f}x",
            "met" if r.met else "MISSED",
        )
        for r in rows
    ]
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join(" --- " for _ in headers) + "|")
    for line in cells:
        print("| " + " | ".join(line) + " |", flush=True)
