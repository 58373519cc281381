"""Long fuzz run of the command line's entry points (tests/reliability/fuzz_inputs.py): N inputs spread over
queries, CSV and JSONL imports, statustui.toml values, database URLs and option values, in one process on a
throwaway SQLite workspace (or a PostgreSQL schema with --postgres URL). Any internal error stops the run
with the input that caused it (shrunk by hypothesis).

    python bench/fuzz_cli.py 100000                      # SQLite
    python bench/fuzz_cli.py 20000 --postgres postgresql://postgres@127.0.0.1:5432/test
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.reliability.fuzz_inputs import Runner, entry_points  # noqa: E402
from tests.reliability.harness import close_bound_database, make_workspace  # noqa: E402

# Share of the inputs per entry point (imports and URLs cost more per input than a query).
SHARES = {
    "query": 0.55,
    "csv": 0.12,
    "jsonl events": 0.08,
    "jsonl contacts": 0.07,
    "config": 0.06,
    "url": 0.06,
    "option": 0.06,
}


ROUND = 1000  # inputs per round, spread by SHARES


class Capture:
    """What pytest's capsys gives the runner: this process's output since the last call."""

    def __init__(self) -> None:
        self.out, self.err = io.StringIO(), io.StringIO()
        self.real = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = self.out, self.err

    def readouterr(self) -> tuple[str, str]:
        out, err = self.out.getvalue(), self.err.getvalue()
        self.out.seek(0), self.out.truncate(), self.err.seek(0), self.err.truncate()
        return out, err

    def say(self, text: str) -> None:
        print(text, file=self.real[0], flush=True)


def fuzz(strategy: st.SearchStrategy[Any], feed: Callable[[Any], None], n: int) -> None:
    @settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        feed(data.draw(strategy))

    run()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("inputs", type=int, nargs="?", default=100_000)
    parser.add_argument("--postgres", metavar="URL", help="run on a new schema of this database")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/ws.db"
        if args.postgres:
            url = f"{args.postgres}{'&' if '?' in args.postgres else '?'}schema=fuzz_{uuid.uuid4().hex[:8]}"
        ws = make_workspace(Path(tmp) / "ws", url, 5)
        close_bound_database()
        capture = Capture()
        runner = Runner(ws, url, capture)
        total = 0
        start = time.monotonic()
        points = entry_points(runner)
        try:
            while total < args.inputs:  # rounds over every entry point, so a stopped run covers them all
                size = min(ROUND, args.inputs - total)
                for name, (strategy, feed) in points.items():
                    n = max(1, round(size * SHARES[name]))
                    fuzz(strategy, feed, n)
                    total += n
                capture.say(
                    f"{total:,} inputs ({runner.runs:,} commands) in {time.monotonic() - start:.0f} s: "
                    "no internal error"
                )
        finally:
            sys.stdout, sys.stderr = capture.real
            if args.postgres:
                from tests.postgres_schemas import drop_schema

                drop_schema(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
