"""The app on 10,000 and 1,000,000 contacts side by side: time to first screen, per-keystroke search
latency, jumping to the last row, and the process's memory (RSS).

Each size runs in a fresh process (so one size's memory never counts for the other), headless through
Textual's `run_test`. Keystroke latency is from the key press until the screen answers that text (first page
of results, or the error for an incomplete query), measured with the debounce at 0; the app itself waits
150 ms of quiet typing before searching. Demo workspaces are built once (`statustui demo`) and reused.

    python bench/bench_app.py --dir bench-data/app            # builds c10000/ and c1000000/ if missing
    python bench/bench_app.py --dir DIR --sizes 10000               # one size
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from measure import BENCH_DATA

QUERY = "status in (HOT, WARM) and engaged facebook within 14d"
SCROLL_PAGES = 100  # pgdn presses after the jump to the end and back: memory must not grow with them


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def wait_for(condition: Any, timeout: float = 120.0) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the app did not answer in time")
        await asyncio.sleep(0.001)


async def measure(path: Path) -> dict[str, Any]:
    from statustui.services import Service
    from statustui.tui import APP_CACHE_KIB
    from statustui.tui.app import StatusApp
    from statustui.tui.messages import SearchAnswered, SearchFailed

    class StampedApp(StatusApp):
        """Notes when the screen answered each query text (its results or its error). Textual calls the
        handler of every class in the MRO (these first, then StatusApp's own, in the same step)."""

        CSS_PATH = Path(sys.modules[StatusApp.__module__].__file__ or "").with_name("app.tcss")
        answered_at: dict[str, float] = {}

        def on_search_answered(self, event: SearchAnswered) -> None:
            self.answered_at.setdefault(event.text, time.perf_counter())

        def on_search_failed(self, event: SearchFailed) -> None:
            self.answered_at.setdefault(event.text, time.perf_counter())

    start = time.perf_counter()
    service = Service.open(path, cache_kib=APP_CACHE_KIB)  # as `statustui` opens the app
    app = StampedApp(service, debounce_seconds=0)
    result: dict[str, Any] = {"contacts": service.contact_count()}
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(lambda: app.contacts.pages is not None)
        await pilot.pause()
        result["first_screen_s"] = time.perf_counter() - start
        await app.workers.wait_for_complete()
        result["rss_first_screen_mb"] = rss_mb()

        await pilot.press("slash")
        answered_at = app.answered_at  # when the screen answered each text (results or error)
        latencies = []
        for char in QUERY:
            t = time.perf_counter()
            # The pilot's press returns only once the app is idle again (the count included): so the latency
            # is taken from the moment the screen answered, not from when press() returned.
            await pilot.press(
                {
                    " ": "space",
                    "(": "left_parenthesis",
                    ")": "right_parenthesis",
                    ",": "comma",
                    "=": "equals_sign",
                }.get(char, char)
            )
            typed = app.search_bar.input.value
            await wait_for(lambda typed=typed: typed in answered_at)
            latencies.append(answered_at[typed] - t)
        await app.workers.wait_for_complete()
        anchor = []  # the harness's own cost: a key that moves the bar's cursor and searches nothing
        for _ in range(20):
            t = time.perf_counter()
            await pilot.press("left")
            await pilot.pause()
            anchor.append(time.perf_counter() - t)
        result["keypress_anchor_ms"] = statistics.median(anchor) * 1000
        result["keystroke_median_ms"] = statistics.median(latencies) * 1000
        result["keystroke_max_ms"] = max(latencies) * 1000
        result["keystroke_worst_at"] = QUERY[: latencies.index(max(latencies)) + 1]
        result["query_matches"] = app.total

        app.answered_at.clear()
        app.search_bar.input.value = ""
        await pilot.press("enter")
        await wait_for(lambda: "" in app.answered_at and app.total is not None)
        t = time.perf_counter()
        await pilot.press("end")
        await pilot.pause()
        result["jump_to_end_ms"] = (time.perf_counter() - t) * 1000
        for _ in range(SCROLL_PAGES):
            await pilot.press("pageup")
        await pilot.press("home")
        for _ in range(SCROLL_PAGES):
            await pilot.press("pagedown")
        await pilot.pause()
        result["rss_after_scrolling_mb"] = rss_mb()
        result["cached_pages"] = app.contacts.pages.cached_pages if app.contacts.pages else 0
    service.close()
    return result


def ensure_demo(directory: Path, size: int) -> Path:
    path = directory / f"c{size}"
    if not (path / "statustui.db").exists():
        subprocess.run(
            [sys.executable, "-m", "statustui", "demo", str(path), "--contacts", str(size)], check=True
        )
    return path


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dir", type=Path, default=BENCH_DATA / "app")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 1_000_000])
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)  # child mode: measure one workspace
    args = parser.parse_args()
    if args.one:
        print(json.dumps(asyncio.run(measure(args.one))))
        return
    results = []
    for size in args.sizes:
        path = ensure_demo(args.dir, size)
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(path)], check=True, capture_output=True, text=True
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
    rows = [
        ("contacts", "contacts", "{:,}"),
        ("time to first screen", "first_screen_s", "{:.2f} s"),
        ("anchor: a key press that searches nothing (harness + redraw)", "keypress_anchor_ms", "{:.1f} ms"),
        ("search latency per keystroke, median", "keystroke_median_ms", "{:.1f} ms"),
        ("search latency per keystroke, worst", "keystroke_max_ms", "{:.1f} ms"),
        ("  ... after typing", "keystroke_worst_at", "{!r}"),
        (f"matches of {QUERY!r}", "query_matches", "{:,}"),
        ("jump to the last row (end)", "jump_to_end_ms", "{:.1f} ms"),
        ("memory (RSS) at first screen", "rss_first_screen_mb", "{:.0f} MB"),
        (
            f"memory (RSS) after end and {SCROLL_PAGES}+{SCROLL_PAGES} pages",
            "rss_after_scrolling_mb",
            "{:.0f} MB",
        ),
        ("pages held in the list's cache", "cached_pages", "{}"),
    ]
    print("| what | " + " | ".join(f"{r['contacts']:,} contacts" for r in results) + " |")
    print("| --- |" + " --- |" * len(results))
    for label, key, form in rows[1:]:
        print(f"| {label} | " + " | ".join(form.format(r[key]) for r in results) + " |", flush=True)


if __name__ == "__main__":
    main()
