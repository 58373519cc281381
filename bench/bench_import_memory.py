"""Peak memory of `statustui import contacts` as the file grows: it should stay flat (issue 14: a 1M-row
import under 300 MB RSS).

Each import runs in a child process of its own, into an empty leadklozer workspace without rule files, with
a contacts CSV of every standard column plus tags (bench_import.write_contacts_csv). The anchor, from the same
run, is the same child opening the workspace and counting its contacts (start-up, the language, the
database): what any command costs. Memory that stays flat shows as the same figure at every size.

    python bench/bench_import_memory.py --contacts 200000          # also runs a quarter of it
    python bench/bench_import_memory.py --contacts 1000000          # the issue's size (minutes; a quiet machine)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from bench_import import fresh_workspace, write_contacts_csv
from measure import BENCH_DATA, Row, print_table

LIMIT_MB = 300
# Runs the command line in this process and prints its peak resident memory (ru_maxrss: KiB on Linux).
CHILD = (
    "import resource, sys; from statustui.cli import main; code = main(sys.argv[1:]); "
    "print('peak_kib', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(code)"
)


def peak_mb(*args: str) -> float:
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=True)
    line = next(line for line in done.stderr.splitlines() if line.startswith("peak_kib"))
    return int(line.split()[1]) / 1024


def measure(scratch: Path, contacts: int) -> list[Row]:
    scratch.mkdir(parents=True, exist_ok=True)
    rows = []
    for n in (contacts // 4, contacts):
        csv_path = write_contacts_csv(scratch / f"contacts-{n}.csv", n)
        ws = fresh_workspace(scratch / "ws-memory")
        anchor = peak_mb("-w", str(ws), "search", "--count", "")
        ours = peak_mb("-w", str(ws), "import", "contacts", str(csv_path))
        rows.append(
            Row(
                f"import {n:,} contacts: peak RSS",
                f"< {LIMIT_MB} MB",
                f"open + count {anchor:.0f} MB",
                f"{ours:.0f} MB",
                ours / anchor,
                ours < LIMIT_MB,
            )
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--contacts", type=int, default=200_000)
    parser.add_argument("--scratch", type=Path, default=BENCH_DATA / "scratch")
    args = parser.parse_args()
    print_table(measure(args.scratch, args.contacts))


if __name__ == "__main__":
    main()
